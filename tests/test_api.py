"""The Statuspage v2 API files, checked field by field against the Statuspage shapes, and the internal data set."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import built

API_FILES = (
    "summary.json", "status.json", "components.json", "incidents.json", "incidents/unresolved.json",
    "scheduled-maintenances.json", "scheduled-maintenances/upcoming.json", "scheduled-maintenances/active.json",
)
BASE = "https://status.rivers.example.gov.uk/"
PAGE_ID = "status.rivers.example.gov.uk"

# The shapes: each key and what its value must be (a type, a tuple of types, or a check).
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
COMPONENT_STATUSES = {"operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"}
INCIDENT_STATUSES = {"investigating", "identified", "monitoring", "resolved"}
MAINTENANCE_STATUSES = {"scheduled", "in_progress", "verifying", "completed"}


def is_timestamp(value: Any) -> bool:
    return isinstance(value, str) and bool(TIMESTAMP.match(value))


def is_optional_timestamp(value: Any) -> bool:
    return value is None or is_timestamp(value)


def one_of(*allowed: str) -> Callable[[Any], bool]:
    return lambda value: value in allowed


def is_date_or_none(value: Any) -> bool:
    return value is None or (isinstance(value, str) and bool(re.match(r"^\d{4}-\d{2}-\d{2}$", value)))


PAGE = {"id": str, "name": str, "url": str, "time_zone": str, "updated_at": is_timestamp}
STATUS = {
    "indicator": one_of("none", "minor", "major", "critical", "maintenance"),
    "description": one_of(
        "All Systems Operational", "Minor Service Outage", "Partial System Outage", "Major Service Outage",
        "Service Under Maintenance",
    ),
}
COMPONENT = {
    "id": str, "name": str, "status": one_of(*COMPONENT_STATUSES), "created_at": is_optional_timestamp,
    "updated_at": is_timestamp, "position": int, "description": (str, type(None)), "showcase": bool,
    "start_date": is_date_or_none, "group_id": (str, type(None)), "page_id": str, "group": bool,
    "only_show_if_degraded": bool,
}
GROUP = {**COMPONENT, "components": list}
AFFECTED = {
    "code": str, "name": str, "old_status": one_of(*COMPONENT_STATUSES), "new_status": one_of(*COMPONENT_STATUSES),
}
UPDATE = {
    "id": str, "status": one_of(*INCIDENT_STATUSES, *MAINTENANCE_STATUSES), "body": str, "incident_id": str,
    "created_at": is_timestamp, "updated_at": is_timestamp, "display_at": is_timestamp, "affected_components": list,
}
INCIDENT = {
    "id": str, "name": str, "status": one_of(*INCIDENT_STATUSES), "impact": one_of("none", "minor", "major", "critical"),
    "created_at": is_timestamp, "updated_at": is_timestamp, "monitoring_at": is_optional_timestamp,
    "resolved_at": is_optional_timestamp, "started_at": is_timestamp, "shortlink": str, "page_id": str,
    "incident_updates": list, "components": list,
}
MAINTENANCE = {
    **INCIDENT, "status": one_of(*MAINTENANCE_STATUSES), "impact": one_of("maintenance"),
    "scheduled_for": is_timestamp, "scheduled_until": is_timestamp,
}


def check(value: Any, shape: dict[str, Any], where: str) -> None:
    """``value`` has exactly the shape's keys, each of the expected type."""
    assert isinstance(value, dict), f"{where}: not an object"
    assert set(value) == set(shape), f"{where}: keys {sorted(set(value) ^ set(shape))} differ from the Statuspage shape"
    for key, expected in shape.items():
        ok = expected(value[key]) if callable(expected) and not isinstance(expected, type) else isinstance(value[key], expected)
        if expected is int or expected is str:
            ok = ok and not isinstance(value[key], bool)
        assert ok, f"{where}.{key}: unexpected value {value[key]!r}"


def check_component(component: dict[str, Any], where: str) -> None:
    check(component, GROUP if component.get("group") else COMPONENT, where)
    assert component["page_id"] == PAGE_ID


