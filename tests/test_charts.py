"""Chart numbers (generator.documents.charts): formats, axes and groups of a deck's charts,
read back from the chart XML, and the same numbers in the PDF LibreOffice makes of it."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from generator.documents import charts, qbr
from generator.i18n import Languages
from generator.model import Client
from generator.render.pdf.convert import SOFFICE_ENV, convert_to_pdf, document_locale, find_soffice
from generator.resources import shipped

from .conftest import ROOT, need_tool

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
KAMNEGRAD = ROOT / "samples" / "kamnegrad-mashzavod.json"
KESTONBURY = ROOT / "samples" / "kestonbury-print.json"


def client_of(path: Path, **changes) -> Client:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["client"].update(changes)
    for part in ("client", "vendor"):  # logos are found beside the file: not the charts' concern
        data[part].pop("logo", None)
    return Client.model_validate(data)


def langs_of(client: Client, code: str) -> Languages:
    return Languages(code, [shipped("locales")], client.client.country, client.client.locale)


def deck_bytes(client: Client, code: str, quarter: str) -> bytes:
    return qbr.render(client, langs_of(client, code), ROOT / "templates" / "qbr.pptx", quarter)


def chart_slides(data: bytes) -> dict[str, list]:
    """Slide title -> the charts on it."""
    prs = Presentation(io.BytesIO(data))
    found: dict[str, list] = {}
    for slide in prs.slides:
        shown = [sh.chart for sh in slide.shapes if sh.has_chart]
        if shown:
            found.setdefault(slide.shapes.title.text, []).extend(shown)
    return found


def value_axis(chart):
    return chart._chartSpace.find(f"{C}chart/{C}plotArea/{C}valAx")


def axis_title(chart) -> str:
    return "".join(t.text for t in value_axis(chart).find(f"{C}title").iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/main}t"))


def axis_format(chart) -> str:
    return value_axis(chart).find(f"{C}numFmt").get("formatCode")


def scale(chart) -> tuple[float, float, float]:
    axis = value_axis(chart)
    return (float(axis.find(f"{C}scaling/{C}min").get("val")),
            float(axis.find(f"{C}scaling/{C}max").get("val")),
            float(axis.find(f"{C}majorUnit").get("val")))


def label_format(chart) -> str:
    return chart._chartSpace.find(f".//{C}dLbls/{C}numFmt").get("formatCode")


class DescribeAxis:
    def it_runs_over_round_numbers_around_the_values(self):
        assert charts.axis([182e6, 214.3e6], from_zero=False) == charts.Axis(180e6, 220e6, 10e6)
        assert charts.axis([0.9, 1.9], from_zero=False) == charts.Axis(0.8, 2.0, 0.2)
        assert charts.axis([226, 7720], from_zero=True) == charts.Axis(0, 8000, 2000)

    def it_leaves_a_step_below_a_lowest_point_that_falls_on_a_bound(self):
        """A target of 250 hours drawn at 250 on an axis from 250 would hide in the axis."""
        found = charts.axis([412, 289, 250], from_zero=False)
        assert found.low < 250 <= found.low + 2 * found.step
        assert charts.axis([0, 40, 75], from_zero=False).low == 0  # not below zero

    def it_stops_a_percentage_axis_at_100_when_no_value_is_above(self):
        assert charts.axis([91.5, 99.5, 99.4], from_zero=False, percent=True).high == 100
        assert charts.axis([20, 100], from_zero=True, percent=True).high == 100
        assert charts.axis([20, 104], from_zero=True, percent=True).high > 104

    def it_gives_the_decimals_its_steps_need(self):
        assert charts.axis([0.9, 1.9], from_zero=False).decimals == 1
        assert charts.axis([226, 7720], from_zero=True).decimals == 0

    def it_keeps_a_flat_series_visible(self):
        found = charts.axis([5, 5], from_zero=False)
        assert found.low < 5 < found.high


class DescribeGroups:
    def it_puts_series_of_very_different_size_on_separate_charts(self):
        # active users, transactions, orders
        assert charts.groups([163, 2215, 578]) == [[1, 2], [0]]
        assert charts.groups([241, 7720, 498]) == [[1], [0, 2]]
        assert charts.groups([84, 96, 21]) == [[0, 1, 2]]


@pytest.fixture(scope="module")
def found():
    """The charts of Kamnegrad's Russian 2027-Q1 deck, by slide title."""
    return chart_slides(deck_bytes(client_of(KAMNEGRAD), "ru", "2027-Q1"))


class DescribeARussianDeck:
    def it_formats_money_with_the_ruble_sign_and_titles_the_axis_with_it(self, found):
        (chart,) = found["Стоимость складского запаса запчастей"]
        assert axis_format(chart) == '#,##0"\u00a0₽"'
        assert axis_title(chart) == "Сумма, ₽"
        assert scale(chart) == (180e6, 220e6, 10e6)

    def it_formats_percentages_the_russian_way_up_to_100(self, found):
        (chart,) = found["Доля плановых ремонтных работ"]
        assert axis_format(chart) == '#,##0"\u00a0%"'
        assert scale(chart)[1] <= 100

    def it_labels_counts_with_a_plain_grouped_format_and_splits_them_by_size(self, found):
        usage = found["Использование платформы"] + found["Использование платформы (продолжение)"]
        names = [[s.name for s in c.plots[0].series] for c in usage]
        assert names == [["Транзакции"], ["Активные пользователи", "Заказы"]]
        assert {label_format(c) for c in usage} == {"#,##0"}
        assert {axis_title(c) for c in usage} == {"Количество"}
        assert scale(usage[0]) == (0, 8000, 2000)

    def it_titles_hours_in_words(self, found):
        (chart,) = found["Внеплановые простои критичного оборудования, ч в месяц"]
        assert axis_title(chart) == "Время, ч"
        assert axis_format(chart) == "#,##0"

    def it_names_its_language_for_the_program_that_draws_it(self, found):
        """The file says ru-RU; separators come from the program that draws the chart
        (see the README), and a PDF is made in ru-RU."""
        (chart, *_) = found["Стоимость складского запаса запчастей"]
        assert chart._chartSpace.find(f"{C}lang").get("val") == "ru-RU"


