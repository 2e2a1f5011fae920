"""The pure core of announcements: which changes become events, and what their messages say."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incident_reports.announce.channels import AppriseChannel, Retry, deliver, split_urls
from incident_reports.announce.events import Snapshot, changes, snapshot
from incident_reports.announce.messages import MessageLanguage, webhook_body
from incident_reports.announce.messages import message as message_in
from incident_reports.announce.redaction import channel_name as redacted
from incident_reports.announce.sources import SiteMissing, SiteUnreadable, cancelled_ids, read_site
from incident_reports.cli.site import SiteError, load_site
from incident_reports.views.i18n import Language

PAGE = {"id": "status.example.com", "name": "Example status", "url": "https://status.example.com/",
        "time_zone": "Europe/London", "updated_at": "2026-11-26T10:00:00.000Z"}
LINK = "https://status.example.com/incidents/{}/"
ENGLISH = (MessageLanguage(Language.load("en")),)


def message(event, limit: int | None = None):
    """The message in English, as an English site announces."""
    return message_in(event, ENGLISH, limit)


def update(incident_id: str, at: str, status: str, body: str = "Words.") -> dict:
    return {"id": f"{incident_id}-{at}", "status": status, "body": body, "incident_id": incident_id,
            "created_at": at, "updated_at": at, "display_at": at, "affected_components": []}


def incident(incident_id: str, status: str, *updates: dict, **extra: object) -> dict:
    return {"id": incident_id, "name": f"Title of {incident_id}", "status": status, "impact": "minor",
            "created_at": updates[-1]["created_at"] if updates else "2026-11-26T09:00:00.000Z",
            "updated_at": updates[0]["created_at"] if updates else "2026-11-26T09:00:00.000Z",
            "resolved_at": None, "started_at": None, "shortlink": LINK.format(incident_id),
            "incident_updates": list(updates), "components": [{"id": "web", "name": "Website"}], **extra}


def maintenance(maintenance_id: str, status: str, *updates: dict) -> dict:
    return incident(maintenance_id, status, *updates, scheduled_for="2026-11-26T10:00:00.000Z",
                    scheduled_until="2026-11-26T12:00:00.000Z")


def site(incidents=(), maintenances=(), cancelled=(), built: str = "") -> Snapshot:
    return snapshot([{"page": PAGE, "incidents": list(incidents)}],
                    [{"page": PAGE, "scheduled_maintenances": list(maintenances)}], cancelled, built)


FIRST = update("a", "2026-11-26T09:00:00.000Z", "investigating")
SECOND = update("a", "2026-11-26T09:30:00.000Z", "identified")
RESOLVING = update("a", "2026-11-26T10:00:00.000Z", "resolved")


def kinds(events) -> list[tuple[str, str, str | None]]:
    return [(e.type, e.incident["id"], e.update["id"] if e.update else None) for e in events]


def test_a_new_incident_is_one_event_with_its_latest_update() -> None:
    events = changes(site(), site([incident("a", "identified", SECOND, FIRST)]))
    assert kinds(events) == [("incident.created", "a", SECOND["id"])]


def test_each_new_update_is_an_event_and_the_resolution_is_told_once() -> None:
    before = site([incident("a", "investigating", FIRST)])
    after = site([incident("a", "resolved", RESOLVING, SECOND, FIRST)])
    assert kinds(changes(before, after)) == [
        ("incident.updated", "a", SECOND["id"]), ("incident.resolved", "a", RESOLVING["id"])]
    later = update("a", "2026-11-27T09:00:00.000Z", "resolved", "The full report is published.")
    again = site([incident("a", "resolved", later, RESOLVING, SECOND, FIRST)])
    assert kinds(changes(after, again)) == [("incident.updated", "a", later["id"])]


def test_a_resolution_without_an_update_still_is_one_event() -> None:
    before = site([incident("a", "monitoring", FIRST)])
    after = site([incident("a", "resolved", FIRST, resolved_at="2026-11-26T11:00:00.000Z")])
    [event] = changes(before, after)
    assert (event.type, event.update, event.at) == ("incident.resolved", None, "2026-11-26T11:00:00.000Z")


def test_reports_leaving_the_site_are_no_news() -> None:
    assert changes(site([incident("a", "investigating", FIRST)]), site()) == []


def test_maintenance_phases() -> None:
    notice = update("m", "2026-11-20T09:00:00.000Z", "scheduled")
    scheduled = site(maintenances=[maintenance("m", "scheduled", notice)])
    assert kinds(changes(site(), scheduled)) == [("maintenance.scheduled", "m", notice["id"])]
    # The clock opened the window: the rebuild notices it without any new update.
    started = site(maintenances=[maintenance("m", "in_progress", notice)])
    [event] = changes(scheduled, started)
    assert (event.type, event.update, event.at) == ("maintenance.started", None, "2026-11-26T10:00:00.000Z")
    verifying = site(maintenances=[maintenance("m", "verifying", notice)])
    assert changes(started, verifying) == []
    completed = site(maintenances=[maintenance("m", "completed", notice)])
    [event] = changes(verifying, completed)
    assert (event.type, event.at) == ("maintenance.completed", "2026-11-26T12:00:00.000Z")


def test_a_cancelled_maintenance_is_told_as_cancelled_not_completed() -> None:
    notice = update("m", "2026-11-20T09:00:00.000Z", "scheduled")
    cancel = update("m", "2026-11-21T09:00:00.000Z", "completed", "Cancelled: we found another way.")
    before = site(maintenances=[maintenance("m", "scheduled", notice)])
    after = site(maintenances=[maintenance("m", "completed", cancel, notice)], cancelled=["m"])
    assert kinds(changes(before, after)) == [("maintenance.cancelled", "m", cancel["id"])]
    assert changes(after, after) == []
    told = message(changes(before, after)[0])
    assert told.title.startswith("Maintenance cancelled:") and "Status: Cancelled" in told.text


def test_the_calendar_names_cancelled_windows() -> None:
    text = "\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//x//y//EN",
        "BEGIN:VEVENT", "UID:kept@status.example.com", "DTSTAMP:20261126T100000Z", "STATUS:CONFIRMED", "END:VEVENT",
        "BEGIN:VEVENT", "UID:a-very-long-maintenance-id-that-folds-over-seventy-five-octets@status.example.com",
        "DTSTAMP:20261126T100000Z", "STATUS:CANCELLED", "END:VEVENT", "END:VCALENDAR", ""])
    assert cancelled_ids("x", text) == {"a-very-long-maintenance-id-that-folds-over-seventy-five-octets"}


def test_webhook_ids_are_stable_and_distinct() -> None:
    before = site([incident("a", "investigating", FIRST)])
    after = site([incident("a", "resolved", RESOLVING, SECOND, FIRST)])
    first, second = changes(before, after), changes(copy.deepcopy(before), copy.deepcopy(after))
    assert [e.webhook_id for e in first] == [e.webhook_id for e in second]
    assert len({e.webhook_id for e in first}) == len(first) == 2
    body = webhook_body(first[1])
    assert set(body) == {"type", "timestamp", "data"} and set(body["data"]) == {"incident", "update"}
    assert body["data"]["update"] == RESOLVING


def test_messages_escape_html_and_say_the_facts() -> None:
    hostile = update("a", "2026-11-26T09:00:00.000Z", "investigating", "<script>alert(1)</script> & more")
    told = message(changes(site(), site([incident("a", "investigating", hostile)]))[0])
    assert "<script>" not in told.html and "&lt;script&gt;" in told.html
    assert "<script>alert(1)</script> & more" in told.text
    assert "Status: Investigating" in told.text and "Affected: Website" in told.text
    assert "26 November 2026, 09:00 GMT" in told.text and LINK.format("a") in told.text


WELSH = (MessageLanguage(Language.load("cy")),)
BOTH = (*WELSH, *ENGLISH)


@settings(max_examples=60, deadline=None)
@given(length=st.integers(min_value=0, max_value=6000), limit=st.integers(min_value=60, max_value=5000),
       languages=st.sampled_from([ENGLISH, WELSH, BOTH]))
def test_a_message_always_fits_its_limit_and_keeps_the_link(length: int, limit: int, languages) -> None:
    long = update("a", "2026-11-26T09:00:00.000Z", "investigating", ("Lorem <ipsum> & dolor " * 300)[:length])
    told = message_in(changes(site(), site([incident("a", "investigating", long)]))[0], languages, limit)
    assert len(told.text) <= limit and LINK.format("a") in told.text
    # HTML goes to email, whose limit is tens of thousands of characters.
    if limit >= 200:
        assert len(told.html) <= limit and LINK.format("a") in told.html



def test_a_text_that_fits_keeps_every_word_even_where_its_html_would_not() -> None:
    words = "Card payments are failing for some people; we are working with our provider."
    short = update("a", "2026-11-26T09:00:00.000Z", "investigating", words)
    whole = message(changes(site(), site([incident("a", "investigating", short)]))[0])
    limit = len(whole.text)
    assert len(whole.html) > limit
    told = message(changes(site(), site([incident("a", "investigating", short)]))[0], limit)
    assert told.text == whole.text and words in told.text
    assert len(told.html) <= limit

ids = st.sampled_from(["a", "b", "c", "m", "n"])
statuses = st.sampled_from(["investigating", "identified", "monitoring", "resolved"])
phases = st.sampled_from(["scheduled", "in_progress", "verifying", "completed"])
times = st.integers(min_value=0, max_value=50).map(lambda m: f"2026-11-26T10:{m:02d}:00.000Z")


@st.composite
def snapshots(draw: st.DrawFn) -> Snapshot:
    reports = {}
    for report_id in draw(st.sets(ids)):
        updates = sorted({draw(times) for _ in range(draw(st.integers(0, 3)))}, reverse=True)
        status = draw(phases if report_id in "mn" else statuses)
        reports[report_id] = (incident if report_id not in "mn" else maintenance)(
            report_id, status, *[update(report_id, at, status) for at in updates])
    incidents = [r for i, r in reports.items() if i not in "mn"]
    maintenances = [r for i, r in reports.items() if i in "mn"]
    return site(incidents, maintenances, draw(st.sets(st.sampled_from(["m", "n"]))))


@settings(max_examples=80, deadline=None)
@given(before=snapshots(), after=snapshots())
def test_announcing_is_idempotent(before: Snapshot, after: Snapshot) -> None:
    """The same site twice is no news, and no change is ever announced twice in one run."""
    assert changes(after, after) == []
    events = changes(before, after)
    assert len({e.webhook_id for e in events}) == len(events)
    assert all(json.loads(json.dumps(webhook_body(e)))["type"] == e.type for e in events)


def test_retry_backs_off_and_stops_at_success() -> None:
    answers, pauses = [False, False, True], []
    assert Retry(attempts=4, delay=0.5, sleep=pauses.append).run(lambda: answers.pop(0))
    assert pauses == [0.5, 1.0] and not answers


def test_a_failed_channel_does_not_stop_the_others() -> None:
    class Fake:
        def __init__(self, name: str, works: bool) -> None:
            self.name, self.works, self.got, self.problem = name, works, [], "it is down"

    down, up = Fake("down", False), Fake("up", True)
    said: list[str] = []

    def send(channel: Fake, item: str) -> bool:
        channel.got.append(item)
        return channel.works

    report = deliver([down, up], ["one", "two"], send, Retry(attempts=2, delay=0, sleep=lambda _: None), said.append)
    assert report.failed == ["down"] and up.got == ["one", "two"] and down.got == ["one", "one"]
    assert any("down: it is down" in line and "2 message(s) not delivered" in line for line in said)


def test_addresses_are_split_and_redacted() -> None:
    assert split_urls(" json://a/ ,mailto://b@c\nslack://t ") == ["json://a/", "mailto://b@c", "slack://t"]
    assert split_urls("json://a/,mailtos://u:p@mail.example.com?to=x@example.com,y@example.com, slack://t,") == [
        "json://a/", "mailtos://u:p@mail.example.com?to=x@example.com,y@example.com", "slack://t"]
    assert redacted("https://user:pw@hooks.example.com:8443/T123/secret?token=x") == "https://hooks.example.com:8443/T...3/s...t"
    for url in ("json://hooks.example.com/T0K3NSECRET", "jsons://user:pw@hooks.example.com/a/b?-x=SECRETQ&+H=SECRETH",
                "ntfys://SECRETUSER@ntfy.example.gov.uk/topic", "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ"):
        name = AppriseChannel(url, "test", ENGLISH).name
        assert not any(secret in name for secret in ("T0K3N", "SECRET", "pw", "A1BRTD4JD", "TIiajkdnlazkcOXrIdevi7FQ")), name


def test_a_missing_folder_is_no_previous_site(tmp_path: Path) -> None:
    with pytest.raises(SiteMissing):
        read_site(str(tmp_path / "nowhere"))
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "index.html").write_text("<p>not a status site</p>", encoding="utf-8")
    with pytest.raises(SiteMissing):
        read_site(str(tmp_path / "other"))


def test_announce_options_are_checked(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nplugins:\n  - incidents:\n      announce_attempts: 0\n", encoding="utf-8")
    with pytest.raises(SiteError, match="announce_attempts: .*at least 1"):
        load_site(str(config))


@pytest.mark.parametrize(("environ", "complaint"), [
    ({"INCIDENTS_WEBHOOK_URL": "https://hooks.example.com/x"}, "INCIDENTS_WEBHOOK_SECRET: is empty"),
    ({"INCIDENTS_WEBHOOK_URL": "https://hooks.example.com/x", "INCIDENTS_WEBHOOK_SECRET": "whsec_c2hvcnQ="},
     "INCIDENTS_WEBHOOK_SECRET: the webhook secret is not a Standard Webhooks secret"),
    ({"INCIDENTS_WEBHOOK_URL": "ftp://hooks.example.com/x", "INCIDENTS_WEBHOOK_SECRET": "whsec_" + "A" * 32},
     "INCIDENTS_WEBHOOK_URL: is not an http(s) URL"),
    ({"INCIDENTS_ANNOUNCE_URLS": "json://ok.example.com/ nonsense://SECRET-9"},
     "INCIDENTS_ANNOUNCE_URLS (URL 2): 'nonsense://...' is not an Apprise URL"),
])
def test_unusable_channels_are_refused_without_showing_secrets(environ: dict[str, str], complaint: str) -> None:
    from incident_reports.cli.announce_command import configured_channels

    options = load_site(str(Path(__file__).resolve().parents[1] / "mkdocs.public.yml")).options
    with pytest.raises(SiteError) as refused:
        configured_channels(options, environ, ENGLISH)
    assert complaint in str(refused.value) and "SECRET-9" not in str(refused.value)


def test_options_may_name_other_variables(tmp_path: Path) -> None:
    from incident_reports.cli.announce_command import configured_channels

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nplugins:\n  - incidents:\n      audience: public\n"
                      "      announce_urls_env: TEAM_CHANNELS\n", encoding="utf-8")
    options = load_site(str(config)).options
    channels = configured_channels(options, {"TEAM_CHANNELS": "json://a.example.com/ json://b.example.com/",
                                             "INCIDENTS_ANNOUNCE_URLS": "json://ignored.example.com/"}, ENGLISH)
    assert [channel.name for channel in channels] == ["json://a.example.com/", "json://b.example.com/"]


def test_an_old_report_back_in_a_full_list_is_no_news() -> None:
    def old(number: int) -> dict:
        return incident(f"i{number:02d}", "resolved", update(f"i{number:02d}", f"2026-01-{number:02d}T09:00:00.000Z", "resolved"),
                        started_at=f"2026-01-{number:02d}T08:00:00.000Z")

    listed = [old(number) for number in range(2, 52)]  # 50 incidents: the list is full
    before = site(listed)
    # One was made internal, so the next older one came back into the full list; and one new incident.
    fresh = incident("new", "investigating", update("new", "2026-11-26T09:00:00.000Z", "investigating"),
                     started_at="2026-11-26T08:50:00.000Z")
    after = site([fresh] + listed[1:] + [old(1)])
    assert kinds(changes(before, after)) == [("incident.created", "new", "new-2026-11-26T09:00:00.000Z")]


@pytest.mark.parametrize("listing", ['{"incidents": {}}', '{"incidents": [1]}', '{"incidents": [{"name": "x"}]}',
                                     '{"incidents": [{"id": "a", "incident_updates": [{"body": "x"}]}]}', '[]'])
def test_an_api_file_of_the_wrong_shape_is_unreadable(tmp_path: Path, listing: str) -> None:
    api = tmp_path / "api" / "v2"
    api.mkdir(parents=True)
    (api / "incidents.json").write_text(listing, encoding="utf-8")
    (api / "scheduled-maintenances.json").write_text('{"scheduled_maintenances": []}', encoding="utf-8")
    with pytest.raises(SiteUnreadable):
        read_site(str(tmp_path))


# --- Either id, and history that is no news ------------------------------------------------------------------


def reidentified(item: dict, new_id: str) -> dict:
    """The same incident published under another API id (its Statuspage id), its page (shortlink) unchanged."""
    return {**item, "id": new_id, "incident_updates": [{**u, "incident_id": new_id} for u in item["incident_updates"]]}


def test_an_incident_whose_api_id_changed_is_found_by_its_report_id() -> None:
    live = incident("2026-11-26-payments", "identified", SECOND, FIRST)
    assert changes(site([live]), site([reidentified(live, "p4gkz1b9r3nd")])) == []
    # And back: the report id is the API id again.
    assert changes(site([reidentified(live, "p4gkz1b9r3nd")]), site([live])) == []
    # What is new about it is still news, under its new id.
    later = update("2026-11-26-payments", "2026-11-26T10:00:00.000Z", "monitoring")
    moved = reidentified(incident("2026-11-26-payments", "monitoring", later, SECOND, FIRST), "p4gkz1b9r3nd")
    assert kinds(changes(site([live]), site([moved]))) == [("incident.updated", "p4gkz1b9r3nd", later["id"])]


def test_an_incident_new_to_the_site_that_was_resolved_before_the_previous_build_is_no_news() -> None:
    old = incident("old", "resolved", update("old", "2026-11-26T09:00:00.000Z", "resolved"),
                   resolved_at="2026-11-26T09:00:00.000Z")
    fresh = incident("fresh", "resolved", update("fresh", "2026-11-26T10:45:00.000Z", "resolved"),
                     resolved_at="2026-11-26T10:45:00.000Z")
    before = site(built="2026-11-26T10:30:00Z")
    assert kinds(changes(before, site([old, fresh]))) == [("incident.created", "fresh", fresh["incident_updates"][0]["id"])]
    # A site that does not say when it was built: its newest time (10:00) is the most that is known.
    assert kinds(changes(site(), site([old, fresh]))) == [("incident.created", "fresh", fresh["incident_updates"][0]["id"])]
    # Unresolved, it is news however old it is.
    live = incident("live", "investigating", update("live", "2026-11-20T09:00:00.000Z", "investigating"))
    assert kinds(changes(before, site([live]))) == [("incident.created", "live", "live-2026-11-20T09:00:00.000Z")]


def test_a_back_dated_update_to_a_live_incident_is_news() -> None:
    before = site([incident("a", "identified", SECOND, FIRST)], built="2026-11-26T10:30:00Z")
    back_dated = update("a", "2026-11-26T09:10:00.000Z", "identified", "Written up late: what we knew at 09:10.")
    after = site([incident("a", "identified", SECOND, back_dated, FIRST)])
    assert kinds(changes(before, after)) == [("incident.updated", "a", back_dated["id"])]


def test_a_maintenance_new_to_the_site_that_ended_before_the_previous_build_is_no_news() -> None:
    notice = update("m", "2026-11-20T09:00:00.000Z", "scheduled")
    done = {**maintenance("m", "completed", notice), "resolved_at": "2026-11-26T12:00:00.000Z"}
    assert changes(site(built="2026-11-26T12:30:00Z"), site(maintenances=[done])) == []
    assert kinds(changes(site(built="2026-11-26T11:30:00Z"), site(maintenances=[done]))) == [
        ("maintenance.completed", "m", notice["id"])]
    # Cancelled windows are found in the calendar by the report id, whatever the API id.
    cancelled = reidentified(maintenance("m", "completed", notice), "sp-m")
    before = site(maintenances=[maintenance("m", "scheduled", notice)])
    assert kinds(changes(before, site(maintenances=[cancelled], cancelled=["m"]))) == [("maintenance.cancelled", "sp-m", None)]


@settings(max_examples=80, deadline=None)
@given(before=snapshots(), after=snapshots())
def test_new_api_ids_and_a_history_imported_into_a_live_site_send_nothing_old(before: Snapshot, after: Snapshot) -> None:
    """Publishing every incident under a new id is no news; nor is adding a history that ended before the last build."""
    renamed = site([reidentified(i, f"sp-{i['id']}") for i in after.incidents.values()],
                   [reidentified(m, f"sp-{m['id']}") for m in after.maintenances.values()], after.cancelled)
    assert changes(after, renamed) == [] and changes(renamed, after) == []
    history = [incident(f"h{n}", "resolved", update(f"h{n}", f"2026-11-2{n}T09:00:00.000Z", "resolved"),
                        resolved_at=f"2026-11-2{n}T09:00:00.000Z") for n in range(5)]
    imported = site([*history, *after.incidents.values()], after.maintenances.values(), after.cancelled)
    assert changes(after, imported) == []
    # Whatever else changed is still announced, and only that.
    assert changes(before, imported) == changes(before, after)


# --- Languages ---------------------------------------------------------------------------------------------


def test_a_welsh_site_announces_in_welsh_with_welsh_dates() -> None:
    [event] = changes(site(), site([incident("a", "identified", SECOND, FIRST)]))
    told = message_in(event, WELSH)
    assert told.title == "Digwyddiad newydd: Title of a"
    assert told.text == ("Statws: Wedi'i nodi\nYn effeithio ar: Website\n\nWords.\n\nPostiwyd 26 Tachwedd 2026, 09:30 GMT\n"
                         f"Manylion llawn: {LINK.format('a')}")
    assert told.html.startswith('<div lang="cy"><ul><li><strong>Statws:</strong>')
    notice = update("m", "2026-11-20T09:00:00.000Z", "scheduled")
    [scheduled] = changes(site(), site(maintenances=[maintenance("m", "scheduled", notice)]))
    assert "Pryd: 26 Tachwedd 2026, 10:00 GMT i 26 Tachwedd 2026, 12:00 GMT" in message_in(scheduled, WELSH).text
    whole = incident("w", "investigating", update("w", "2026-11-26T09:00:00.000Z", "investigating"), components=[])
    assert "Yn effeithio ar: y gwasanaeth cyfan" in message_in(changes(site(), site([whole]))[0], WELSH).text


def test_both_languages_in_one_message_welsh_first() -> None:
    [event] = changes(site([incident("a", "investigating", FIRST)]),
                      site([incident("a", "resolved", RESOLVING, FIRST, resolved_at="2026-11-26T10:00:00.000Z")]))
    told = message_in(event, BOTH)
    assert told.title == "Wedi'i ddatrys / Resolved: Title of a"
    welsh, english = told.text.split("\n\n---\n\n")
    assert welsh == message_in(event, WELSH).text and english == message(event).text
    assert told.html == message_in(event, WELSH).html + "<hr>" + message(event).html
    # Cut to a limit, both keep the link, and the update's words are cut alike in each.
    long = update("a", "2026-11-26T10:00:00.000Z", "resolved", "All fixed now. " * 100)
    [event] = changes(site([incident("a", "investigating", FIRST)]), site([incident("a", "resolved", long, FIRST)]))
    short = message_in(event, BOTH, 900)
    welsh, english = short.text.split("\n\n---\n\n")
    assert len(short.text) <= 900 and LINK.format("a") in welsh and LINK.format("a") in english
    assert "wedi'i dorri'n fyr: darllenwch y diweddariad llawn drwy'r ddolen isod" in welsh
    assert "cut short: read the full update at the link below" in english
    assert welsh.count("All fixed now.") == english.count("All fixed now.")


def test_the_test_message_speaks_each_language() -> None:
    from incident_reports.announce.messages import trial_message

    told = trial_message({"name": "Example status", "url": "https://status.example.com/"}, BOTH)
    assert told.title == "Prawf: cyhoeddiadau gan Example status / Test: announcements from Example status"
    assert told.text.startswith("Prawf o gyhoeddiadau Example status yw hwn.")
    assert "\n\n---\n\nThis is a test of the announcements of Example status." in told.text


@pytest.mark.parametrize(("languages", "complaint"), [("[fr]", "'fr' is not a language the plugin has words for; "
                                                                 "write one of cy, en"), ("cy", "Expected a list")])
def test_announce_languages_are_languages_the_plugin_speaks(tmp_path: Path, languages: str, complaint: str) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: x\nplugins:\n  - incidents:\n      announce_languages: {languages}\n", encoding="utf-8")
    with pytest.raises(SiteError, match="announce_languages") as refused:
        load_site(str(config))
    assert complaint in str(refused.value)
