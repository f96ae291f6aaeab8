"""The engagement plan (generator.documents.plan), read back from the written .docx."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.table import Table, _Cell

from generator.agenda import PURPOSES
from generator.documents import KINDS, plan
from generator.documents.meetings import client_schedule, topics
from generator.documents.schedule_text import CADENCE_LABELS, MEETING_KINDS, topic_text
from generator.i18n import Language, Languages
from generator.loader import load_client
from generator.model import Client
from generator.render.docx.template import undeclared_variables
from generator.resources import shipped
from generator.schedule import CADENCES, ONE_OFF
from tests.conftest import DATA, SAMPLES, need_tool
from tests.test_schedule import RU_2027_DAYS_OFF, SECOND_TUESDAYS_RU_2027

TEMPLATE = shipped("templates") / KINDS["plan"].template
LOCALES = (shipped("locales"),)
NASTY = "A&B <Ltd> \"quoted\" 'single' {{ 7*7 }} {% if x %} 🚀 Ёжик"


def language(code: str, client: Client) -> Language:
    return Language(code, LOCALES, client.client.country)


def render(client: Client, lang: str) -> bytes:
    return plan.render(client, Languages(lang, LOCALES, client.client.country), TEMPLATE, None)


def document(client: Client, lang: str):
    return Document(io.BytesIO(render(client, lang)))


def sample(name: str) -> Client:
    return load_client(next(p for p in SAMPLES if p.stem == name)).client


def base_data() -> dict:
    return json.loads((DATA / "minimal.json").read_text(encoding="utf-8"))


def russian_2027(**engagement) -> Client:
    """A Russian client, plan year 2027, second Tuesday, the default agenda, no go-live."""
    data = base_data()
    data["client"].update(country="RU", language="ru", currency="RUB", timezone="Europe/Moscow")
    data["contract"]["go_live"] = None
    data["engagement"] = {"plan_start": "2027-01-01", "meeting_rule": "second tuesday",
                          **engagement}
    return Client.model_validate(data)


def cell_text(cell: _Cell) -> str:
    return cell.text


def tcs(row) -> list[_Cell]:
    """The row's cells as written (a vertically merged cell is its own cell here)."""
    return [_Cell(tc, row.table) for tc in row._tr.tc_lst]


class Grid:
    """The meeting grid, one table per page (docgen cuts it into pages): the first page's
    header row, then every page's body rows; ``page_starts`` are the rows that begin a
    page after the first."""

    def __init__(self, tables: list[Table]):
        self.tables = tables
        self.rows = [tables[0].rows[0]] + [r for t in tables for r in t.rows[1:]]
        self._tbl = tables[0]._tbl
        starts, at = [], 1
        for t in tables:
            if at > 1:
                starts.append(at)
            at += len(t.rows) - 1
        self.page_starts = starts


def grid(doc, lang: Language) -> Grid:
    cadence = lang.gettext(plan.LABELS["cadence"])
    found = [t for t in doc.tables if t.rows and tcs(t.rows[0])[0].text == cadence]
    assert found
    return Grid(found)


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in tcs(row))
    for section in doc.sections:
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


GROUPS = (*CADENCES, ONE_OFF)


def expected_rows(client: Client, lang: Language) -> list[tuple[str, list[str]]]:
    """(agenda title, twelve month cells) in grid order, straight from the schedule:
    cadence by cadence (an item's cadence at each meeting: onboarding items outside the
    onboarding months are one-off), items in agenda order, items without a meeting left
    out."""
    schedule = client_schedule(client)
    days: dict[tuple[str, str], list[list[date]]] = {}
    for meeting in schedule.meetings:
        for item, cadence in zip(meeting.item_ids, meeting.cadences, strict=True):
            days.setdefault((item, cadence), [[] for _ in range(12)])[
                meeting.plan_month - 1].append(meeting.date)
    return [
        (topic_text(t, "title", lang),
         ["\n".join(lang.day_month(d) for d in sorted(month)) for month in days[t.id, group]])
        for group in GROUPS for t in topics(client) if (t.id, group) in days
    ]


