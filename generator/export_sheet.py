"""``docgen export actions``: a workbook for the client to fill in and send back.

The workbook has one worksheet per kind of item the client confirms: the
quarter's action items (owner, due date and a status drop-down to fill in; new
rows below for actions to add) and each KPI's latest value (to confirm or
correct, or to add a newer one). Its headers are the labels ``docgen import``
maps in every shipped language, and the columns that say which item a row is
(client, quarter, number, KPI id) are protected, so the returned workbook
imports as it is: ``docgen import actions_2026-Q4_en.xlsx``.

Another kind of item (decisions and asks, when the client file has them) is a
builder in :data:`SHEETS` with a kind of import of the same columns (see
:data:`generator.imports.mappings.KINDS` and :data:`generator.imports.merge.MERGES`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .agenda import N_
from .i18n import Language, parse_spec
from .imports.mappings import INFO, KINDS, STATUSES
from .loader import load_client
from .model import Client
from .output import client_dir, write_atomic
from .pipeline import resolve_quarter
from .resources import folders as resolve_folders

BLANK_ROWS = 15
"""Rows below the action items, for actions the client adds."""


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its title, columns (label, width, editable, kind of cell) and rows."""

    title: str
    columns: tuple[tuple[str, int, bool, str], ...]
    rows: list[tuple[Any, ...]]
    blank_from: int | None = None  # rows from here on: every editable cell open


def _label(kind: str, name: str) -> str:
    return next(c.label for c in KINDS[kind] if c.name == name)


def action_sheet(client: Client, quarter: str, lang: Language) -> Sheet | None:
    """The quarter's action items, then blank rows for new ones."""
    items = client.quarters[quarter].action_items
    name = client.client.name
    rows: list[tuple[Any, ...]] = [
        (name, quarter, number, lang.text(item.action), item.owner, item.due,
         lang.gettext(STATUSES[item.status]))
        for number, item in enumerate(items, 1)]
    blank_from = len(rows)
    rows += [(name, quarter, None, None, None, None, None)] * BLANK_ROWS
    columns = tuple(
        (lang.gettext(_label("actions", key)), width, editable, cell)
        for key, width, editable, cell in (
            ("client", 34, False, "text"), ("quarter", 10, False, "text"),
            ("item", 6, False, "number"), ("action", 60, False, "text"),
            ("owner", 24, True, "text"), ("due", 12, True, "date"),
            ("status", 14, True, "status")))
    return Sheet(lang.gettext(N_("Action items")), columns, rows, blank_from)


def kpi_sheet(client: Client, quarter: str, lang: Language) -> Sheet | None:
    """Each KPI's latest value by the end of the quarter, to confirm or correct."""
    from .documents.kpi import value
    from .schedule import quarter_bounds

    if not client.kpis:
        return None
    end = quarter_bounds(quarter)[1]
    rows = []
    for kpi in client.kpis:
        known = [m for m in kpi.measurements if m.date <= end]
        last = known[-1] if known else None
        target = value(lang, kpi.target.value, kpi.unit, client.client.currency)
        rows.append((client.client.name, kpi.id, lang.text(kpi.name), target,
                     last.date if last else None, last.value if last else None,
                     None))  # a note the client writes (the file's own notes stay inside)
    columns = tuple(
        (lang.gettext(label), width, editable, cell)
        for label, width, editable, cell in (
            (_label("measurements", "client"), 34, False, "text"),
            (_label("measurements", "kpi"), 22, False, "text"),
            (INFO["measurements"][0], 40, False, "text"),
            (INFO["measurements"][1], 16, False, "text"),
            (_label("measurements", "date"), 12, True, "date"),
            (_label("measurements", "value"), 14, True, "number"),
            (_label("measurements", "note"), 40, True, "text")))
    return Sheet(lang.gettext(N_("KPI values")), columns, rows)


SHEETS: tuple[Callable[[Client, str, Language], Sheet | None], ...] = (action_sheet, kpi_sheet)
"""The worksheets of the workbook, in order; a builder returns None when it has nothing."""


