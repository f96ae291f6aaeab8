"""The calendar export (generator.documents.ics and generator.render.ics.calendar)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from generator.documents import KINDS, ics
from generator.documents.meetings import client_schedule, topics
from generator.documents.schedule_text import topic_text
from generator.i18n import Language, Languages
from generator.loader import load_client
from generator.model import Client
from generator.resources import shipped
from tests.conftest import DATA, SAMPLES

LOCALES = (shipped("locales"),)


def render(client: Client, lang: str = "en") -> bytes:
    return ics.render(client, Languages(lang, LOCALES, client.client.country), None, None)


def events(data: bytes) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(data).walk("VEVENT")


def base_data() -> dict:
    return json.loads((DATA / "minimal.json").read_text(encoding="utf-8"))


def address(value) -> str:
    return str(value).removeprefix("mailto:")


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_one_event_per_meeting_at_its_time_in_the_client_zone(path):
    client = load_client(path).client
    schedule = client_schedule(client)
    found = events(render(client))
    assert len(found) == len(schedule.meetings) > 0
    zone = ZoneInfo(client.client.timezone)
    for event, meeting in zip(found, schedule.meetings, strict=True):
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert start == meeting.start and end == meeting.end
        assert start.utcoffset() == meeting.start.astimezone(zone).utcoffset()
        assert (start.hour, start.minute) == (client.engagement.meeting_time.hour,
                                              client.engagement.meeting_time.minute)
        assert event["dtstart"].params["TZID"] == client.client.timezone
    calendar = icalendar.Calendar.from_ical(render(client))
    zones = calendar.walk("VTIMEZONE")
    assert [z["tzid"] for z in zones] == [client.client.timezone]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_description_lists_every_agenda_title_of_the_meeting(path):
    client = load_client(path).client
    lang = Language(client.client.language, LOCALES, client.client.country)
    by_id = {t.id: t for t in topics(client)}
    schedule = client_schedule(client)
    for event, meeting in zip(events(render(client, lang.code)), schedule.meetings, strict=True):
        lines = str(event["description"]).split("\n")
        assert lines[0] == lang.gettext("Agenda:")
        titles = [topic_text(by_id[i], "title", lang) for i in meeting.item_ids]
        assert lines[1:] == [f"• {t}" for t in dict.fromkeys(titles)]  # each title once


def test_summary_names_client_and_meeting_kind_in_the_language():
    client = load_client(next(p for p in SAMPLES if p.stem == "kestonbury-print")).client
    en = [str(e["summary"]) for e in events(render(client, "en"))]
    ru = [str(e["summary"]) for e in events(render(client, "ru"))]
    assert en[0] == "Kestonbury Print Management Ltd – Monthly review"
    assert "Kestonbury Print Management Ltd – Quarterly review" in en
    assert en[-1] == "Kestonbury Print Management Ltd – Annual review"
    assert ru[0] == "Kestonbury Print Management Ltd – Ежемесячная встреча"
    assert ru[-1] == "Kestonbury Print Management Ltd – Годовой обзор"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_each_meeting_invites_the_contacts_of_the_roles_its_items_invite(path):
    client = load_client(path).client
    by_id = {t.id: t for t in topics(client)}
    services = next(c for c in client.contacts.vendor if c.role == "client_services")
    schedule = client_schedule(client)
    for event, meeting in zip(events(render(client)), schedule.meetings, strict=True):
        roles = {side: {r for i in meeting.item_ids for r in by_id[i].roles(side)}
                 for side in ("client", "vendor")}
        expected = [c.email for side in ("client", "vendor")
                    for c in getattr(client.contacts, side) if c.role in roles[side] and c.email]
        attendees = event["attendee"]
        attendees = attendees if isinstance(attendees, list) else [attendees]
        assert [address(a) for a in attendees] == list(dict.fromkeys(expected))
        assert address(event["organizer"]) == services.email
        assert event["organizer"].params["CN"] == services.name


def test_monthly_reviews_no_longer_invite_the_sponsor_or_accounts_payable():
    client = load_client(next(p for p in SAMPLES if p.stem == "kestonbury-print")).client
    for event in events(render(client)):
        if str(event["summary"]).endswith("Monthly review"):
            people = {address(a) for a in event["attendee"]}
            assert "helena.marsh@kestonbury.example" not in people
            assert "accounts.payable@kestonbury.example" not in people
            assert "tom.okafor@kestonbury.example" in people


def test_no_organizer_without_a_client_services_email():
    data = base_data()
    data["contacts"]["vendor"] = [{"role": "client_services", "name": "No Mail"}]
    found = events(render(Client.model_validate(data)))
    assert found and all("organizer" not in e for e in found)


def test_same_file_same_bytes_and_stable_uids():
    client = load_client(SAMPLES[0]).client
    first, second = render(client), render(client)
    assert first == second
    uids = [str(e["uid"]) for e in events(first)]
    assert len(set(uids)) == len(uids)
    for event in events(first):
        assert event.decoded("dtstamp") == datetime(
            *client.engagement.plan_start.timetuple()[:3], tzinfo=UTC)
        assert event["sequence"] == 0


def test_uid_follows_plan_month_and_kind_not_the_date():
    data = base_data()
    data["engagement"] = {"plan_start": "2027-01-01", "meeting_rule": "second tuesday"}
    before = Client.model_validate(data)
    data["engagement"]["meeting_rule"] = "last thursday"
    after = Client.model_validate(data)
    old, new = events(render(before)), events(render(after))
    assert [str(e["uid"]) for e in old] == [str(e["uid"]) for e in new]
    assert [e.decoded("dtstart") for e in old] != [e.decoded("dtstart") for e in new]
    assert str(old[0]["uid"]) == "example-client-ltd-2027-m01-monthly@docgen"
    assert str(old[2]["uid"]) == "example-client-ltd-2027-m03-quarterly@docgen"
    assert str(old[-1]["uid"]) == "example-client-ltd-2027-m12-annual@docgen"


def test_second_meeting_of_a_kind_in_a_month_gets_its_own_uid():
    data = base_data()
    data["engagement"]["agenda"] = {"items": [
        {"id": "workshop", "cadence": "monthly", "title": "Workshop", "dates": ["2026-04-23"]}]}
    found = events(render(Client.model_validate(data)))
    april = [str(e["uid"]) for e in found if e.decoded("dtstart").month == 4]
    assert april == ["example-client-ltd-2026-m01-monthly@docgen",
                     "example-client-ltd-2026-m01-monthly-2@docgen"]


def test_user_text_round_trips():
    nasty = "A&B <Ltd> \"quoted\" 'single', semi; {{ 7*7 }} 🚀 Ёжик"
    data = base_data()
    data["client"]["name"] = nasty
    data["contacts"]["client"][0].update(name="O'Brien \"Bob\", Jr; <x>", role="super_user")
    data["engagement"]["location"] = "Room <1>, floor 2; 🚀"
    data["engagement"]["agenda"] = {"items": [{"id": "general-review", "title": nasty}]}
    found = events(render(Client.model_validate(data)))
    assert str(found[0]["summary"]).startswith(nasty + " – ")
    assert f"• {nasty}" in str(found[0]["description"])
    assert str(found[0]["location"]) == "Room <1>, floor 2; 🚀"
    names = {a.params["CN"] for a in found[0]["attendee"]}
    assert "O'Brien \"Bob\", Jr; <x>" in names


def test_utc_client_needs_no_time_zone_block():
    data = base_data()
    data["client"]["timezone"] = "UTC"
    text = render(Client.model_validate(data))
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar.walk("VTIMEZONE") == []
    assert events(text)[0].decoded("dtstart").utcoffset().total_seconds() == 0


def test_filename_has_the_plan_year_and_the_language():
    client = load_client(next(p for p in SAMPLES if p.stem == "kamnegrad-mashzavod")).client
    assert KINDS["ics"].filename(client, "ru", None) == "engagement-plan_2027_ru.ics"
    assert KINDS["ics"].filename(client, "en", None) == "engagement-plan_2027_en.ics"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_uids_are_the_same_in_every_language_and_run(path):
    client = load_client(path).client
    en, ru = events(render(client, "en")), events(render(client, "ru"))
    assert [str(e["uid"]) for e in en] == [str(e["uid"]) for e in ru]
    assert [str(e["uid"]) for e in en] == [str(e["uid"]) for e in events(render(client, "en"))]
    if client.client.language == "en":
        assert [str(e["summary"]) for e in en] != [str(e["summary"]) for e in ru]


def test_a_plan_without_meetings_still_gives_a_valid_calendar():
    from generator.agenda import DEFAULT_IDS

    data = base_data()
    data["client"]["timezone"] = "UTC"
    data["engagement"]["agenda"] = {"drop": sorted(DEFAULT_IDS)}
    text = render(Client.model_validate(data))
    calendar = icalendar.Calendar.from_ical(text)
    assert events(text) == []
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["UTC"]
    assert text.startswith(b"BEGIN:VCALENDAR") and text.rstrip().endswith(b"END:VCALENDAR")


def test_lines_are_folded_as_icalendar_folds_them():
    """docgen writes the calendar's lines itself, folded in slices: the same bytes as
    ``icalendar``'s own ``to_ical`` (long descriptions, Cyrillic, escapes at the fold)."""
    import random

    from generator.render.ics import calendar as ics_calendar

    foldline = getattr(icalendar.parser.string, "_foldline", None)
    if foldline is not None:
        chooser = random.Random(16)
        for length in range(0, 240):
            for pool in ("ab\\^ ", "ab c\\^;,дж漢😀é"):
                line = "".join(chooser.choice(pool) for _ in range(length))
                assert ics_calendar.fold(line) == foldline(line)
    written = []
    original = ics_calendar.fold
    for path in SAMPLES:
        loaded = load_client(path)
        try:
            ics_calendar.fold = lambda line: written.append(line) or original(line)
            data = render(loaded.client)
        finally:
            ics_calendar.fold = original
        assert data == icalendar.Calendar.from_ical(data).to_ical()
    assert any(len(line.encode()) > 150 for line in written)  # folded more than once