def grid_rows(table: Table) -> list[list[str]]:
    return [[c.text for c in tcs(row)] for row in table.rows[1:]]


# --- the template --------------------------------------------------------------------------


def test_template_uses_only_names_the_view_has():
    fields = set(plan.PlanView.__dataclass_fields__)
    assert undeclared_variables(TEMPLATE) <= fields


def test_every_tag_in_the_template_sits_in_one_run():
    xml = Document(TEMPLATE).element.xml
    for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
        runs = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph)
        for text in runs:
            assert text.count("{{") == text.count("}}"), text
            assert text.count("{%") == text.count("%}"), text


# --- the grid ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_grid_cells_equal_the_schedule(path, lang):
    client = load_client(path).client
    language_ = language(lang, client)
    table = grid(document(client, lang), language_)
    header = tcs(table.rows[0])
    assert len(header) == 3 + 12
    rows = grid_rows(table)
    assert all(len(row) == 15 for row in rows)
    assert [(row[1].split("\n")[0], row[3:]) for row in rows] == expected_rows(client, language_)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_date_is_in_its_cell_and_nowhere_else(path):
    client = load_client(path).client
    lang = language("en", client)
    doc = document(client, "en")
    table = grid(doc, lang)
    schedule = client_schedule(client)
    placed = [(m.date, item) for m in schedule.meetings for item in m.item_ids]
    in_cells = [d for row in grid_rows(table) for cell in row[3:] for d in cell.split("\n") if d]
    assert len(in_cells) == len(placed)
    dates = {lang.day_month(m.date) for m in schedule.meetings}
    assert set(in_cells) == dates
    # no date text outside the month cells of the grid
    outside = [c for row in grid_rows(table) for c in row[:3]]
    outside += [p.text for p in doc.paragraphs]
    for text in outside:
        for day in dates:
            assert not re.search(rf"(?<!\d){re.escape(day)}(?!\w)", text), (day, text)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_month_headings_are_localized_with_the_year_where_it_changes(lang):
    client = sample("kestonbury-print")  # July 2026 - June 2027
    language_ = language(lang, client)
    header = [c.text for c in tcs(grid(document(client, lang), language_).rows[0])][3:]
    names = [language_.month_name(m, "abbreviated") for m in (*range(7, 13), *range(1, 7))]
    assert [h.split("\n")[0] for h in header] == names
    years = [h.split("\n")[1] if "\n" in h else "" for h in header]
    assert years == ["2026", "", "", "", "", "", "2027", "", "", "", "", ""]


def test_rows_grouped_by_cadence_with_the_cadence_cell_merged_down_the_group():
    client = sample("kestonbury-print")
    lang = language("en", client)
    table = grid(document(client, "en"), lang)
    placed = {(i, c) for m in client_schedule(client).meetings
              for i, c in zip(m.item_ids, m.cadences, strict=True)}
    cadences = [c for c in GROUPS for t in topics(client) if (t.id, c) in placed]
    assert len(cadences) == len(table.rows) - 1
    seen = []
    for n, (row, cadence) in enumerate(zip(table.rows[1:], cadences, strict=True), 1):
        first = tcs(row)[0]
        merge = first._tc.tcPr.find(qn("w:vMerge"))
        if n in table.page_starts:  # a group continued on a new page shows its label again
            assert merge.get(qn("w:val")) == "restart"
            assert first.text == lang.gettext(CADENCE_LABELS[cadence])
        if not seen or seen[-1] != cadence:
            assert merge is not None and merge.get(qn("w:val")) == "restart"
            assert first.text == lang.gettext(CADENCE_LABELS[cadence])
            seen.append(cadence)
        elif n not in table.page_starts:
            assert merge is not None and merge.get(qn("w:val")) == "continue"
            assert first.text == ""
    assert seen == [c for c in GROUPS if c in seen]
    assert seen == ["onboarding", "monthly", "quarterly", "annual", "one-off"]


