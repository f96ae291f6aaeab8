"""Cells to values (generator.imports.values) and the header mappings of the imports."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.imports import values
from generator.imports.mappings import mapping, normalise


@pytest.mark.parametrize(("cell", "decimal", "expected"), [
    ("12,5", ",", 12.5), ("1 234,5", ",", 1234.5), ("201\u00a0350\u00a0000", ",", 201350000),
    ("1.234,5", ",", 1234.5), ("97,5 %", ",", 97.5), ("12.5", ",", 12.5),
    ("1,234.5", ".", 1234.5), ("1,234", ".", 1234), ("12,5", ".", 12.5), ("-3", ".", -3),
    (7.0, ".", 7), (0.25, ".", 0.25), ("1'000", ".", 1000),
])
def it_reads_numbers_as_exports_write_them(cell, decimal, expected):
    result = values.number(cell, decimal)
    assert result == expected and type(result) is type(expected)


@pytest.mark.parametrize("cell", ["twelve", "", "1,2,3x", True, "nan", "1e300"])
def it_refuses_what_is_not_a_number(cell):
    with pytest.raises(values.CellError):
        values.number(cell)


@pytest.mark.parametrize(("cell", "expected"), [
    ("2026-09-30", "2026-09-30"), ("30.09.2026", "2026-09-30"), ("2026-9-3", "2026-09-03"),
    ("2026-09-30T00:00:00", "2026-09-30"), (dt.date(2026, 9, 30), "2026-09-30"),
    (dt.datetime(2026, 9, 30, 14, 5), "2026-09-30"),
])
def it_reads_dates(cell, expected):
    assert values.date(cell) == expected


@pytest.mark.parametrize(("cell", "words"), [
    ("09/30/2026", "a date as YYYY-MM-DD or DD.MM.YYYY"),
    ("2026-02-30", "a day of the calendar as YYYY-MM-DD or DD.MM.YYYY"),
    ("0026-01-01", "a date from 1900 to 2999"), (45000, "a date as YYYY-MM-DD or DD.MM.YYYY"),
])
def it_says_what_a_date_must_be(cell, words):
    with pytest.raises(values.CellError) as caught:
        values.date(cell)
    assert caught.value.expected == words


def it_reads_months_and_quarters():
    assert [values.month(c) for c in ("2026-09", "09.2026", "2026-09-30",
                                      dt.date(2026, 9, 1))] == ["2026-09"] * 4
    assert [values.quarter(c) for c in ("2026-Q4", "2026 q4", "Q4 2026")] == ["2026-Q4"] * 3
    with pytest.raises(values.CellError):
        values.month("2026-13")


def it_cleans_text_and_keeps_whole_numbers_whole():
    assert values.text("  Tom\x07 Okafor ") == "Tom Okafor"
    assert values.text(1042.0) == "1042"
    assert values.text(True) == "True" and values.text(1) == "1"


def it_matches_headers_without_case_spaces_or_underscores():
    assert normalise(" Due_Date ") == "due date"
    assert normalise("E-mail") == "e-mail"
    found = mapping("service", {}).match(("Customer", "Period", "Tickets Opened",
                                          "tickets_closed", "Backlog", "Другое"))
    assert found == {"client": 0, "month": 1, "opened": 2, "closed": 3, "outstanding": 4}


def it_knows_the_headers_the_export_writes_in_russian():
    found = mapping("actions", {}).match(("Клиент", "Квартал", "№", "Действие",
                                          "Ответственный", "Срок", "Статус"))
    assert list(found) == ["client", "quarter", "item", "action", "owner", "due", "status"]


def it_numbers_csv_rows_as_a_spreadsheet_shows_them(tmp_path):
    from generator.imports.readers import read_tables

    path = tmp_path / "multi.csv"
    path.write_text('client,kpi,date,value,note\n\nacme,a,2027-01-31,1,"two\nlines"\n'
                    "acme,a,2027-02-28,2,\n", encoding="utf-8")
    (table,) = read_tables(path)
    assert [n for n, _ in table.rows] == [3, 4]
    assert table.rows[0][1][4] == "two\nlines"
