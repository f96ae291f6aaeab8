"""Chart values in the reader's language: number formats, axis scales, readable groups.

A chart's numbers are drawn by the program that opens the deck, from an Excel
number format, so what it shows is decided here to match the tables beside it:

* the format carries the locale's currency symbol and its place, the percent
  sign the locale's way ("87 %" in Russian, "87%" in English) and the decimals
  the table shows; the format is written, as in every Office file, in Office's
  neutral notation (``#,##0.0``), and the program draws its group and decimal
  separators (see the README: PowerPoint takes them from the viewer's regional
  settings, a PDF from the locale docgen converts it in);
* the value axis runs over round numbers chosen from the data (the same in
  PowerPoint and LibreOffice, which scale differently on their own), from zero
  for columns and bars, with a step of room above the highest value when it
  would touch the top, and a percentage axis stops at 100 when no value is
  above it;
* series of very different size (150 users beside 2,000 transactions) go on
  separate charts, so that the small ones do not lie flat on the axis.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from babel.numbers import get_currency_symbol

from ..i18n import Language

SPREAD = 10
"""A series shares a chart with a larger one while that one's largest value is at most
this many times its own (an order of magnitude)."""
TICKS = 5
"""About this many steps along a value axis."""
_STEPS = (1, 2, 2.5, 5, 10)


@dataclass(frozen=True)
class Axis:
    """A value axis from ``low`` to ``high`` in steps of ``step``."""

    low: float
    high: float
    step: float

    @property
    def decimals(self) -> int:
        """Decimals the axis labels need to show every step."""
        return max(_decimals(self.low), _decimals(self.step))


def _decimals(value: float) -> int:
    text = f"{abs(value):.6f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def axis(values: Iterable[float | None], from_zero: bool, percent: bool = False) -> Axis:
    """Round bounds and step around ``values`` (about :data:`TICKS` steps)."""
    found = [v for v in values if v is not None]
    low, high = (min(found), max(found)) if found else (0.0, 1.0)
    if from_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    span = high - low
    if span == 0:
        span = abs(high) or 1.0
        low, high = (low - span / 2, high + span / 2) if not from_zero else (low, high + span)
        if from_zero and high == 0:
            low = min(low, -span)
    raw = span / TICKS
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in _STEPS if m * magnitude >= raw * (1 - 1e-9))
    bottom = math.floor(low / step + 1e-9) * step
    top = math.ceil(high / step - 1e-9) * step
    if high > top - step / 10:  # room above the highest point and its label
        top += step
    if not from_zero and low < bottom + step / 10:  # a line at the lowest point (a target
        bottom -= step                              # met) drawn above the axis, not on it
    if percent and max(found, default=0) <= 100 < top:
        top = 100.0
    if min(found, default=0) >= 0 > bottom:
        bottom = 0.0
    return Axis(_tidy(bottom), _tidy(top), _tidy(step))


def _tidy(value: float) -> float:
    """``value`` without float noise (0.30000000000000004 -> 0.3)."""
    return float(f"{value:.10g}")


def value_decimals(values: Iterable[float | None]) -> int:
    """Decimals the tables show for ``values`` (up to one for a measure given so)."""
    return 0 if all(v is None or float(v).is_integer() for v in values) else 1


def number_format(lang: Language, unit: str, currency: str, decimals: int = 0) -> str:
    """An Excel number format for values in ``unit`` (``number``, ``count``, ``percent``,
    ``currency``, ``hours``, ``days``), the locale's way round: ``#,##0``,
    ``#,##0" ₽"``, ``"£"#,##0``, ``#,##0.0" %"``."""
    locale = lang.locale
    if unit == "percent":
        pattern = locale.percent_formats[None].pattern
    elif unit == "currency":
        pattern = locale.currency_formats["standard"].pattern
    else:
        pattern = "#,##0"
    return _excel_format(pattern, currency_symbol(lang, currency), decimals)


def currency_symbol(lang: Language, currency: str) -> str:
    """The symbol the tables print money with: "₽", "$", "£", "RUB"."""
    return get_currency_symbol(currency, locale=lang.locale)


def _excel_format(pattern: str, symbol: str, decimals: int) -> str:
    pattern = pattern.split(";")[0]
    number = re.search(r"[#0,.]+", pattern)
    prefix, suffix = pattern[:number.start()], pattern[number.end():]

    def literal(text: str) -> str:
        text = text.replace("\u00a4", symbol).replace('"', "")
        return f'"{text}"' if text else ""

    if prefix.endswith("\u00a4") and symbol[-1:].isalpha():  # "RUB 1,200", not "RUB1,200"
        prefix += "\u00a0"
    if suffix.startswith("\u00a4") and symbol[:1].isalpha():
        suffix = "\u00a0" + suffix
    return literal(prefix) + "#,##0" + ("." + "0" * decimals if decimals else "") + literal(suffix)


def groups(maxima: Sequence[float | None]) -> list[list[int]]:
    """The series (by index, given their largest values) that can share a chart: from
    the largest down, a series joins the chart of the one before while that chart's
    largest value is at most :data:`SPREAD` times its own. Each group keeps the
    series' order."""
    order = sorted(range(len(maxima)), key=lambda i: -(maxima[i] or 0))
    found: list[list[int]] = []
    for i in order:
        size = abs(maxima[i] or 0)
        if found and (size * SPREAD >= abs(maxima[found[-1][0]] or 0)):
            found[-1].append(i)
        else:
            found.append([i])
    return [sorted(group) for group in found]
