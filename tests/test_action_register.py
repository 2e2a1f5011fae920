"""The action register (actions/): order, counts, per-owner/status/type pages, links; internal build only.

Built with mkdocs from the fixture archive (tests/insights_fixture.py), whose
actions a..k have known dates; "today" is 26 Nov 2026.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path, PurePosixPath

import pytest

from incident_reports.core.archive import Archive
from incident_reports.core.catalogue import Catalogue
from incident_reports.core.metrics import action_entries
from incident_reports.core.model import build_record
from incident_reports.core.public import public_archive
from incident_reports.core.schema import Report
from incident_reports.core.settings import Settings
from incident_reports.core.slugs import slugify
from incident_reports.views import action_register, insights
from incident_reports.views.action_register import owner_list
from incident_reports.views.context import SiteContext
from incident_reports.views.renderer import Renderer

from insights_fixture import NOW, A, B, C, D, E, F, G, H, I, J, K, Table, built_fixture, tables

#: The whole register, open first (overdue at the top), then by due date; undated last in each part.
ORDER = [K, C, G, H, I, D, J, A, B, E, F]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_fixture(tmp_path_factory)


def register(site: Path, url: str = "actions/") -> Table:
    """The register table of a page."""
    found = tables(site / "site" / url / "index.html")
    return next(t for caption, t in found.items() if caption.endswith(": open first, overdue at the top, then by due date"))


def titles(table: Table) -> list[str]:
    return [row[0] for row in table.body()]


def test_the_register_lists_every_action_open_and_overdue_first_then_by_due_date(site: Path) -> None:
    table = register(site)
    assert table.rows[0] == ["Action", "Owner", "Due", "Status", "Type", "Report", "Ticket"]
    assert titles(table) == [a["title"] for a in ORDER]


def test_the_register_shows_each_action_with_words_for_its_status(site: Path) -> None:
    rows = {row[0]: row for row in register(site).body()}
    # The exercise's action is listed, and marked as an exercise's.
    assert rows[K["title"]] == [
        K["title"], "Ben Carter", "1 Dec 2025", "Overdue by 360 days (open)", "Technical",
        "Game Day on the licence API (Exercise)", "None",
    ]
    assert rows[C["title"]][2:5] == ["1 Mar 2026", "Overdue by 270 days (open)", "Technical"]
    assert rows[C["title"]][6] == "RIV-2"
    assert rows[G["title"]][3] == "Overdue by 1 day (in progress)"
    assert rows[H["title"]][2:4] == ["26 Nov 2026", "○ Open"]  # due today: not overdue yet
    assert rows[D["title"]][3] == "◐ In progress"
    assert rows[J["title"]][2:5] == ["None set", "○ Open", "Not set"]
    assert rows[A["title"]][3:] == [
        "Done 25 Jan 2026", "Technical", "Apply online errors", "tracker.example.com/RIV-1",
    ]
    assert rows[E["title"]][3] == "⊘ Won't do"


def test_rows_link_to_the_owner_the_report_and_a_ticket_that_is_a_web_address(site: Path) -> None:
    table = register(site)
    links = dict(zip(titles(table), table.links[1:], strict=True))
    assert links[A["title"]] == [
        [], ["owner/aisha-okafor/"], [], [], [], ["../incidents/2026-01-10-apply-errors/"],
        ["https://tracker.example.com/RIV-1"],
    ]
    assert links[C["title"]][6] == []  # "RIV-2" is not a web address
    assert links[D["title"]][1] == ["owner/chloe-dubois/"]


def counts(site: Path, url: str) -> dict[str, int]:
    """The headline counts of a register page, by their words."""
    text = (site / "site" / url / "index.html").read_text(encoding="utf-8")
    start = text.index('<ul class="incidents-counts"')
    block = text[start:text.index("</ul>", start)]
    items = [item.split("</li>")[0] for item in block.split("<li>")[1:]]
    return {item.split("</span> ")[1]: int(item.split(">")[1].split("<")[0]) for item in items}


def test_counts_at_the_top(site: Path) -> None:
    assert counts(site, "actions/") == {
        "open or in progress": 7, "overdue": 3, "done by the due date": 1, "in all": 11,
    }
    assert counts(site, "actions/owner/aisha-okafor/") == {
        "open or in progress": 2, "overdue": 1, "done by the due date": 1, "in all": 4,
    }


def test_each_owner_has_a_page_of_their_own_linked_from_the_register(site: Path) -> None:
    by_owner = tables(site / "site" / "actions" / "index.html")["Actions by owner"]
    assert by_owner.rows == [
        ["Owner", "Open or in progress", "Overdue", "Done by the due date", "All"],
        ["Aisha Okafor", "2", "1", "1", "4"],
        ["Ben Carter", "2", "1", "0", "4"],
        ["Chloé Dubois", "1", "0", "0", "1"],
        ["Dan Evans", "2", "1", "0", "2"],
    ]
    assert [cell[0] for cell in (row[0] for row in by_owner.links[1:])] == [
        "owner/aisha-okafor/", "owner/ben-carter/", "owner/chloe-dubois/", "owner/dan-evans/",
    ]
    assert titles(register(site, "actions/owner/aisha-okafor/")) == [a["title"] for a in (C, J, A, F)]
    assert titles(register(site, "actions/owner/ben-carter/")) == [a["title"] for a in (K, I, B, E)]
    assert titles(register(site, "actions/owner/chloe-dubois/")) == [D["title"]]


@pytest.mark.parametrize(("url", "expected"), [
    ("actions/status/overdue/", [K, C, G]),
    ("actions/status/open/", [K, C, H, I, J]),
    ("actions/status/in-progress/", [G, D]),
    ("actions/status/done/", [A, B, F]),
    ("actions/status/wont-do/", [E]),
    ("actions/type/technical/", [K, C, G, D, A, F]),
    ("actions/type/organisational/", [H, I, B, E]),
])
def test_pages_per_status_and_type(site: Path, url: str, expected: list[dict]) -> None:
    assert titles(register(site, url)) == [a["title"] for a in expected]


def test_every_link_of_every_register_page_leads_to_a_built_page(site: Path) -> None:
    build = site / "site"
    pages = sorted((build / "actions").rglob("index.html"))
    assert len(pages) == 1 + 5 + 2 + 4
    for page in pages:
        folder = PurePosixPath(page.parent.relative_to(build).as_posix())
        for table in tables(page).values():
            for href in (h for row in table.links for cell in row for h in cell if not h.startswith("https://")):
                target = build / Path(*(folder / href).parts)
                assert (target.resolve() / "index.html").is_file(), f"{page}: {href} leads nowhere"


def test_register_pages_are_accessible_tables(site: Path) -> None:
    for page in sorted((site / "site" / "actions").rglob("index.html")):
        for caption, table in tables(page).items():
            assert caption, f"{page}: a table without a caption"
            assert all(scope in ("col", "row") for _, scope in table.headings), f"{page}: {caption}"


def test_no_register_in_the_public_build(site: Path) -> None:
    public = site / "site-public"
    assert not (public / "actions").exists()
    # Owners and titles of actions never reach a public file (I1 and I5 are public, without report_public).
    for file in (f for f in public.rglob("*") if f.is_file()):
        data = file.read_bytes()
        for secret in ("Ben Carter", "Chloé Dubois", "Dan Evans", A["title"], "RIV-1"):
            assert secret.encode() not in data, f"{file} has {secret!r}"


def test_the_views_give_the_public_build_nothing() -> None:
    ctx = SiteContext(public_archive(Archive((), Catalogue(()))), Settings(), NOW, Renderer(Settings(), "public"))
    assert action_register.render(ctx) == []
    assert insights.render(ctx) == []


def test_owner_slugs_fold_accents_and_stay_apart() -> None:
    owner_slug = partial(slugify, fallback="owner")
    assert owner_slug("Zoë O'Neill") == "zoe-o-neill"
    assert owner_slug("李雷") == owner_slug("李雷") != owner_slug("韩梅梅")
    assert owner_slug("李雷") == "li-lei" and owner_slug("Łódź") == "lodz" and owner_slug("🙂").startswith("owner-")
    long_name = "A very long name that somebody pasted with their whole job title and team " * 4
    assert len(owner_slug(long_name)) <= 60 and owner_slug(long_name) != owner_slug(long_name + "x")
    report = Report.model_validate({
        "id": "r", "title": "T", "severity": "P3", "status": "investigating", "visibility": "internal",
        "services": ["payments"], "started": NOW,
        "actions": [{"title": t, "owner": o, "status": "open"} for t, o in (("x", "sam lee"), ("y", "Sam Lee"))],
    })
    entries = action_entries([build_record(report, "incidents/r.md", "", Settings(), NOW)], NOW.date())
    assert [(o.name, o.slug) for o in owner_list(entries)] == [("Sam Lee", "sam-lee"), ("sam lee", "sam-lee-2")]
