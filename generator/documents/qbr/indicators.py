"""The KPI table, and one slide per KPI: its chart beside its measurements, with the trend
and the progress to target."""

from __future__ import annotations

import datetime as dt

from ...agenda import N_
from ...i18n import fill
from ...model import Kpi
from ...render.deck import Cell, Column, Series, Slide, Table
from .. import kpi as kpis
from .context import DASH, Section, _chart, _Context, _date_labels, _sentence, _table, _unit_title

TREND = {
    "up": "\u25b2",  # ▲
    "down": "\u25bc",  # ▼
    "flat": "\u25b6",  # ▶
}


def _kpi_point(ctx: _Context, k: Kpi, old: float, new: float, since: str) -> str:
    """"Invoice cycle time fell from 5.2 to 3.9 days since Q3 2026, 78 % of the way to
    the 3 days target."."""
    if new == old:
        pattern = N_("{kpi} held at {new} since {since}.")
    elif new > old:
        pattern = N_("{kpi} rose from {old} to {new} since {since}.")
    else:
        pattern = N_("{kpi} fell from {old} to {new} since {since}.")
    text = ctx.say(pattern, kpi=ctx.text(k.name), old=_value(ctx, k, old),
                   new=_value(ctx, k, new), since=since)
    done = kpis.progress(kpis.as_of(k, ctx.end))
    if done is not None and k.target is not None:
        target = _value(ctx, k, k.target.value)
        if done >= 100:
            text += " " + ctx.say(N_("The target of {target} is met."), target=target)
        else:
            text += " " + ctx.say(N_("That is {progress} of the way to the target of {target}."),
                                  progress=ctx.lang.percent(done, 0), target=target)
    return text


def as_of(kpi: Kpi, end: dt.date) -> Kpi:
    """``kpi`` with only the measurements taken up to ``end``."""
    return kpis.as_of(kpi, end)


def points(kpi: Kpi) -> list:
    """The baseline and the measurements after it, by date: (date, value, note)."""
    return kpis.points(kpi)


def trend(kpi: Kpi) -> str | None:
    """"up", "down" or "flat" from the last two points; None with fewer than two."""
    found = points(kpi)
    if len(found) < 2:
        return None
    change = found[-1][1] - found[-2][1]
    return "flat" if change == 0 else ("up" if change > 0 else "down")


def _trend_cell(ctx: _Context, kpi: Kpi) -> Cell:
    direction = trend(kpi)
    if direction is None:
        return Cell(DASH)
    if direction == "flat":
        stable = ctx.gettext("Stable")
        return Cell(f"{TREND['flat']} {stable}", status="grey")
    better = (direction == "up") == kpi.higher_is_better
    word = ctx.gettext("Improving") if better else ctx.gettext("Worsening")
    return Cell(f"{TREND[direction]} {word}", status="green" if better else "red")


def _value(ctx: _Context, kpi: Kpi, amount: float) -> str:
    return kpis.value(ctx.lang, amount, kpi.unit, ctx.client.client.currency)


def _baseline(ctx: _Context, kpi: Kpi) -> str:
    """The baseline value, with the client's own words for it when the file gives them."""
    shown = _value(ctx, kpi, kpi.baseline.value)
    label = ctx.text(kpi.baseline.label)
    return f"{shown} ({label})" if label else shown


