"""The QBR / vCIO deck (generator.documents.qbr): every sample in English and Russian,
read back with python-pptx and compared with the client file."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from babel.numbers import get_plus_sign_symbol
from click.testing import CliRunner
from pptx import Presentation

from generator import health
from generator.cli import cli
from generator.documents import KINDS, qbr
from generator.documents.kpi import value as kpi_value
from generator.documents.meetings import client_schedule
from generator.errors import TemplateError
from generator.i18n import Language, Languages
from generator.loader import load_client
from generator.model import Client
from generator.render.deck import STATUS_COLOURS
from generator.render.package import read_package, write_package
from generator.resources import shipped
from generator.schedule import quarter_bounds

from .conftest import DATA, ROOT, SAMPLES, need_tool

TEMPLATE = ROOT / "templates" / "qbr.pptx"
LANGS = ("en", "ru")
CASES = [(path, quarter, lang)
         for path in SAMPLES
         for quarter in sorted(json.loads(path.read_text(encoding="utf-8"))["quarters"])
         for lang in LANGS]
IDS = [f"{p.stem}-{q}-{lang}" for p, q, lang in CASES]
DASH = "\u2014"


@cache
def sample(path: Path) -> Client:
    return load_client(path).client


def language(client: Client, code: str) -> Language:
    return Languages(code, [shipped("locales")], client.client.country).primary


def render(client: Client, code: str, quarter: str, template: Path = TEMPLATE) -> bytes:
    langs = Languages(code, [shipped("locales")], client.client.country)
    return qbr.render(client, langs, template, quarter)


@cache
def deck(path: Path, quarter: str, code: str):
    return Presentation(io.BytesIO(render(sample(path), code, quarter)))


def title(slide) -> str:
    return slide.shapes.title.text if slide.shapes.title is not None else ""


def slides_titled(prs, lang: Language, heading: str) -> list:
    """The slides of a section: its title, then its continued titles."""
    text = lang.gettext(heading)
    more = lang.gettext("{title} (continued)").replace("{title}", text)
    return [s for s in prs.slides if title(s) in (text, more)]


def table_rows(slides) -> list[list[str]]:
    """Every body row of the tables on ``slides``, headers dropped (checked repeated)."""
    rows, header = [], None
    for slide in slides:
        for shape in slide.shapes:
            if shape.has_table:
                cells = [[c.text for c in row.cells] for row in shape.table.rows]
                assert header is None or cells[0] == header, "header row repeated"
                header = cells[0]
                rows += cells[1:]
    return rows


def table_cells(slides):
    return [row.cells for s in slides for sh in s.shapes if sh.has_table
            for row in list(sh.table.rows)[1:]]


def charts(slides) -> list:
    return [sh.chart for s in slides for sh in s.shapes if sh.has_chart]


def end_of(quarter: str) -> dt.date:
    return quarter_bounds(quarter)[1]


def quarter_words(lang: Language, quarter: str) -> str:
    return (lang.gettext("Q{quarter} {year}")
            .replace("{quarter}", quarter[-1]).replace("{year}", quarter[:4]))


# --- every sample, every language ------------------------------------------------------------

@pytest.mark.parametrize(("path", "quarter", "code"), CASES, ids=IDS)
class DescribeEverySample:
    def it_opens_and_keeps_every_shape_on_the_slide(self, path, quarter, code):
        prs = deck(path, quarter, code)
        assert len(prs.slides) > 5
        for number, slide in enumerate(prs.slides, start=1):
            shapes = list(slide.shapes)
            assert len(shapes) > 1, f"slide {number} is empty"
            for s in shapes:
                assert s.left >= 0 and s.top >= 0, (number, s.name)
                assert s.left + s.width <= prs.slide_width, (number, s.name)
                assert s.top + s.height <= prs.slide_height, (number, s.name)
                if s.has_table:
                    assert s.top + sum(r.height for r in s.table.rows) <= prs.slide_height

    def it_starts_with_the_client_quarter_date_and_presenters(self, path, quarter, code):
        client, lang = sample(path), language(sample(path), code)
        q = client.quarters[quarter]
        first = deck(path, quarter, code).slides[0]
        texts = [s.text_frame.text for s in first.shapes if s.has_text_frame]
        assert title(first) == client.client.name
        assert any(quarter_words(lang, quarter) in t for t in texts)
        if q.meeting_date:
            assert any(lang.date(q.meeting_date, "long") in t for t in texts)
        for name in q.presenters:  # each in the deck's language when the file gives it
            shown = name if isinstance(name, str) else name.get(code) or name["ru"]
            assert any(shown in t for t in texts)
        logo = [s for s in first.slide_layout.shapes if s.name == "Logo"]
        if client.vendor.logo:  # the picture in place of the wordmark
            assert logo[0].shape_type == 13
        else:
            assert logo[0].text_frame.text == client.vendor.name

    def it_shows_client_and_quarter_in_every_footer(self, path, quarter, code):
        client, lang = sample(path), language(sample(path), code)
        footer = f"{client.client.name} \u00b7 {quarter_words(lang, quarter)}"
        for number, slide in enumerate(list(deck(path, quarter, code).slides)[1:], start=2):
            kinds = {p.placeholder_format.type.name: p for p in slide.placeholders}
            text = kinds["FOOTER"].text_frame.text
            assert text == footer or text.startswith(footer + " \u00b7 ")
            assert kinds["SLIDE_NUMBER"].text_frame.text == str(number)

    def it_lists_the_sections_that_follow_in_the_agenda(self, path, quarter, code):
        client, lang = sample(path), language(sample(path), code)
        prs = deck(path, quarter, code)
        agenda = prs.slides[1]
        assert title(agenda) == lang.gettext("Agenda")
        entries = [p.text for ph in agenda.placeholders if ph.placeholder_format.idx in (1, 2)
                   for p in ph.text_frame.paragraphs]
        assert entries == [lang.gettext(t) for t in expected_sections(client, quarter)]
        later = {title(s) for s in list(prs.slides)[2:]}
        for entry in entries:
            if entry != lang.gettext("KPI trends") and entry != lang.gettext("IT budget"):
                assert entry in later

    def it_charts_every_kpi_from_the_file(self, path, quarter, code):
        client, lang = sample(path), language(sample(path), code)
        prs = deck(path, quarter, code)
        end = end_of(quarter)
        for kpi in client.kpis:
            taken = [m for m in kpi.measurements if m.date <= end]
            found = [s for s in prs.slides if title(s) == lang.text(kpi.name)]
            if not taken:
                assert not found
                continue
            (chart,) = charts(found)
            measured, target = chart.plots[0].series
            points = [kpi.baseline] + [m for m in taken if m.date > kpi.baseline.day]
            assert measured.values == tuple(m.value for m in points)
            assert target.values == (kpi.target.value,) * len(points)
            assert len(chart.plots[0].categories) == len(points)
            assert chart.has_title and chart.has_legend

    def it_tabulates_kpis_with_baseline_current_target_progress_and_trend(self, path, quarter,
                                                                          code):
        client, lang = sample(path), language(sample(path), code)
        rows = table_rows(slides_titled(deck(path, quarter, code), lang,
                                        "Key performance indicators"))
        assert len(rows) == len(client.kpis)
        currency = client.client.currency
        for kpi, row in zip(client.kpis, rows, strict=True):
            taken = [m for m in kpi.measurements if m.date <= end_of(quarter)]
            fmt = lambda v, k=kpi: kpi_value(lang, v, k.unit, currency)  # noqa: E731
            current = taken[-1].value if taken else None
            progress = (None if current is None or kpi.target.value == kpi.baseline.value
                        else (current - kpi.baseline.value)
                        / (kpi.target.value - kpi.baseline.value) * 100)
            points = [kpi.baseline.value] + [m.value for m in taken
                                             if m.date > kpi.baseline.day]
            assert row[:5] == [
                lang.text(kpi.name), fmt(kpi.baseline.value),
                fmt(current) if taken else DASH, fmt(kpi.target.value),
                lang.percent(progress, 0) if progress is not None else DASH,
            ]
            if len(points) < 2:
                assert row[5] == DASH
            elif points[-1] == points[-2]:
                assert row[5].startswith("\u25b6")
            else:
                rising = points[-1] > points[-2]
                good = rising == kpi.higher_is_better
                word = lang.gettext("Improving" if good else "Worsening")
                assert row[5] == f"{'▲' if rising else '▼'} {word}"

    def it_colours_outcome_statuses(self, path, quarter, code):
        client, lang = sample(path), language(sample(path), code)
        slides = slides_titled(deck(path, quarter, code), lang, "Business outcomes")
        rows, cells = table_rows(slides), table_cells(slides)
        assert len(rows) == len(client.outcomes)
        colours = {"on_track": "green", "at_risk": "amber", "off_track": "red", "done": "green",
                   "not_started": "grey"}
        words = {"on_track": "On track", "at_risk": "At risk", "off_track": "Off track",
                 "done": "Achieved", "not_started": "Not started"}
        colours["in_progress"], words["in_progress"] = "blue", "In progress"
        for outcome, row, cell in zip(client.outcomes, rows, cells, strict=True):
            status = outcome.as_of(end_of(quarter)).status
            assert row[0] == lang.text(outcome.outcome)
            assert row[1] == (lang.text(outcome.initiative) or "")
            assert row[2] == (lang.integer(outcome.priority) if outcome.priority else "")
            assert row[3] == lang.gettext(words[status])
            fill = str(cell[3].fill.fore_color.rgb)
            assert fill == STATUS_COLOURS[colours[status]][0]

    def it_shows_usage_and_service_per_month(self, path, quarter, code):
        client, lang = sample(path), language(sample(path), code)
        q = client.quarters[quarter]
        prs = deck(path, quarter, code)
        usage = slides_titled(prs, lang, "Platform usage")
        if not q.usage:
            assert not usage
        else:
            months = sorted(q.usage, key=lambda m: m.month)
            rows = table_rows(usage)
            assert [r[0] for r in rows] == [
                lang.month_year(dt.date(int(m.month[:4]), int(m.month[5:]), 1)) for m in months]
            header = [c.text for c in next(
                sh.table for s in usage for sh in s.shapes if sh.has_table).rows[0].cells]
            charted = []
            for chart in charts(usage):
                biggest = max(v for s in chart.plots[0].series for v in s.values)
                for series in chart.plots[0].series:
                    field = {lang.gettext("Active users"): "active_users",
                             lang.gettext("Transactions"): "transactions",
                             lang.gettext("Orders"): "orders"}[series.name]
                    charted.append(field)
                    assert series.values == tuple(getattr(m, field) for m in months)
                    assert biggest <= 10 * max(series.values)  # no series lies flat
                    column = [r[header.index(series.name)] for r in rows]
                    assert column == [lang.integer(getattr(m, field)) for m in months]
            assert sorted(charted) == sorted(
                f for f in ("active_users", "transactions", "orders")
                if any(getattr(m, f) is not None for m in months))
        service = slides_titled(prs, lang, "Service performance")
        if q.service is None:
            assert not service
            return
        months = sorted(q.service.months, key=lambda m: m.month)
        if months:
            (chart,) = charts(service)
            values = [s.values for s in chart.plots[0].series]
            assert values[0] == tuple(m.opened for m in months)
            assert values[1] == tuple(m.closed for m in months)
        rows = {r[0]: r[1:] for r in table_rows(service)}
        if q.service.availability is not None:
            result, target, status = rows[lang.gettext("Availability")]
            assert result == lang.percent(q.service.availability, 2)
            assert target == lang.percent(q.service.availability_target, 2)
            met = q.service.availability >= q.service.availability_target
            assert status == lang.gettext("Met" if met else "Missed")
        assert rows[lang.gettext("Requests opened")][0] == lang.integer(
            sum(m.opened for m in months))

    def it_shows_the_account_and_satisfaction_as_big_numbers(self, path, quarter, code):
        client, lang = sample(path), language(sample(path), code)
        q = client.quarters[quarter]
        prs = deck(path, quarter, code)
        currency = client.client.currency
        texts = [p.text for s in slides_titled(prs, lang, "Account status") for sh in s.shapes
                 if sh.has_text_frame and not sh.is_placeholder
                 for p in sh.text_frame.paragraphs]
        if q.account:
            for amount in (q.account.invoiced, q.account.paid, q.account.overdue):
                assert lang.currency(amount, currency) in texts
        texts = [p.text for s in slides_titled(prs, lang, "Satisfaction") for sh in s.shapes
                 if sh.has_text_frame and not sh.is_placeholder
                 for p in sh.text_frame.paragraphs]
        if q.satisfaction:
            for share in (q.satisfaction.csat, q.satisfaction.retention, q.satisfaction.nrr):
                if share is not None:
                    assert lang.percent(share) in texts

    def it_lists_budget_lines_with_totals_and_charts_them(self, path, quarter, code):
        client, lang = sample(path), language(sample(path), code)
        q = client.quarters[quarter]
        slides = slides_titled(deck(path, quarter, code), lang, "IT budget: planned and actual")
        if not q.budget:
            assert not slides
            return
        currency = client.client.currency

        def money(v):
            return lang.currency(v, currency)

        def signed(v):
            sign = ("" if v == 0 else get_plus_sign_symbol(lang.locale) if v > 0
                    else "\u2013")
            return sign + money(abs(v))

        rows = table_rows(slides)
        assert len(rows) == len(q.budget) + 1
        for line, row in zip(q.budget, rows, strict=False):
            assert row[:3] == [lang.text(line.category), money(line.planned), money(line.actual)]
            assert row[3] == signed(line.actual - line.planned)
        planned, actual = sum(b.planned for b in q.budget), sum(b.actual for b in q.budget)
        assert rows[-1][:4] == [lang.gettext("Total"), money(planned), money(actual),
                                signed(actual - planned)]
        (chart,) = charts(slides)
        assert [s.values for s in chart.plots[0].series] == [
            tuple(b.planned for b in q.budget), tuple(b.actual for b in q.budget)]
        assert list(chart.plots[0].categories) == [lang.text(b.category) for b in q.budget]

    def it_reports_warranties_by_end_date_with_status(self, path, quarter, code):
        client, lang = sample(path), language(sample(path), code)
        q = client.quarters[quarter]
        slides = slides_titled(deck(path, quarter, code), lang, "Hardware warranty report")
        if not q.assets:
            assert not slides
            return
        end = q.meeting_date or end_of(quarter)  # counted from the meeting
        assets = sorted(q.assets, key=lambda a: (a.warranty_end, a.name))
        rows, cells = table_rows(slides), table_cells(slides)
        assert [r[0] for r in rows] == [a.name for a in assets]
        for asset, row, cell in zip(assets, rows, cells, strict=True):
            if asset.warranty_end < end:
                word, colour = "Expired", "red"
            elif asset.warranty_end <= end + dt.timedelta(days=90):
                word, colour = "Expires within 90 days", "amber"
            else:
                word, colour = "Covered", "green"
            at = row.index(lang.gettext(word))
            assert row[at - 1] == lang.date(asset.warranty_end, "medium")
            assert str(cell[at].fill.fore_color.rgb) == STATUS_COLOURS[colour][0]

    def it_lists_open_barriers_and_action_items(self, path, quarter, code):
        client, lang = sample(path), language(sample(path), code)
        q = client.quarters[quarter]
        prs = deck(path, quarter, code)
        day = q.meeting_date or end_of(quarter)
        open_ones = [b for b in client.barriers if b.as_of(day) in ("open", "in_progress")]
        rows = table_rows(slides_titled(prs, lang, "Adoption barriers"))
        assert [r[0] for r in rows] == [lang.text(b.challenge) for b in open_ones]
        if client.previous_quarter(quarter) is None:
            rows = table_rows(slides_titled(prs, lang, "Action items"))
        else:
            rows = table_rows(slides_titled(prs, lang, "Last quarter's actions reviewed"))
            rows = [r for r in rows if r[-1] == lang.gettext("New this quarter")]
        items = sorted(q.action_items, key=lambda a: a.due)
        assert [r[:3] for r in rows] == [[lang.text(a.action), a.owner, lang.date(a.due, "medium")]
                                         for a in items]

    def it_lists_the_next_meetings_after_the_review(self, path, quarter, code):
        client, lang = sample(path), language(sample(path), code)
        q = client.quarters[quarter]
        after = max(end_of(quarter), q.meeting_date or end_of(quarter))
        expected = [m for m in client_schedule(client).meetings if m.date > after][:4]
        rows = table_rows(slides_titled(deck(path, quarter, code), lang, "Next meetings"))
        dates = [lang.date(m.date, "full") for m in expected]
        assert [r[0] for r in rows] == [d[:1].upper() + d[1:] for d in dates]


def expected_sections(client: Client, quarter: str) -> list[str]:
    """The agenda a CSM expects from the file: a section for each part with data."""
    q = client.quarters[quarter]
    end = end_of(quarter)
    day = q.meeting_date or end
    after = max(end, day)
    previous = client.previous_quarter(quarter)
    wins = [w for w in client.results.key_wins if w.date is None or w.date <= end]
    said = [o for o in client.outcomes
            if (s := o.as_of(end)).executive_statement and s.status == "done"]
    parts = [
        ("Executive summary", q.health or q.summary or q.wins or q.risks
         or health.evaluate(client, quarter).score is not None),
        ("How this score is made", health.evaluate(client, quarter).score is not None),
        ("What changed since last quarter", previous is not None),
        ("Business updates", q.business_updates),
        ("Business outcomes", client.outcomes),
        ("Key wins", wins),
        ("Outcomes achieved", said and not wins),
        ("Key performance indicators", client.kpis),
        ("KPI trends", any(m.date <= end for k in client.kpis for m in k.measurements)),
        ("Platform usage", q.usage),
        ("Service performance", q.service),
        ("Account status", q.account),
        ("Renewal and commercial", q.renewal),
        ("Roadmap and innovations", q.roadmap),
        ("IT budget", q.budget),
        ("Hardware lifecycle", q.assets),
        ("Satisfaction", q.satisfaction),
        ("Adoption barriers", [b for b in client.barriers
                               if b.as_of(day) in ("open", "in_progress")]),
        ("Action items", q.action_items and previous is None),
        ("Last quarter's actions reviewed", previous is not None
         and (q.action_items or client.quarters[previous].action_items)),
        ("Decisions and asks", q.asks),
        ("Next meetings", [m for m in client_schedule(client).meetings if m.date > after]),
    ]
    return [name for name, present in parts if present]


# --- sections only with data ------------------------------------------------------------------

def minimal() -> dict:
    return json.loads((DATA / "minimal.json").read_text(encoding="utf-8"))


def titles_of(data: dict, code: str = "en", quarter: str = "2026-Q2") -> list[str]:
    for part in ("vendor", "client"):
        data[part].pop("logo", None)  # a path relative to a file this data is not read from
    client = Client.model_validate(data)
    prs = Presentation(io.BytesIO(render(client, code, quarter)))
    return [title(s) for s in prs.slides]


class DescribeSectionsWithoutData:
    def it_leaves_out_every_section_the_file_has_no_data_for(self):
        data = minimal()
        data["outcomes"], data["kpis"] = [], []
        data["engagement"]["plan_start"] = "2025-01-01"  # no meeting after the quarter
        data["quarters"] = {"2026-Q2": {"action_items": data["quarters"]["2026-Q2"]
                                        ["action_items"]}}
        assert titles_of(data) == ["Example Client Ltd", "Agenda", "Action items"]

    def it_gives_a_title_slide_alone_when_the_quarter_is_empty(self):
        data = minimal()
        data["outcomes"], data["kpis"] = [], []
        data["engagement"]["plan_start"] = "2025-01-01"
        data["quarters"] = {"2026-Q2": {}}
        assert titles_of(data) == ["Example Client Ltd"]

    @pytest.mark.parametrize(("field", "heading"), [
        ("business_updates", "Business updates"), ("usage", "Platform usage"),
        ("service", "Service performance"), ("account", "Account status"),
        ("roadmap", "Roadmap and innovations"), ("satisfaction", "Satisfaction"),
        ("asks", "Decisions and asks"), ("renewal", "Renewal and commercial"),
    ])
    def it_drops_one_section_and_keeps_the_others(self, field, heading):
        data = json.loads((ROOT / "samples" / "kestonbury-print.json").read_text("utf-8"))
        before = titles_of(data, quarter="2026-Q4")
        assert heading in before
        del data["quarters"]["2026-Q4"][field]
        after = titles_of(data, quarter="2026-Q4")
        assert heading not in after
        assert [t for t in before if t not in (heading, f"{heading} (continued)")] == after

    def it_leaves_out_a_kpi_chart_before_its_first_measurement(self):
        data = minimal()
        data["kpis"][0]["measurements"] = [{"date": "2026-07-30", "value": 7}]  # after Q2
        titles = titles_of(data)
        assert "Purchase order cycle time" not in titles
        assert "Key performance indicators" in titles

    def it_leaves_out_a_column_no_row_fills(self):
        data = minimal()
        data["quarters"]["2026-Q2"]["roadmap"] = [{"title": "Mobile app", "when": "Q3 2026"},
                                                  {"title": "Reports"}]
        client = Client.model_validate(data)
        prs = Presentation(io.BytesIO(render(client, "en", "2026-Q2")))
        (table,) = [sh.table for s in prs.slides if title(s) == "Roadmap and innovations"
                    for sh in s.shapes if sh.has_table]
        assert [c.text for c in table.rows[0].cells] == ["Item", "When", "Status"]
        assert [c.text for c in table.rows[2].cells] == ["Reports", "", "Planned"]

    def it_leaves_out_resolved_barriers(self):
        data = minimal()
        data["barriers"] = [{"challenge": "Old problem", "status": "resolved"}]
        assert "Adoption barriers" not in titles_of(data)
        data["barriers"].append({"challenge": "New problem", "status": "open"})
        assert "Adoption barriers" in titles_of(data)


# --- big clients ------------------------------------------------------------------------------

class DescribeABigClient:
    @pytest.fixture(scope="class")
    @classmethod
    def big(cls):
        data = json.loads((ROOT / "samples" / "caddo-ridge-dental.json").read_text("utf-8"))
        data["vendor"].pop("logo")  # a path relative to the sample's folder
        template_kpi = data["kpis"][0]
        data["kpis"] = []
        for n in range(60):
            kpi = copy.deepcopy(template_kpi)
            kpi["id"] = f"kpi-{n:02d}"
            kpi["name"] = f"Indicator number {n:02d} with a name long enough to wrap in a cell"
            data["kpis"].append(kpi)
        quarter = data["quarters"]["2026-Q4"]
        quarter["assets"] = [
            {"name": f"ASSET-{n:03d}", "kind": "Workstation", "serial": f"SN{n:06d}",
             "location": "Head office, second floor", "purchased": "2022-01-15",
             "warranty_end": (dt.date(2026, 1, 1) + dt.timedelta(days=7 * n)).isoformat(),
             "recommendation": "Replace in the next refresh" if n % 3 else ""}
            for n in range(200)
        ]
        client = Client.model_validate(data)
        return client, Presentation(io.BytesIO(render(client, "en", "2026-Q4")))

    def it_paginates_with_no_table_past_the_slide(self, big):
        _, prs = big
        for slide in prs.slides:
            for shape in slide.shapes:
                assert shape.top + shape.height <= prs.slide_height
                if shape.has_table:
                    assert shape.top + sum(r.height for r in shape.table.rows) \
                        <= prs.slide_height

    def it_lists_all_sixty_kpis_once_over_continued_slides(self, big):
        client, prs = big
        lang = language(client, "en")
        slides = slides_titled(prs, lang, "Key performance indicators")
        assert len(slides) > 1
        assert title(slides[1]) == "Key performance indicators (continued)"
        assert [r[0] for r in table_rows(slides)] == [k.name for k in client.kpis]
        assert len(charts([s for s in prs.slides if title(s).startswith("Indicator")])) == 60

    def it_lists_all_two_hundred_assets_once_in_warranty_order(self, big):
        client, prs = big
        lang = language(client, "en")
        slides = slides_titled(prs, lang, "Hardware warranty report")
        assert len(slides) >= 5
        names = [r[0] for r in table_rows(slides)]
        assets = client.quarters["2026-Q4"].assets
        assert names == [a.name for a in sorted(assets, key=lambda a: (a.warranty_end, a.name))]


# --- user text ---------------------------------------------------------------------------------

NASTY = "Smith & Sons <b>\"quoted\"</b> 'single' {{ 7*7 }} {% raw %} 😀 Ёжик в тумане"
LONG = " ".join(f"слово{n}" for n in range(700))


class DescribeUserText:
    @pytest.fixture(scope="class")
    @classmethod
    def prs(cls):
        data = minimal()
        data["client"]["name"] = NASTY
        data["vendor"]["name"] = NASTY
        data["outcomes"][0]["outcome"] = NASTY
        data["outcomes"][0]["initiative"] = LONG
        data["kpis"][0]["name"] = NASTY
        q = data["quarters"]["2026-Q2"]
        q["presenters"] = [NASTY]
        q["summary"] = NASTY + "\x07"
        q["business_updates"] = [NASTY, LONG]
        q["budget"] = [{"category": NASTY, "planned": 100, "actual": 120, "note": LONG}]
        q["assets"] = [{"name": NASTY, "warranty_end": "2027-01-01"}]
        q["action_items"][0]["action"] = NASTY
        return Presentation(io.BytesIO(render(Client.model_validate(data), "ru", "2026-Q2")))

    @staticmethod
    def texts(prs) -> list[str]:
        found = []
        for slide in prs.slides:
            for shape in slide.shapes:
                if shape.has_text_frame:
                    found += [p.text for p in shape.text_frame.paragraphs]
                if shape.has_table:
                    found += [c.text for row in shape.table.rows for c in row.cells]
                if shape.has_chart:
                    found += list(shape.chart.plots[0].categories)
        return found

    def it_shows_it_as_itself(self, prs):
        found = self.texts(prs)
        assert title(prs.slides[0]) == NASTY
        assert found.count(NASTY) >= 8
        assert not any(re.search(r"(?<!\w)49(?!\w)", t) for t in found)

    def it_keeps_every_word_of_a_very_long_text(self, prs):
        joined = " ".join(self.texts(prs))
        words = joined.split()
        for n in (0, 350, 699):
            assert f"слово{n}" in words
        assert joined.count("слово699") >= 3  # initiative, update and budget note

    def it_drops_control_characters(self, prs):
        assert NASTY in self.texts(prs)
        assert not any("\x07" in t for t in self.texts(prs))


# --- templates, files and the command line ---------------------------------------------------

def retemplate(tmp_path: Path, name: str, change) -> Path:
    members = read_package(TEMPLATE.read_bytes())
    data = next(m for m in members if m.name == name).data().decode("utf-8")
    target = tmp_path / "qbr.pptx"
    target.write_bytes(write_package(members, {name: change(data).encode("utf-8")}))
    return target


def theme_of(data: bytes) -> str:
    members = read_package(data)
    return next(m for m in members if m.name == "ppt/theme/theme1.xml").data().decode("utf-8")


class DescribeTemplates:
    def it_names_a_layout_the_template_lacks(self, tmp_path):
        copy_ = retemplate(tmp_path, "ppt/slideLayouts/slideLayout3.xml",
                           lambda xml: xml.replace('"docgen Two Content"', '"Two columns"'))
        client = sample(ROOT / "samples" / "kestonbury-print.json")
        with pytest.raises(TemplateError, match='"docgen Two Content"'):
            render(client, "en", "2026-Q4", copy_)

    def it_takes_a_rebranded_copy_from_the_command_line(self, tmp_path):
        rebrand = retemplate(tmp_path, "ppt/theme/theme1.xml",
                             lambda xml: xml.replace('<a:accent1><a:srgbClr val="1F6FB2"/>',
                                                     '<a:accent1><a:srgbClr val="7A1F5C"/>'))
        assert "7A1F5C" in theme_of(rebrand.read_bytes())
        sample_file = str(ROOT / "samples" / "kestonbury-print.json")
        out = tmp_path / "out"
        result = CliRunner().invoke(cli, ["qbr", sample_file, "--template", str(rebrand),
                                          "--out", str(out), "--quiet"],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        (written,) = [Path(line) for line in result.stdout.splitlines()]
        assert written.name == "qbr_2026-Q4_en.pptx"
        assert "7A1F5C" in theme_of(written.read_bytes())
        folder = tmp_path / "templates"
        folder.mkdir()
        shutil.copy(rebrand, folder / "qbr.pptx")
        result = CliRunner().invoke(cli, ["qbr", sample_file, "--templates", str(folder),
                                          "--quarter", "2026-Q3", "--out", str(out)],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert "7A1F5C" in theme_of((written.parent / "qbr_2026-Q3_en.pptx").read_bytes())

    def it_names_the_quarters_present_for_a_missing_one(self, tmp_path):
        sample_file = str(ROOT / "samples" / "kestonbury-print.json")
        result = CliRunner().invoke(cli, ["qbr", sample_file, "--quarter", "2025-Q1",
                                          "--out", str(tmp_path)])
        assert result.exit_code == 2
        assert "2026-Q3, 2026-Q4" in result.output
        assert not list(tmp_path.rglob("*.pptx"))


class DescribeChartNumbers:
    @pytest.mark.parametrize(("code", "expected"), [
        ("en", '"RUB\u00a0"#,##0'), ("ru", '#,##0"\u00a0₽"'),
    ])
    def it_formats_money_axes_the_locale_s_way(self, code, expected):
        path = ROOT / "samples" / "kamnegrad-mashzavod.json"
        client = sample(path)
        money = next(k for k in client.kpis if k.unit == "currency")
        lang = language(client, code)
        (chart,) = charts([s for s in deck(path, "2027-Q1", code).slides
                           if title(s) == lang.text(money.name)])
        assert chart.value_axis.tick_labels.number_format == expected


class DescribeTheFile:
    def it_is_byte_identical_for_the_same_input(self):
        client = sample(ROOT / "samples" / "caddo-ridge-dental.json")
        assert render(client, "en", "2026-Q4") == render(client, "en", "2026-Q4")

    def it_is_dated_by_the_meeting_not_the_clock(self):
        path = ROOT / "samples" / "kestonbury-print.json"
        prs = deck(path, "2026-Q4", "en")
        meeting = sample(path).quarters["2026-Q4"].meeting_date
        assert prs.core_properties.created.date() == meeting
        assert prs.core_properties.modified.date() == meeting
        assert prs.core_properties.language == "en-GB"

    def it_is_named_by_quarter_and_language(self):
        client = sample(ROOT / "samples" / "kestonbury-print.json")
        assert KINDS["qbr"].filename(client, "ru", "2026-Q3") == "qbr_2026-Q3_ru.pptx"


def it_converts_every_sample_deck_with_libreoffice(tmp_path, monkeypatch):
    from generator.render.pdf.convert import (
        DEBIAN_PACKAGES,
        SOFFICE_ENV,
        convert_to_pdf,
        find_soffice,
    )

    monkeypatch.delenv(SOFFICE_ENV, raising=False)
    need_tool("LibreOffice", find_soffice(), " ".join(DEBIAN_PACKAGES))
    files = []
    for path in SAMPLES:
        client = sample(path)
        for code in LANGS:
            target = tmp_path / f"{path.stem}_{code}.pptx"
            target.write_bytes(render(client, code, client.latest_quarter()))
            files.append(target)
    results = convert_to_pdf(files)
    for source in files:
        pdf = results[source]
        assert isinstance(pdf, Path), f"{source.name}: {pdf}"
        assert pdf.stat().st_size > 10_000
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        ru = next(f for f in files if f.stem.endswith("_ru"))
        text = subprocess.run([pdftotext, "-enc", "UTF-8", str(results[ru]), "-"],
                              capture_output=True, check=True).stdout.decode("utf-8")
        assert "Повестка" in text


RUSSIAN = [(p, q, lang) for p, q, lang in CASES if lang == "ru" and p.stem == "kamnegrad-mashzavod"]


@pytest.mark.parametrize("path, quarter, lang", RUSSIAN, ids=[q for _, q, _ in RUSSIAN])
def it_writes_percentages_and_quarters_in_russian_texts_as_the_deck_writes_its_own(
        path, quarter, lang):
    """"69 %" (a no-break space) and "2-й квартал 2027 г." in a Russian sentence of the
    client file, as in the KPI table and the footer beside it, not "69%" and "II квартал
    2027 года" (the sample whose texts are in Russian)."""
    from .extract import document_text

    text = document_text(render(sample(path), lang, quarter), ".pptx")
    mixed = [line for line in text.splitlines() if re.search("[А-Яа-яЁё]", line)
             and (re.search(r"\d%", line) or re.search(r"\b[IVX]+ квартал", line))]
    assert not mixed, mixed[:3]


