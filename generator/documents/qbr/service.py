"""Platform usage, and service performance against the SLA."""

from __future__ import annotations

from collections.abc import Iterable

from ...agenda import N_
from ...i18n import fill
from ...render.deck import Cell, Column, Series, Slide
from .. import kpi as kpis
from .context import DASH, Section, _chart, _Context, _counts, _month, _month_labels, _table

SLA_STATUS = {True: (N_("Met"), "green"), False: (N_("Missed"), "red")}


def _usage(ctx: _Context) -> Section:
    months = sorted(ctx.quarter.usage, key=lambda m: m.month)
    fields = [(f, label) for f, label in (
        ("active_users", N_("Active users")), ("transactions", N_("Transactions")),
        ("orders", N_("Orders"))) if any(getattr(m, f) is not None for m in months)]
    if not months or not fields:
        return None
    columns = (Column(ctx.gettext("Month"), 2.2),
               *(Column(ctx.gettext(label), 1.6, "right") for _, label in fields))
    rows = tuple(
        (Cell(ctx.lang.month_year(_month(m.month))),
         *(Cell(_count(ctx, getattr(m, f))) for f, _ in fields))
        for m in months
    )
    series = tuple(Series(ctx.gettext(label), tuple(getattr(m, f) for m in months))
                   for f, label in fields)
    first, *more = _counts(ctx, ctx.gettext("Usage per month"), _month_labels(ctx, months),
                           series, ctx.gettext("Count"))
    notes = []
    for f, label in fields[:2]:
        values = [getattr(m, f) for m in months if getattr(m, f) is not None]
        notes.append(ctx.say(N_("{measure}: {first} in {first_month}, {last} in {last_month}."),
                             measure=ctx.gettext(label), first=ctx.lang.integer(values[0]),
                             last=ctx.lang.integer(values[-1]),
                             first_month=ctx.lang.date(_month(months[0].month), "yMMMM"),
                             last_month=ctx.lang.date(_month(months[-1].month), "yMMMM")))
    title = ctx.gettext("Platform usage")
    slides = [Slide(title, (_table(columns, rows), first), tuple(notes), ctx.as_of(ctx.end))]
    more_title = fill(ctx.gettext("{title} (continued)"), title=title)
    slides += [Slide(more_title, tuple(more[n:n + 2]), tuple(notes), ctx.as_of(ctx.end))
               for n in range(0, len(more), 2)]
    return title, tuple(slides)


def _count(ctx: _Context, value: int | None) -> str:
    return DASH if value is None else ctx.lang.integer(value)


def _mean(values: Iterable[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return sum(found) / len(found) if found else None


def _service(ctx: _Context) -> Section:
    service = ctx.quarter.service
    if service is None:
        return None
    currency = ctx.client.client.currency
    months = sorted(service.months, key=lambda m: m.month)
    rows = []
    notes = []

    def hours(value: float | None) -> str:
        return DASH if value is None else kpis.value(ctx.lang, round(value, 1), "hours", currency)

    def measure(label: str, result: float | None, target: float | None, show, better) -> None:
        if result is None:
            return
        status = SLA_STATUS[better(result, target)] if target is not None else None
        rows.append((Cell(ctx.gettext(label)), Cell(show(result)),
                     Cell(show(target) if target is not None else DASH),
                     Cell(ctx.gettext(status[0]), status=status[1]) if status else Cell("")))
        if status and len(notes) < 2:
            notes.append(ctx.say(N_("{measure}: {result} against a target of {target} ({status})."),
                                 measure=ctx.gettext(label), result=show(result),
                                 target=show(target), status=ctx.gettext(status[0]).lower()))

    measure(N_("Availability"), service.availability, service.availability_target,
            lambda v: ctx.lang.percent(v, 2), lambda v, t: v >= t)
    measure(N_("Average response time"), _mean(m.avg_response_hours for m in months),
            service.response_target_hours, hours, lambda v, t: v <= t)
    measure(N_("Average resolution time"), _mean(m.avg_resolution_hours for m in months),
            service.resolution_target_hours, hours, lambda v, t: v <= t)
    if months:
        opened, closed = sum(m.opened for m in months), sum(m.closed for m in months)
        rows.append((Cell(ctx.gettext("Requests opened")), Cell(ctx.lang.integer(opened)),
                     Cell(DASH), Cell("")))
        rows.append((Cell(ctx.gettext("Requests closed")), Cell(ctx.lang.integer(closed)),
                     Cell(DASH), Cell("")))
        if months[-1].outstanding is not None:
            rows.append((Cell(ctx.gettext("Outstanding at quarter end")),
                         Cell(ctx.lang.integer(months[-1].outstanding)), Cell(DASH), Cell("")))
        notes.append(ctx.say(N_("{opened} requests opened and {closed} closed this quarter."),
                             opened=ctx.lang.integer(opened), closed=ctx.lang.integer(closed)))
    blocks: list = []
    if rows:
        columns = (Column(ctx.gettext("Measure"), 2.6), Column(ctx.gettext("Result"), 1.6, "right"),
                   Column(ctx.gettext("Target"), 1.6, "right"), Column(ctx.gettext("Status"), 1.3))
        blocks.append(_table(columns, tuple(rows)))
    if months:
        series = [Series(ctx.gettext("Opened"), tuple(m.opened for m in months)),
                  Series(ctx.gettext("Closed"), tuple(m.closed for m in months))]
        if any(m.outstanding is not None for m in months):
            series.append(Series(ctx.gettext("Outstanding"), tuple(m.outstanding for m in months)))
        # one chart: every series counts requests, and outstanding ones beside those opened
        # are what the chart is there to show
        blocks.append(_chart(ctx, "column", ctx.gettext("Service requests per month"),
                             _month_labels(ctx, months), tuple(series), "count",
                             value_title=ctx.gettext("Requests"), data_labels=True))
    if not blocks:
        return None
    title = ctx.gettext("Service performance")
    return title, (Slide(title, tuple(blocks), tuple(notes), ctx.as_of(ctx.end)),)

