"""KPI arithmetic and KPI values in words: latest measurement, change, progress.

Pure functions of a :class:`~generator.model.Kpi`, shared by every document
that shows KPIs. Values are formatted with Babel for one
:class:`~generator.i18n.Language`, in the KPI's unit: a number, a
percentage, money in the client's currency, hours or days.
"""

from __future__ import annotations

from babel.numbers import get_plus_sign_symbol

from ..i18n import MINUS, Language
from ..model import Kpi, Measurement

_DURATION = {"hours": "duration-hour", "days": "duration-day"}


def latest(kpi: Kpi) -> Measurement | None:
    """The most recent measurement, or None before the first one."""
    return kpi.measurements[-1] if kpi.measurements else None


def change(kpi: Kpi) -> float | None:
    """Latest value minus baseline (None before the first measurement)."""
    last = latest(kpi)
    return None if last is None else last.value - kpi.baseline.value


def progress(kpi: Kpi) -> float | None:
    """How far the latest value has come from baseline to target, in percent.

    0 at the baseline, 100 at the target; above 100 past it, below 0 when it
    moved the wrong way. None before the first measurement, without a target, or
    when the target equals the baseline.
    """
    last = latest(kpi)
    if kpi.target is None:
        return None
    span = kpi.target.value - kpi.baseline.value
    if last is None or span == 0:
        return None
    return (last.value - kpi.baseline.value) / span * 100


def as_of(kpi: Kpi, end) -> Kpi:
    """``kpi`` with only the measurements taken up to ``end``."""
    return kpi.model_copy(update={"measurements": [m for m in kpi.measurements if m.date <= end]})


def points(kpi: Kpi) -> list:
    """The baseline and the measurements after it, by date (a chart's points), as
    (date, value, note) triples."""
    day = kpi.baseline.day
    later = [(m.date, m.value, m.note) for m in kpi.measurements if m.date > day]
    return [(day, kpi.baseline.value, None), *later]


def value(lang: Language, amount: float, unit: str, currency: str) -> str:
    """``amount`` in ``unit``: 74 %, £94,500, 2.9 days, 1,234.5."""
    if unit == "percent":
        return lang.percent(amount)
    if unit == "currency":
        return lang.currency(amount, currency)
    if unit in _DURATION:
        return lang.unit(amount, _DURATION[unit])
    return lang.number(amount)


def delta(lang: Language, amount: float, unit: str, currency: str, digits: int = 1) -> str:
    """A signed change: +52 pp (percentage points, to ``digits`` decimals), −£1,200,
    +0.5 days. A change that rounds to zero has no sign."""
    if unit == "percent" and round(amount, digits) == 0:
        amount = 0
    if amount == 0:
        sign = ""
    elif amount > 0:
        sign = get_plus_sign_symbol(lang.locale)
    else:
        sign = MINUS
    size = abs(amount)
    if unit == "percent":
        unit_text = lang.gettext("{value} pp").replace(" ", "\u00a0")  # one unbreakable unit
        text = unit_text.replace("{value}", lang.number(size, digits))
    else:
        text = value(lang, size, unit, currency)
    return sign + text