def it_opens_the_latest_kamnegrad_deck_with_a_full_executive_summary():
    path = next(p for p in SAMPLES if p.stem == "kamnegrad-mashzavod")
    for code, wins, risks in (("en", "Wins", "Risks"), ("ru", "Достижения", "Риски")):
        prs = Presentation(io.BytesIO(render(sample(path), code, "2027-Q1")))
        summary = list(prs.slides)[2]
        lines = [p.text for s in summary.shapes if s.has_text_frame
                 for p in s.text_frame.paragraphs if p.text]
        assert wins in lines and risks in lines, lines
        assert len(lines) >= 10, lines


def it_labels_a_russian_chart_s_months_without_the_year_mark():
    """"Авг. 2026", not "Авг. 2026 г.": in a narrow axis label "г." took a line of its own."""
    path = next(p for p in SAMPLES if p.stem == "kamnegrad-mashzavod")
    prs = deck(path, "2027-Q1", "ru")
    labels = [c for chart in charts(prs.slides) for c in chart.plots[0].categories]
    assert "Авг. 2026" in labels and "Март 2027" in labels, labels
    assert not any(re.search(r"\d\W*г\.", label) for label in labels), labels


def it_colours_each_status_word_alike_in_every_table():
    """"In progress" is blue wherever it is shown (barriers, actions, roadmap...)."""
    from generator.documents import statuses

    tables = [v for k, v in vars(statuses).items() if k.endswith("_STATUS")]
    colours: dict[str, set[str]] = {}
    for table in tables:
        for label, colour in table.values():
            colours.setdefault(label, set()).add(colour)
    assert {label: c for label, c in colours.items() if len(c) > 1} == {}
