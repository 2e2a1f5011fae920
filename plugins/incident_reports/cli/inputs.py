"""Reading what people type on the command line: times without UTC offsets, dates, text, impacts."""

from __future__ import annotations

import sys
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..core.loader import describe_character, refused_character
from ..core.messages import did_you_mean
from ..core.schema import IMPACTS
from ..core.timestamps import TimestampError, parse_date, parse_timestamp


class InputError(Exception):
    """Something typed on the command line cannot be used; the message says what to type instead."""


def ask(question: str, default: str | None = None) -> str:
    """An answer typed at the terminal; Enter takes the default, or, without one, asks the same question again.

    The input ending (Ctrl-D, or Ctrl-Z then Enter on Windows) stops the command with a clear message.
    """
    suffix = f" [{default}]" if default else ""
    while True:
        try:
            answer = input(f"{question}{suffix}: ").strip()
        except EOFError:
            print(file=sys.stderr)
            raise InputError(f"the input ended before an answer to '{question}'; nothing was written") from None
        if answer or default:
            return answer or str(default)


def parse_when(text: str, zone: str, now: datetime) -> datetime:
    """A moment from ``--at``: RFC 3339, or a local time in the site's timezone (``09:40`` is today).

    Nobody should have to work out a UTC offset at 3 a.m.: a time without one is
    read in the site's timezone, refusing times that DST skips or repeats.
    """
    value = text.strip()
    if len(value) <= 8 and ":" in value:
        value = f"{now.astimezone(ZoneInfo(zone)):%Y-%m-%d} {value}"
    try:
        return parse_timestamp(value, zone)
    except TimestampError as exc:
        if "not a timestamp" in str(exc):
            raise InputError(
                f"'{text}' is not a time; write 2026-11-26T09:40Z, '2026-11-26 09:40' or 09:40 ({zone} time)"
            ) from None
        raise InputError(str(exc)) from None


def parse_day(text: str) -> date:
    """A plain ``YYYY-MM-DD`` date."""
    try:
        return parse_date(text)
    except TimestampError as exc:
        raise InputError(str(exc)) from None


def read_text(value: str, what: str) -> str:
    """Free text from an argument, or from standard input when it is ``-``.

    Line endings become ``\\n`` (a carriage return alone too): a report file's lines end
    that way whatever the system, so that is the text kept.
    """
    text = sys.stdin.read() if value == "-" else value
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_characters(text, what)
    if not text.strip():
        raise InputError(f"the {what} is empty; write some text")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"the {what} is not valid UTF-8 text") from None
    return text


def check_characters(text: str, what: str) -> None:
    """Refuse text holding a character no report may hold (controls, ESC, bidirectional controls)."""
    position = refused_character(text)
    if position is not None:
        raise InputError(
            f"the {what} holds {describe_character(text[position])}, which a report may not hold "
            "(feeds, calendars and terminals cannot carry it safely); remove it and run the command again"
        )


def choose(value: str, allowed: tuple[str, ...] | list[str], what: str) -> str:
    """``value`` if it is one of ``allowed``, else an error that lists them (with a did-you-mean)."""
    if value not in allowed:
        raise InputError(f"'{value}' is not {what}{did_you_mean(value, allowed)}; use one of {', '.join(allowed)}")
    return value


def parse_impact(text: str, services: list[str]) -> str | dict[str, str]:
    """``--impact``: one level for every service, or ``service=level,...`` for some of them."""
    if "=" not in text:
        return choose(text.strip(), IMPACTS, "an impact level")
    impacts: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        service, _, level = (s.strip() for s in part.partition("="))
        choose(service, services, "one of this report's services")
        impacts[service] = choose(level, IMPACTS, "an impact level")
    if not impacts:
        raise InputError(f"'{text}' names no service; write service=level, e.g. {services[0]}=degraded_performance")
    return impacts