def check_incident(incident: dict[str, Any], where: str, *, maintenance: bool) -> None:
    check(incident, MAINTENANCE if maintenance else INCIDENT, where)
    assert incident["page_id"] == PAGE_ID
    assert incident["shortlink"] == f"{BASE}incidents/{incident['id']}/"
    for index, update in enumerate(incident["incident_updates"]):
        check(update, UPDATE, f"{where}.incident_updates[{index}]")
        assert update["incident_id"] == incident["id"]
        assert re.fullmatch(rf"{re.escape(incident['id'])}-\d{{8}}T\d{{6}}Z", update["id"])
        for number, affected in enumerate(update["affected_components"]):
            check(affected, AFFECTED, f"{where}.incident_updates[{index}].affected_components[{number}]")
    # Updates newest first.
    times = [u["created_at"] for u in incident["incident_updates"]]
    assert times == sorted(times, reverse=True), f"{where}: updates are not newest first"
    for number, component in enumerate(incident["components"]):
        check_component(component, f"{where}.components[{number}]")
        assert not component["group"]


def load(site: Path, name: str) -> dict[str, Any]:
    return json.loads((site / "api" / "v2" / name).read_text(encoding="utf-8"))


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


@pytest.mark.parametrize("build", ["internal_build", "public_build"])
def test_every_file_has_the_statuspage_shape(build: str, request: pytest.FixtureRequest) -> None:
    site = request.getfixturevalue(build)
    lists = {
        "components": lambda items, where: [check_component(c, f"{where}[{i}]") for i, c in enumerate(items)],
        "incidents": lambda items, where: [check_incident(c, f"{where}[{i}]", maintenance=False) for i, c in enumerate(items)],
        "scheduled_maintenances": lambda items, where: [
            check_incident(c, f"{where}[{i}]", maintenance=True) for i, c in enumerate(items)
        ],
    }
    expected_keys = {
        "summary.json": {"page", "status", "components", "incidents", "scheduled_maintenances"},
        "status.json": {"page", "status"},
        "components.json": {"page", "components"},
        "incidents.json": {"page", "incidents"},
        "incidents/unresolved.json": {"page", "incidents"},
        "scheduled-maintenances.json": {"page", "scheduled_maintenances"},
        "scheduled-maintenances/upcoming.json": {"page", "scheduled_maintenances"},
        "scheduled-maintenances/active.json": {"page", "scheduled_maintenances"},
    }
    for name in API_FILES:
        document = load(site, name)
        assert set(document) == expected_keys[name], name
        check(document["page"], PAGE, f"{name}.page")
        if "status" in document:
            check(document["status"], STATUS, f"{name}.status")
        for key, checker in lists.items():
            if key in document:
                assert isinstance(document[key], list)
                checker(document[key], f"{name}.{key}")


def test_api_files_are_identical_in_both_builds(internal_build: Path, public_build: Path) -> None:
    for name in API_FILES:
        internal = (internal_build / "api" / "v2" / name).read_bytes()
        public = (public_build / "api" / "v2" / name).read_bytes()
        assert internal == public, f"api/v2/{name} differs between the internal and the public build"


def test_page(public_build: Path) -> None:
    page = load(public_build, "status.json")["page"]
    assert page == {
        "id": PAGE_ID, "name": "Fishing rod licence service status", "url": BASE, "time_zone": "Europe/London",
        # The newest public time in the data (the card payments update at 10:30), not the build time.
        "updated_at": "2026-11-26T10:30:00.000Z",
    }
    for name in API_FILES:
        assert load(public_build, name)["page"] == page


def test_statuses_and_component_groups(public_build: Path) -> None:
    components = load(public_build, "components.json")["components"]
    services = {c["id"]: c["status"] for c in components if not c["group"]}
    assert services == {
        "apply-online": "operational", "renew-licence": "operational", "payments": "partial_outage",
        "sign-in": "degraded_performance", "notifications": "operational", "licence-check-api": "operational",
        "document-upload": "under_maintenance",
    }
    groups = [c for c in components if c["group"]]
    assert [(g["name"], g["components"]) for g in groups] == [
        ("Public services", ["apply-online", "renew-licence", "payments", "sign-in"]),
        ("Notifications and APIs", ["notifications", "licence-check-api", "document-upload"]),
    ]
    by_id = {c["id"]: c for c in components}
    for group in groups:
        assert group["group_id"] is None
        assert group["status"] == ("partial_outage" if group["name"] == "Public services" else "under_maintenance")
        for member in group["components"]:
            assert by_id[member]["group_id"] == group["id"]
    positions = [c["position"] for c in components]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    payments = by_id["payments"]
    assert payments["name"] == "Card payments"
    assert payments["start_date"] == "2024-01-15"
    assert payments["updated_at"] == "2026-11-26T10:30:00.000Z"
    assert load(public_build, "status.json")["status"] == {"indicator": "major", "description": "Partial System Outage"}


