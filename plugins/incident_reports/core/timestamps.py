"""Timestamps and dates as the report format defines them (RFC 3339 with an offset; plain dates)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(?P<offset>[Zz]|[+-]\d{2}:?\d{2})?"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: The form nearly every timestamp is written in, which ``datetime.fromisoformat`` reads fast.
_CANONICAL = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})")


class TimestampError(ValueError):
    """A timestamp or date that cannot be accepted, with a message saying what to write."""


#: The years a report's times and dates may fall in: every feed, calendar and date sum stays in range.
FIRST_YEAR, LAST_YEAR = 1970, 2999


def _in_range(moment: datetime, text: str) -> datetime:
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise TimestampError(
            f"'{text}' is outside the years {FIRST_YEAR} to {LAST_YEAR} a report's times may fall in; check the year"
        )
    return moment


def parse_timestamp(text: str, assume_zone: str | None = None, hint_zone: str | None = None) -> datetime:
    """Parse an RFC 3339 timestamp into an aware UTC datetime.

    Without an offset the text is an error unless ``assume_zone`` names the zone to
    read it in; a local time that falls in a DST gap or overlap is then an error too.
    ``hint_zone`` (a report's own ``timezone``) only changes what the error suggests.
    """
    if _CANONICAL.fullmatch(text):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            pass  # the general reading below says what is wrong
        else:
            # Nearly every timestamp: checked inline, as a report has dozens.
            if 1 < moment.year < 9999:
                moment = moment.astimezone(UTC)
                if FIRST_YEAR <= moment.year <= LAST_YEAR:
                    return moment
            return _in_range(_as_utc(moment, text), text)
    match = _TIMESTAMP.fullmatch(text.strip())
    if not match:
        raise TimestampError(f"'{text}' is not a timestamp; write it like 2026-03-05T13:52:00Z")
    year, month, day, hour, minute = (int(match.group(i)) for i in range(1, 6))
    second = int(match.group(6) or 0)
    micro = int(round(float(match.group(7) or 0) * 1_000_000))
    offset = match.group("offset")
    try:
        naive = datetime(year, month, day, hour, minute, second, micro)
    except ValueError as exc:
        raise TimestampError(f"'{text}' is not a real time ({exc})") from None
    if offset:
        return _in_range(_as_utc(naive.replace(tzinfo=_offset_zone(offset)), text), text)
    if assume_zone is None:
        raise TimestampError(_offset_hint(naive, text, hint_zone))
    _in_range(naive, text)
    return _localise(naive, ZoneInfo(assume_zone), text)


def _offset_hint(naive: datetime, text: str, hint_zone: str | None) -> str:
    """What to write for a time without an offset: in the report's own zone if it names one, else as UTC."""
    if hint_zone is None:
        utc = naive.strftime("%Y-%m-%dT%H:%M:%SZ")
        return f"timestamp has no UTC offset; write {utc} (or add the offset, e.g. +01:00)"
    try:
        local = _localise(naive, ZoneInfo(hint_zone), text)
    except TimestampError as exc:
        return f"timestamp has no UTC offset; {exc}"
    offset = local.astimezone(ZoneInfo(hint_zone)).strftime("%z")
    written = f"{naive:%Y-%m-%dT%H:%M:%S}{offset[:3]}:{offset[3:]}"
    return (
        f"timestamp has no UTC offset; this report's times are in {hint_zone}, "
        f"so write {written} (that is {local:%Y-%m-%dT%H:%M:%SZ})"
    )


def _as_utc(moment: datetime, text: str) -> datetime:
    """``moment`` in UTC; a time whose offset takes it past the calendar's ends is refused."""
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise TimestampError(
            f"'{text}' is outside the years {FIRST_YEAR} to {LAST_YEAR} a report's times may fall in; check the year"
        ) from None


def _offset_zone(offset: str) -> timezone:
    if offset in ("Z", "z"):
        return UTC
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _localise(naive: datetime, zone: ZoneInfo, text: str) -> datetime:
    """Read a wall-clock time in ``zone``, refusing times that do not exist or exist twice."""
    early = naive.replace(tzinfo=zone, fold=0)
    late = naive.replace(tzinfo=zone, fold=1)
    # A time in the spring-forward gap does not survive a round trip through UTC.
    if early.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise TimestampError(f"'{text}' does not exist in {zone.key} (clocks went forward); add the UTC offset")
    if early.utcoffset() != late.utcoffset():
        both = " or ".join(
            t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") for t in (early, late)
        )
        raise TimestampError(f"'{text}' happens twice in {zone.key} (clocks went back); write {both}")
    return early.astimezone(UTC)


def parse_date(text: str) -> date:
    """Parse a plain YYYY-MM-DD date."""
    if not _DATE.fullmatch(text.strip()):
        raise TimestampError(f"'{text}' is not a date; write it like 2026-03-05")
    try:
        day = date.fromisoformat(text.strip())
    except ValueError as exc:
        raise TimestampError(f"'{text}' is not a real date ({exc})") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise TimestampError(
            f"'{text}' is outside the years {FIRST_YEAR} to {LAST_YEAR} a report's dates may fall in; check the year"
        )
    return day


def format_utc(moment: datetime) -> str:
    """The canonical published form: ``2026-03-05T13:52:00Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_from_epoch(seconds: int) -> datetime:
    """An aware UTC datetime from a Unix time (as in ``SOURCE_DATE_EPOCH``)."""
    return datetime.fromtimestamp(seconds, tz=UTC)


def build_now(environ: dict[str, str] | None, wall_clock: float) -> datetime:
    """The build's "now": ``SOURCE_DATE_EPOCH`` from ``environ`` if set, else ``wall_clock`` (Unix seconds)."""
    epoch = (environ or {}).get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return utc_from_epoch(int(epoch))
        except ValueError:
            raise TimestampError(f"SOURCE_DATE_EPOCH='{epoch}' is not a whole number of seconds") from None
    return utc_from_epoch(int(wall_clock))
