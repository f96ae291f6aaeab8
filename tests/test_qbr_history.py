"""The deck and the success plan read the file as of their own dates, and what a client
expects of a quarterly review: changes since last quarter, actions reviewed, renewal,
asks, NPS, key wins, KPI measurements, speaker notes and logos."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from pptx import Presentation

from generator.cli import cli
from generator.documents import csp, qbr
from generator.i18n import Language, Languages
from generator.loader import load_client
from generator.resources import shipped

from .conftest import ROOT, copy_logos

KESTONBURY = ROOT / "samples" / "kestonbury-print.json"
TEMPLATE = shipped("templates") / "qbr.pptx"
LOCALES = [shipped("locales")]


def deck_bytes(path: Path, quarter: str, code: str = "en") -> bytes:
    client = load_client(path).client
    return qbr.render(client, Languages(code, LOCALES, client.client.country), TEMPLATE, quarter)


def slides_of(data: bytes):
    return list(Presentation(io.BytesIO(data)).slides)


def titled(data: bytes, title: str):
    return [s for s in slides_of(data) if s.shapes.title is not None
            and s.shapes.title.text_frame.text == title]


def rows(slide) -> list[list[str]]:
    table = next(sh for sh in slide.shapes if sh.has_table).table
    return [[c.text_frame.text for c in r.cells] for r in list(table.rows)[1:]]


def copy_sample(tmp_path: Path, path: Path = KESTONBURY) -> Path:
    copy_logos(tmp_path)
    target = tmp_path / path.name
    shutil.copy(path, target)
    return target


class DescribeTrueAsOfTheQuarter:
    def it_gives_the_same_bytes_for_an_old_quarter_after_newer_data_is_added(self, tmp_path):
        path = copy_sample(tmp_path)
        before = deck_bytes(path, "2026-Q3")
        data = json.loads(path.read_text(encoding="utf-8"))
        data["outcomes"][0]["updates"].append(
            {"date": "2027-03-31", "status": "done", "current_status": "£180,000 saved"})
        data["barriers"].append({"challenge": "A new barrier", "opened": "2027-02-01"})
        data["barriers"][0]["resolved"] = "2027-02-15"
        data["quarters"]["2026-Q3"]["action_items"][2]["closed"] = "2027-01-20"
        data["kpis"][0]["measurements"].append({"date": "2027-01-31", "value": 80})
        data["results"]["key_wins"].append({"win": "Later win", "date": "2027-02-01"})
        data["quarters"]["2027-Q1"] = {"meeting_date": "2027-04-13", "summary": "Later"}
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        assert deck_bytes(path, "2026-Q3") == before
        assert deck_bytes(path, "2026-Q4") == deck_bytes(KESTONBURY, "2026-Q4")
        later = titled(deck_bytes(path, "2027-Q1"), "Business outcomes")
        assert rows(later[0])[0][3:] == ["Achieved", "£180,000 saved"]

    def it_shows_each_outcome_as_it_stood_at_the_quarters_end(self):
        q3 = rows(titled(deck_bytes(KESTONBURY, "2026-Q3"), "Business outcomes")[0])
        q4 = rows(titled(deck_bytes(KESTONBURY, "2026-Q4"), "Business outcomes")[0])
        assert q3[0][3:] == ["On track", "1. Jobs above £500 attract 3.1 quotes on average\n"
                             "2. £46,100 saved by the end of September, checked by Finance"]
        assert q3[2][3] == "In progress"
        assert "£94,500" not in " ".join(c for r in q3 for c in r)
        assert q4[1][3] == "At risk" and q4[2][3] == "Achieved"
        assert "£94,500 saved by the end of December" in q4[0][4]

    def it_prints_no_status_when_the_file_gives_none(self, minimal_data):
        from generator.model import Client

        minimal_data["outcomes"] = [{"outcome": f"Outcome {n}", "priority": n}
                                    for n in range(1, 13)]
        client = Client.model_validate(minimal_data)  # twelve ranked outcomes are fine
        key = client.latest_quarter()
        deck = qbr.build(client, Language("en", LOCALES, "GB"), key)
        (slide,) = [s for s in deck.slides if s.title == "Business outcomes"]
        table = slide.blocks[0]
        assert [c.header for c in table.columns] == ["Outcome", "Priority"]
        assert table.rows[11][1].text == "12"

    def it_shows_only_the_barriers_open_at_the_meeting(self):
        q3 = titled(deck_bytes(KESTONBURY, "2026-Q3"), "Adoption barriers")
        challenges = [r[0] for r in rows(q3[0])]
        assert challenges == ['Some account managers still e-mail suppliers directly for '
                              '"urgent" jobs']  # the second was resolved, the third not yet open

    def it_counts_warranties_from_the_meeting_and_says_so(self):
        data = deck_bytes(ROOT / "samples" / "caddo-ridge-dental.json", "2026-Q4")
        reports = titled(data, "Hardware warranty report") + titled(
            data, "Hardware warranty report (continued)")
        table = next(sh for sh in reports[0].shapes if sh.has_table).table
        headers = [c.text_frame.text for c in table.rows[0].cells]
        assert "Status on Jan 28, 2027" in headers
        status = headers.index("Status on Jan 28, 2027")
        by_name = {r[0]: r[status] for report in reports for r in rows(report)}
        assert by_name["CRD-ALN-XR01"] == "Expires within 90 days"  # 4 April
        assert by_name["CRD-MCK-WS04"] == "Expires within 90 days"  # 16 April

    def it_says_the_date_figures_are_as_of_in_the_footer(self):
        (kpis,) = titled(deck_bytes(KESTONBURY, "2026-Q4"), "Key performance indicators")
        footer = next(p for p in kpis.placeholders if p.placeholder_format.type.name == "FOOTER")
        assert footer.text_frame.text.endswith("· As of 31 Dec 2026")
        (actions,) = titled(deck_bytes(KESTONBURY, "2026-Q4"), "Last quarter's actions reviewed")
        footer = next(p for p in actions.placeholders
                      if p.placeholder_format.type.name == "FOOTER")
        assert footer.text_frame.text.endswith("· As of 12 Jan 2027")


class DescribeWhatAClientExpects:
    def it_compares_with_the_previous_quarter(self):
        q4 = deck_bytes(KESTONBURY, "2026-Q4")
        (slide,) = titled(q4, "What changed since last quarter")
        found = {r[0]: r[1:] for r in rows(slide)}
        assert found["Spend under management"] == ["63%", "74%", "+11\u00a0pp"]
        assert found["Net Promoter Score (NPS)"] == ["+28", "+38", "+10"]
        assert found["Process compliance"][:2] == ["On track", "At risk"]
        assert not titled(deck_bytes(KESTONBURY, "2026-Q3"), "What changed since last quarter")

    def it_reviews_last_quarters_actions(self):
        (slide,) = titled(deck_bytes(KESTONBURY, "2026-Q4"), "Last quarter's actions reviewed")
        found = {r[0]: (r[3], r[4]) for r in rows(slide)}
        assert found["Send the COO's compliance note on quoting by e-mail"] == (
            "Done", "Done since the last review")
        assert found["Agree the onboarding plan for the events team"] == (
            "Overdue", "Carried over, open 91 days")
        assert found["Renew the single sign-on certificate and test it on the staging tenant"][1] \
            == "New this quarter"
        # the earlier quarter's deck shows those actions as they stood at its own meeting
        (q3,) = titled(deck_bytes(KESTONBURY, "2026-Q3"), "Action items")
        assert [r[3] for r in rows(q3)] == ["Open", "Open", "In progress"]

    def it_shows_renewal_and_commercial_as_of_the_meeting(self):
        (slide,) = titled(deck_bytes(KESTONBURY, "2026-Q4"), "Renewal and commercial")
        texts = [p.text for sh in slide.shapes if sh.has_text_frame and not sh.is_placeholder
                 for p in sh.text_frame.paragraphs]
        assert "£152,800" in texts and "1 Apr 2029" in texts
        assert "810 days to go" in texts  # from 12 January 2027
        assert "Medium" in texts
        assert rows(slide)[0][:2] == ["Events team licences (14 buyers)", "£16,800"]

    def it_lists_decisions_and_asks_with_owner_and_date(self):
        (slide,) = titled(deck_bytes(KESTONBURY, "2026-Q4"), "Decisions and asks")
        assert rows(slide)[0] == ["Approve the events team's switch-over date of 26 February",
                                  "Decision", "The 90% compliance goal needs their spend",
                                  "Helena Marsh", "29 Jan 2027"]

    def it_shows_nps_beside_csat(self):
        (slide,) = titled(deck_bytes(KESTONBURY, "2026-Q4"), "Satisfaction")
        texts = [p.text for sh in slide.shapes if sh.has_text_frame and not sh.is_placeholder
                 for p in sh.text_frame.paragraphs]
        for text in ("89%", "+38", "Net Promoter Score (NPS)", "61 responses", "31", "Promoters",
                     "22", "Passives", "8", "Detractors"):
            assert text in texts

    def it_shows_key_wins_and_executive_statements(self):
        q4 = deck_bytes(KESTONBURY, "2026-Q4")
        (wins,) = titled(q4, "Key wins")
        assert [r[0] for r in rows(wins)] == ["Retired the quoting spreadsheets",
                                              "Quoting policy from the COO", "A customer advocate",
                                              "Case study"]
        (said,) = titled(q4, "Outcomes achieved")
        assert rows(said)[0][0] == "Faster service to Kestonbury's clients"
        assert rows(said)[0][2].startswith("Kestonbury's account managers now promise")
        (q3,) = titled(deck_bytes(KESTONBURY, "2026-Q3"), "Key wins")
        assert [r[0] for r in rows(q3)] == ["Retired the quoting spreadsheets"]
        assert not titled(deck_bytes(KESTONBURY, "2026-Q3"), "Outcomes achieved")

    def it_tabulates_a_kpis_measurements_beside_its_chart(self):
        (slide,) = titled(deck_bytes(KESTONBURY, "2026-Q3"), "Spend under management")
        assert any(sh.has_chart for sh in slide.shapes)
        found = rows(slide)
        assert found[0] == ["30 Jun 2026", "22%", "Baseline"]
        assert found[3] == ["30 Sep 2026", "63%", "Finance integration fixed on 20 August"] \
            or found[3] == ["30 Sep 2026", "63%", "Finance integration fixed on 20 August"]
        assert found[-1] == ["Target", "90%", "by 30 Jun 2027"]
        assert len(found) == 5  # baseline, July-September, target: nothing after the quarter

    @pytest.mark.parametrize("code", ["en", "ru"])
    def it_has_speaker_notes_on_every_slide_in_the_decks_language(self, code):
        data = deck_bytes(KESTONBURY, "2026-Q4", code)
        for number, slide in enumerate(slides_of(data), start=1):
            assert slide.has_notes_slide, number
            notes = slide.notes_slide.notes_text_frame.text
            assert notes.strip(), number
        (kpi,) = [s for s in slides_of(data)
                  if s.shapes.title.text_frame.text == "Quote request to purchase order"]
        notes = kpi.notes_slide.notes_text_frame.text
        if code == "en":
            assert notes.startswith("Quote request to purchase order fell from 3.9 days to "
                                    "2.9 days since Q3 2026. The target of 3 days is met.")
        else:
            assert "3,9 дня, сейчас — 2,9 дня (снижение)" in notes

    def it_places_each_logo_once_however_many_slides_show_it(self):
        data = deck_bytes(KESTONBURY, "2026-Q4")
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            media = [n for n in z.namelist() if n.startswith("ppt/media/")]
            assert len(media) == 2  # the vendor's and the client's
            assert (ROOT / "samples/logos/quillmere.png").read_bytes() in [z.read(n)
                                                                          for n in media]
        prs = Presentation(io.BytesIO(data))
        master_logo = [s for s in prs.slide_master.shapes if s.name == "Logo"]
        assert master_logo[0].shape_type == 13  # a picture
        assert abs(master_logo[0].width / master_logo[0].height - 641 / 161) < 0.02
        title = prs.slides[0]
        pictures = [s for s in title.shapes if s.shape_type == 13]
        assert [p.name for p in pictures] == ["Client Logo"]
        ids = [s.shape_id for s in title.shapes]
        assert len(ids) == len(set(ids))

    @pytest.mark.parametrize(("content", "message"), [
        (None, "vendor.logo: expected a PNG or JPEG file, found no file"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
         "vendor.logo: expected a PNG or JPEG picture, found an SVG file"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 8, "vendor.logo: expected a readable PNG picture"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x4e\x21\0\0\0\x10",
         "vendor.logo: expected a picture of at most 8000 x 8000 pixels, found 20001 x 16"),
    ])
    def it_refuses_a_logo_it_cannot_place(self, tmp_path, content, message):
        path = copy_sample(tmp_path)
        logo = tmp_path / "logos" / "quillmere.png"
        if content is None:
            logo.unlink()
        else:
            logo.write_bytes(content)
        out = tmp_path / "out"
        result = CliRunner().invoke(cli, ["qbr", str(path), "--out", str(out)])
        assert result.exit_code == 2
        assert f"{path}: {message}" in result.output
        assert not out.exists()


class DescribeTheSuccessPlan:
    def plan(self, path: Path = KESTONBURY, code: str = "en"):
        client = load_client(path).client
        data = csp.render(client, Languages(code, LOCALES, client.client.country),
                          shipped("templates") / "success_plan.docx")
        return Document(io.BytesIO(data))

    def table_after(self, doc, heading: str):
        body = doc.element.body
        found, table = False, None
        for child in body.iterchildren():
            if child.tag.endswith("}p") and "".join(child.itertext()).endswith(heading):
                found, table = True, None  # the last such heading is the section's
            elif found and table is None and child.tag.endswith("}tbl"):
                from docx.table import Table

                table = Table(child, doc)
        return table

    def it_sums_up_the_outcomes_before_their_table(self):
        doc = self.plan()
        texts = [p.text for p in doc.paragraphs]
        at = len(texts) - 1 - texts[::-1].index("2. Business outcomes")  # not the contents
        assert texts[at + 1].startswith("Kestonbury bought Quillmere Spend Cloud")
        assert texts[at + 3].startswith("Each outcome has a KPI")

    def it_numbers_the_current_status_per_success_factor_on_its_own_line(self):
        table = self.table_after(self.plan(), "2. Business outcomes")
        cell = table.rows[1].cells[4]
        assert cell.text.split("\n") == [
            "1. Jobs above £500 now attract 3.4 quotes on average",
            "2. £94,500 saved by the end of December, signed off by Finance"]

    def it_gives_a_baseline_period_with_its_label(self):
        table = self.table_after(self.plan(), "4. SMART KPIs")
        cell = next(r for r in table.rows if r.cells[2].text.startswith("Quote request")).cells[3]
        assert cell.text.split("\n") == [
            "6.2 days", "Q2 2026", "April to June 2026, by e-mail and spreadsheet"]

    def it_computes_the_attendance_rate_and_shows_the_rating(self):
        table = self.table_after(self.plan(), "Communication and training evidence")
        assert table.rows[0].cells[2].text == "Attendance and rating"
        row = next(r for r in table.rows if r.cells[0].text == "Live virtual training")
        assert row.cells[2].text.split("\n") == ["64 of 72 invited (89%)",
                                                             "Rated 4.6 of 5"]

    def it_lists_key_wins_statements_and_a_sign_off(self):
        doc = self.plan()
        wins = self.table_after(doc, "Key wins")
        assert wins.rows[1].cells[0].text == "Retired the quoting spreadsheets"
        said = self.table_after(doc, "Outcomes achieved")
        assert said.rows[1].cells[0].text.split("\n")[0] == "Faster service to Kestonbury's clients"
        sign = self.table_after(doc, "Sign-off")
        assert [c.text for c in sign.rows[1].cells][:3] == [
            "Helena Marsh", "Kestonbury Print Management Ltd", "Chief Operating Officer"]
        assert [c.text for c in sign.rows[2].cells][:3] == [
            "Oliver Brennan", "Quillmere Software Ltd", "Account Director"]
        assert "Signature" in sign.rows[1].cells[3].text


class DescribeAKpiWithoutATarget:
    def it_shows_no_progress_and_no_target_line(self, tmp_path):
        path = copy_sample(tmp_path)
        data = json.loads(path.read_text(encoding="utf-8"))
        del data["kpis"][0]["target"]
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        deck = deck_bytes(path, "2026-Q4")
        (table,) = titled(deck, "Key performance indicators")
        assert rows(table)[0][:5] == ["Spend under management", "22%", "74%", "—", "—"]
        (slide,) = titled(deck, "Spend under management")
        chart = next(sh for sh in slide.shapes if sh.has_chart).chart
        assert [s.name for s in chart.plots[0].series] == ["Measured"]
        assert rows(slide)[-1][0] == "31 Dec 2026"  # no target row beneath
        assert "target" not in slide.notes_slide.notes_text_frame.text
        client = load_client(path).client
        doc = Document(io.BytesIO(csp.render(client, Languages("en", LOCALES, "GB"),
                                             shipped("templates") / "success_plan.docx")))
        progress = next(t for t in doc.tables
                        if t.rows[0].cells[-1].text == "Progress to target")
        row = next(r for r in progress.rows if r.cells[0].text == "Spend under management")
        assert row.cells[3].text == "" and row.cells[-1].text == "–"


@pytest.mark.parametrize(("sample", "quarter", "code", "title", "shown", "later"), [
    ("kamnegrad-mashzavod", "2026-Q4", "ru", "Бизнес-результаты", "с 412 до 342 часов", "289"),
    ("caddo-ridge-dental", "2026-Q3", "en", "Business outcomes", "July to September", "December"),
    ("kestonbury-print", "2026-Q3", "en", "Business outcomes", "£46,100", "£94,500"),
])
def it_quotes_no_figure_from_a_later_quarter(sample, quarter, code, title, shown, later):
    (slide,) = titled(deck_bytes(ROOT / "samples" / f"{sample}.json", quarter, code), title)
    text = " ".join(c for r in rows(slide) for c in r)
    assert shown in text and later not in text
