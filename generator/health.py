"""A client's health score for a quarter, 0 to 100, and the receipt that shows how it is made.

Pure computation: no I/O, no locale. :func:`readings` takes what a client file
says about each input as of a quarter's end (nothing dated after it counts, so
an old quarter's score never changes when newer data is added); :func:`score`
rates each input from *poor* (no points) to *good* (full points) and weighs it.
:func:`evaluate` does both.

Inputs (:data:`INPUTS`), each worth its weight's share of 100 points:

* ``kpi_progress``: the mean progress to target of the KPIs measured by then
  (each held between 0 % and 100 %);
* ``sla``: the share of the quarter's SLA targets met (availability, mean
  response time, mean resolution time, where the file gives a target);
* ``csat``, ``nps``, ``nrr``: the quarter's satisfaction figures;
* ``usage_trend``: the change in active users over the quarter, from the last
  month before it (else its first month) to its last month, in percent;
* ``overdue_actions``: action items agreed at reviews up to the quarter's end,
  not done by then and due before it;
* ``open_barriers``: adoption barriers open (or in progress) at the quarter's end.

An input the file does not give is *missing*: it is left out and the weights
of the others are scaled up to fill 100 points (the receipt says so). When the
inputs given carry less than ``min_weight`` (40 %) of the weight of those that
count, there is no score: too little is known. Bands: red below ``red_below`` (50), amber
below ``amber_below`` (75), green from there. A health the CSM types in the
quarter (``health``, with ``health_reason``) overrides the band shown; the
score stays on the receipt beside it.

Settings (weights, poor and good values, bands, the inputs that count) come
from ``[health]`` in ``docgen.toml``: see :func:`settings`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from .errors import UsageError
from .model import Client, Kpi, Quarter
from .schedule import quarter_bounds

INPUTS = ("kpi_progress", "sla", "csat", "nps", "nrr", "usage_trend", "overdue_actions",
          "open_barriers")
BANDS = ("red", "amber", "green")
OFF_TRACK_MARGIN = 10.0
"""A KPI is off track when its progress is more than this many points behind the share
of time gone from its baseline to its target date."""


@dataclass(frozen=True)
class Rule:
    """How one input scores: ``weight`` (its share of 100 points, before missing inputs
    are left out); no points at ``poor``, full points at ``good`` and beyond, in a
    straight line between (``poor`` may be above ``good``: fewer is better)."""

    weight: float
    poor: float
    good: float

    def rating(self, value: float) -> float:
        """0 at poor, 1 at good, held between."""
        return min(1.0, max(0.0, (value - self.poor) / (self.good - self.poor)))


DEFAULT_RULES: dict[str, Rule] = {
    "kpi_progress": Rule(25, 0, 100),
    "sla": Rule(15, 0, 100),
    "csat": Rule(15, 60, 90),
    "nps": Rule(10, 0, 50),
    "nrr": Rule(10, 90, 110),
    "usage_trend": Rule(10, -10, 10),
    "overdue_actions": Rule(10, 3, 0),
    "open_barriers": Rule(5, 3, 0),
}


@dataclass(frozen=True)
class Settings:
    """The inputs that count (in receipt order) with their rules, and the bands."""

    rules: tuple[tuple[str, Rule], ...] = tuple(DEFAULT_RULES.items())
    red_below: float = 50
    amber_below: float = 75
    min_weight: float = 40

    def band(self, score: float) -> str:
        if score < self.red_below:
            return "red"
        return "amber" if score < self.amber_below else "green"


DEFAULTS = Settings()


def settings(table: Mapping[str, Any] | None, source: str = "docgen.toml") -> Settings:
    """Settings from the ``[health]`` table of ``docgen.toml`` (None: the defaults).

    ::

        [health]
        inputs = ["kpi_progress", "sla", "csat", "nrr"]   # the inputs that count
        red_below = 50                                     # bands
        amber_below = 75
        min_weight = 40       # no score when the inputs given weigh less (percent)
        [health.csat]                                      # any input, any of its keys
        weight = 20
        poor = 70
        good = 95

    UsageError listing every problem."""
    if table is None:
        return DEFAULTS
    problems: list[str] = []
    where = f"{source}: health"
    if not isinstance(table, Mapping):
        raise UsageError(f"{where}: expected a table ([health]), found {table!r}")
    known = {"inputs", "red_below", "amber_below", "min_weight", *INPUTS}
    for key in sorted(set(table) - known):
        problems.append(f"{where}.{key}: unknown setting; expected inputs, red_below, "
                        f"amber_below, min_weight or an input: {', '.join(INPUTS)}")
    names = list(INPUTS)
    if "inputs" in table:
        found = table["inputs"]
        if not isinstance(found, list) or not all(isinstance(n, str) for n in found):
            problems.append(f"{where}.inputs: expected a list of input names, found {found!r}")
        else:
            unknown = [n for n in found if n not in INPUTS]
            if unknown:
                problems.append(f"{where}.inputs: unknown {', '.join(unknown)}; expected some "
                                f"of {', '.join(INPUTS)}")
            elif not found:
                problems.append(f"{where}.inputs: expected at least one input, found none")
            names = list(dict.fromkeys(found))
    rules = dict(DEFAULT_RULES)
    for name in INPUTS:
        if name not in table:
            continue
        given = table[name]
        if not isinstance(given, Mapping):
            problems.append(f"{where}.{name}: expected a table of weight, poor and good, "
                            f"found {given!r}")
            continue
        values = {}
        for key in sorted(set(given) - {"weight", "poor", "good"}):
            problems.append(f"{where}.{name}.{key}: unknown setting; expected weight, poor "
                            "or good")
        for key in ("weight", "poor", "good"):
            if key in given:
                number = given[key]
                if not _is_number(number) or (key == "weight" and number < 0):
                    what = "a number of 0 or more" if key == "weight" else "a number"
                    problems.append(f"{where}.{name}.{key}: expected {what}, found {number!r}")
                    continue
                values[key] = float(number)
        rule = replace(rules[name], **values)
        if rule.poor == rule.good:
            problems.append(f"{where}.{name}: expected poor and good to differ, found both "
                            f"{_number(rule.good)}")
        rules[name] = rule
    bands = {}
    for key, default in (("red_below", DEFAULTS.red_below),
                         ("amber_below", DEFAULTS.amber_below),
                         ("min_weight", DEFAULTS.min_weight)):
        number = table.get(key, default)
        if not _is_number(number) or not 0 <= number <= 100:
            what = "a percentage" if key == "min_weight" else "a score"
            problems.append(f"{where}.{key}: expected {what} from 0 to 100, found {number!r}")
            number = default
        bands[key] = float(number)
    if bands["red_below"] > bands["amber_below"]:
        problems.append(f"{where}: expected red_below ({_number(bands['red_below'])}) at most "
                        f"amber_below ({_number(bands['amber_below'])})")
    counted = [n for n in names if n in rules]
    if counted and not any(rules[n].weight > 0 for n in counted):
        problems.append(f"{where}: expected a weight above 0 for at least one input that "
                        "counts, found none")
    if problems:
        raise UsageError("\n".join(problems))
    return Settings(tuple((n, rules[n]) for n in counted), **bands)


def _is_number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


def _number(value: float) -> str:
    return f"{value:g}"


# --- what the file says, as of a quarter's end --------------------------------------------

@dataclass(frozen=True)
class Reading:
    """One input's value as of the quarter's end (None: the file does not give it).
    ``of``: what the value is made from (KPIs measured, SLA targets, months...);
    ``met``: SLA targets met; ``start``/``end``: active users the trend runs between."""

    value: float | None
    of: int = 0
    met: int = 0
    start: float | None = None
    end: float | None = None


def readings(client: Client, key: str) -> dict[str, Reading]:
    """Every input of :data:`INPUTS` for quarter ``key`` (which need not be in the file:
    then only the dated inputs, KPIs, actions and barriers, are read)."""
    _, end = quarter_bounds(key)
    quarter = client.quarters.get(key)
    satisfaction = quarter.satisfaction if quarter else None

    def figure(name: str) -> Reading:
        value = getattr(satisfaction, name) if satisfaction else None
        if name == "nps" and value is not None:  # a score, or worked out from its counts
            value = value.value
        return Reading(None if value is None else float(value))

    return {
        "kpi_progress": kpi_progress(client.kpis, end),
        "sla": sla(quarter),
        "csat": figure("csat"),
        "nps": figure("nps"),
        "nrr": figure("nrr"),
        "usage_trend": usage_trend(client, key),
        "overdue_actions": overdue_actions(client, end),
        "open_barriers": open_barriers(client, end),
    }


def latest(kpi: Kpi, end: dt.date):
    """The latest measurement of ``kpi`` on or before ``end``, or None."""
    found = None
    for m in kpi.measurements:  # sorted by date
        if m.date > end:
            break
        found = m
    return found


def progress(kpi: Kpi, end: dt.date) -> float | None:
    """Progress of the latest measurement by ``end`` from baseline (0) to target (100),
    in percent; None before the first measurement, without a target, or when the target
    is the baseline."""
    target = kpi.target
    last = latest(kpi, end)
    if last is None or target is None or target.value == kpi.baseline.value:
        return None
    return (last.value - kpi.baseline.value) / (target.value - kpi.baseline.value) * 100


def kpi_progress(kpis: list[Kpi], end: dt.date) -> Reading:
    found = [p for p in (progress(k, end) for k in kpis) if p is not None]
    if not found:
        return Reading(None)
    return Reading(sum(min(100.0, max(0.0, p)) for p in found) / len(found), of=len(found))


def _baseline_day(kpi: Kpi) -> dt.date:
    return kpi.baseline.day


def off_track(kpi: Kpi, end: dt.date) -> bool:
    """True when ``kpi``, as of ``end``, is behind: its progress more than
    :data:`OFF_TRACK_MARGIN` points below the share of time gone from baseline to
    target date, or, without a target date, below its baseline (moved away from target).
    A KPI without a measurement or target by then is not counted off track."""
    done = progress(kpi, end)
    if done is None:
        return False
    target_day = kpi.target.date
    start = _baseline_day(kpi)
    if target_day is None or target_day <= start:
        return done < 0
    elapsed = min(1.0, max(0.0, (end - start).days / (target_day - start).days))
    return done < elapsed * 100 - OFF_TRACK_MARGIN


def _mean(values) -> float | None:
    found = [v for v in values if v is not None]
    return sum(found) / len(found) if found else None


def sla(quarter: Quarter | None) -> Reading:
    service = quarter.service if quarter else None
    if service is None:
        return Reading(None)
    response = _mean(m.avg_response_hours for m in service.months)
    resolution = _mean(m.avg_resolution_hours for m in service.months)
    checks = [result >= target if name == "availability" else result <= target
              for name, result, target in (
                  ("availability", service.availability, service.availability_target),
                  ("response", response, service.response_target_hours),
                  ("resolution", resolution, service.resolution_target_hours))
              if result is not None and target is not None]
    if not checks:
        return Reading(None)
    met = sum(checks)
    return Reading(met / len(checks) * 100, of=len(checks), met=met)


def month_end(month: str) -> dt.date:
    year, number = int(month[:4]), int(month[5:])
    return dt.date(year + number // 12, number % 12 + 1, 1) - dt.timedelta(days=1)


def usage_trend(client: Client, key: str) -> Reading:
    """Active users from the last month before the quarter (else its first month) to its
    last month, from the usage of this quarter and the ones before it in the file."""
    start, end = quarter_bounds(key)
    users: dict[str, int] = {}
    for k in sorted(q for q in client.quarters if q <= key):
        for month in client.quarters[k].usage:
            if month.active_users is not None and month_end(month.month) <= end:
                users[month.month] = month.active_users
    inside = sorted(m for m in users if month_end(m) >= start)
    if not inside:
        return Reading(None)
    before = [m for m in users if month_end(m) < start]
    first = max(before) if before and _months_apart(max(before), inside[0]) == 1 else inside[0]
    last = inside[-1]
    if first == last or users[first] == 0:
        return Reading(None)
    base, now = users[first], users[last]
    return Reading((now - base) / base * 100, of=_months_apart(first, last), start=base,
                   end=now)


def _months_apart(a: str, b: str) -> int:
    return (int(b[:4]) - int(a[:4])) * 12 + int(b[5:]) - int(a[5:])


def overdue_actions(client: Client, end: dt.date) -> Reading:
    """Action items agreed at a review on or before ``end`` (an item's ``opened``, else
    its quarter's meeting, else its quarter's end), not done by then, due before it."""
    agreed = [item for k, q in client.quarters.items() for item in q.action_items
              if (item.opened or q.meeting_date or quarter_bounds(k)[1]) <= end]
    if not agreed:
        return Reading(None)
    late = sum(1 for item in agreed if item.due < end and item.as_of(end) != "done")
    return Reading(float(late), of=len(agreed))


def open_barriers(client: Client, end: dt.date) -> Reading:
    """Barriers open or in progress at ``end``, of those raised by then."""
    raised = [s for s in (barrier.as_of(end) for barrier in client.barriers) if s is not None]
    if not raised:
        return Reading(None)
    return Reading(float(sum(1 for s in raised if s != "resolved")), of=len(raised))


# --- the score -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    """One input on the receipt. ``share``: its weight after missing inputs are left out,
    in percent of the score (0 when missing); ``points``: what it adds (None when
    missing), at most ``share``."""

    name: str
    reading: Reading
    rule: Rule
    share: float
    points: float | None

    @property
    def missing(self) -> bool:
        return self.reading.value is None


@dataclass(frozen=True)
class Health:
    """A quarter's score and its receipt. ``score`` None: no input was given. ``override``
    is the band the CSM typed (``reason`` why), else None; :attr:`shown` is the band
    a document shows."""

    quarter: str
    score: int | None
    band: str | None
    lines: tuple[Line, ...]
    settings: Settings
    override: str | None = None
    reason: Any = None  # Text

    @property
    def shown(self) -> str | None:
        return self.override or self.band

    @property
    def missing(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.missing)

    @property
    def missing_weight(self) -> float:
        """The weight of missing inputs, in percent of the inputs' total weight."""
        total = sum(line.rule.weight for line in self.lines)
        return sum(line.rule.weight for line in self.missing) / total * 100 if total else 0