def test_header_row_repeats_and_rows_do_not_split():
    client = sample("kestonbury-print")
    table = grid(document(client, "en"), language("en", client))
    header = table.rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None
    for row in table.rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_grid_sits_in_a_landscape_section_between_portrait_ones():
    client = sample("kestonbury-print")
    doc = document(client, "en")
    orientations = [s.orientation for s in doc.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    landscape = doc.sections[1]
    assert landscape.page_width > landscape.page_height
    body = doc.element.body
    children = list(body)
    breaks = [i for i, el in enumerate(children) if el.find(f".//{qn('w:sectPr')}") is not None]
    for table in grid(doc, language("en", client)).tables:
        assert breaks[0] < children.index(table._tbl) < breaks[1]


def test_grid_columns_fit_the_landscape_page():
    client = sample("kestonbury-print")
    doc = document(client, "en")
    table = grid(doc, language("en", client))
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    section = doc.sections[1]
    usable = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
    assert len(widths) == 15
    assert sum(widths) <= usable
    assert len(set(widths[3:])) == 1  # twelve equal month columns


def test_cells_of_the_written_document_keep_schema_order():
    """Word refuses tcPr children out of order (e.g. vMerge after shading)."""
    order = ["tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark"]
    for path in SAMPLES:
        doc = document(load_client(path).client, "en")
        for tcpr in doc.element.body.iter(qn("w:tcPr")):
            tags = [el.tag.split("}")[1] for el in tcpr]
            assert tags == sorted(tags, key=order.index), tags


def test_hand_checked_russian_2027_schedule_is_in_the_ru_grid():
    client = russian_2027()
    lang = language("ru", client)
    table = grid(document(client, "ru"), lang)
    by_month = [set() for _ in range(12)]
    for row in grid_rows(table):
        for n, cell in enumerate(row[3:]):
            by_month[n] |= {d for d in cell.split("\n") if d}
    assert by_month == [{lang.day_month(d)} for d in SECOND_TUESDAYS_RU_2027]
    days_off = {lang.day_month(d) for d in RU_2027_DAYS_OFF}
    assert not days_off & set().union(*by_month)
    general = next(r for r in grid_rows(table) if r[1].startswith(lang.gettext("General review")))
    assert [bool(c) for c in general[3:]] == [n not in (3, 6, 9, 12) for n in range(1, 13)]


def test_item_meeting_twice_in_a_month_shows_both_dates_in_one_cell():
    client = russian_2027(agenda={"items": [
        {"id": "workshop", "cadence": "monthly", "title": "Workshop",
         "dates": ["2027-03-09", "2027-03-23"]},
    ]})
    lang = language("en", client)
    row = next(r for r in grid_rows(grid(document(client, "en"), lang)) if r[1].startswith("Workshop"))
    assert row[3 + 2] == f"{lang.day_month(date(2027, 3, 9))}\n{lang.day_month(date(2027, 3, 23))}"
    assert [c for i, c in enumerate(row[3:]) if i != 2] == [""] * 11


def test_items_that_never_meet_are_left_out():
    client = russian_2027()  # no go-live: no onboarding
    lang = language("en", client)
    text = all_text(document(client, "en"))
    assert lang.gettext("Premium support") not in text
    assert lang.gettext(CADENCE_LABELS["onboarding"]) not in [
        tcs(r)[0].text for r in grid(document(client, "en"), lang).rows]


# --- title block and contacts ------------------------------------------------------------------


def test_title_block_shows_period_and_version_date_from_the_file():
    client = sample("kestonbury-print")
    doc = document(client, "en")
    text = all_text(doc)
    assert "July 2026 – June 2027" in text
    rows = {tcs(r)[0].text: tcs(r)[1].text for r in doc.tables[0].rows}
    assert rows["Client"] == "Kestonbury Print Management Ltd"
    assert rows["Vendor"] == "Quillmere Software Ltd"
    assert rows["Product"] == "Quillmere Spend Cloud"
    assert rows["Version date"] == "1 July 2026"  # the plan start, not today
    assert rows["Go-live"] == "15 June 2026"


def test_same_file_same_bytes():
    client = sample("kestonbury-print")
    assert render(client, "en") == render(client, "en")
    assert render(client, "ru") == render(client, "ru")


def contacts_table(doc, heading_prefix: str) -> Table:
    body = list(doc.element.body)
    for i, el in enumerate(body):
        if el.tag == qn("w:p") and "".join(el.itertext()).startswith(heading_prefix):
            table = next(e for e in body[i + 1:] if e.tag == qn("w:tbl"))
            return Table(table, doc)
    raise AssertionError(heading_prefix)


def contact_rows(table: Table) -> list[list[str]]:
    return [[c.text for c in tcs(r)] for r in table.rows[1:]]


def test_contacts_follow_the_paper_form_with_empty_rows_for_missing_roles():
    client = sample("kestonbury-print")
    doc = document(client, "en")
    clients = contact_rows(contacts_table(doc, "Client: "))
    assert [r[0] for r in clients] == [
        "Executive sponsor", "Super user", "Super user", "Technical contact", "Invoicing contact",
        "Operations manager"]
    assert clients[0] == ["Executive sponsor", "Helena Marsh\nChief Operating Officer",
                          "+44 20 7946 0312", "helena.marsh@kestonbury.example"]
    vendors = contact_rows(contacts_table(doc, "Vendor: "))
    assert [r[0] for r in vendors] == [
        "Commercial contact", "Client services", "Technical lead", "Invoicing contact",
        "Support", "Leadership team"]
    assert vendors[3] == ["Invoicing contact", "", "", ""]  # to fill in by hand
    # the paper form's empty row, without an instruction to the CSM
    assert "fill in" not in all_text(doc) and "by hand" not in all_text(doc)


def test_extra_contacts_follow_their_group_and_absent_roles_stay_empty():
    data = base_data()
    data["contacts"] = {
        "client": [
            {"role": "project_manager", "name": "Pat PM", "email": "pm@example.com"},
            {"role": "super_user", "name": "Sue One"},
            {"role": "other", "name": "Olga Other", "title": "Auditor"},
            {"role": "super_user", "name": "Sam Two"},
            {"role": "super_user", "name": "Sid Three", "phone": "+44 1"},
        ],
        "vendor": [
            {"role": "vcio", "name": "Vic Cio"},
            {"role": "client_services", "name": "Cara CS"},
        ],
    }
    client = Client.model_validate(data)
    doc = document(client, "en")
    clients = contact_rows(contacts_table(doc, "Client: "))
    assert [(r[0], r[1]) for r in clients] == [
        ("Executive sponsor", ""),
        ("Super user", "Sue One"),
        ("Super user", "Sam Two"),
        ("Super user", "Sid Three"),
        ("Technical contact", ""),
        ("Invoicing contact", ""),
        ("Project manager", "Pat PM"),
        ("Other contact", "Olga Other\nAuditor"),
    ]
    vendors = contact_rows(contacts_table(doc, "Vendor: "))
    assert [(r[0], r[1]) for r in vendors] == [
        ("Commercial contact", ""), ("Client services", "Cara CS"), ("Technical lead", ""),
        ("Invoicing contact", ""), ("vCIO", "Vic Cio")]


def test_role_names_are_translated():
    client = sample("kestonbury-print")
    doc = document(client, "ru")
    ru = language("ru", client)
    rows = contact_rows(contacts_table(doc, ru.gettext("Client") + ": "))
    assert rows[0][0] == ru.gettext("Executive sponsor") != "Executive sponsor"
    assert rows[1][0] == ru.gettext("Super user") != "Super user"


# --- support and escalation --------------------------------------------------------------------


def table_after(doc, heading: str) -> list[list[str]]:
    return contact_rows(contacts_table(doc, heading))


def test_support_numbers_come_from_the_file():
    client = sample("kestonbury-print")
    doc = document(client, "en")
    assert table_after(doc, "Response times") == [
        ["P1 - Critical", "The platform is down or no one can place orders", "1 hour", "4 hours"],
        ["P2 - High", "A key function such as approvals or supplier quoting fails for a group "
                      "of users", "2 hours", "8 hours"],
        ["P3 - Medium", "One user or one function is affected and a workaround exists",
         "8 hours", "40 hours"],
        ["P4 - Low", "Questions, documentation requests and enhancement ideas", "16 hours",
         "120 hours"],
    ]
    escalation = table_after(doc, "Escalation")
    assert [(r[0], r[1], r[3]) for r in escalation] == [
        ("1", "Support Services Manager", "90 minutes"),
        ("2", "Engineering team, through the Support Services Manager", "4 hours"),
        ("3", "Quillmere management team", "8 hours"),
    ]
    text = all_text(doc)
    assert "calls you back within 90 minutes" in text
    assert "closed after 3 contact attempts" in text
    assert "at least 1 business day apart" in text
    channels = dict((r[0], r[1]) for r in [[c.text for c in tcs(row)] for row in
                                           contacts_table(doc, "Reaching support").rows])
    assert channels["Phone"] == "+44 113 496 0800"
    assert channels["Portal"] == "https://support.quillmere.example"


def test_closure_rule_plurals_in_russian():
    data = base_data()
    data["support"] = {"closure_attempts": 2, "closure_spacing_business_days": 5,
                       "manager_callback_minutes": 120}
    client = Client.model_validate(data)
    text = all_text(document(client, "ru"))
    assert "после 2 попыток связаться с вами" in text
    assert "с интервалом не менее 5 рабочих дней" in text
    assert "через 2 часа" in text
    data["support"] = {"closure_attempts": 1, "closure_spacing_business_days": 1}
    text = all_text(document(Client.model_validate(data), "ru"))
    assert "после 1 попытки связаться с вами" in text
    assert "с интервалом не менее 1 рабочего дня" in text


def test_defaults_when_the_file_gives_no_support_settings():
    client = Client.model_validate(base_data())
    doc = document(client, "en")
    times = table_after(doc, "Response times")
    assert [r[0] for r in times] == ["P1 – Critical", "P2 – High", "P3 – Medium", "P4 – Low"]
    assert all(r[2] == r[3] == "" for r in times)  # service levels are not invented
    escalation = table_after(doc, "Escalation")
    assert [(r[0], r[1], r[3]) for r in escalation] == [
        ("1", "Support services manager", "90 minutes"),
        ("2", "Engineering team", ""),
        ("3", "Management team", ""),
    ]
    text = all_text(doc)
    assert "closed after 3 contact attempts" in text
    assert "at least 1 business day apart" in text
    channels = [[c.text for c in tcs(r)] for r in contacts_table(doc, "Reaching support").rows]
    assert [r[0] for r in channels] == ["Hours", "Phone", "Email", "Portal"]
    assert all(r[1] == "" for r in channels)


# --- languages -----------------------------------------------------------------------------------


def plan_msgids() -> list[str]:
    ids = [*plan.LABELS.values(), *plan.TITLE_ROWS.values(), plan.INTRO,
           *plan.CLIENT_ROLES.values(), *plan.VENDOR_ROLES.values(), *plan.GRID_NOTES.values(),
           *plan.SUPER_USER_DUTIES, *plan.REQUEST_CONTENTS, *plan.CHANNELS.values(),
           *(m for pair in plan.DEFAULT_RESPONSE_TIMES for m in pair),
           *(m for pair in plan.DEFAULT_ESCALATION for m in pair),
           plan.CALLBACK, plan.CLOSURE, *CADENCE_LABELS.values(), *MEETING_KINDS.values()]
    return list(dict.fromkeys(ids))


@pytest.mark.parametrize("msgid", plan_msgids())
def test_every_plan_label_has_a_russian_translation(msgid):
    ru = Language("ru", LOCALES)
    translated = ru.gettext(msgid)
    assert translated and translated != msgid, msgid


def test_russian_plan_has_no_english_label():
    data = base_data()
    data["client"].update(name="ООО «Ромашка»", country="RU", language="ru", currency="RUB",
                          timezone="Europe/Moscow")
    data["vendor"] = {"name": "ООО «Лютик»", "product": "Лютик Закупки"}
    data["contacts"] = {"client": [{"role": "super_user", "name": "Иван Петров"}],
                        "vendor": [{"role": "client_services", "name": "Анна Смирнова"}]}
    data["engagement"]["location"] = "Видеосвязь"
    client = Client.model_validate(data)
    text = all_text(document(client, "ru"))
    for msgid in plan_msgids():
        for fragment in re.split(r"\{\w+\}", msgid):
            words = fragment.strip(" .,:;()–")
            if len(words) >= 4:
                assert not re.search(rf"\b{re.escape(words)}\b", text), words
    # no word in Latin letters (the priorities P1-P4 are codes)
    assert set(re.findall(r"[A-Za-z]{2,}", text)) <= {"SLA"}  # a term Russian uses as is


def test_english_and_russian_plans_are_both_complete():
    client = sample("kamnegrad-mashzavod")
    en = all_text(document(client, "en"))
    ru = all_text(document(client, "ru"))
    assert "Engagement plan" in en and "Critical equipment reliability review" in en
    assert "План взаимодействия" in ru and "Анализ надёжности критичного оборудования" in ru
    ru_lang, en_lang = language("ru", client), language("en", client)
    # a month in a cell starts with a capital, one mid-phrase does not
    assert "Январь 2027\u202fг. – декабрь 2027\u202fг." in ru
    assert "План встреч: январь 2027\u202fг. – декабрь 2027\u202fг." in ru
    assert ru_lang.month_year(date(2027, 1, 1)) == "Январь 2027\u202fг."
    assert "January 2027 – December 2027" in en
    assert en_lang.gettext("Premium support") in en


def test_user_text_renders_as_itself():
    data = base_data()
    data["client"]["name"] = NASTY
    data["vendor"] = {"name": "Vendor " + NASTY, "product": "🚀 & <product>"}
    data["contacts"]["client"][0]["name"] = "O'Brien \"Bob\" & <Co> {{ 7*7 }}"
    data["engagement"]["agenda"] = {"items": [{
        "id": "general-review", "title": "Review " + NASTY,
        "description": "Line one\nline two & {{ 7*7 }}", "attendees_client": "<all> & 🚀",
    }]}
    data["engagement"]["location"] = "Room <1> & 'two'"
    data["support"] = {"response_times": [
        {"priority": "P1 <crit>", "description": "{% raw %} & \"x\"", "response_hours": 1.5}]}
    client = Client.model_validate(data)
    doc = document(client, "en")
    text = all_text(doc)
    for value in (NASTY, "Vendor " + NASTY, "🚀 & <product>", "O'Brien \"Bob\" & <Co> {{ 7*7 }}",
                  "Review " + NASTY, "Line one\nline two & {{ 7*7 }}", "<all> & 🚀",
                  "Room <1> & 'two'", "P1 <crit>", "{% raw %} & \"x\""):
        assert value in text, value
    assert "49" not in text
    times = table_after(doc, "Response times")
    assert times[0][2] == "90 minutes"


def test_very_long_text_stays_in_its_cell():
    data = base_data()
    long = " ".join(["Long"] * 200)
    data["engagement"]["agenda"] = {"items": [{"id": "general-review", "description": long}]}
    client = Client.model_validate(data)
    lang = language("en", client)
    row = next(r for r in grid_rows(grid(document(client, "en"), lang))
               if r[1].startswith("General review"))
    assert row[1] == "General review\n" + long
    assert len(row) == 15


def test_filename_uses_the_plan_start_year_and_language():
    client = sample("kamnegrad-mashzavod")
    assert KINDS["plan"].filename(client, "ru", None) == "engagement-plan_2027_ru.docx"


# --- LibreOffice ----------------------------------------------------------------------------------


def _converter() -> str:
    from generator.render.pdf.convert import find_soffice

    return need_tool("LibreOffice", find_soffice(), "libreoffice-writer-nogui")


def test_libreoffice_converts_every_sample_plan(tmp_path, monkeypatch):
    from generator.render.pdf.convert import SOFFICE_ENV, convert_to_pdf

    monkeypatch.delenv(SOFFICE_ENV, raising=False)
    _converter()
    docs = []
    for path in SAMPLES:
        client = load_client(path).client
        for lang in ("en", "ru"):
            target = tmp_path / f"{path.stem}_{lang}.docx"
            target.write_bytes(render(client, lang))
            docs.append((target, client, lang))
    results = convert_to_pdf([d for d, _, _ in docs])
    pdftotext = shutil.which("pdftotext")
    for target, client, lang in docs:
        pdf = results[target]
        assert isinstance(pdf, Path) and pdf.stat().st_size > 0, pdf
        if pdftotext:
            text = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"],
                                  capture_output=True, check=True).stdout.decode("utf-8")
            flat = " ".join(text.split())
            language_ = language(lang, client)
            assert language_.gettext(plan.LABELS["grid"]) in flat
            first = client_schedule(client).meetings[0].date
            assert language_.day_month(first) in flat