def test_no_internal_service_or_report_in_any_api_file(internal_build: Path, public_build: Path) -> None:
    for site in (internal_build, public_build):
        for name in API_FILES:
            text = (site / "api" / "v2" / name).read_text(encoding="utf-8")
            for secret in ("caseworker", "Caseworker", "paper-form", "messaging-api-key", "game-day", "Callum Reid"):
                assert secret not in text, f"{secret!r} in api/v2/{name}"


def test_incidents_and_unresolved(public_build: Path) -> None:
    incidents = load(public_build, "incidents.json")["incidents"]
    assert 0 < len(incidents) <= 50
    assert ids(incidents)[:2] == ["2026-11-26-card-payments-failing", "2026-11-25-sign-in-failures"]
    assert not any("maintenance" in i["impact"] or "scheduled_for" in i for i in incidents)
    started = [i["started_at"] for i in incidents]
    assert started == sorted(started, reverse=True)
    unresolved = load(public_build, "incidents/unresolved.json")["incidents"]
    assert ids(unresolved) == ["2026-11-26-card-payments-failing", "2026-11-25-sign-in-failures"]
    payments, sign_in = unresolved
    assert (payments["status"], payments["impact"], payments["resolved_at"]) == ("identified", "major", None)
    assert payments["created_at"] == "2026-11-26T09:52:00.000Z"
    assert payments["started_at"] == "2026-11-26T09:40:00.000Z"
    assert payments["updated_at"] == "2026-11-26T10:30:00.000Z"
    assert payments["monitoring_at"] is None
    assert [c["id"] for c in payments["components"]] == ["payments"]
    first = payments["incident_updates"][-1]
    assert first["affected_components"] == [
        {"code": "payments", "name": "Card payments", "old_status": "operational", "new_status": "partial_outage"}
    ]
    assert sign_in["status"] == "monitoring"
    assert sign_in["monitoring_at"] == "2026-11-25T19:10:00.000Z"
    eased = next(u for u in sign_in["incident_updates"] if u["created_at"] == "2026-11-25T19:10:00.000Z")
    assert eased["affected_components"][0]["old_status"] == "partial_outage"
    assert eased["affected_components"][0]["new_status"] == "degraded_performance"
    resolved = [i for i in incidents if i["status"] == "resolved"]
    assert resolved and all(i["resolved_at"] for i in resolved)


def test_times_written_with_an_offset_are_published_in_utc(public_build: Path) -> None:
    incidents = {i["id"]: i for i in load(public_build, "incidents.json")["incidents"]}
    # The report gives 17:12+01:00, 17:24+01:00 (first update) and 19:40+01:00.
    outage = incidents["2025-06-24-card-payments-provider-outage"]
    assert outage["started_at"] == "2025-06-24T16:12:00.000Z"
    assert outage["created_at"] == "2025-06-24T16:24:00.000Z"
    assert outage["resolved_at"] == "2025-06-24T18:40:00.000Z"
    assert outage["monitoring_at"] == "2025-06-24T18:03:00.000Z"
    assert outage["impact"] == "critical"
    assert outage["incident_updates"][0]["id"] == "2025-06-24-card-payments-provider-outage-20250624T184000Z"


