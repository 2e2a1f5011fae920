"""``incidents import statuspage PATH...``: a Statuspage history as reports and services."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.archive import archive_from_sources, archive_problems, display_path, read_limits, report_files
from ..core.catalogue import catalogue_from, catalogue_from_bytes, load_catalogue
from ..core.loader import ReadLimits, SourceReport, parse_report, read_report
from ..core.problems import Level, Refused
from ..core.schema import Report
from ..core.terminal_escape import printable
from ..core.timestamps import TimestampError, parse_timestamp
from ..core.yaml_source import YamlError, parse_yaml
from .common import EditError, site_and_now, write_files_atomically
from .site import Site

if TYPE_CHECKING:  # the mapping (markdownify, Markdown) and the YAML editor (ruamel.yaml): only when the command runs
    from ..statuspage.mapping import Known, Plan

#: The usual order of a report's keys, so that new ones land beside their neighbours.
REPORT_ORDER = tuple(Report.model_fields)
#: What ``--help`` says: plain text, as a terminal shows it.
DESCRIPTION = (
    "Import a Statuspage history as reports and services. Reads a Statuspage v2 export, writes a report "
    "for each incident and maintenance the site does not have yet, adds the updates it has not seen to "
    "those it has, and adds missing services to the catalogue. Running it again on the same export changes "
    "nothing. Every file is checked before any is written: a mistake writes nothing. The handbook's page "
    "'Importing from Statuspage' (docs/handbook/importing-from-statuspage.md) describes each step."
)


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register ``import statuspage``."""
    parser = commands.add_parser(
        "import", help="import an incident history from another tool", description=DESCRIPTION
    )
    sources = parser.add_subparsers(title="sources", required=True, metavar="SOURCE")
    statuspage = sources.add_parser(
        "statuspage",
        help="a Statuspage v2 export "
        "(summary.json or components.json, incidents.json, scheduled-maintenances.json, history.atom)",
        description=DESCRIPTION,
    )
    statuspage.add_argument(
        "paths", nargs="+", metavar="PATH", help="the export's files (JSON, and history.atom), or a folder holding them"
    )
    statuspage.add_argument("--dry-run", action="store_true", help="print what would be written, and write nothing")
    statuspage.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Import, or with ``--dry-run`` show what importing would write; print the summary either way."""
    # Imported here: registering the command (as every command does) stays cheap.
    from ..statuspage.export import read_export
    from ..statuspage.mapping import plan_import

    site, now = site_and_now(args.config_file)
    export = read_export(args.paths)
    catalogue_file = site.root / site.settings.services_file
    catalogue_before = catalogue_file.read_text(encoding="utf-8") if catalogue_file.is_file() else ""
    known = _known(site, catalogue_before)
    plan = plan_import(export, known, site.settings.severities)
    writes = _writes(site, plan, catalogue_before)
    _check(site, writes, now)
    if args.dry_run:
        for path, text in writes.items():
            print(f"--- would write {display_path(path, site.root)} ---")
            print(text, end="" if text.endswith("\n") else "\n")
    else:
        # Every file whole, or none: a full disk leaves the repository as it was.
        encoded = {path: text.encode("utf-8") for path, text in writes.items()}
        write_files_atomically(encoded, lambda path: display_path(path, site.root))
    _summary(plan, len(export.incidents), len(export.maintenances), writes, site, args.dry_run)
    return 0


def _known(site: Site, catalogue_text: str) -> Known:
    """What the site already holds: its services, its report ids, and the reports imported before."""
    from ..statuspage.mapping import STATUSPAGE_ID, Imported, Known

    service_ids: set[str] = set()
    groups: dict[str, str] = {}
    if catalogue_text.strip():
        try:
            catalogue, problems = catalogue_from(parse_yaml(catalogue_text), site.settings.services_file)
        except YamlError as exc:
            raise Refused(f"{site.settings.services_file}: cannot be read; fix it first ({exc})") from None
        errors = [p for p in problems if p.level is Level.ERROR]
        if errors:
            raise Refused("Nothing was imported: the service catalogue has mistakes.", errors)
        service_ids = set(catalogue.services)
        groups = {group.name: group.id for group in catalogue.groups if group.name is not None and group.id is not None}
    report_ids: set[str] = set()
    imported: dict[str, Imported] = {}
    for file in report_files(site.root, site.settings):
        # A report's file name is taken even when its id differs, or it cannot be read: a new file never replaces it.
        report_ids.update((file.stem, file.stem.lower()))
        source = read_report(file, display_path(file, site.root), read_limits(site.root, site.settings))
        if not isinstance(source, SourceReport):
            continue
        front = source.front.value
        report_id = str(front.get("id") or source.stem)
        report_ids.add(report_id)
        extra = front.get("extra")
        # Reports imported before statuspage_id was a field of its own kept it under extra.
        statuspage_id = front.get(STATUSPAGE_ID) or (extra.get(STATUSPAGE_ID) if isinstance(extra, dict) else None)
        if statuspage_id is None:
            continue
        updates = [u for u in front.get("updates") or [] if isinstance(u, dict)]
        services = front.get("services") or []
        imported[str(statuspage_id)] = Imported(
            report_id, frozenset(str(u["id"]) for u in updates if u.get("id") is not None),
            tuple(_time(u.get("at")) for u in updates), tuple(str(s) for s in services),
        )
    return Known(frozenset(service_ids), frozenset(report_ids), imported, groups)


def _time(value: Any) -> datetime:
    """An update's time as written in a report (a report that does not validate is refused later)."""
    try:
        return parse_timestamp(str(value))
    except TimestampError:
        return datetime.min.replace(tzinfo=UTC)