def it_works_out_a_clients_schedule_once_for_all_its_documents():
    first = sample("kestonbury-print")
    schedule = client_schedule(first)
    assert client_schedule(first) is schedule
    other = first.model_copy(update={"engagement": first.engagement.model_copy(
        update={"meeting_rule": "last friday"})})
    moved = client_schedule(other)
    assert moved is not schedule
    fridays = [m.date.weekday() == 4 for m in moved.meetings if m.kind == "monthly"]
    assert sum(fridays) > len(fridays) / 2  # holidays (Christmas, Good Friday) move some
    assert [m.date for m in moved.meetings] != [m.date for m in schedule.meetings]
    assert client_schedule(first) == schedule


# --- engagement model, support scope, sign-off -----------------------------------------------


def model_table(doc, lang: Language) -> list[list[str]]:
    return table_after(doc, lang.gettext(plan.LABELS["model"]))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_engagement_model_comes_first_with_each_kind_of_meeting(lang):
    client = sample("kestonbury-print")
    language_ = language(lang, client)
    doc = document(client, lang)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    g = language_.gettext
    assert headings[:2] == [g(plan.LABELS["model"]), g(plan.LABELS["contacts"])]
    rows = model_table(doc, language_)
    assert [r[0] for r in rows] == [g(plan.MODEL_NAMES[c]) for c in GROUPS]
    assert [r[1] for r in rows] == [g(PURPOSES[c]) for c in GROUPS]
    # the file's lengths: the cadence defaults, and the one-off training's own half day
    assert [r[2] for r in rows] == [language_.ngettext("{n} hour", "{n} hours", 1),
                                    language_.ngettext("{n} minute", "{n} minutes", 30),
                                    language_.ngettext("{n} minute", "{n} minutes", 90),
                                    language_.ngettext("{n} hour", "{n} hours", 2),
                                    language_.ngettext("{n} hour", "{n} hours", 4)]
    client_label, vendor_label = g("Client"), g("Vendor")
    assert rows[1][3] == (f"{client_label}: {g('Super users')}\n"
                          f"{vendor_label}: {g('Client services')}")
    assert rows[3][3] == (
        f"{client_label}: {g('Executive sponsor')}, {g('Operational management')}\n"
        f"{vendor_label}: {g('Leadership team')}, {g('Commercial contact')}")


