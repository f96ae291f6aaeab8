"""``docgen plan`` and ``docgen schedule`` driven through the command line."""

from __future__ import annotations

import csv
import io
import json

import icalendar
import pytest
from click.testing import CliRunner
from docx import Document

from generator.cli import cli
from generator.documents.meetings import client_schedule, topics
from generator.documents.schedule_text import display_width, topic_text
from generator.i18n import Language
from generator.loader import load_client
from generator.output import client_dir
from generator.resources import shipped

from .conftest import DATA, SAMPLES

KESTONBURY = next(p for p in SAMPLES if p.stem == "kestonbury-print")
LOCALES = (shipped("locales"),)


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_plan_with_ics_prints_only_the_written_paths(tmp_path):
    out = tmp_path / "out"
    result = invoke("plan", str(KESTONBURY), "--out", str(out), "--ics", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    folder = client_dir(out, "Kestonbury Print Management Ltd")
    docx = folder / "engagement-plan_2026_en.docx"
    ics = folder / "engagement-plan_2026_en.ics"
    assert result.stdout.splitlines() == [str(docx), str(ics)]
    assert Document(str(docx)).paragraphs[0].text == "Engagement plan"
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    schedule = client_schedule(load_client(KESTONBURY).client)
    assert len(calendar.walk("VEVENT")) == len(schedule.meetings)


def test_plan_defaults_to_the_client_language(tmp_path):
    path = next(p for p in SAMPLES if p.stem == "kamnegrad-mashzavod")
    result = invoke("plan", str(path), "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    [written] = result.stdout.splitlines()
    assert written.endswith("engagement-plan_2027_ru.docx")
    assert Document(written).paragraphs[0].text == "План взаимодействия"


def test_plan_in_two_languages_is_one_plan_per_language(tmp_path):
    result = invoke("plan", str(KESTONBURY), "--out", str(tmp_path), "--lang", "en+ru", "--ics")
    assert result.exit_code == 0, result.stderr
    assert [line.rsplit("/", 1)[1] for line in result.stdout.splitlines()] == [
        "engagement-plan_2026_en.docx", "engagement-plan_2026_ru.docx",
        "engagement-plan_2026_en.ics", "engagement-plan_2026_ru.ics"]


def test_schedule_ics_is_the_calendar_file(tmp_path):
    written = invoke("plan", str(KESTONBURY), "--out", str(tmp_path), "--ics", "--lang", "en")
    ics_path = written.stdout.splitlines()[1]
    printed = invoke("schedule", str(KESTONBURY), "--format", "ics", "--lang", "en")
    assert printed.exit_code == 0
    assert printed.stdout_bytes == open(ics_path, "rb").read()


def test_schedule_csv_has_a_header_and_one_row_per_meeting():
    result = invoke("schedule", str(KESTONBURY), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["date", "start", "end", "minutes", "timezone", "kind", "items"]
    schedule = client_schedule(load_client(KESTONBURY).client)
    assert [r[0] for r in rows[1:]] == [m.date.isoformat() for m in schedule.meetings]
    # onboarding items make the first monthly reviews as long as an onboarding session
    assert rows[1][1:6] == ["10:00", "11:00", "60", "Europe/London", "monthly"]
    assert [r[5] for r in rows].count("annual") == 1 and rows[-1][1:6] == [
        "10:00", "12:00", "120", "Europe/London", "annual"]
    october = next(r for r in rows if r[0] == "2026-10-13")
    assert october[1:6] == ["10:00", "11:30", "90", "Europe/London", "quarterly"]
    assert "Supplier performance & savings review" in october[6].split("; ")
    november = next(r for r in rows if r[0] == "2026-11-10")
    assert november[1:6] == ["10:00", "10:30", "30", "Europe/London", "monthly"]
    training = next(r for r in rows if r[0] == "2026-10-14")
    assert training[1:7] == ["10:00", "14:00", "240", "Europe/London", "session",
                             "Refresher training"]


def test_schedule_table_is_aligned_and_localized():
    client = load_client(KESTONBURY).client
    schedule = client_schedule(client)
    by_id = {t.id: t for t in topics(client)}
    for lang in ("en", "ru"):
        result = invoke("schedule", str(KESTONBURY), "--lang", lang)
        assert result.exit_code == 0
        language = Language(lang, LOCALES, client.client.country)
        lines = result.stdout.splitlines()
        head, body = lines[2], lines[4:]
        assert head.split() == [language.gettext(w)
                                for w in ("Date", "Day", "Time", "Meeting", "Agenda")]
        agenda_at = display_width(head[:head.index(language.gettext("Agenda"))])
        assert len(body) == len(schedule.meetings)
        for line, meeting in zip(body, schedule.meetings, strict=True):
            assert line.startswith(language.date(meeting.date, "medium"))
            titles = "; ".join(dict.fromkeys(
                topic_text(by_id[i], "title", language) for i in meeting.item_ids))
            assert line.endswith(titles)
            # the agenda column starts at the same terminal column on every line
            assert display_width(line[:len(line) - len(titles)]) == agenda_at


def test_schedule_table_in_russian_uses_russian_words():
    result = invoke("schedule", str(KESTONBURY), "--lang", "ru")
    assert "Квартальный обзор" in result.stdout
    assert "Дата" in result.stdout.splitlines()[2]


def test_schedule_refuses_a_bilingual_spec():
    result = invoke("schedule", str(KESTONBURY), "--lang", "en+ru")
    assert result.exit_code == 2
    assert "one language at a time" in result.stderr


@pytest.mark.parametrize("fmt", ["table", "csv", "ics"])
def test_schedule_of_a_bad_file_exits_2_without_output(fmt, write_client):
    data = json.loads((DATA / "minimal.json").read_text(encoding="utf-8"))
    data["engagement"]["meeting_rule"] = "every day"
    result = invoke("schedule", str(write_client(data)), "--format", fmt)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "engagement.meeting_rule" in result.stderr


def test_schedule_table_shows_user_text_as_given(write_client):
    data = json.loads((DATA / "minimal.json").read_text(encoding="utf-8"))
    data["engagement"]["agenda"] = {"items": [{"id": "general-review", "title": "🚀 Launch"}]}
    result = invoke("schedule", str(write_client(data)))
    assert result.exit_code == 0
    assert "🚀 Launch" in result.stdout


def test_display_width_counts_wide_characters_twice():
    assert display_width("🚀 Ёжик") == 7
    assert display_width("e\u0301") == 1  # combining accent takes no column
    assert display_width("日本") == 4
