"""A country's public holidays for a range of years, kept in the disk cache.

Loading the ``holidays`` package and building a calendar costs more than the
rest of an engagement plan; the table of days it gives is the same for the
same country, subdivision, years and ``holidays`` version, so it is kept in
:mod:`generator.cache` and read back as a list of days.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path

from . import cache

Make = Callable[[str, "str | None", tuple[int, ...]], frozenset]


def cached_holidays(country: str, subdivision: str | None, years: tuple[int, ...],
                    make: Make) -> frozenset:
    """``make(country, subdivision, years)``, from the cache when it holds the table.
    What ``make`` raises (no calendar for the country) is never kept."""
    name = cache.key("holidays", country, subdivision or "", repr(years), _stamp())
    payload = cache.load(name)
    if payload is not None:
        try:
            return frozenset(date.fromordinal(int(day)) for day in payload.split())
        except ValueError:
            pass  # not a table of days: made again
    found = make(country, subdivision, years)
    cache.store(name, " ".join(str(day.toordinal()) for day in sorted(found)).encode())
    return found


def _stamp() -> str:
    """What makes the table: the schedule's code and the installed ``holidays``."""
    return cache.code_stamp(Path(__file__).with_name("schedule.py")) + "," + package_stamp()


@lru_cache(maxsize=1)
def package_stamp() -> str:
    """The installed ``holidays`` package (its files are rewritten when it is installed
    again or upgraded), found without importing it."""
    spec = importlib.util.find_spec("holidays")
    return cache.code_stamp(spec.origin if spec and spec.origin else None)