def test_the_attendee_column_names_the_roles_each_item_invites():
    client = sample("caddo-ridge-dental")
    lang = language("en", client)
    rows = {r[1].split("\n")[0]: r[2] for r in grid_rows(grid(document(client, "en"), lang))}
    # the library's roles, as seed 000 recommends them
    assert rows["Business updates"] == ("Client: Operational management, Super users\n"
                                        "Vendor: Client services, Support team")
    assert rows["The bigger picture"] == ("Client: Executive sponsor, Operational management\n"
                                          "Vendor: Leadership team, Commercial contact")
    # the file's words for an item, where it gives them
    assert rows["vCIO pulse check"] == ("Client: Director of practice operations, IT coordinator"
                                        "\nVendor: vCIO, service delivery manager")


def test_an_item_with_its_own_length_says_so_in_its_row():
    client = sample("kestonbury-print")
    lang = language("en", client)
    table = grid(document(client, "en"), lang)
    training = next(r for r in grid_rows(table) if r[1].startswith("Refresher training"))
    assert training[1].endswith("\nLength: 4 hours")
    assert training[0] == "One-off"
    assert training[3:] == ["", "", "", "14 Oct", *[""] * 8]
    general = next(r for r in grid_rows(table) if r[1].startswith("General review"))
    assert "Length" not in general[1]
    notes = all_text(document(client, "en"))
    assert ("Length of each meeting: Onboarding – 1 hour · Monthly review – 30 minutes · "
            "Quarterly review – 90 minutes · Annual review – 2 hours.") in notes


