"""Helpers for tests that validate report text directly with the core (no build)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from incident_reports.core.catalogue import Catalogue, load_catalogue
from incident_reports.core.checking import Identity, check_file, check_identities
from incident_reports.core.loader import SourceReport, parse_report
from incident_reports.core.problems import Problem
from incident_reports.core.settings import Settings

REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

MINIMAL = """\
---
title: Card payments failing for some users
severity: P2
status: investigating
visibility: public
services: [payments]
started: 2026-03-05T13:52:00Z
summary: Some card payments are failing. We are investigating.
---
"""


def example_catalogue() -> Catalogue:
    """The example site's service catalogue."""
    catalogue, problems = load_catalogue(REPO / "status/services.yml", "status/services.yml")
    assert not problems
    return catalogue


def check(text: str | bytes, *, settings: Settings | None = None, now: datetime = NOW,
          path: str = "incidents/2026-03-05-payments.md") -> list[Problem]:
    """Every problem the validator finds in one report's text."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    source = parse_report(raw, path, Path(path).stem)
    return check_file(source, settings or Settings(), example_catalogue(), now).problems


def check_many(texts: dict[str, str], *, now: datetime = NOW, settings: Settings | None = None) -> list[Problem]:
    """Problems of several reports, including those found across reports (as the archive checks them)."""
    settings = settings or Settings()
    problems: list[Problem] = []
    identities: list[Identity] = []
    claimed: set[str] = set()
    for path, text in texts.items():
        source = parse_report(text.encode(), path, Path(path).stem)
        assert isinstance(source, SourceReport), source
        checked = check_file(source, settings, example_catalogue(), now)
        problems += checked.problems
        claimed.update([checked.claim] if checked.claim else [])
        identities += [checked.identity] if checked.identity else []
    return problems + check_identities(identities, claimed, settings.naming_authority)


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the first line containing ``fragment``."""
    for number, line in enumerate(text.split("\n"), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in text")


def with_lines(base: str, *extra: str, drop: tuple[str, ...] = ()) -> str:
    """``base`` without lines starting with any of ``drop``, with ``extra`` lines added before the closing ---."""
    head, _, _ = base.rstrip("\n").rpartition("\n---")
    lines = [line for line in head.split("\n") if not any(line.startswith(d) for d in drop)]
    return "\n".join(lines + list(extra) + ["---", ""])
