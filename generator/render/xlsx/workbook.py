"""The portfolio workbook (``portfolio_<Q>.xlsx``) from a portfolio view, with XlsxWriter.

Two sheets: the portfolio (a row per client, values as numbers and dates,
filters on every column, the header and client column frozen, conditional
formatting that Excel and LibreOffice keep applying as figures are edited)
and the calendar (clients by months, the days each client meets, coloured by
the kind of meeting, a legend under it). The workbook is dated from the view, so the same view
gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_rowcol_to_cell

from ..deck import STATUS_COLOURS

_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False}
WIDTHS = {"client": 44, "health": 20, "score": 9, "change": 11, "quarter": 12, "renewal": 12,
          "days": 12, "value": 14, "currency": 9, "next": 12, "overdue": 13, "off_track": 13,
          "fresh": 12, "fresh_days": 13, "documents": 44, "reason": 60}
NUMBERS = {"score": "0", "change": "+0;-0;0", "days": "#,##0", "value": "#,##0",
           "overdue": "0", "off_track": "0", "fresh_days": "#,##0"}
DATES = {"renewal", "next", "fresh"}


def write(view) -> bytes:
    """The workbook of ``view`` (a :class:`generator.documents.portfolio.View`)."""
    buffer = io.BytesIO()
    book = Workbook(buffer, _OPTIONS)
    book.set_properties({"title": view.title, "created": dt.datetime.combine(
        view.day, dt.time(0, 0))})
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top",
                              "bg_color": "#1F3A5F", "font_color": "#FFFFFF", "border": 1})
    title = book.add_format({"bold": True, "font_size": 14})
    fills = {name: book.add_format({"bg_color": f"#{fill}", "font_color": f"#{ink}"})
             for name, (fill, ink) in STATUS_COLOURS.items()}
    date = book.add_format({"num_format": "yyyy-mm-dd", "align": "left"})
    numbers = {key: book.add_format({"num_format": fmt}) for key, fmt in NUMBERS.items()}
    wrap = book.add_format({"text_wrap": False})

    sheet = book.add_worksheet(_sheet_name(view.sheet_names[0]))
    sheet.write_string(0, 0, view.title, title)
    sheet.write_string(1, 0, view.subtitle)
    top = 3
    for col, (key, text) in enumerate(zip(view.keys, view.headers, strict=True)):
        sheet.write_string(top, col, text, header)
        sheet.set_column(col, col, WIDTHS.get(key, 12))
    for n, row in enumerate(view.rows, start=top + 1):
        for col, (key, cell) in enumerate(zip(view.keys, row, strict=True)):
            raw = cell.raw
            if raw is None or raw == "":
                sheet.write_blank(n, col, None)
            elif key in DATES:
                sheet.write_datetime(n, col, dt.datetime.combine(raw, dt.time(0, 0)), date)
            elif key in NUMBERS:
                sheet.write_number(n, col, raw, numbers[key])
            else:  # the health with its mark when the CSM set it
                sheet.write_string(n, col, cell.text if key == "health" else str(raw), wrap)
    last = top + len(view.rows)
    sheet.autofilter(top, 0, max(last, top), len(view.keys) - 1)
    sheet.freeze_panes(top + 1, 1)
    sheet.set_row(top, 48)
    _print_setup(sheet, top)
    if view.rows:
        _rules(sheet, view, top + 1, last, fills)

    cal = book.add_worksheet(_sheet_name(view.sheet_names[1]))
    cal.write_string(0, 0, view.calendar_title, title)
    cal.write_string(3, 0, view.headers[0], header)
    cal.set_column(0, 0, 44)
    cal.set_column(1, max(1, len(view.months)), 9)
    for col, month in enumerate(view.months, start=1):
        cal.write_string(3, col, month, header)
    for n, (name, cells) in enumerate(view.calendar, start=4):
        cal.write_string(n, 0, name)
        for col, cell in enumerate(cells, start=1):
            if cell.text:
                cal.write_string(n, col, cell.text, fills.get(cell.status) if cell.status
                                 else None)
    below = 4 + len(view.calendar) + 1  # the legend, under the grid
    for n, item in enumerate(view.legend, start=below):
        cal.write_string(n, 0, item.text, fills.get(item.status) if item.status else None)
    cal.freeze_panes(4, 1)
    _print_setup(cal, 3)
    book.close()
    return buffer.getvalue()


def _print_setup(sheet, header_row: int) -> None:
    """Landscape A4, one page wide, the header row on every page."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    sheet.set_margins(0.4, 0.4, 0.5, 0.5)


def _sheet_name(text: str) -> str:
    """A name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return "".join(c for c in text if c not in "[]:*?/\\")[:31] or "Sheet"


def _rules(sheet, view, first: int, last: int, fills: dict) -> None:
    """Conditional formats: bands of the score and the health, renewals near, overdue
    actions, KPIs off track, stale data."""
    col = {key: n for n, key in enumerate(view.keys)}

    def area(key: str) -> str:
        return (f"{xl_rowcol_to_cell(first, col[key])}:"
                f"{xl_rowcol_to_cell(last, col[key])}")

    def when(key: str, test: str, status: str) -> None:
        """``test`` of each cell of column ``key`` (a formula, ``{c}`` for the cell); a
        blank cell never matches."""
        cell = xl_rowcol_to_cell(first, col[key], row_abs=False, col_abs=True)
        sheet.conditional_format(area(key), {
            "type": "formula", "criteria": f"=AND(ISNUMBER({cell}),{test.format(c=cell)})",
            "format": fills[status]})

    red, amber = _number(view.red_below), _number(view.amber_below)
    when("score", f"{{c}}<{red}", "red")
    when("score", f"{{c}}<{amber}", "amber")
    when("score", f"{{c}}>={amber}", "green")
    for band, label in view.band_labels.items():
        sheet.conditional_format(area("health"), {"type": "text", "criteria": "begins with",
                                                  "value": label, "format": fills[band]})
    when("days", f"{{c}}<{view.renewal_soon}", "red")
    when("days", f"{{c}}<{2 * view.renewal_soon}", "amber")
    when("overdue", "{c}>0", "red")
    when("off_track", "{c}>0", "amber")
    when("fresh_days", f"{{c}}>{view.stale_days}", "amber")
    when("change", "{c}>0", "green")
    when("change", "{c}<0", "red")


def _number(value: float) -> str:
    return f"{value:g}"
