"""The health score: inputs read from the file as of the quarter, weights, bands, settings,
the CSM's override, and the deck's summary and receipt slide read back."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from generator import health
from generator.cli import cli, main
from generator.documents import qbr
from generator.errors import UsageError
from generator.i18n import Language, Languages
from generator.loader import load_client
from generator.model import Client
from generator.resources import shipped
from generator.schedule import quarter_bounds

from .conftest import ROOT

KESTONBURY = ROOT / "samples" / "kestonbury-print.json"
KAMNEGRAD = ROOT / "samples" / "kamnegrad-mashzavod.json"


def sample_data(path: Path = KESTONBURY) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("$schema", None)
    return data


def client_of(data: dict) -> Client:
    return Client.model_validate(data)


def lang(code: str = "en") -> Language:
    return Language(code, [shipped("locales")])


class DescribeReadings:
    def it_reads_each_input_from_the_file_as_of_the_quarter(self):
        client = load_client(KESTONBURY).client
        found = health.readings(client, "2026-Q4")
        q = client.quarters["2026-Q4"]
        assert found["csat"].value == q.satisfaction.csat == 89
        assert found["nrr"].value == q.satisfaction.nrr == 113
        assert found["nps"].value == pytest.approx((31 - 8) / (31 + 22 + 8) * 100)
        # KPIs: the mean of each one's progress to target by 31 December, held to 0-100 %
        expected = []
        for k in client.kpis:
            last = [m for m in k.measurements if m.date <= quarter_bounds("2026-Q4")[1]][-1]
            share = (last.value - k.baseline.value) / (k.target.value - k.baseline.value) * 100
            expected.append(min(100, max(0, share)))
        assert found["kpi_progress"].value == pytest.approx(sum(expected) / len(expected))
        assert found["kpi_progress"].of == 4
        # all three SLA targets met (99.81 % >= 99.5 %, response and resolution in time)
        assert (found["sla"].met, found["sla"].of, found["sla"].value) == (3, 3, 100)
        # active users from September (139, last month of Q3) to December (158)
        usage = found["usage_trend"]
        assert (usage.start, usage.end) == (139, 158)
        assert usage.value == pytest.approx((158 - 139) / 139 * 100)
        # barriers: two of three not resolved
        assert (found["open_barriers"].value, found["open_barriers"].of) == (2, 3)

    def it_counts_actions_agreed_by_the_quarter_end_that_are_late_then(self):
        client = load_client(KESTONBURY).client
        # Q3's review (13 October) agreed three items; one, due 11 December, is not done
        found = health.readings(client, "2026-Q4")["overdue_actions"]
        assert (found.value, found.of) == (1, 3)
        # Q3 itself: its items were agreed after its end, so there is nothing to count
        assert health.readings(client, "2026-Q3")["overdue_actions"].value is None

    def it_ignores_data_dated_after_the_quarter(self):
        data = sample_data()
        before = health.evaluate(client_of(data), "2026-Q3")
        later = copy.deepcopy(data)
        for kpi in later["kpis"]:
            kpi["measurements"].append({"date": "2027-02-28",
                                        "value": kpi["target"]["value"]})
        later["quarters"]["2027-Q1"] = {"satisfaction": {"csat": 10, "nrr": 50}}
        after = health.evaluate(client_of(later), "2026-Q3")
        assert after.score == before.score
        assert after.lines == before.lines


class DescribeScore:
    def it_adds_each_inputs_points_up_to_the_score(self):
        found = health.evaluate(load_client(KESTONBURY).client, "2026-Q4")
        points = sum(line.points for line in found.lines if line.points is not None)
        assert found.score == round(points)
        assert sum(line.share for line in found.lines) == pytest.approx(100)
        csat = next(line for line in found.lines if line.name == "csat")
        # 89 % on a line from 60 % (no points) to 90 % (all its share)
        assert csat.points == pytest.approx((89 - 60) / 30 * csat.share)

    def it_leaves_missing_inputs_out_and_shares_their_weight(self):
        found = health.score({
            "csat": health.Reading(75.0), "sla": health.Reading(100.0, of=2, met=2),
            "kpi_progress": health.Reading(50.0, of=3)})
        # 55 of 100 weight given: each share grows by 100/55
        shares = {line.name: line.share for line in found.lines}
        assert shares["kpi_progress"] == pytest.approx(25 / 55 * 100)
        assert shares["nps"] == 0
        assert {line.name for line in found.missing} == {
            "nps", "nrr", "usage_trend", "overdue_actions", "open_barriers"}
        assert found.missing_weight == pytest.approx(45)
        expected = (25 * 0.5 + 15 * 1 + 15 * 0.5) / 55 * 100
        assert found.score == round(expected)

    def it_gives_no_score_when_too_little_is_known(self):
        found = health.score({"csat": health.Reading(95.0)})  # 15 % of the weight
        assert found.score is None and found.band is None

    @pytest.mark.parametrize(("value", "band"), [(0, "red"), (49, "red"), (50, "amber"),
                                                 (74, "amber"), (75, "green"), (100, "green")])
    def it_bands_the_score(self, value, band):
        assert health.DEFAULTS.band(value) == band

    def it_rates_fewer_as_better_where_poor_is_above_good(self):
        rule = health.DEFAULT_RULES["overdue_actions"]
        assert [rule.rating(n) for n in (0, 1, 3, 7)] == [1, pytest.approx(2 / 3), 0, 0]

    def it_counts_nps_when_the_file_gives_it(self):
        found = health.score({"nps": health.Reading(25.0), "csat": health.Reading(90.0),
                              "kpi_progress": health.Reading(100.0)})
        nps = next(line for line in found.lines if line.name == "nps")
        assert nps.points == pytest.approx(0.5 * nps.share)


class DescribeOverride:
    def it_shows_the_csms_band_with_its_reason_beside_the_score(self):
        client = load_client(KESTONBURY).client
        found = health.evaluate(client, "2026-Q4")
        assert found.override == "amber" and found.shown == "amber"
        assert found.band == "green" and found.score == 85
        assert found.reason == client.quarters["2026-Q4"].health_reason

    def it_refuses_a_reason_without_a_health(self, tmp_path, capsys):
        data = sample_data()
        del data["quarters"]["2026-Q4"]["health"]
        path = tmp_path / "c.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        assert main(["validate", str(path)]) == 2
        assert (f'{path}: quarters["2026-Q4"]: expected health (green, amber or red) with '
                "health_reason, found no health") in capsys.readouterr().err


class DescribeSettings:
    def it_reads_weights_bands_and_inputs_from_docgen_toml(self):
        found = health.settings({"inputs": ["csat", "kpi_progress"], "red_below": 60,
                                 "amber_below": 80, "csat": {"weight": 30, "good": 95}})
        assert [name for name, _ in found.rules] == ["csat", "kpi_progress"]
        assert dict(found.rules)["csat"] == health.Rule(30, 60, 95)
        assert (found.red_below, found.amber_below) == (60, 80)
        assert found.band(79) == "amber"

    def it_reports_every_bad_setting(self):
        with pytest.raises(UsageError) as caught:
            health.settings({"inputs": ["csat", "mood"], "red_below": 90, "amber_below": 75,
                             "csat": {"weight": -1, "colour": "red"}, "extra": 1}, "t.toml")
        assert caught.value.format_message().splitlines() == [
            "t.toml: health.extra: unknown setting; expected inputs, red_below, amber_below, "
            "min_weight or an input: kpi_progress, sla, csat, nps, nrr, usage_trend, "
            "overdue_actions, open_barriers",
            "t.toml: health.inputs: unknown mood; expected some of kpi_progress, sla, csat, "
            "nps, nrr, usage_trend, overdue_actions, open_barriers",
            "t.toml: health.csat.colour: unknown setting; expected weight, poor or good",
            "t.toml: health.csat.weight: expected a number of 0 or more, found -1",
            "t.toml: health: expected red_below (90) at most amber_below (75)",
        ]

    def it_changes_the_decks_score_through_docgen_toml(self, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        (tmp_path / "docgen.toml").write_text(
            '[health]\ninputs = ["csat"]\nmin_weight = 0\n[health.csat]\npoor = 80\ngood = 100\n',
            encoding="utf-8")
        result = CliRunner().invoke(cli, ["qbr", str(KAMNEGRAD), "--lang", "en",
                                          "--quarter", "2027-Q1", "--out", "out"])
        assert result.exit_code == 0, result.output
        prs = Presentation(result.stdout.strip())
        receipt = slide_titled(prs, "How this score is made")
        rows = table_rows(receipt)
        # CSAT 87 % from 80 % to 100 %: 35 of 100 points, and nothing else counts
        assert rows[1:] == [["Customer satisfaction (CSAT)", "87%", "100%", "35 of 100"],
                            ["Health score", "At risk", "100%", "35 of 100"]]

    def it_stops_a_command_on_a_bad_health_setting(self, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        (tmp_path / "docgen.toml").write_text("[health]\nred_below = 120\n", encoding="utf-8")
        result = CliRunner().invoke(cli, ["qbr", str(KAMNEGRAD), "--out", "out"])
        assert result.exit_code == 2
        assert "health.red_below: expected a score from 0 to 100, found 120" in result.output
        assert not (tmp_path / "out").exists()


# --- the deck --------------------------------------------------------------------------------

def deck(path: Path, quarter: str, code: str) -> Presentation:
    client = load_client(path).client
    data = qbr.render(client, Languages(code, [shipped("locales")], client.client.country),
                      shipped("templates") / "qbr.pptx", quarter)
    return Presentation(io.BytesIO(data))


def slide_titled(prs, title: str):
    return next(s for s in prs.slides if s.shapes.title and s.shapes.title.text == title)


def table_rows(slide) -> list[list[str]]:
    table = next(s for s in slide.shapes if s.has_table).table
    return [[cell.text for cell in row.cells] for row in table.rows]


def texts(slide) -> list[str]:
    return [p.text for s in slide.shapes if s.has_text_frame and s != slide.shapes.title
            for p in s.text_frame.paragraphs if p.text]


class DescribeTheDeck:
    def it_shows_score_band_and_change_in_the_executive_summary(self):
        client = load_client(KAMNEGRAD).client
        found = health.evaluate(client, "2027-Q1")
        before = health.evaluate(client, "2026-Q4")
        moved = found.score - before.score
        summary = texts(slide_titled(deck(KAMNEGRAD, "2027-Q1", "en"), "Executive summary"))
        assert summary[:3] == [
            "Overall health", "Needs attention",
            f"Health score: {found.score} of 100; \u25b2 {moved} points since Q4 2026"]
        ru = texts(slide_titled(deck(KAMNEGRAD, "2027-Q1", "ru"), "Ключевые итоги"))
        assert ru[:3] == [
            "Общее состояние", "Требует внимания",
            f"Индекс состояния: {found.score} из 100; \u25b2 {moved} баллов по сравнению с "
            "периодом «4-й квартал 2026\u00a0г.»"]

    def it_says_the_score_once_in_the_receipts_notes_in_the_deck_s_words(self):
        found = health.evaluate(load_client(KAMNEGRAD).client, "2027-Q1")
        for code, title, first in (
                ("en", "How this score is made",
                 f"The health score is {found.score} of 100: needs attention."),
                ("ru", "Из чего складывается индекс",
                 f"Индекс состояния — {found.score} из 100: требует внимания.")):
            slide = slide_titled(deck(KAMNEGRAD, "2027-Q1", code), title)
            notes = slide.notes_slide.notes_text_frame.text.splitlines()
            assert notes[0] == first, notes

    def it_shows_the_override_and_its_reason(self):
        client = load_client(KESTONBURY).client
        summary = texts(slide_titled(deck(KESTONBURY, "2026-Q4", "en"), "Executive summary"))
        assert summary[:4] == [
            "Overall health", "Needs attention",
            f"Set by the account team: {client.quarters['2026-Q4'].health_reason}",
            "Score from the data: 85 of 100 (On track); \u25b2 13 points since Q3 2026"]

    def it_lists_each_input_its_value_weight_and_points_on_the_receipt(self, tmp_path):
        data = sample_data()
        del data["quarters"]["2026-Q4"]["satisfaction"]["nps"]  # an input the quarter lacks
        data["vendor"].pop("logo", None)
        data["client"].pop("logo", None)
        path = tmp_path / "kestonbury.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        client = load_client(path).client
        found = health.evaluate(client, "2026-Q4")
        slide = slide_titled(deck(path, "2026-Q4", "en"), "How this score is made")
        rows = table_rows(slide)
        assert rows[0] == ["Input", "Value", "Weight", "Points"]
        en = lang()
        by_name = {r[0]: r for r in rows[1:]}
        kpi = next(line for line in found.lines if line.name == "kpi_progress")
        assert by_name["KPI progress to target"] == [
            "KPI progress to target", f"{en.percent(kpi.reading.value, 0)} \u00b7 4 KPIs",
            en.percent(kpi.share, 1),
            f"{en.number(kpi.points, 1)} of {en.number(kpi.share, 1)}"]
        assert by_name["Net Promoter Score (NPS)"][1:] == ["Not measured", "0%", "\u2014"]
        assert by_name["Usage trend (active users)"][1] == "+13.7% (from 139 to 158)"
        assert by_name["Overdue action items"][1] == "1 overdue of 3"
        assert by_name["SLA attainment"][1] == "3 of 3 targets met"
        assert rows[-1] == ["Health score", "On track", "100%", "86 of 100"]
        notes = texts(slide)
        assert "Net Promoter Score (NPS)" in notes[notes.index("Missing this quarter") + 1]
        assert ("Left out: their weight (10%) is shared among the other inputs in "
                "proportion.") in notes
        at = notes.index("Health set by the account team")
        assert notes[at:at + 3] == ["Health set by the account team", "Needs attention",
                                    client.quarters["2026-Q4"].health_reason]

    def it_speaks_the_decks_language_on_the_receipt(self, tmp_path):
        data = sample_data(KAMNEGRAD)
        for q in data["quarters"].values():  # an input the file lacks
            q.get("satisfaction", {}).pop("nps", None)
        path = tmp_path / "kamnegrad.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        slide = slide_titled(deck(path, "2027-Q1", "ru"), "Из чего складывается индекс")
        rows = table_rows(slide)
        assert rows[0] == ["Показатель", "Значение", "Вес", "Баллы"]
        assert [r[0] for r in rows[1:-1]] == [
            "Продвижение KPI к цели", "Выполнение SLA", "Удовлетворённость клиентов (CSAT)",
            "Индекс лояльности (NPS)", "Удержание выручки (NRR)",
            "Динамика использования (активные пользователи)", "Просроченные поручения",
            "Открытые барьеры внедрения"]
        assert rows[-1][0] == "Индекс состояния"
        assert "Нет данных за квартал" in texts(slide)