@pytest.mark.parametrize(("locale", "tag", "office", "table_value", "money"), [
    ("de_DE", "en-DE", "de-DE", "2.215", "#,##0.00\u00a0¤"),
    ("en_US", "en-US", "en-US", "2,215", "¤#,##0.00"),
    (None, "en-GB", "en-GB", "2,215", "¤#,##0.00"),
])
def it_gives_one_format_to_tables_and_charts_of_a_formatting_locale(
        locale, tag, office, table_value, money, tmp_path):
    client = client_of(KESTONBURY, **({"locale": locale} if locale else {}))
    lang = langs_of(client, "en").primary
    assert (lang.tag, lang.office_tag) == (tag, office)
    assert lang.locale.currency_formats["standard"].pattern == money
    data = deck_bytes(client, "en", "2026-Q4")
    prs = Presentation(io.BytesIO(data))
    assert prs.core_properties.language == tag
    usage = [s for s in prs.slides if s.shapes.title.text == "Platform usage"]
    cells = [c.text for sh in usage[0].shapes if sh.has_table
             for row in sh.table.rows for c in row.cells]
    assert table_value in cells  # 2,215 transactions in November
    path = tmp_path / "deck.pptx"
    path.write_bytes(data)
    assert document_locale(path) == office  # LibreOffice draws the charts in this locale
    found = chart_slides(data)
    (money_chart,) = found["Cumulative savings from competitive quoting"]
    symbol_first = money.startswith("¤")
    assert axis_format(money_chart) == ('"£"#,##0' if symbol_first else '#,##0"\u00a0£"')


def it_refuses_a_locale_cldr_does_not_know():
    with pytest.raises(ValueError, match="language_COUNTRY"):
        client_of(KESTONBURY, locale="german")
    with pytest.raises(ValueError, match="CLDR"):
        client_of(KESTONBURY, locale="xx_QQ")


def pdf_text(pdf: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    need_tool("pdftotext", pdftotext, "poppler-utils")
    return subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")


def it_draws_chart_values_in_the_pdf_as_the_tables_show_them(tmp_path, monkeypatch):
    monkeypatch.delenv(SOFFICE_ENV, raising=False)
    need_tool("LibreOffice", find_soffice(), "libreoffice-impress-nogui")
    ru = tmp_path / "ru.pptx"
    ru.write_bytes(deck_bytes(client_of(KAMNEGRAD), "ru", "2027-Q1"))
    de = tmp_path / "de.pptx"
    de.write_bytes(deck_bytes(client_of(KESTONBURY, locale="de_DE"), "en", "2026-Q4"))
    results = convert_to_pdf([ru, de])
    text = pdf_text(results[ru]).replace("\u00a0", " ")
    # the table says 7 010 once; the chart's data label says it too, not "7,010"
    assert text.count("7 010") >= 2
    assert "7,010" not in text
    assert "220 000 000 ₽" in text  # the money axis
    assert "220,000,000" not in text
    text = pdf_text(results[de])
    assert text.count("2.215") >= 2  # table and chart
    assert "2,215" not in text


def it_keeps_a_series_colour_on_the_chart_it_is_split_onto(found):
    usage = found["Использование платформы"] + found["Использование платформы (продолжение)"]
    colours = {s.name: s._element.find(f".//{{{A}}}schemeClr").get("val")
               for chart in usage for s in chart.plots[0].series}
    assert colours == {"Активные пользователи": "accent1", "Транзакции": "accent2",
                       "Заказы": "accent5"}


def it_writes_formats_in_office_s_neutral_notation_whatever_the_locale():
    """The file holds "#,##0.0" for German and Russian decks too: the program that draws
    the chart puts in the separators (PowerPoint the viewer's, a PDF the document's)."""
    client = client_of(KESTONBURY, locale="de_DE")
    for data in (deck_bytes(client, "en", "2026-Q4"),
                 deck_bytes(client_of(KAMNEGRAD), "ru", "2027-Q1")):
        prs = Presentation(io.BytesIO(data))
        codes = {f.get("formatCode") for s in prs.slides for sh in s.shapes if sh.has_chart
                 for f in sh.chart._chartSpace.iter(f"{C}numFmt")}
        assert codes
        for code in codes:  # the number, without the quoted symbols around it
            assert re.sub(r'"[^"]*"', "", code) in ("#,##0", "#,##0.0"), code


def it_numbers_every_chart_axis_with_an_unsigned_id_its_partner_refers_to():
    """The schema's axis ids are unsignedInt (python-pptx writes bar charts' negative)."""
    found = chart_slides(deck_bytes(client_of(KESTONBURY), "en", "2026-Q4"))
    charts_seen = [chart for shown in found.values() for chart in shown]
    assert any(chart._chartSpace.find(f"{C}chart/{C}plotArea/{C}barChart") is not None
               for chart in charts_seen)
    for chart in charts_seen:
        area = chart._chartSpace.find(f"{C}chart/{C}plotArea")
        ids = {e.get("val") for e in area.iter(f"{C}axId")}
        crossed = {e.get("val") for e in area.iter(f"{C}crossAx")}
        assert all(int(v) >= 0 for v in ids | crossed), (ids, crossed)
        assert crossed <= ids, (ids, crossed)
