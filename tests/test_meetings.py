"""Every meeting of the samples, read back from their plans and calendars (en and ru):
title, date, length and who is invited (generator.documents.meetings)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import icalendar
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from generator.documents import ics, plan
from generator.documents.meetings import client_schedule, onboarding_warnings, topics
from generator.documents.plan import GROUPS
from generator.documents.schedule_text import CADENCE_LABELS, duration_text, topic_text
from generator.i18n import Language, Languages
from generator.loader import load_client
from generator.model import Client
from generator.resources import shipped
from tests.conftest import DATA, SAMPLES

LOCALES = (shipped("locales"),)
TEMPLATE = shipped("templates") / "engagement_plan.docx"
D = date

KESTONBURY_TEAM = {
    "monthly": ["tom.okafor", "priya.raman", "fiona.gallagher"],
    "onboarding": ["tom.okafor", "priya.raman", "fiona.gallagher", "support"],
    "quarterly": ["tom.okafor", "priya.raman", "daniel.hughes", "fiona.gallagher", "support"],
    "annual": ["helena.marsh", "tom.okafor", "priya.raman", "daniel.hughes", "oliver.brennan",
               "fiona.gallagher", "support", "catherine.doyle"],
}
CADDO_TEAM = {
    "monthly": ["mbell", "jtran", "kosei", "abrandt", "nqureshi"],
    "hipaa": ["rvillarreal", "mbell", "jtran", "kosei", "abrandt", "nqureshi", "bcastellano"],
    "quarterly": ["rvillarreal", "mbell", "jtran", "kosei", "ap", "abrandt", "tholloway",
                  "nqureshi", "bcastellano", "help"],
}
CADDO_TEAM["annual"] = [*CADDO_TEAM["quarterly"], "gwhitaker"]
KMZ_TEAM = {
    "monthly": ["e.sokolova", "i.belsky", "m.levchenko"],
    "onboarding": ["e.sokolova", "i.belsky", "v.tarasov", "m.levchenko"],
    "quarterly": ["e.sokolova", "i.belsky", "s.melnikov", "m.levchenko", "p.zuev"],
    "annual": ["a.gromov", "e.sokolova", "i.belsky", "s.melnikov", "d.orlov", "m.levchenko",
               "p.zuev", "a.kravtsova"],
}
KMZ_TEAM["first"] = ["e.sokolova", "i.belsky", "v.tarasov", "s.melnikov", "m.levchenko",
                     "p.zuev"]

# (date, kind, minutes, who is invited: the local part of each address), checked by hand
# against seed 000's recommended attendees and each file's roles and lengths.
EXPECTED = {
    "kestonbury-print": [
        (D(2026, 7, 14), "monthly", 60, KESTONBURY_TEAM["onboarding"]),
        (D(2026, 8, 11), "monthly", 60, KESTONBURY_TEAM["onboarding"]),
        (D(2026, 9, 8), "monthly", 60, KESTONBURY_TEAM["onboarding"]),
        (D(2026, 10, 13), "quarterly", 90, KESTONBURY_TEAM["quarterly"]),
        (D(2026, 10, 14), "session", 240, KESTONBURY_TEAM["onboarding"]),
        (D(2026, 11, 10), "monthly", 30, KESTONBURY_TEAM["monthly"]),
        (D(2026, 12, 8), "monthly", 30, KESTONBURY_TEAM["monthly"]),
        (D(2027, 1, 12), "quarterly", 90, KESTONBURY_TEAM["quarterly"]),
        (D(2027, 2, 9), "monthly", 30, KESTONBURY_TEAM["monthly"]),
        (D(2027, 3, 9), "monthly", 30, KESTONBURY_TEAM["monthly"]),
        (D(2027, 4, 13), "quarterly", 90, KESTONBURY_TEAM["quarterly"]),
        (D(2027, 5, 11), "monthly", 30, KESTONBURY_TEAM["monthly"]),
        (D(2027, 6, 8), "annual", 120, KESTONBURY_TEAM["annual"]),
    ],
    "caddo-ridge-dental": [
        (D(2026, 8, 28), "monthly", 30, CADDO_TEAM["monthly"]),  # 27 Aug: LBJ Day in Texas
        (D(2026, 9, 24), "monthly", 30, CADDO_TEAM["monthly"]),
        (D(2026, 10, 29), "quarterly", 90, CADDO_TEAM["quarterly"]),
        (D(2026, 11, 30), "monthly", 30, CADDO_TEAM["monthly"]),  # after Thanksgiving
        (D(2026, 12, 31), "monthly", 30, CADDO_TEAM["monthly"]),
        (D(2027, 1, 28), "quarterly", 90, CADDO_TEAM["quarterly"]),
        # the HIPAA analysis (annual, re-timed to February) joins the pulse check: no
        # second annual review, and the meeting lasts as long as the analysis
        (D(2027, 2, 25), "monthly", 90, CADDO_TEAM["hipaa"]),
        (D(2027, 3, 25), "monthly", 30, CADDO_TEAM["monthly"]),
        (D(2027, 4, 29), "quarterly", 90, CADDO_TEAM["quarterly"]),
        (D(2027, 5, 27), "monthly", 30, CADDO_TEAM["monthly"]),
        (D(2027, 6, 24), "monthly", 30, CADDO_TEAM["monthly"]),
        (D(2027, 7, 29), "annual", 120, CADDO_TEAM["annual"]),
    ],
    "kamnegrad-mashzavod": [
        (D(2027, 1, 11), "quarterly", 120, KMZ_TEAM["first"]),  # after the New Year holidays
        (D(2027, 2, 1), "monthly", 60, KMZ_TEAM["onboarding"]),
        (D(2027, 3, 1), "monthly", 45, KMZ_TEAM["monthly"]),
        (D(2027, 4, 1), "quarterly", 120, KMZ_TEAM["quarterly"]),
        (D(2027, 5, 4), "monthly", 45, KMZ_TEAM["monthly"]),
        (D(2027, 6, 1), "monthly", 45, KMZ_TEAM["monthly"]),
        (D(2027, 7, 1), "quarterly", 120, KMZ_TEAM["quarterly"]),
        (D(2027, 8, 2), "monthly", 45, KMZ_TEAM["monthly"]),
        (D(2027, 9, 1), "monthly", 45, KMZ_TEAM["monthly"]),
        (D(2027, 10, 1), "quarterly", 120, KMZ_TEAM["quarterly"]),
        (D(2027, 11, 1), "monthly", 45, KMZ_TEAM["monthly"]),
        (D(2027, 12, 1), "annual", 180, KMZ_TEAM["annual"]),
    ],
}

TITLES = {"en": {"monthly": "Monthly review", "quarterly": "Quarterly review",
                 "annual": "Annual review"},
          "ru": {"monthly": "Ежемесячная встреча", "quarterly": "Квартальный обзор",
                 "annual": "Годовой обзор"}}
SESSION_TITLES = {"en": "Refresher training", "ru": "Повторное обучение"}


def sample(stem: str) -> Client:
    return load_client(next(p for p in SAMPLES if p.stem == stem)).client


def calendar(client: Client, lang: str) -> icalendar.Calendar:
    data = ics.render(client, Languages(lang, LOCALES, client.client.country), None, None)
    return icalendar.Calendar.from_ical(data)


def people(event) -> list[str]:
    found = event.get("attendee", [])
    return [str(a).removeprefix("mailto:") for a in (found if isinstance(found, list)
                                                     else [found])]


# --- the calendars ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("stem", sorted(EXPECTED))
def it_reads_back_every_meeting_from_the_calendar(stem, lang):
    client = sample(stem)
    cal = calendar(client, lang)
    assert [str(z["tzid"]) for z in cal.walk("VTIMEZONE")] == [client.client.timezone]
    events = cal.walk("VEVENT")
    found = [(e.decoded("dtstart").date(), str(e["summary"]),
              e.decoded("dtend") - e.decoded("dtstart"), [p.split("@")[0] for p in people(e)])
             for e in events]
    expected = [(day, f"{client.client.name} – " + (SESSION_TITLES[lang] if kind == "session"
                                                     else TITLES[lang][kind]),
                 timedelta(minutes=minutes), who)
                for day, kind, minutes, who in EXPECTED[stem]]
    assert found == expected
    # one meeting per date, and only the annual review is annual
    assert len({f[0] for f in found}) == len(found)
    assert sum("m12-annual" in str(e["uid"]) for e in events) == 1
    assert all(str(e["organizer"]).endswith(
        next(c.email for c in client.contacts.vendor if c.role == "client_services"))
        for e in events)


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def it_carries_the_quarterly_agenda_into_the_annual_review(stem):
    client = sample(stem)
    schedule = client_schedule(client)
    [annual] = [m for m in schedule.meetings if m.kind == "annual"]
    quarterly = {t.id for t in topics(client) if t.cadence == "quarterly"}
    annual_items = {t.id for t in topics(client) if t.cadence == "annual" and t.months is None}
    assert quarterly | annual_items <= set(annual.item_ids)
    lang = Language("en", LOCALES)
    description = str(next(e for e in calendar(client, "en").walk("VEVENT")
                           if "annual" in str(e["uid"]))["description"])
    by_id = {t.id: t for t in topics(client)}
    for item in quarterly | annual_items:
        assert f"• {topic_text(by_id[item], 'title', lang)}" in description.split("\n")


# --- the plans -------------------------------------------------------------------------------


def tcs(row) -> list[_Cell]:
    return [_Cell(tc, row.table) for tc in row._tr.tc_lst]


def plan_document(client: Client, lang: str):
    data = plan.render(client, Languages(lang, LOCALES, client.client.country), TEMPLATE, None)
    return Document(io.BytesIO(data))


def table_after(doc, heading: str) -> Table:
    body = list(doc.element.body)
    at = next(i for i, el in enumerate(body)
              if el.tag == qn("w:p") and Paragraph(el, doc).text == heading)
    return Table(next(el for el in body[at:] if el.tag == qn("w:tbl")), doc)


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("stem", sorted(EXPECTED))
def it_reads_back_every_meeting_from_the_plan(stem, lang):
    """From the document alone: each date's rows (the meeting's items, under the group of
    their cadence), who those rows invite, and the meeting's length as the longest of
    its rows' (a row's own, else its group's in the engagement model)."""
    client = sample(stem)
    language = Language(lang, LOCALES, client.client.country)
    g = language.gettext
    doc = plan_document(client, lang)
    model = [[c.text for c in tcs(r)] for r in table_after(doc, g(plan.LABELS["model"])).rows[1:]]
    # the grid, one table per page (each page repeats the header)
    grids = [t for t in doc.tables if tcs(t.rows[0])[0].text == g(plan.LABELS["cadence"])]
    rows, group = [], ""
    for row in (r for grid in grids for r in grid.rows[1:]):
        cells = [c.text for c in tcs(row)]
        group = cells[0] or group
        lines = cells[1].split("\n")
        own = next((line for line in lines[1:] if line.startswith(g("Length: {duration}")
                                                                  .split("{")[0])), None)
        rows.append((group, lines[0], cells[2], own, cells[3:]))
    groups = list(dict.fromkeys(r[0] for r in rows))
    lengths = {label: model[i][2] for i, label in enumerate(groups)}  # model follows the grid
    schedule = client_schedule(client)
    by_id = {t.id: t for t in topics(client)}
    assert [(m.date, m.kind, m.duration_minutes) for m in schedule.meetings] == [
        (day, kind, minutes) for day, kind, minutes, _ in EXPECTED[stem]]
    for meeting in schedule.meetings:
        cell = language.day_month(meeting.date)
        held = [r for r in rows if cell in r[4][meeting.plan_month - 1].split("\n")]
        items = sorted(zip(meeting.item_ids, meeting.cadences, strict=True),
                       key=lambda ic: GROUPS.index(ic[1]))  # the grid goes group by group
        assert [(r[0], r[1]) for r in held] == [
            (g(CADENCE_LABELS[c]), topic_text(by_id[i], "title", language)) for i, c in items]
        longest = max(
            (own.split(": ", 1)[1] if own else lengths[grp] for grp, _, _, own, _ in held),
            key=lambda text: _minutes(text, language))
        assert longest == duration_text(meeting.duration_minutes, language)
        for (_, _, invited, _, _), (item, _) in zip(held, items, strict=True):
            topic = by_id[item]
            for side, label in (("client", g("Client")), ("vendor", g("Vendor"))):
                words = topic_text(topic, f"attendees_{side}", language) or ", ".join(
                    g(plan_role) for plan_role in _role_labels(topic.roles(side), side))
                assert f"{label}: {words}" in invited.split("\n")