def _writes(site: Site, plan: Plan, catalogue_before: str) -> dict[Path, str]:
    """Every file the import writes, with its whole new text."""
    from ..core.yaml_text import Layout, entry_lines
    from .catalogue_text import added_to_catalogue
    from .report_editor import Edit, InsertItem, apply_edits

    writes: dict[Path, str] = {}
    folder = site.root / site.settings.incidents_dir
    if plan.services:
        try:
            writes[site.root / site.settings.services_file] = added_to_catalogue(catalogue_before, plan.services)
        except EditError as exc:
            raise Refused(f"Nothing was imported: {exc}") from None
    for report_id, fields in plan.reports.items():
        lines = ["---"] + [line for key, value in fields.items() for line in entry_lines(key, value, 0, Layout())] + ["---", ""]
        path = folder / f"{report_id}.md"
        if path.exists():
            raise Refused(f"Nothing was imported: {display_path(path, site.root)} exists already; it would be replaced")
        writes[path] = "\n".join(lines)
    limits = read_limits(site.root, site.settings)
    # Where updates are added, each report's id, read as the validator reads it (size cap, links).
    files = (
        {_front_id(file, limits) or file.stem: file for file in report_files(site.root, site.settings)}
        if plan.added_updates else {}
    )
    for report_id, updates in plan.added_updates.items():
        file = files[report_id]
        raw = file.read_bytes()
        source = parse_report(raw, display_path(file, site.root), file.stem)
        data = source.front.value if isinstance(source, SourceReport) else {}
        edits: list[Edit] = [InsertItem("updates", index, item, REPORT_ORDER) for index, item in updates]
        try:
            new, _ = apply_edits(raw, data, edits)
        except EditError as exc:
            raise Refused(f"Nothing was imported: {display_path(file, site.root)}: {exc}") from None
        writes[file] = new.decode("utf-8")
    return writes


def _front_id(file: Path, limits: ReadLimits) -> str | None:
    """The id a report's front-matter gives, if it can be read and gives one."""
    source = read_report(file, file.name, limits)
    return str(source.front.value.get("id")) if isinstance(source, SourceReport) and source.front.value.get("id") else None


def _check(site: Site, writes: dict[Path, str], now: datetime) -> None:
    """Check the site as the import would leave it, reports and catalogue together, with the checks of
    ``incidents validate``; refuse on any error the site does not have already."""
    root, settings = site.root, site.settings
    services_path = root / settings.services_file
    catalogue_text = writes.get(services_path)
    if catalogue_text is None:
        catalogue, catalogue_problems = load_catalogue(services_path, settings.services_file)
    else:
        catalogue, catalogue_problems = catalogue_from_bytes(catalogue_text.encode("utf-8"), settings.services_file)
    folder = root / settings.incidents_dir
    files = sorted(
        {*report_files(root, settings), *(path for path in writes if path != services_path)},
        key=lambda file: file.relative_to(folder).parts if file.is_relative_to(folder) else file.parts,
    )
    limits = read_limits(root, settings)
    sources = (
        parse_report(writes[file].encode("utf-8"), display_path(file, root), file.stem) if file in writes
        else read_report(file, display_path(file, root), limits)
        for file in files
    )
    names = [display_path(file, root) for file in files]
    after = archive_from_sources(sources, names, catalogue, list(catalogue_problems), settings, now).problems
    before = {(p.path, p.field, p.message) for p in archive_problems(root, settings, now) if p.level is Level.ERROR}
    new = [p for p in after if p.level is Level.ERROR and (p.path, p.field, p.message) not in before]
    if new:
        raise Refused("Nothing was imported: the site would not validate with what the import writes.", new)


def _summary(plan: Plan, incidents: int, maintenances: int, writes: dict[Path, str], site: Site, dry_run: bool) -> None:
    """What was (or would be) imported, and each quirk of the data, in words."""
    verb = "Would import" if dry_run else "Imported"
    added = sum(len(updates) for updates in plan.added_updates.values())
    print(
        f"{verb} from {incidents} incident{'s' if incidents != 1 else ''} and {maintenances} maintenance window"
        f"{'s' if maintenances != 1 else ''}: {len(plan.reports)} new report{'s' if len(plan.reports) != 1 else ''}, "
        f"{added} new update{'s' if added != 1 else ''} in reports imported before, "
        f"{len(plan.services)} new service{'s' if len(plan.services) != 1 else ''}."
    )
    if not writes:
        print("Nothing new: every incident and update is already in the site.")
    if plan.quirks:
        print(f"Quirks of the data ({len(plan.quirks)}), imported as faithfully as the report format allows:")
        for quirk in plan.quirks:
            # One line each, whatever the export's names and statuses hold.
            print(f"  - {printable(quirk, one_line=True)}")
    if writes and not dry_run:
        print(
            f"Next: incidents validate, then review the new reports in {site.settings.incidents_dir}/ (stage: draft).",
            file=sys.stderr,
        )