def test_maintenance_lists(public_build: Path) -> None:
    everything = load(public_build, "scheduled-maintenances.json")["scheduled_maintenances"]
    assert set(ids(everything)) == {
        "2026-12-03-licence-check-api-database-upgrade", "2026-11-26-document-upload-storage-migration",
        "2026-11-19-renew-licence-reminder-changes", "2026-11-12-payments-provider-certificate-rotation",
        "2026-10-14-sign-in-identity-provider-upgrade",
    }
    upcoming = load(public_build, "scheduled-maintenances/upcoming.json")["scheduled_maintenances"]
    assert ids(upcoming) == ["2026-12-03-licence-check-api-database-upgrade"]
    window = upcoming[0]
    assert (window["status"], window["scheduled_for"], window["scheduled_until"]) == (
        "scheduled", "2026-12-03T20:00:00.000Z", "2026-12-03T23:00:00.000Z",
    )
    # Last changed by its announcement on 24 Nov, not by the window still to come.
    assert window["updated_at"] == "2026-11-24T15:00:00.000Z"
    active = load(public_build, "scheduled-maintenances/active.json")["scheduled_maintenances"]
    # A window that has ended is over: published as completed, not as still verifying.
    assert set(ids(active)) == {"2026-11-26-document-upload-storage-migration"}
    finished = next(m for m in everything if m["id"] == "2026-11-19-renew-licence-reminder-changes")
    assert finished["status"] == "completed"
    upload = next(m for m in active if m["id"] == "2026-11-26-document-upload-storage-migration")
    assert upload["status"] == "in_progress"
    assert upload["incident_updates"][0]["affected_components"][0]["new_status"] == "under_maintenance"
    # Statuspage has no cancelled maintenance: published as completed (and cancelled everywhere else).
    cancelled = next(m for m in everything if m["id"] == "2026-11-12-payments-provider-certificate-rotation")
    assert cancelled["status"] == "completed"
    assert cancelled["incident_updates"][0]["status"] == "completed"
    assert cancelled["resolved_at"] == "2026-11-11T16:20:00.000Z"
    offset = next(m for m in everything if m["id"] == "2026-10-14-sign-in-identity-provider-upgrade")
    assert (offset["scheduled_for"], offset["scheduled_until"]) == ("2026-10-14T19:00:00.000Z", "2026-10-14T22:00:00.000Z")


def test_summary_gathers_the_other_files(public_build: Path) -> None:
    summary = load(public_build, "summary.json")
    assert summary["status"] == load(public_build, "status.json")["status"]
    assert summary["components"] == load(public_build, "components.json")["components"]
    assert summary["incidents"] == load(public_build, "incidents/unresolved.json")["incidents"]
    active = load(public_build, "scheduled-maintenances/active.json")["scheduled_maintenances"]
    upcoming = load(public_build, "scheduled-maintenances/upcoming.json")["scheduled_maintenances"]
    assert summary["scheduled_maintenances"] == active + upcoming


def test_shortlinks_lead_to_built_report_pages(public_build: Path) -> None:
    summary = load(public_build, "summary.json")
    for item in summary["incidents"] + summary["scheduled_maintenances"]:
        path = item["shortlink"].removeprefix(BASE)
        assert (public_build / path / "index.html").is_file(), f"{item['shortlink']} has no page"


def test_full_data_set_is_internal_only(internal_build: Path, public_build: Path) -> None:
    assert not (public_build / "incidents.json").exists()
    text = (internal_build / "incidents.json").read_text(encoding="utf-8")
    data = json.loads(text)
    # Sorted keys, so the file diffs well and never changes without a reason.
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    reports = {r["id"]: r for r in data["reports"]}
    assert len(reports) == 19
    internal = reports["2026-11-26-caseworker-search-unavailable"]
    assert internal["visibility"] == "internal"
    assert internal["lead"] == "Laura Bennett"
    assert internal["extra"]["chat_channel"] == "#inc-2026-11-26-case-search"
    assert internal["derived"]["status"] == "investigating"
    assert internal["derived"]["public"] is False
    payments = reports["2026-11-26-card-payments-failing"]
    assert payments["derived"]["impact"] == "partial_outage"
    assert payments["derived"]["resolved"] is None
    assert payments["notified"][0]["who"] == "Head of Digital Operations"
    assert payments["source"] == "incidents/2026-11-26-card-payments-failing.md"
    outage = reports["2025-06-24-card-payments-provider-outage"]
    assert outage["started"] == "2025-06-24T16:12:00Z"
    assert outage["derived"]["resolved"] == "2025-06-24T18:40:00Z"
    assert "caseworker-tool" in {s["id"] for g in data["services"] for s in g["services"]}


def test_an_incidents_impact_is_the_one_its_report_writes(site_copy: Path) -> None:
    """The report's own top-level impact, not the worst of its services' (which a services map may make milder)."""
    report = site_copy / "incidents" / "2026-11-26-card-payments-failing.md"
    text = report.read_text(encoding="utf-8")
    assert "services:\n  payments: partial_outage\n" in text
    report.write_text(text.replace("services:\n  payments: partial_outage\n",
                                   "services:\n  payments: degraded_performance\nimpact: major_outage\n"), encoding="utf-8")
    site = built(site_copy, "mkdocs.public.yml")
    unresolved = load(site, "incidents/unresolved.json")["incidents"]
    payments = next(i for i in unresolved if i["id"] == "2026-11-26-card-payments-failing")
    assert payments["impact"] == "critical"
    # The component's status is still its own.
    assert payments["components"][0]["status"] == "degraded_performance"