def _role_labels(roles, side):
    from generator.agenda import ATTENDEE_LABELS

    return [ATTENDEE_LABELS[side][r] for r in roles]


def _minutes(text: str, lang: Language) -> int:
    for minutes in range(15, 481):
        if duration_text(minutes, lang) == text:
            return minutes
    raise AssertionError(text)


# --- the onboarding window -------------------------------------------------------------------


def it_warns_of_an_onboarding_item_re_timed_outside_the_window_naming_its_path(minimal_data):
    # go-live 2026-03-01, plan from April 2026: the March slot counts, so onboarding
    # covers April and May
    minimal_data["engagement"]["agenda"] = {"items": [
        {"id": "general-review", "title": "Call"},
        {"id": "refresher-training", "months": [2, 9]},
        {"id": "workshop", "cadence": "one-off", "title": "Workshop", "months": [10]},
    ]}
    client = Client.model_validate(minimal_data)
    assert onboarding_warnings(client, "acme.json") == [
        'acme.json: engagement.agenda.items[1].months: "refresher-training" is an onboarding '
        "item, but 2026-12 lies outside the onboarding months after go-live (2026-04 to "
        "2026-05); it is listed with the one-off sessions (give it \"cadence\": \"one-off\" "
        "to say so)"]
    minimal_data["engagement"]["agenda"]["items"][1] = {"id": "refresher-training",
                                                       "dates": ["2026-05-20", "2027-01-05"]}
    [warning] = onboarding_warnings(Client.model_validate(minimal_data), "acme.json")
    assert warning.startswith("acme.json: engagement.agenda.items[1].dates: ")
    assert "2027-01 lies outside" in warning