def _kpi_table(ctx: _Context) -> Section:
    if not ctx.client.kpis:
        return None
    columns = (Column(ctx.gettext("KPI"), 3.6), Column(ctx.gettext("Baseline"), 1.5, "right"),
               Column(ctx.gettext("Current"), 1.5, "right"),
               Column(ctx.gettext("Target"), 1.5, "right"),
               Column(ctx.gettext("Progress to target"), 1.5, "right"),
               Column(ctx.gettext("Trend"), 1.7))
    rows = []
    notes = []
    found = [as_of(k, ctx.end) for k in ctx.client.kpis]
    for k in found:
        last = kpis.latest(k)
        progress = kpis.progress(k)
        rows.append((
            Cell(ctx.text(k.name)),
            Cell(_value(ctx, k, k.baseline.value)),
            Cell(_value(ctx, k, last.value) if last else DASH),
            Cell(_value(ctx, k, k.target.value) if k.target else DASH),
            Cell(ctx.lang.percent(progress, 0) if progress is not None else DASH),
            _trend_cell(ctx, k),
        ))
    measured = [(k, kpis.progress(k)) for k in found if kpis.progress(k) is not None]
    if measured:
        best = max(measured, key=lambda kp: kp[1])
        notes.append(ctx.say(N_("Furthest along: {kpi}, {progress} of the way to target."),
                             kpi=ctx.text(best[0].name), progress=ctx.lang.percent(best[1], 0)))
        worst = min(measured, key=lambda kp: kp[1])
        if worst is not best:
            notes.append(ctx.say(N_("Needs the most attention: {kpi}, at {progress}."),
                                 kpi=ctx.text(worst[0].name),
                                 progress=ctx.lang.percent(worst[1], 0)))
    notes.append(ctx.say(N_("Figures are as of {date}, the end of the quarter."),
                         date=ctx.date(ctx.end)))
    title = ctx.gettext("Key performance indicators")
    return title, (Slide(title, (_table(columns, tuple(rows)),), tuple(notes),
                         ctx.as_of(ctx.end)),)


def _kpi_charts(ctx: _Context) -> Section:
    slides = []
    for k in (as_of(k, ctx.end) for k in ctx.client.kpis):
        if not k.measurements:
            continue
        found = points(k)
        values = tuple(v for _, v, _ in found)
        series = [Series(ctx.gettext("Measured"), values)]
        if k.target is not None:
            series.append(Series(ctx.gettext("Target"), (k.target.value,) * len(found),
                                 dashed=True))
        chart = _chart(
            ctx, "line", ctx.gettext("Measured against target") if k.target
            else ctx.gettext("Measured"),
            _date_labels(ctx, [d for d, _, _ in found]),
            tuple(series), k.unit, value_title=_unit_title(ctx, k.unit),
            category_title=ctx.gettext("Measurement date"),
        )
        slides.append(Slide(ctx.text(k.name), (chart, _measurements(ctx, k)), _kpi_notes(ctx, k),
                            ctx.as_of(ctx.end)))
    if not slides:
        return None
    return ctx.gettext("KPI trends"), tuple(slides)


def _measurements(ctx: _Context, k: Kpi) -> Table:
    """Every point up to the quarter's end, each with its note; the target beneath."""
    columns = (Column(ctx.gettext("Date"), 1.6), Column(ctx.gettext("Value"), 1.5, "right"),
               Column(ctx.gettext("Note"), 2.6))
    found = points(k)
    rows = []
    for n, (day, amount, note) in enumerate(found):
        words = ctx.text(note)
        if n == 0:
            words = ctx.text(k.baseline.label) or ctx.gettext("Baseline")
        rows.append((Cell(ctx.date(day)), Cell(_value(ctx, k, amount)), Cell(words)))
    footer = None
    if k.target is not None:
        by = fill(ctx.gettext("by {date}"), date=ctx.date(k.target.date)) if k.target.date else ""
        footer = (Cell(ctx.gettext("Target")), Cell(_value(ctx, k, k.target.value)), Cell(by))
    return Table(columns, tuple(rows), footer)


def _kpi_notes(ctx: _Context, k: Kpi) -> tuple[str, ...]:
    first, last = points(k)[0], points(k)[-1]
    notes = []
    if ctx.previous is not None:
        old = kpis.latest(as_of(k, ctx.previous_end))
        if old is not None:
            notes.append(_kpi_point(ctx, k, old.value, last[1], ctx.label(ctx.previous)))
    if not notes:
        notes.append(_kpi_point(ctx, k, first[1], last[1], ctx.date(first[0])))
    found = [p for p in points(k) if p[2]]
    if found:
        notes.append(ctx.say(N_("On {date}: {note}."), date=ctx.date(found[-1][0]),
                             note=_sentence(ctx.text(found[-1][2]))))
    done = kpis.progress(k)
    if k.target is not None and k.target.date and (done is None or done < 100):
        notes.append(ctx.say(N_("The target of {target} is due by {date}."),
                             target=_value(ctx, k, k.target.value),
                             date=ctx.date(k.target.date)))
    return tuple(notes[:3])

