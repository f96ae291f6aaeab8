"""Data freshness: is a client's newest data recent enough for the review?

A client's newest KPI measurement and its newest monthly figures (usage and
service-desk months of its quarters) are each compared with a date: the one
``docgen validate --as-of`` gives, or in ``docgen batch`` the last day of the
quarter each deck is built for. Older than ``max_age_days`` before that date is
stale: a warning, or an error with ``error = true``::

    [freshness]
    max_age_days = 45
    error = false

``docgen batch`` checks only when docgen.toml has a ``[freshness]`` table.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .config import read_settings
from .errors import UsageError

DEFAULT_DAYS = 45


@dataclass(frozen=True)
class Freshness:
    max_age_days: int = DEFAULT_DAYS
    error: bool = False

    @classmethod
    def from_settings(cls, settings: dict | None = None) -> Freshness:
        table = (read_settings() if settings is None else settings).get("freshness") or {}
        unknown = set(table) - {"max_age_days", "error"}
        if unknown:
            raise UsageError(f"docgen.toml: freshness: unknown setting(s) "
                             f"{', '.join(sorted(unknown))}; expected max_age_days and error")
        days = table.get("max_age_days", DEFAULT_DAYS)
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise UsageError(f"docgen.toml: freshness.max_age_days: expected a whole number "
                             f"of days, found {days!r}")
        error = table.get("error", False)
        if not isinstance(error, bool):
            raise UsageError(f"docgen.toml: freshness.error: expected true or false, "
                             f"found {error!r}")
        return cls(days, error)

    def check(self, path: Path, as_of: dt.date) -> str | None:
        """The message for ``path`` when its data is stale as of ``as_of``, else None."""
        return self.check_data(path, _data(path), as_of)

    def check_data(self, path: Path, data: dict, as_of: dt.date) -> str | None:
        limit = as_of - dt.timedelta(days=self.max_age_days)
        stale = []
        measured = _newest(m.get("date") for k in data.get("kpis") or []
                           for m in k.get("measurements") or [])
        if measured is not None and measured < limit.isoformat():
            stale.append(f"newest KPI measurement {measured}")
        month = _newest(m.get("month") for q in (data.get("quarters") or {}).values()
                        for m in [*(q.get("usage") or []),
                                  *((q.get("service") or {}).get("months") or [])])
        if month is not None and _month_end(month) < limit:
            stale.append(f"newest monthly figures {month}")
        if not stale:
            return None
        return (f"{path}: data older than {self.max_age_days} days before {as_of.isoformat()}: "
                f"{' and '.join(stale)} (expected figures from {limit.isoformat()} or later)")


def _data(path: Path) -> dict:
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError):
        return {}  # reading the file reports what is wrong with it
    return data if isinstance(data, dict) else {}


def _newest(items) -> str | None:
    return max((i for i in items if isinstance(i, str)), default=None)


def _month_end(month: str) -> dt.date:
    year, number = int(month[:4]), int(month[5:7])
    return dt.date(year, number, calendar.monthrange(year, number)[1])


def stale_files(paths: Sequence[Path], quarter: str | None,
                settings: dict | None = None) -> tuple[Freshness | None, list[tuple[Path, str]]]:
    """For ``docgen batch``: the files whose data is stale as of the end of the quarter
    of their deck (``quarter``, else each file's latest); none without ``[freshness]``."""
    from .schedule import quarter_bounds

    settings = read_settings() if settings is None else settings
    if "freshness" not in settings:
        return None, []
    fresh = Freshness.from_settings(settings)
    found = []
    for path in paths:
        data = _data(path)
        key = quarter or max(data.get("quarters") or {}, default=None)
        if key is None:
            continue
        try:
            end = quarter_bounds(key)[1]
        except ValueError:
            continue
        try:
            message = fresh.check_data(path, data, end)
        except (ValueError, TypeError, AttributeError):
            continue  # not a valid client file: the batch reports it
        if message:
            found.append((path, message))
    return fresh, found