def score(found: Mapping[str, Reading], settings: Settings = DEFAULTS,
          quarter: str = "") -> Health:
    """The score of the readings ``found`` (an input absent from it counts as missing)."""
    present = [(n, r) for n, r in settings.rules
               if found.get(n, Reading(None)).value is not None and r.weight > 0]
    total = sum(r.weight for _, r in present)
    lines = []
    for name, rule in settings.rules:
        reading = found.get(name, Reading(None))
        if reading.value is None or rule.weight == 0 or not total:
            lines.append(Line(name, reading, rule, 0.0, None))
            continue
        share = rule.weight / total * 100
        lines.append(Line(name, reading, rule, share, rule.rating(reading.value) * share))
    weight = sum(r.weight for _, r in settings.rules)
    if not present or total / weight * 100 < settings.min_weight:
        return Health(quarter, None, None, tuple(lines), settings)
    value = _round(sum(line.points for line in lines if line.points is not None))
    return Health(quarter, value, settings.band(value), tuple(lines), settings)


def _round(value: float) -> int:
    """Halves up (74.5 is 75), as people round."""
    return math.floor(value + 0.5 + 1e-9)


def evaluate(client: Client, key: str, settings: Settings = DEFAULTS) -> Health:
    """The health of quarter ``key``, with the CSM's override when the quarter has one."""
    found = score(readings(client, key), settings, key)
    quarter = client.quarters.get(key)
    if quarter is not None and quarter.health is not None:
        found = replace(found, override=quarter.health,
                        reason=quarter.health_reason)
    return found


def previous(client: Client, key: str) -> str | None:
    """The latest quarter of the file before ``key``, or None."""
    return max((k for k in client.quarters if k < key), default=None)


def change(client: Client, key: str, settings: Settings = DEFAULTS,
           now: Health | None = None) -> tuple[str, int] | None:
    """(the previous quarter, score now minus score then), or None without a previous
    quarter or a score in either. ``now``: the health of ``key`` when known already."""
    before = previous(client, key)
    if before is None:
        return None
    score_now = (now or evaluate(client, key, settings)).score
    then = evaluate(client, before, settings).score
    if score_now is None or then is None:
        return None
    return before, score_now - then
