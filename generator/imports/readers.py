"""Rows from a CSV file or an XLSX workbook, with the row numbers a user sees.

CSV is read with the standard library: UTF-8 with or without a byte-order mark,
the delimiter (``,``, ``;`` or tab) taken from the header line. A ``;``- or
tab-separated file is taken to write a decimal comma (``12,5``), as Russian and
most European exports do. XLSX (and XLS, ODS) is read with python-calamine.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..loader import decode_utf8

MAX_BYTES = 200 * 1024 * 1024
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")


@dataclass(frozen=True)
class Table:
    """One sheet: its header row and the rows below it (empty rows left out).

    ``sheet`` is None for a CSV file. ``rows`` holds (row number as the spreadsheet
    shows it, cells); ``decimal`` is the decimal separator of numbers written as text."""

    source: Path
    sheet: str | None
    header_row: int
    header: tuple[str, ...]
    rows: list[tuple[int, tuple[Any, ...]]]
    decimal: str = "."

    def where(self) -> str:
        """``file`` or ``file: sheet "Name"``, the start of every message about it."""
        return f"{self.source}" + (f": sheet \"{self.sheet}\"" if self.sheet else "")


def read_tables(path: Path) -> list[Table]:
    """Every sheet of ``path`` that has a header row; InputError when it cannot be read."""
    if not path.is_file():
        raise InputError([f"{path}: no such file" if not path.exists()
                          else f"{path}: is a folder, expected a CSV or XLSX file"])
    if path.stat().st_size > MAX_BYTES:
        raise InputError([f"{path}: file is larger than {MAX_BYTES // 2**20} MB"])
    suffix = path.suffix.lower()
    if suffix in SPREADSHEETS:
        tables = _workbook(path)
    elif suffix in (".csv", ".tsv", ".txt"):
        tables = [_csv(path)]
    else:
        raise InputError([f"{path}: expected a .csv or .xlsx file, found {suffix or 'no suffix'}"])
    tables = [t for t in tables if t is not None]
    if not tables:
        raise InputError([f"{path}: expected a header row and rows below it, found no rows"])
    return tables


def _csv(path: Path) -> Table | None:
    text = decode_utf8(path.read_bytes(), path, "export or save the file as CSV UTF-8")
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first.count) if any(c in first for c in ",;\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [(number, tuple(row)) for number, row in enumerate(reader, 1)]
    except csv.Error as exc:
        raise InputError([f"{path}: line {reader.line_num}: not CSV: {exc}"]) from None
    return _table(path, None, rows, "." if delimiter == "," else ",")


def _workbook(path: Path) -> list[Table | None]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = [(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False))
                  for name in book.sheet_names]
    except (CalamineError, OSError, ValueError) as exc:
        raise InputError([f"{path}: cannot read the workbook: {exc}"]) from None
    return [_table(path, name, [(i + 1, tuple(r)) for i, r in enumerate(rows)], ".")
            for name, rows in sheets]


def _empty(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _table(path: Path, sheet: str | None, rows: list[tuple[int, tuple]],
           decimal: str) -> Table | None:
    """The first non-empty row is the header; empty rows below it are left out."""
    rows = [(n, cells) for n, cells in rows if not all(_empty(c) for c in cells)]
    if not rows:
        return None
    header_row, header = rows[0]
    names = tuple("" if _empty(c) else str(c).strip() for c in header)
    return Table(path, sheet, header_row, names, rows[1:], decimal)