def workbook(client: Client, quarter: str, lang: Language, created: dt.datetime) -> bytes:
    """The workbook's bytes (the same for the same client, quarter and language)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"created": created, "title": f"{client.client.name} {quarter}"})
    head = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "locked": True,
                            "text_wrap": True, "valign": "top"})
    styles = {}
    for cell in ("text", "number", "date", "status"):
        for editable in (False, True):
            fmt = {"locked": not editable, "valign": "top", "text_wrap": cell == "text",
                   "border": 1, "border_color": "#BFBFBF"}
            if cell == "date":
                fmt["num_format"] = "yyyy-mm-dd"
            if editable:
                fmt["bg_color"] = "#FFF2CC"
            styles[(cell, editable)] = book.add_format(fmt)
            if cell == "number":  # whole numbers grouped, others with their decimals
                styles[("whole", editable)] = book.add_format({**fmt, "num_format": "#,##0"})
                styles[("number", editable)] = book.add_format(
                    {**fmt, "num_format": "#,##0.0##"})
    statuses = [lang.gettext(label) for label in STATUSES.values()]
    for build in SHEETS:
        sheet = build(client, quarter, lang)
        if sheet is not None:
            _write_sheet(book, sheet, head, styles, statuses)
    book.close()
    return buffer.getvalue()


def _write_sheet(book, sheet: Sheet, head, styles: dict, statuses: list[str]) -> None:
    ws = book.add_worksheet(sheet.title[:31])
    for col, (label, width, _, _) in enumerate(sheet.columns):
        ws.write_string(0, col, label, head)
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)  # printed one page wide, the header on every page
    ws.repeat_rows(0)
    last = len(sheet.rows)
    for r, row in enumerate(sheet.rows, 1):
        blank = sheet.blank_from is not None and r > sheet.blank_from
        for col, (value, (_, _, editable, cell)) in enumerate(zip(row, sheet.columns,
                                                                   strict=True)):
            open_ = editable or (blank and cell == "text" and col > 1)
            whole = cell == "number" and isinstance(value, int | float) and value == int(value)
            style = styles[("whole" if whole else cell, open_)]
            if value is None:
                ws.write_blank(r, col, None, style)
            elif isinstance(value, dt.date):
                ws.write_datetime(r, col, dt.datetime.combine(value, dt.time()), style)
            elif isinstance(value, int | float):
                ws.write_number(r, col, value, style)
            else:
                ws.write_string(r, col, str(value), style)
        ws.set_row(r, _height(row, sheet.columns))
    for col, (_, _, _, cell) in enumerate(sheet.columns):
        if cell == "status":
            ws.data_validation(1, col, last, col, {"validate": "list", "source": statuses})
        elif cell == "date":
            ws.data_validation(1, col, last, col, {
                "validate": "date", "criteria": "between",
                "minimum": dt.date(1900, 1, 1), "maximum": dt.date(2999, 12, 31)})
    ws.protect("", {"format_columns": True, "format_rows": True, "autofilter": True})


def _height(row: tuple, columns: tuple) -> float:
    """The height (points) a row needs for its wrapped texts: spreadsheet programs do not
    work it out for a file they did not lay out themselves."""
    lines = max((-(-len(value) // max(1, int(width * 1.3))) for value, (_, width, _, cell)
                 in zip(row, columns, strict=True) if cell == "text" and isinstance(value, str)),
                default=1)
    return 15.0 * max(1, lines)


def export_actions(client_file: Path, quarter: str | None, lang: str | None, out: Path,
                   locales: Path | None = None) -> Path:
    """Write ``OUT/<slug>/actions_<quarter>_<lang>.xlsx``; its path."""
    loaded = load_client(client_file)
    client = loaded.client
    quarter = resolve_quarter(loaded, quarter)
    code = parse_spec(lang or client.client.language)[0]
    language = Language(code, resolve_folders(None, locales).locale_dirs(),
                        client.client.country)
    meeting = client.quarters[quarter].meeting_date or client.contract.start
    data = workbook(client, quarter, language, dt.datetime.combine(meeting, dt.time()))
    path = client_dir(out, client.client.name) / f"actions_{quarter}_{code}.xlsx"
    write_atomic(path, data)
    return path
