"""What every slide is made with: the quarter under review (:class:`_Context`: its client,
language and dates, and how it words dates, money and statuses), the shape of a section,
and the wording shared by tables and charts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ...agenda import N_
from ...i18n import Language, capital, fill, fill_sentence
from ...model import Client, Quarter
from ...render.deck import Cell, Chart, Series, Slide, Table
from ...schedule import quarter_bounds
from .. import charts
from .. import kpi as kpis

UNIT_TITLES = {"hours": N_("Time, hours"), "days": N_("Time, days"),
               "currency": N_("Amount, {symbol}")}


DASH = "\u2014"


@dataclass(frozen=True)
class _Context:
    client: Client
    lang: Language
    key: str
    quarter: Quarter
    start: dt.date
    end: dt.date
    previous: str | None = None  # the file's quarter before this one

    @property
    def reference(self) -> dt.date:
        """The day the deck speaks from: the meeting, else the quarter's end."""
        return self.quarter.meeting_date or self.end

    @property
    def before(self) -> Quarter | None:
        return self.client.quarters[self.previous] if self.previous else None

    @property
    def previous_end(self) -> dt.date:
        return quarter_bounds(self.previous)[1]

    def gettext(self, message: str) -> str:
        return self.lang.gettext(message)

    def say(self, message: str, **fields: str) -> str:
        """A translated sentence with its ``{fields}`` filled in (one full stop at its end
        when a filled-in date or text brings its own: "by 31 дек. 2027 г.")."""
        return fill_sentence(self.lang.gettext(message), **fields)

    def text(self, value) -> str:
        return self.lang.text(value) or ""

    def date(self, value: dt.date) -> str:
        return self.lang.date(value, "medium")

    def money(self, value: float) -> str:
        return self.lang.currency(value, self.client.client.currency)

    def status(self, table: dict, key: str) -> Cell:
        label, colour = table[key]
        return Cell(self.gettext(label), status=colour)

    def as_of(self, day: dt.date) -> str:
        """"As of 31 Dec 2026": the date a slide's figures are as of."""
        return self.say(N_("As of {date}"), date=self.date(day))

    def label(self, key: str | None = None) -> str:
        """A quarter of the file in words ("Q4 2026"); this quarter's by default."""
        return quarter_label(key or self.key, self.lang)


def quarter_label(key: str, lang: Language) -> str:
    """"2026-Q4" in words: "Q4 2026", "4-й квартал 2026 г."."""
    return fill(lang.gettext("Q{quarter} {year}"), quarter=key[-1], year=key[:4])


Section = tuple[str, tuple[Slide, ...]] | None


def _sentence(text: str) -> str:
    """``text`` to end a sentence with: without its own full stop."""
    return text.strip().rstrip(".")


def _signed(ctx: _Context, amount: float) -> str:
    return kpis.delta(ctx.lang, round(amount), "number", "")


def _nps_text(ctx: _Context, score: float) -> str:
    """An NPS as people say it: a whole number, signed when above zero (+42, -5, 0)."""
    return _signed(ctx, score)


def _month(key: str) -> dt.date:
    return dt.date(int(key[:4]), int(key[5:]), 1)


def _table(columns, rows, footer=None) -> Table:
    """A table without the columns no row fills (the first column always stays)."""
    columns, rows = tuple(columns), tuple(tuple(r) for r in rows)
    keep = [j for j in range(len(columns))
            if j == 0 or any(row[j].text.strip() for row in rows)]
    return Table(tuple(columns[j] for j in keep), tuple(tuple(r[j] for j in keep) for r in rows),
                 tuple(footer[j] for j in keep) if footer is not None else None)


def _date_labels(ctx: _Context, dates: list[dt.date]) -> tuple[str, ...]:
    """Month and year when every date is in its own month, else the short date."""
    if len({(d.year, d.month) for d in dates}) == len(dates):
        return tuple(_short_month(ctx, d) for d in dates)
    return tuple(ctx.lang.date(d, "short") for d in dates)


def _month_labels(ctx: _Context, months) -> tuple[str, ...]:
    return tuple(_short_month(ctx, _month(m.month)) for m in months)


def _short_month(ctx: _Context, d: dt.date) -> str:
    return capital(ctx.lang.month_label(d))


def _unit_title(ctx: _Context, unit: str) -> str | None:
    """The value axis's title: "Time, hours", "Amount, ₽" (the symbol the values carry)."""
    if unit in UNIT_TITLES:
        symbol = charts.currency_symbol(ctx.lang, ctx.client.client.currency)
        return ctx.gettext(UNIT_TITLES[unit]).replace("{symbol}", symbol)
    return None


def _chart(ctx: _Context, kind: str, title: str, categories: tuple[str, ...],
           series: tuple[Series, ...], unit: str, **options) -> Chart:
    """A chart of values in ``unit``, formatted as the tables format them, its value axis
    over round numbers from the data (from zero for columns and bars)."""
    values = [v for s in series for v in s.values]
    currency = ctx.client.client.currency
    scale = charts.axis(values, from_zero=kind != "line", percent=unit == "percent")
    decimals = 0 if unit == "currency" else charts.value_decimals(values)
    return Chart(kind, title, categories, series,
                 number_format=charts.number_format(ctx.lang, unit, currency, decimals),
                 axis_format=charts.number_format(ctx.lang, unit, currency, scale.decimals),
                 scale=(scale.low, scale.high, scale.step), **options)


def _counts(ctx: _Context, title: str, categories: tuple[str, ...],
            series: tuple[Series, ...], value_title: str) -> list[Chart]:
    """Column charts of counts of different things with their values on them: one for
    each group of series of like size (:func:`charts.groups`), so that 150 users do not
    lie flat under 2,000 transactions."""
    maxima = [max((v for v in s.values if v is not None), default=None) for s in series]
    return [_chart(ctx, "column", title, categories,
                   tuple(replace(series[i], colour=i) for i in group), "count",
                   value_title=value_title, data_labels=True)
            for group in charts.groups(maxima)]