def test_an_onboarding_item_re_timed_outside_the_window_is_listed_as_one_off():
    data = base_data()  # go-live 2026-03-01, plan from April: onboarding April and May
    data["engagement"]["agenda"] = {"items": [{"id": "refresher-training", "months": [2, 9]}]}
    client = Client.model_validate(data)
    lang = language("en", client)
    group, training = "", []
    for row in grid_rows(grid(document(client, "en"), lang)):
        group = row[0] or group  # the cadence cell is merged down its group
        if row[1].startswith("Refresher training"):
            training.append((group, [bool(c) for c in row[3:]]))
    assert training == [("Onboarding", [n == 2 for n in range(1, 13)]),
                        ("One-off", [n == 9 for n in range(1, 13)])]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_support_scope_comes_from_the_file(lang):
    client = sample("kamnegrad-mashzavod")
    language_ = language(lang, client)
    doc = document(client, lang)
    paragraphs = [p.text for p in doc.paragraphs]
    covers = paragraphs.index(language_.gettext(plan.LABELS["covers"]))
    excludes = paragraphs.index(language_.gettext(plan.LABELS["excludes"]))
    expected_covers = [language_.text(t) for t in client.support.covers]
    expected_excludes = [language_.text(t) for t in client.support.excludes]
    assert paragraphs[covers + 1:excludes] == expected_covers
    assert paragraphs[excludes + 1:excludes + 1 + len(expected_excludes)] == expected_excludes
    assert covers < paragraphs.index(language_.gettext(plan.LABELS["requests"]))


