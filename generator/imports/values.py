"""Cells to values: dates, months, numbers and texts as exports write them.

Each parser takes a cell (text from a CSV file; text, number or date from a
workbook) and returns the value, or raises :class:`CellError` with what was
expected; the caller adds the file, sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from ..loader import clean_text
from ..model import FIRST_DATE, LAST_DATE, LIMIT


class CellError(ValueError):
    """A cell that does not hold what its column needs: ``expected`` in words."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


DATE_WORDS = "a date as YYYY-MM-DD or DD.MM.YYYY"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d\d(?::\d\d(?:\.\d+)?)?)?")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?: \d{1,2}:\d\d(?::\d\d)?)?")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_DOTTED_MONTH = re.compile(r"(\d{1,2})\.(\d{4})")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_GROUPED = re.compile(r"-?\d{1,3}(?:[.,]\d{3})+")


def is_empty(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def shown(cell: Any) -> str:
    """A cell as a message quotes it."""
    if isinstance(cell, dt.datetime):
        return cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = str(cell)
    return '"' + (text if len(text) <= 60 else text[:57] + "...") + '"'


@lru_cache(maxsize=65536, typed=True)
def text(cell: Any) -> str:
    """A cell as text, control characters removed (as a client file's strings)."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, dt.datetime) and cell.time() == dt.time():
        cell = cell.date()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return clean_text(str(cell).strip())[0]


@lru_cache(maxsize=65536, typed=True)
def date(cell: Any) -> str:
    """An ISO date string from a date cell, ``2026-09-30``, ``30.09.2026`` (Russian
    exports) or a date with a time of day."""
    if isinstance(cell, dt.datetime):
        cell = cell.date()
    if isinstance(cell, dt.date):
        return _in_range(cell)
    if not isinstance(cell, str):
        raise CellError(DATE_WORDS)
    return _date_text(cell.strip())


@lru_cache(maxsize=4096)
def _date_text(value: str) -> str:
    match = _ISO.fullmatch(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DOTTED.fullmatch(value)
        if not match:
            raise CellError(DATE_WORDS)
        day, month, year = (int(g) for g in match.groups())
    try:
        found = dt.date(year, month, day)
    except ValueError:
        raise CellError(f"a day of the calendar {DATE_WORDS[7:]}") from None
    return _in_range(found)


def _in_range(value: dt.date) -> str:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise CellError(f"a date from {FIRST_DATE.year} to {LAST_DATE.year}")
    return value.isoformat()


def month(cell: Any) -> str:
    """``YYYY-MM`` from ``2026-09``, ``09.2026`` or any date in the month."""
    if isinstance(cell, dt.date):
        return date(cell)[:7]
    if not isinstance(cell, str):
        raise CellError("a month as YYYY-MM")
    value = cell.strip()
    match = _MONTH.fullmatch(value)
    if match:
        year, number = int(match.group(1)), int(match.group(2))
    else:
        match = _DOTTED_MONTH.fullmatch(value)
        if not match:
            try:
                return _date_text(value)[:7]
            except CellError:
                raise CellError("a month as YYYY-MM") from None
        number, year = int(match.group(1)), int(match.group(2))
    if not 1 <= number <= 12 or not FIRST_DATE.year <= year <= LAST_DATE.year:
        raise CellError("a month as YYYY-MM")
    return f"{year:04d}-{number:02d}"


def quarter(cell: Any) -> str:
    """``YYYY-Qn`` from ``2026-Q4``, ``2026 Q4`` or ``Q4 2026``."""
    value = re.sub(r"\s+", " ", text(cell)).upper()
    match = (re.fullmatch(r"(\d{4})[- ]?Q([1-4])", value)
             or re.fullmatch(r"Q([1-4])[- ]?(\d{4})", value))
    if not match:
        raise CellError("a quarter as YYYY-Qn (e.g. 2026-Q4)")
    year, number = match.groups() if len(match.group(1)) == 4 else match.groups()[::-1]
    if not 1900 <= int(year) <= 2999:
        raise CellError("a quarter from 1900 to 2999")
    return f"{year}-Q{number}"


def number(cell: Any, decimal: str = ".") -> int | float:
    """A number; in text, spaces and apostrophes group thousands, ``decimal`` is the
    decimal separator (the other of ``.`` and ``,`` groups thousands too), and a
    trailing ``%`` is allowed (``97,5 %`` is 97.5, as a client file writes percentages)."""
    if isinstance(cell, bool):
        raise CellError("a number")
    if isinstance(cell, int | float):
        value = float(cell)
    elif isinstance(cell, str):
        value = _number_text(cell, decimal)
    else:
        raise CellError("a number")
    if value != value or abs(value) > LIMIT:
        raise CellError(f"a number of at most {LIMIT:,}")
    return int(value) if value.is_integer() else value


@lru_cache(maxsize=8192)
def _number_text(cell: str, decimal: str) -> float:
    value = _SPACES.sub("", cell).removesuffix("%")
    other = "," if decimal == "." else "."
    if other in value and decimal in value:
        value = value.replace(other, "")
    elif other in value and _GROUPED.fullmatch(value):
        value = value.replace(other, "")
    value = value.replace(",", ".")
    try:
        return float(value)
    except ValueError:
        raise CellError("a number") from None


def count(cell: Any, decimal: str = ".") -> int:
    value = number(cell, decimal)
    if not isinstance(value, int) or value < 0:
        raise CellError("a whole number of at least 0")
    return value


def not_negative(cell: Any, decimal: str = ".") -> int | float:
    value = number(cell, decimal)
    if value < 0:
        raise CellError("a number of at least 0")
    return value


def percent(cell: Any, decimal: str = ".") -> int | float:
    """A percentage as a client file writes it (``97.5`` or ``97,5 %`` is 97.5 %)."""
    value = number(cell, decimal)
    if not 0 <= value <= 1000:
        raise CellError("a percentage from 0 to 1000 (97.5 means 97.5 %)")
    return value