def it_warns_on_the_command_line_and_still_writes_the_plan(tmp_path, minimal_data,
                                                          write_client):
    from click.testing import CliRunner

    from generator.cli import cli

    minimal_data["engagement"]["agenda"] = {"items": [{"id": "refresher-training",
                                                       "months": [9]}]}
    source = write_client(minimal_data)
    for args in (["plan", str(source), "--out", str(tmp_path / "out")],
                 ["validate", str(source)]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.stderr
        assert (f'warning: {source}: engagement.agenda.items[0].months: "refresher-training" '
                "is an onboarding item, but 2026-12 lies outside") in result.stderr
    assert (tmp_path / "out").rglob("*.docx")


def it_does_not_warn_of_the_samples():
    for path in SAMPLES:
        assert onboarding_warnings(load_client(path).client, str(path)) == []


def it_refuses_two_ways_of_giving_lengths():
    import json

    from pydantic import ValidationError

    data = json.loads((DATA / "minimal.json").read_text(encoding="utf-8"))
    data["engagement"].update(duration_minutes=45, durations={"monthly": 30})
    with pytest.raises(ValidationError, match="either duration_minutes"):
        Client.model_validate(data)
    del data["engagement"]["durations"]
    client = Client.model_validate(data)
    assert {m.duration_minutes for m in client_schedule(client).meetings} == {45}