def test_no_scope_in_the_file_no_scope_headings():
    text = all_text(document(Client.model_validate(base_data()), "en"))
    assert "What support covers" not in text and "does not cover" not in text


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_sign_off_at_the_end_with_name_role_and_date_on_both_sides(lang):
    client = sample("kestonbury-print")
    language_ = language(lang, client)
    doc = document(client, lang)
    g = language_.gettext
    last = Table(doc.element.body.findall(qn("w:tbl"))[-1], doc)
    rows = [[c.text for c in tcs(r)] for r in last.rows]
    assert rows == [
        ["", "Kestonbury Print Management Ltd", "Quillmere Software Ltd"],
        [g("Name"), "Helena Marsh", "Oliver Brennan"],
        [g("Role"), "Chief Operating Officer", "Account Director"],
        [g("Signature"), "", ""],
        [g("Date"), "", ""],
    ]
    after = doc.element.body[list(doc.element.body).index(last._tbl) + 1:]
    assert not "".join("".join(el.itertext()) for el in after).strip()


def test_a_signatory_without_a_title_is_named_by_role_and_a_missing_one_left_blank():
    data = base_data()
    data["contacts"] = {"client": [{"role": "executive_sponsor", "name": "Sam Sponsor"}],
                        "vendor": []}
    doc = document(Client.model_validate(data), "en")
    last = Table(doc.element.body.findall(qn("w:tbl"))[-1], doc)
    rows = [[c.text for c in tcs(r)] for r in last.rows]
    assert rows[1] == ["Name", "Sam Sponsor", ""]
    assert rows[2] == ["Role", "Executive sponsor", "Commercial contact"]


@pytest.mark.parametrize("location, shown", [
    ("Caddo Ridge support office in Plano, or video call",
     "Location: Caddo Ridge support office in Plano, or video call."),
    ("On site at the plant, or by video.", "Location: On site at the plant, or by video."),
])
def test_the_grid_notes_end_each_with_one_full_stop(location, shown):
    data = base_data()
    data["engagement"]["location"] = location
    doc = document(Client.model_validate(data), "en")
    notes = [p.text for p in doc.paragraphs if p.style.name == "Grid Note" and p.text]
    assert shown in notes
    assert all(n.endswith(".") and not n.endswith("..") for n in notes), notes
