"""The customer success plan (generator.documents.csp and templates/success_plan.docx)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator.documents import KINDS, csp
from generator.documents import kpi as kpis
from generator.i18n import Languages
from generator.loader import load_client
from generator.model import Client
from generator.render.docx.template import undeclared_variables
from generator.render.pdf.convert import convert_to_pdf, find_soffice
from generator.resources import Folders

from .conftest import DATA, SAMPLES, need_tool

TEMPLATE = Folders().template(KINDS["csp"].template)
HOSTILE = "Tom & Jerry <b>\"quoted\"</b> 'single' {{ 7*7 }} {% if x %} 🚀 Ünïcødé"


# --- helpers ---------------------------------------------------------------------------

def sample(name: str) -> Client:
    return next(load_client(p).client for p in SAMPLES if name in p.name)


def russian_sample() -> Client:
    return next(c for c in map(lambda p: load_client(p).client, SAMPLES)
                if c.client.language == "ru")


def render(client: Client, spec: str, folders: Folders | None = None) -> bytes:
    folders = folders or Folders()
    langs = Languages(spec, folders.locale_dirs(), client.client.country)
    return csp.render(client, langs, folders.template(KINDS["csp"].template))


def document(client: Client, spec: str):
    return Document(io.BytesIO(render(client, spec)))


def client_with(minimal_data: dict, **sections) -> Client:
    data = {k: v for k, v in minimal_data.items() if k not in ("outcomes", "kpis")}
    data.update(sections)
    return Client.model_validate(data)


def headings(doc, level: int = 1) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def toc_entries(doc) -> list[str]:
    """The contents entries, without the tab and page number after each."""
    return [p.text.split("\t")[0] for p in doc.paragraphs if p.style.name == "toc 1" and p.text]


def tables_by_heading(doc) -> dict[str, object]:
    """Each table, keyed by the text of the heading (level 1 or 2) right before it."""
    from docx.table import Table

    out, last = {}, None
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            style = child.find(qn("w:pPr") + "/" + qn("w:pStyle"))
            if style is not None and style.get(qn("w:val")) in ("Heading1", "Heading2"):
                last = "".join(t.text or "" for t in child.iter(qn("w:t")))
        elif child.tag == qn("w:tbl") and last is not None:
            out[last] = Table(child, doc)
            last = None
    return out


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def table(doc, heading: str):
    found = [t for h, t in tables_by_heading(doc).items() if h.endswith(heading)
             or re.sub(r"^\d+\. ", "", h).startswith(heading)]
    assert len(found) == 1, (heading, list(tables_by_heading(doc)))
    return found[0]


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        parts.extend(cell.text for row in t.rows for cell in row.cells)
    return "\n".join(parts)


def run_styles(paragraph) -> list[tuple[str, str | None]]:
    return [(r.text, r.style.style_id if r.style is not None and r._r.rPr is not None
             and r._r.rPr.find(qn("w:rStyle")) is not None else None)
            for r in paragraph.runs if r.text and r.text != "\n"]


def part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name).decode("utf-8")


# --- the file ------------------------------------------------------------------------------

def it_names_the_file_by_its_languages():
    client = sample("kestonbury")
    assert KINDS["csp"].filename(client, "en", None) == "success-plan_en.docx"
    assert KINDS["csp"].filename(client, "en+ru", None) == "success-plan_en+ru.docx"
    assert KINDS["csp"].bilingual is True and KINDS["csp"].needs_quarter is False


def it_gives_the_same_bytes_for_the_same_input():
    client = russian_sample()
    assert render(client, "en+ru") == render(client, "en+ru")


def it_dates_the_version_from_the_data_not_the_clock():
    client = sample("kestonbury")
    # the latest measurement of the file is 31 December 2026
    assert csp.version_date(client).isoformat() == "2026-12-31"
    facts = rows(document(client, "en").tables[0])
    assert ["Version date", "31 December 2026"] in facts
    assert ["Client", "Kestonbury Print Management Ltd"] in facts


# --- sections ----------------------------------------------------------------------------------

ENGLISH_HEADINGS = [
    "Sold solution", "Business outcomes", "Team and roles", "SMART KPIs",
    "Use cases and personas", "Adoption barriers", "Implementation milestones",
    "Business process changes", "Communication and training plan", "Measured results",
    "Sign-off",
]


def it_prints_every_section_in_order_and_lists_them_in_the_contents():
    doc = document(sample("kestonbury"), "en")
    numbered = [f"{i}. {h}" for i, h in enumerate(ENGLISH_HEADINGS, 1)]
    assert headings(doc) == numbered
    assert toc_entries(doc) == numbered
    assert headings(doc, 2) == ["KPI progress against baseline",
                                "Communication and training evidence", "Key wins",
                                "Outcomes achieved", "Success stories"]


def it_leaves_out_a_section_without_data_with_its_contents_entry(minimal_data):
    client = client_with(minimal_data, team=[{"name": "Ann Lee", "role": "Sponsor"}],
                         results={"stories": ["It worked."]})
    doc = document(client, "en")
    assert headings(doc) == ["1. Team and roles", "2. Measured results", "3. Sign-off"]
    assert toc_entries(doc) == headings(doc)
    assert headings(doc, 2) == ["Success stories"]
    assert len(doc.tables) == 3  # the cover's facts, the team and the sign-off
    # the column empty in every row is left out
    assert rows(table(doc, "Team and roles"))[1] == ["Ann Lee", "Example Client Ltd", "Sponsor"]


def it_prints_no_contents_when_no_section_has_data(minimal_data):
    doc = document(client_with(minimal_data), "en")
    assert headings(doc) == []
    assert "Contents" not in all_text(doc)


def it_leaves_out_the_sample_sections_that_have_no_data():
    client = sample("caddo")
    doc = document(client, "en")
    for name, present in (("Use cases and personas", bool(client.use_cases)),
                          ("Implementation milestones", bool(client.milestones)),
                          ("Communication and training plan", bool(client.communications))):
        assert any(h.endswith(name) for h in headings(doc)) is present


def it_fills_the_sold_solution_table():
    doc = document(sample("kestonbury"), "en")
    grid = rows(table(doc, "Sold solution"))
    assert grid[0] == ["Product", "SKU / licence", "Quantity", "Serial number", "Version",
                       "Service coverage", "Coverage ends", "Why it was bought"]
    assert grid[1] == [
        "Quillmere Spend Cloud, Enterprise edition (named users)", "QSC-ENT-USR", "180",
        "TEN-KPM-0417", "2026.2", "Premium support with a 99.5% availability SLA",
        "31 Mar 2029",
        "One place to quote, approve and order print for every client account, replacing "
        "e-mail and spreadsheets",
    ]
    assert grid[4][3] == ""  # no serial number given


def it_shows_outcomes_with_numbered_success_factors_and_a_coloured_status():
    doc = document(sample("kestonbury"), "en")
    t = table(doc, "Business outcomes")
    assert rows(t)[0] == ["Business outcome", "Strategic initiative", "Client priority",
                          "Critical success factors", "Current status", "Goal", "Status"]
    first = rows(t)[1]
    assert first[2] == "1"
    assert first[3] == (
        "1. Every job above £500 is quoted by at least three approved suppliers\n"
        "2. Savings are calculated the same way for every client and signed off by Finance")
    statuses = [run_styles(row.cells[6].paragraphs[0]) for row in t.rows[1:]]
    assert statuses == [[("On track", "StatusGreen")], [("At risk", "StatusAmber")],
                        [("Achieved", "StatusGreen")]]


def it_shows_smart_kpis_with_dated_baseline_and_target():
    doc = document(sample("kestonbury"), "en")
    grid = rows(table(doc, "SMART KPIs"))
    assert grid[0] == ["Business outcome", "Strategic initiative", "KPI and description",
                       "Baseline", "Target", "How measured", "When measured", "Who measures"]
    assert grid[2][2].startswith("Cumulative savings from competitive quoting\nDifference")
    assert grid[2][3:5] == ["£0\n30 Jun 2026", "£180,000\n30 Jun 2027"]
    assert grid[3][3] == "6.2 days\nQ2 2026\nApril to June 2026, by e-mail and spreadsheet"
    assert grid[1][3] == "22%\n30 Jun 2026"
    assert grid[1][5:] == ["Platform order value divided by addressable spend in the finance "
                           "ledger", "Monthly", "Sandra Whitcombe"]


def it_names_a_kpi_s_initiative_from_its_outcome_when_the_kpi_has_none():
    client = sample("caddo")
    doc = document(client, "en")
    grid = rows(table(doc, "SMART KPIs"))[1:]
    for kpi, row in zip(client.kpis, grid, strict=True):
        outcome = next(o for o in client.outcomes if o.outcome == kpi.outcome)
        wanted = kpi.initiative or outcome.initiative
        assert row[1] == wanted, (kpi.name, row[1])
    assert any(k.initiative is None for k in client.kpis)


def it_measures_kpi_progress_against_baseline():
    doc = document(sample("kestonbury"), "en")
    grid = rows(table(doc, "KPI progress against baseline"))
    assert grid[0] == ["KPI", "Baseline", "Latest measurement", "Target",
                       "Change from baseline", "Progress to target"]
    by_kpi = {row[0]: row[1:] for row in grid[1:]}
    # 22 -> 74 of a 22 -> 90 way: 52 points, 76 %
    assert by_kpi["Spend under management"] == [
        "22%\n30 Jun 2026", "74%\n31 Dec 2026", "90%\n30 Jun 2027", "+52\xa0pp", "76%"]
    # lower is better: 6.2 -> 2.9 days against a target of 3 is past it
    assert by_kpi["Quote request to purchase order"][3:] == ["\u20133.3 days", "103%"]
    assert by_kpi["Cumulative savings from competitive quoting"][3:] == ["+£94,500", "53%"]  # 52.5 % rounds half up


def it_leaves_kpis_without_measurements_out_of_the_progress_table(minimal_data):
    kpis = minimal_data["kpis"] + [{
        "id": "unmeasured", "name": "Not measured yet", "baseline": {"date": "2026-01-01",
                                                                     "value": 1},
        "target": {"value": 2}}]
    doc = document(client_with(minimal_data, kpis=kpis), "en")
    assert [r[0] for r in rows(table(doc, "KPI progress against baseline"))[1:]] == [
        "Purchase order cycle time"]
    assert len(rows(table(doc, "SMART KPIs"))) == 3


def it_writes_use_cases_as_sentences_with_the_right_article():
    client = sample("kestonbury")
    assert client.use_cases[0].persona[0] in "aeiou"
    assert client.use_cases[1].persona[0] not in "aeiou"
    doc = document(client, "en")
    grid = rows(table(doc, "Use cases and personas"))
    first, second = client.use_cases[0], client.use_cases[1]
    assert grid[1] == [
        f"As an {first.persona}, I want {first.want} so that {first.so_that}.", first.owner]
    assert grid[2][0].startswith(f"As a {second.persona}, I want {second.want} so that ")


@pytest.mark.parametrize(("persona", "article"), [
    ("IT manager", "an"), ("HR partner", "an"), ("user", "a"), ("engineer", "an"),
    ("CFO", "a"), ("hour-long visitor", "an"), ("store manager", "a"), ("MD", "an")])
def it_picks_a_or_an_by_sound(persona, article):
    assert csp._article(persona) == article


def it_writes_the_russian_use_case_pattern():
    client = russian_sample()
    doc = document(client, "ru")
    story = rows(table(doc, "Сценарии использования и персоны"))[1][0]
    persona = client.use_cases[0].persona
    persona = persona if isinstance(persona, str) else persona["ru"]
    assert story.startswith(f"В роли «{persona}» я хочу ")
    assert ", чтобы " in story and story.endswith(".")


def it_shows_barriers_milestones_changes_and_communications():
    doc = document(sample("kestonbury"), "en")
    assert rows(table(doc, "Adoption barriers"))[2] == [
        "About 4% of orders were rejected by the finance system because of cost-code mismatches",
        "Technical", "Resolved", "August 2026",
        "Mapping table corrected and a nightly reconciliation report added", "Gareth Lloyd"]
    assert rows(table(doc, "Implementation milestones"))[2] == [
        "Approved supplier panel and price lists loaded", "15 May 2026", "Done", "Priya Raman",
        "20 May 2026"]
    assert rows(table(doc, "Business process changes"))[0] == [
        "Business process", "Process owner", "Current process", "Change", "Status", "Due"]
    assert rows(table(doc, "Communication and training plan"))[1][:3] == [
        "Executive message",
        "The COO's note explaining why quoting moves onto the platform and what changes for "
        "each team", "8 Jun 2026"]
    assert rows(table(doc, "Communication and training evidence"))[2] == [
        "Live virtual training", "10 Jun 2026", "64 of 72 invited (89%)\nRated 4.6 of 5",
        "Every attendee placed a test order during the session"]
    stories = [p.text for p in doc.paragraphs if p.style.name == "Success Story"]
    assert stories[0].startswith("For a fashion retailer's spring catalogue")


# --- languages ----------------------------------------------------------------------------------

def it_formats_values_for_the_document_language():
    doc = document(sample("kestonbury"), "ru")
    by_kpi = {r[0]: r[1:] for r in rows(table(doc, "Динамика KPI"))[1:]}
    assert by_kpi["Spend under management"][1] == "74\xa0%\n31 дек. 2026\u202fг."
    assert by_kpi["Spend under management"][3] == "+52\xa0п.\xa0п."
    assert by_kpi["Cumulative savings from competitive quoting"][1].startswith("94\xa0500\xa0£")
    assert by_kpi["Quote request to purchase order"][1].startswith("2,9 дня")


@pytest.mark.parametrize("name", ["kestonbury", "kamnegrad", "caddo"])
def it_formats_each_side_of_two_languages_in_its_own(name):
    client = sample(name)
    doc = document(client, "en+ru")
    en, ru = Languages("en+ru", Folders().locale_dirs(), client.client.country).all
    cover = {r[0]: r[1] for r in rows(doc.tables[0])}
    start = client.contract.start
    assert cover["Contract start\nНачало договора"] == (
        f"{en.date(start, 'long')}\n{ru.date(start, 'long')}")
    for k, row in zip(client.kpis, rows(table(doc, "SMART KPIs"))[1:], strict=True):
        values = [kpis.value(lang, k.baseline.value, k.unit, client.client.currency)
                  for lang in (en, ru)]
        if k.baseline.period:  # a period, then the client's label for it
            when = list(dict.fromkeys(csp.period_text(k.baseline.period, lang)
                                      for lang in (en, ru)))
        else:
            when = [lang.date(k.baseline.date, "medium") for lang in (en, ru)]
            assert when[0] != when[1]
        shown = list(dict.fromkeys(values)) + when
        assert row[3].split("\n")[:len(shown)] == shown


def it_labels_everything_in_both_languages_the_second_lighter():
    doc = document(sample("kestonbury"), "en+ru")
    head = table(doc, "Sold solution").rows[0].cells[0].paragraphs[0]
    # a header row's second language has a style of its own, legible on the header's fill
    assert run_styles(head) == [("Product", None), ("Продукт", "SecondLanguageHeader")]
    heading = next(p for p in doc.paragraphs if p.style.name == "Heading 1")
    assert run_styles(heading) == [("1. Sold solution", None),
                                   (" / Проданное решение", "SecondLanguageHeading")]
    status = table(doc, "Business outcomes").rows[1].cells[6].paragraphs[0]
    assert run_styles(status) == [("On track", "StatusGreen"), ("По плану", "SecondLanguage")]


def it_shows_a_text_given_in_two_languages_twice_and_one_given_once():
    client = russian_sample()
    doc = document(client, "en+ru")
    facts = {r[0].split("\n")[0]: r[1] for r in rows(doc.tables[0])}
    industry = client.client.industry
    assert facts["Industry"] == f"{industry['en']}\n{industry['ru']}"
    assert facts["Client"] == client.client.name
    cell = doc.tables[0].rows[1].cells[1].paragraphs[0]
    assert [s for _, s in run_styles(cell)] == [None, "SecondLanguage"]


def it_defaults_to_the_client_language(tmp_path):
    from generator.cli import main

    path = next(p for p in SAMPLES if load_client(p).client.client.language == "ru")
    assert main(["csp", str(path), "--out", str(tmp_path), "-q"]) == 0
    written = list(tmp_path.glob("*/success-plan_*.docx"))
    assert [p.name for p in written] == ["success-plan_ru.docx"]


def it_numbers_pages_in_each_language_in_the_footer():
    data = render(sample("kestonbury"), "en+ru")
    footer = part(data, "word/footer1.xml")
    assert re.findall(r"<w:instrText[^>]*>([^<]*)<", footer) == [
        " PAGE ", " NUMPAGES ", " PAGE ", " NUMPAGES "]
    texts = "".join(re.findall(r"<w:t[^>]*>([^<]*)<", footer))
    assert texts == "Page 1 of 1  ·  Стр. 1 из 1"
    header = part(data, "word/header1.xml")
    assert "Kestonbury Print Management Ltd" in header


@pytest.mark.parametrize(("pattern", "expected"), [
    ("Page {page} of {pages}", ("Page ", " PAGE ", " of ", " NUMPAGES ", "")),
    ("{pages} 頁中 {page} 頁", ("", " NUMPAGES ", " 頁中 ", " PAGE ", " 頁")),
    ("broken", ("Page ", " PAGE ", " of ", " NUMPAGES ", "")),
])
def it_puts_the_page_fields_where_the_translation_has_them(pattern, expected):
    got = csp._page_pattern(pattern)
    assert (got["before"], got["first"], got["middle"], got["second"], got["after"]) == expected


def it_numbers_each_contents_entry_with_the_page_of_its_heading():
    data = render(sample("kestonbury"), "en")
    assert '<w:updateFields w:val="true"/>' in part(data, "word/settings.xml")
    body = part(data, "word/document.xml")
    anchors = re.findall(r'<w:hyperlink w:anchor="([^"]+)"', body)
    marks = re.findall(r'<w:bookmarkStart w:id="\d+" w:name="([^"]+)"/>', body)
    pages = re.findall(r'<w:instrText[^>]*> PAGEREF (\w+) \\h </w:instrText>', body)
    assert anchors == marks == pages and len(anchors) == 11
    # no TOC field: LibreOffice keeps a TOC field's entries as they are, page numbers unset
    assert " TOC " not in body


# --- user text -------------------------------------------------------------------------------------

def it_prints_any_user_text_as_itself(minimal_data):
    data = dict(minimal_data)
    data["client"] = {**data["client"], "name": HOSTILE, "industry": {"en": HOSTILE,
                                                                        "ru": "Кириллица & <ru>"}}
    data["solution"] = [{"product": HOSTILE, "sku": "A&B<1>", "reason": "line one\nline two\x0b"}]
    data["use_cases"] = [{"persona": "admin {{ 7*7 }}", "want": "to see <all> & more",
                          "so_that": "nothing {% breaks %}"}]
    data["results"] = {"stories": ["🚀 " + "long " * 400 + "end"]}
    client = Client.model_validate(data)
    doc = document(client, "en+ru")
    text = all_text(doc)
    assert HOSTILE in text
    assert "49" not in text
    assert "Кириллица & <ru>" in text
    assert "A&B<1>" in text
    assert "line one\nline two" in text
    assert ("As an admin {{ 7*7 }}, I want to see <all> & more so that nothing {% breaks %}."
            in text)
    assert any(p.text.startswith("🚀 long long") and p.text.endswith("end")
               for p in doc.paragraphs)
    header = part(render(client, "en+ru"), "word/header1.xml")
    assert "Tom &amp; Jerry &lt;b&gt;" in header


# --- the template ---------------------------------------------------------------------------------

def _parts():
    with zipfile.ZipFile(TEMPLATE) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist()
                if re.match(r"word/(document|header\d*|footer\d*)\.xml$", n)}


def it_uses_only_variables_the_view_has():
    view = csp.view(sample("kestonbury"), Languages("en", Folders().locale_dirs(), "GB"))
    assert undeclared_variables(TEMPLATE) <= set(view)


def it_keeps_every_template_tag_in_one_run():
    for name, xml in _parts().items():
        texts = re.findall(r"<w:(?:t|instrText)(?: [^>]*)?>([^<]*)</w:(?:t|instrText)>", xml)
        joined = re.sub(r"<[^>]+>", "", xml)
        tags = re.findall(r"\{\{.*?\}\}|\{%.*?%\}", joined)
        assert tags, name
        for tag in tags:
            assert any(tag in t for t in texts), f"{name}: {tag} is split across runs"


def it_holds_no_words_of_its_own():
    """Every printed word comes from the catalogs through the view."""
    for name, xml in _parts().items():
        texts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
        leftover = [re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", t).strip() for t in texts]
        assert [t for t in leftover if t and t != "1"] == [], name


def it_fits_every_table_to_the_page_and_repeats_header_rows():
    data = render(sample("kestonbury"), "en+ru")
    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    assert section.page_width > section.page_height  # landscape for the wide tables
    for t in doc.tables:
        grid = [int(c.get(qn("w:w"))) * 635 for c in t._tbl.tblGrid.iterchildren()]
        assert sum(grid) <= width
        assert t._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    for t in doc.tables[1:]:
        assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def it_sets_noto_sans_as_the_font_through_the_theme():
    with zipfile.ZipFile(TEMPLATE) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        theme = z.read("word/theme/theme1.xml").decode("utf-8")
    assert ('<w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi" '
            'w:eastAsiaTheme="minorEastAsia" w:cstheme="minorBidi"/>') in styles
    assert '<a:minorFont><a:latin typeface="Noto Sans"/>' in theme


# --- LibreOffice --------------------------------------------------------------------------------------

def it_converts_every_sample_in_every_language_with_libreoffice(tmp_path, monkeypatch):
    monkeypatch.delenv("DOCGEN_SOFFICE", raising=False)
    soffice = need_tool("LibreOffice", find_soffice(), "libreoffice-writer-nogui")
    pdftotext = need_tool("pdftotext", shutil.which("pdftotext"), "poppler-utils")
    pdffonts = need_tool("pdffonts", shutil.which("pdffonts"), "poppler-utils")
    written = {}
    for path in SAMPLES:
        client = load_client(path).client
        for spec in ("en", "ru", "en+ru"):
            target = tmp_path / f"{path.stem}_{spec}.docx"
            target.write_bytes(render(client, spec))
            written[target] = (client, spec)
    results = convert_to_pdf(list(written), soffice=soffice)
    for docx, (client, spec) in written.items():
        pdf = results[docx]
        assert isinstance(pdf, Path), f"{docx.name}: {pdf}"
        text = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], check=True,
                              capture_output=True).stdout.decode("utf-8")
        flat = " ".join(text.split())
        assert " ".join(client.client.name.split()) in flat
        if "ru" in spec:
            assert "Стр. 2 из" in flat and "Проданное решение" in flat
        if spec.startswith("en"):
            assert "Page 2 of" in flat and "Sold solution" in flat
        fonts = subprocess.run([pdffonts, str(pdf)], check=True, capture_output=True).stdout
        assert b"NotoSans" in fonts


def it_writes_through_the_command(tmp_path):
    from generator.cli import main

    path = DATA / "minimal.json"
    assert main(["csp", str(path), "--lang", "en+ru", "--out", str(tmp_path), "-q"]) == 0
    out = tmp_path / "example-client-ltd" / "success-plan_en+ru.docx"
    assert headings(Document(str(out)))[0] == "1. Business outcomes / Бизнес-результаты"
    json.loads(path.read_text(encoding="utf-8"))


def it_lists_as_achieved_only_outcomes_done_by_the_plan_s_date():
    """An on-track outcome's statement is not shown under "Outcomes achieved"."""
    kestonbury = sample("kestonbury")
    grid = rows(table(document(kestonbury, "en"), "Outcomes achieved"))[1:]
    assert [row[0].split("\n")[0] for row in grid] == ["Faster service to Kestonbury's clients"]
    shown = next(o for o in kestonbury.outcomes if o.outcome == grid[0][0].split("\n")[0])
    assert shown.updates[-1].status == "done"
    caddo = document(sample("caddo"), "en")
    assert not any(h.endswith("Outcomes achieved") for h in tables_by_heading(caddo))
