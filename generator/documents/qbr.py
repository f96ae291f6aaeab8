"""The QBR / vCIO deck (``docgen qbr``): one quarter of a client, slide by slide.

:func:`build` turns a client and a quarter into a :class:`~generator.render.pptx.Deck`
of print-ready strings and chart values in one language; :func:`render`
lays it out on ``templates/qbr.pptx``. Slides, in order, each only when the
file has its data: title, agenda, executive summary, how the health score is
made (:mod:`.health_receipt`), business updates,
business outcomes, KPI table, one chart per KPI, platform usage, service
performance against the SLA, account status, roadmap and innovations, IT
budget, hardware lifecycle, satisfaction, adoption barriers, action items,
next meetings.

Rules where the data needs one:

* KPIs are read as of the quarter's end: measurements dated after it are
  left out of the table and the charts, so an old quarter's deck does not
  change when new measurements are added. The current value is the latest
  measurement up to then; the trend compares the last two points (the
  baseline counts as the first point); progress runs from baseline (0 %) to
  target (100 %).
* A warranty is "expired" when it ended before the quarter's end, "expires
  soon" when it ends within 90 days after it, else "covered".
* An action item not done whose due date is before the meeting (else the
  quarter's end) is overdue.
* Average response and resolution times are the mean of the monthly
  averages the file gives, to a tenth of an hour.
* Next meetings are the first four of the plan year's schedule after the
  quarter's end and after the review meeting itself.
* The file's dates (the meeting date, else the quarter's end) date the deck,
  never the clock, so the same file gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from babel.lists import format_list

from ..agenda import N_
from ..i18n import Language, Languages, capital
from ..model import Client, Kpi, Measurement, Quarter
from ..names import names_in
from ..render import pptx
from ..render.deck import (
    Cell,
    Chart,
    Column,
    Deck,
    Paragraph,
    Series,
    Slide,
    Table,
    Text,
    Tile,
    Tiles,
    TitleSlide,
)
from ..schedule import quarter_bounds
from . import charts, health_receipt
from . import kpi as kpis
from .meetings import client_schedule, topics
from .schedule_text import MEETING_KINDS, meeting_titles, time_text

EXPIRY_DAYS = 90
NEXT_MEETINGS = 4
AGENDA_COLUMN = 8  # agenda entries per column (two columns hold every section)

OUTCOME_STATUS = {
    "on_track": (N_("On track"), "green"),
    "at_risk": (N_("At risk"), "amber"),
    "off_track": (N_("Off track"), "red"),
    "done": (N_("Achieved"), "green"),
    "not_started": (N_("Not started"), "grey"),
}
ROADMAP_STATUS = {
    "proposed": (N_("Proposed"), "grey"),
    "planned": (N_("Planned"), "grey"),
    "in_progress": (N_("In progress"), "blue"),
    "done": (N_("Delivered"), "green"),
}
ACTION_STATUS = {
    "open": (N_("Open"), "grey"),
    "in_progress": (N_("In progress"), "blue"),
    "done": (N_("Done"), "green"),
    "overdue": (N_("Overdue"), "red"),
}
BARRIER_STATUS = {
    "open": (N_("Unresolved"), "red"),
    "in_progress": (N_("In progress"), "amber"),
}
BARRIER_KIND = {"technical": N_("Technical"), "business": N_("Business")}
WARRANTY_STATUS = {
    "expired": (N_("Expired"), "red"),
    "expiring": (N_("Expires within 90 days"), "amber"),
    "covered": (N_("Covered"), "green"),
}
TREND = {
    "up": "\u25b2",  # ▲
    "down": "\u25bc",  # ▼
    "flat": "\u25b6",  # ▶
}
SLA_STATUS = {True: (N_("Met"), "green"), False: (N_("Missed"), "red")}
UNIT_TITLES = {"hours": N_("Time, hours"), "days": N_("Time, days"),
               "currency": N_("Amount, {symbol}")}
DASH = "\u2014"


def render(client: Client, langs: Languages, template: Path, quarter: str | None = None) -> bytes:
    if quarter is None:
        quarter = client.latest_quarter()
    return pptx.write(build(client, langs.primary, quarter), template)


# --- the deck -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Context:
    client: Client
    lang: Language
    key: str
    quarter: Quarter
    start: dt.date
    end: dt.date

    @property
    def reference(self) -> dt.date:
        """The day the deck speaks from: the meeting, else the quarter's end."""
        return self.quarter.meeting_date or self.end

    def gettext(self, message: str) -> str:
        return self.lang.gettext(message)

    def text(self, value) -> str:
        return self.lang.text(value) or ""

    def date(self, value: dt.date) -> str:
        return self.lang.date(value, "medium")

    def money(self, value: float) -> str:
        return self.lang.currency(value, self.client.client.currency)

    def status(self, table: dict, key: str) -> Cell:
        label, colour = table[key]
        return Cell(self.gettext(label), status=colour)


def quarter_label(key: str, lang: Language) -> str:
    """"2026-Q4" in words: "Q4 2026", "4-й квартал 2026 г."."""
    return (lang.gettext("Q{quarter} {year}")
            .replace("{quarter}", key[-1]).replace("{year}", key[:4]))


def build(client: Client, lang: Language, quarter: str) -> Deck:
    """The deck of ``quarter`` (a key of ``client.quarters``) in ``lang``."""
    client = names_in(client, lang.code)
    start, end = quarter_bounds(quarter)
    ctx = _Context(client, lang, quarter, client.quarters[quarter], start, end)
    sections = [s for s in (part(ctx) for part in _PARTS) if s is not None]
    slides: list[Slide] = []
    if sections:
        slides.append(_agenda(ctx, [title for title, _ in sections]))
    for _, found in sections:
        slides.extend(found)
    label = quarter_label(quarter, lang)
    vendor = client.vendor.name
    name = client.client.name
    review = ctx.gettext("Quarterly business review")
    when = ctx.reference
    return Deck(
        title_slide=_title(ctx, review, label),
        slides=tuple(slides),
        footer=f"{name} \u00b7 {label}",
        continued=ctx.gettext("{title} (continued)"),
        logo=vendor,
        created=dt.datetime(when.year, when.month, when.day, 9, 0),
        title=f"{name} \u2014 {review}, {label}",
        subject=review,
        author=vendor,
        language=lang.tag,
    )


def _title(ctx: _Context, review: str, label: str) -> TitleSlide:
    q = ctx.quarter
    lines = []
    if q.meeting_date:
        lines.append(ctx.lang.date(q.meeting_date, "long"))
    if q.presenters:
        names = format_list(list(q.presenters), locale=ctx.lang.locale)
        lines.append(ctx.gettext("Presented by {names}").replace("{names}", names))
    return TitleSlide(ctx.client.client.name, f"{review} \u00b7 {label}", tuple(lines))


def _agenda(ctx: _Context, titles: list[str]) -> Slide:
    columns = [titles[n:n + AGENDA_COLUMN] for n in range(0, len(titles), AGENDA_COLUMN)]
    if len(columns) > 2:  # more than two columns' worth: one list that continues
        columns = [titles]
    blocks = []
    first = 1
    for column in columns:
        blocks.append(Text(tuple(Paragraph(t) for t in column), numbered=True, start=first))
        first += len(column)
    return Slide(ctx.gettext("Agenda"), tuple(blocks))


# --- sections: each gives (agenda title, slides) or None --------------------------------------

Section = tuple[str, tuple[Slide, ...]] | None


def _summary(ctx: _Context) -> Section:
    q = ctx.quarter
    left: list[Paragraph] = []
    left += health_receipt.summary(ctx, quarter_label)
    if q.summary:
        left.append(Paragraph(ctx.text(q.summary), "plain"))
    right: list[Paragraph] = []
    for heading, items in ((N_("Wins"), q.wins), (N_("Risks"), q.risks)):
        if items:
            right.append(Paragraph(ctx.gettext(heading), "heading"))
            right += [Paragraph(ctx.text(item)) for item in items]
    blocks = tuple(Text(tuple(p)) for p in (left, right) if p)
    if not blocks:
        return None
    title = ctx.gettext("Executive summary")
    return title, (Slide(title, blocks),)


def _updates(ctx: _Context) -> Section:
    items = [ctx.text(u) for u in ctx.quarter.business_updates]
    if not items:
        return None
    title = ctx.gettext("Business updates")
    return title, (Slide(title, (Text(tuple(Paragraph(i) for i in items)),)),)


def _outcomes(ctx: _Context) -> Section:
    outcomes = ctx.client.outcomes
    if not outcomes:
        return None
    with_current = any(o.current_status for o in outcomes)
    columns = [Column(ctx.gettext("Outcome"), 2.6),
               Column(ctx.gettext("Strategic initiative"), 3.4),
               Column(ctx.gettext("Priority"), 1.1, "right"), Column(ctx.gettext("Status"), 1.5)]
    if with_current:
        columns.append(Column(ctx.gettext("Where we are"), 3.8))
    rows = []
    for o in outcomes:
        row = [Cell(ctx.text(o.outcome)), Cell(ctx.text(o.initiative)),
               Cell(ctx.lang.integer(o.priority) if o.priority is not None else ""),
               ctx.status(OUTCOME_STATUS, o.status)]
        if with_current:
            row.append(Cell(ctx.text(o.current_status)))
        rows.append(tuple(row))
    title = ctx.gettext("Business outcomes")
    return title, (Slide(title, (_table(tuple(columns), tuple(rows)),)),)


def as_of(kpi: Kpi, end: dt.date) -> Kpi:
    """``kpi`` with only the measurements taken up to ``end``."""
    return kpi.model_copy(update={"measurements": [m for m in kpi.measurements if m.date <= end]})


def points(kpi: Kpi) -> list[Measurement]:
    """The baseline and the measurements after it, by date (the chart's points)."""
    later = [m for m in kpi.measurements if m.date > kpi.baseline.date]
    return [kpi.baseline, *later]


def trend(kpi: Kpi) -> str | None:
    """"up", "down" or "flat" from the last two points; None with fewer than two."""
    found = points(kpi)
    if len(found) < 2:
        return None
    change = found[-1].value - found[-2].value
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


def _kpi_table(ctx: _Context) -> Section:
    if not ctx.client.kpis:
        return None
    columns = (Column(ctx.gettext("KPI"), 3.6), Column(ctx.gettext("Baseline"), 1.5, "right"),
               Column(ctx.gettext("Current"), 1.5, "right"),
               Column(ctx.gettext("Target"), 1.5, "right"),
               Column(ctx.gettext("Progress to target"), 1.5, "right"),
               Column(ctx.gettext("Trend"), 1.7))
    rows = []
    for k in (as_of(k, ctx.end) for k in ctx.client.kpis):
        last = kpis.latest(k)
        progress = kpis.progress(k)
        rows.append((
            Cell(ctx.text(k.name)),
            Cell(_value(ctx, k, k.baseline.value)),
            Cell(_value(ctx, k, last.value) if last else DASH),
            Cell(_value(ctx, k, k.target.value)),
            Cell(ctx.lang.percent(progress, 0) if progress is not None else DASH),
            _trend_cell(ctx, k),
        ))
    title = ctx.gettext("Key performance indicators")
    return title, (Slide(title, (_table(columns, tuple(rows)),)),)


def _kpi_charts(ctx: _Context) -> Section:
    slides = []
    for k in (as_of(k, ctx.end) for k in ctx.client.kpis):
        if not k.measurements:
            continue
        found = points(k)
        values = tuple(m.value for m in found)
        chart = _chart(
            ctx, "line", ctx.gettext("Measured against target"),
            _date_labels(ctx, [m.date for m in found]),
            (Series(ctx.gettext("Measured"), values),
             Series(ctx.gettext("Target"), (k.target.value,) * len(found), dashed=True)),
            k.unit, value_title=_unit_title(ctx, k.unit),
            category_title=ctx.gettext("Measurement date"),
        )
        slides.append(Slide(ctx.text(k.name), (chart, _kpi_tiles(ctx, k))))
    if not slides:
        return None
    return ctx.gettext("KPI trends"), tuple(slides)


def _kpi_tiles(ctx: _Context, k: Kpi) -> Tiles:
    last = kpis.latest(k)
    progress = kpis.progress(k)
    target_note = (ctx.gettext("by {date}").replace("{date}", ctx.date(k.target.date))
                   if k.target.date else "")
    direction = trend(k)
    trend_note = _trend_cell(ctx, k).text if direction else ""
    return Tiles((
        Tile(_value(ctx, k, k.baseline.value), ctx.gettext("Baseline"), ctx.date(k.baseline.date)),
        Tile(_value(ctx, k, last.value), ctx.gettext("Current"), ctx.date(last.date)),
        Tile(_value(ctx, k, k.target.value), ctx.gettext("Target"), target_note),
        Tile(ctx.lang.percent(progress, 0) if progress is not None else DASH,
             ctx.gettext("Progress to target"), trend_note),
    ))


def _month(key: str) -> dt.date:
    return dt.date(int(key[:4]), int(key[5:]), 1)


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
    title = ctx.gettext("Platform usage")
    slides = [Slide(title, (_table(columns, rows), first))]
    more_title = ctx.gettext("{title} (continued)").replace("{title}", title)
    slides += [Slide(more_title, tuple(more[n:n + 2])) for n in range(0, len(more), 2)]
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

    def hours(value: float | None) -> str:
        return DASH if value is None else kpis.value(ctx.lang, round(value, 1), "hours", currency)

    def measure(label: str, result: float | None, target: float | None, show, better) -> None:
        if result is None:
            return
        status = SLA_STATUS[better(result, target)] if target is not None else None
        rows.append((Cell(ctx.gettext(label)), Cell(show(result)),
                     Cell(show(target) if target is not None else DASH),
                     Cell(ctx.gettext(status[0]), status=status[1]) if status else Cell("")))

    measure(N_("Availability"), service.availability, service.availability_target,
            lambda v: ctx.lang.percent(v, 2), lambda v, t: v >= t)
    measure(N_("Average response time"), _mean(m.avg_response_hours for m in months),
            service.response_target_hours, hours, lambda v, t: v <= t)
    measure(N_("Average resolution time"), _mean(m.avg_resolution_hours for m in months),
            service.resolution_target_hours, hours, lambda v, t: v <= t)
    if months:
        rows.append((Cell(ctx.gettext("Requests opened")), Cell(ctx.lang.integer(
            sum(m.opened for m in months))), Cell(DASH), Cell("")))
        rows.append((Cell(ctx.gettext("Requests closed")), Cell(ctx.lang.integer(
            sum(m.closed for m in months))), Cell(DASH), Cell("")))
        if months[-1].outstanding is not None:
            rows.append((Cell(ctx.gettext("Outstanding at quarter end")),
                         Cell(ctx.lang.integer(months[-1].outstanding)), Cell(DASH), Cell("")))
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
    return title, (Slide(title, tuple(blocks)),)


def _account(ctx: _Context) -> Section:
    account = ctx.quarter.account
    if account is None:
        return None
    tiles = [Tile(ctx.money(account.invoiced), ctx.gettext("Invoiced")),
             Tile(ctx.money(account.paid), ctx.gettext("Paid")),
             Tile(ctx.money(account.overdue), ctx.gettext("Overdue"),
                  status="red" if account.overdue > 0 else "green")]
    if account.licences is not None:
        tiles.append(Tile(ctx.lang.integer(account.licences), ctx.gettext("Licences")))
    title = ctx.gettext("Account status")
    return title, (Slide(title, (Tiles(tuple(tiles)),)),)


def _roadmap(ctx: _Context) -> Section:
    items = ctx.quarter.roadmap
    if not items:
        return None
    with_cost = any(i.cost is not None for i in items)
    columns = [Column(ctx.gettext("Item"), 3.0), Column(ctx.gettext("Description"), 5.0),
               Column(ctx.gettext("When"), 1.7), Column(ctx.gettext("Status"), 1.6)]
    if with_cost:
        columns.append(Column(ctx.gettext("Cost"), 1.5, "right"))
    rows = []
    for i in items:
        row = [Cell(ctx.text(i.title)), Cell(ctx.text(i.description)), Cell(ctx.text(i.when)),
               ctx.status(ROADMAP_STATUS, i.status)]
        if with_cost:
            row.append(Cell(ctx.money(i.cost) if i.cost is not None else ""))
        rows.append(tuple(row))
    title = ctx.gettext("Roadmap and innovations")
    return title, (Slide(title, (_table(tuple(columns), tuple(rows)),)),)


def _signed_money(ctx: _Context, amount: float) -> str:
    return kpis.delta(ctx.lang, amount, "currency", ctx.client.client.currency)


def _budget(ctx: _Context) -> Section:
    lines = ctx.quarter.budget
    if not lines:
        return None
    with_note = any(b.note for b in lines)
    columns = [Column(ctx.gettext("Category"), 3.2), Column(ctx.gettext("Budget"), 1.7, "right"),
               Column(ctx.gettext("Actual"), 1.7, "right"),
               Column(ctx.gettext("Variance"), 1.7, "right")]
    if with_note:
        columns.append(Column(ctx.gettext("Note"), 4.0))
    rows = []
    for b in lines:
        row = [Cell(ctx.text(b.category)), Cell(ctx.money(b.planned)), Cell(ctx.money(b.actual)),
               Cell(_signed_money(ctx, b.actual - b.planned))]
        if with_note:
            row.append(Cell(ctx.text(b.note)))
        rows.append(tuple(row))
    planned = sum(b.planned for b in lines)
    actual = sum(b.actual for b in lines)
    footer = [Cell(ctx.gettext("Total")), Cell(ctx.money(planned)), Cell(ctx.money(actual)),
              Cell(_signed_money(ctx, actual - planned))]
    if with_note:
        footer.append(Cell(""))
    table = _table(tuple(columns), tuple(rows), tuple(footer))
    chart = _chart(
        ctx, "bar", ctx.gettext("Budget and actual spend by category"),
        tuple(ctx.text(b.category) for b in lines),
        (Series(ctx.gettext("Budget"), tuple(b.planned for b in lines)),
         Series(ctx.gettext("Actual"), tuple(b.actual for b in lines))),
        "currency", value_title=_unit_title(ctx, "currency"),
    )
    title = ctx.gettext("IT budget: planned and actual")
    return ctx.gettext("IT budget"), (Slide(title, (table,)), Slide(title, (chart,)))


def warranty(end_of_warranty: dt.date, quarter_end: dt.date) -> str:
    """"expired", "expiring" (within 90 days after the quarter's end) or "covered"."""
    if end_of_warranty < quarter_end:
        return "expired"
    if end_of_warranty <= quarter_end + dt.timedelta(days=EXPIRY_DAYS):
        return "expiring"
    return "covered"


def _hardware(ctx: _Context) -> Section:
    assets = sorted(ctx.quarter.assets, key=lambda a: (a.warranty_end, a.name))
    if not assets:
        return None
    optional = [(f, label, weight) for f, label, weight in (
        ("kind", N_("Type"), 1.5), ("serial", N_("Serial number"), 1.4),
        ("location", N_("Location"), 1.3), ("purchased", N_("Purchased"), 1.3),
    ) if any(getattr(a, f) for a in assets)]
    with_advice = any(a.recommendation for a in assets)
    columns = [Column(ctx.gettext("Asset"), 1.8),
               *(Column(ctx.gettext(label), weight) for _, label, weight in optional),
               Column(ctx.gettext("Warranty end"), 1.3), Column(ctx.gettext("Status"), 1.3)]
    if with_advice:
        columns.append(Column(ctx.gettext("Recommendation"), 3.6))
    rows = []
    counts = dict.fromkeys(WARRANTY_STATUS, 0)
    for a in assets:
        state = warranty(a.warranty_end, ctx.end)
        counts[state] += 1
        row = [Cell(a.name)]
        for f, _, _ in optional:
            value = getattr(a, f)
            row.append(Cell("" if value is None else (
                ctx.date(value) if isinstance(value, dt.date) else ctx.text(value))))
        row += [Cell(ctx.date(a.warranty_end)), ctx.status(WARRANTY_STATUS, state)]
        if with_advice:
            row.append(Cell(ctx.text(a.recommendation)))
        rows.append(tuple(row))
    tiles = Tiles((
        *(Tile(ctx.lang.integer(counts[state]), ctx.gettext(WARRANTY_STATUS[state][0]),
               status=WARRANTY_STATUS[state][1]) for state in WARRANTY_STATUS),
        Tile(ctx.lang.integer(len(assets)), ctx.gettext("Assets tracked")),
    ))
    title = ctx.gettext("Hardware lifecycle")
    return title, (Slide(title, (tiles,)),
                   Slide(ctx.gettext("Hardware warranty report"),
                         (_table(tuple(columns), tuple(rows)),)))


def _satisfaction(ctx: _Context) -> Section:
    s = ctx.quarter.satisfaction
    if s is None:
        return None
    tiles = []
    if s.csat is not None:
        note = (ctx.lang.ngettext("{n} response", "{n} responses", s.csat_responses)
                if s.csat_responses is not None else "")
        tiles.append(Tile(ctx.lang.percent(s.csat),
                          ctx.gettext("Customer satisfaction (CSAT)"), note))
    if s.retention is not None:
        tiles.append(Tile(ctx.lang.percent(s.retention), ctx.gettext("Client retention")))
    if s.nrr is not None:
        tiles.append(Tile(ctx.lang.percent(s.nrr), ctx.gettext("Net revenue retention")))
    if not tiles:
        return None
    title = ctx.gettext("Satisfaction")
    return title, (Slide(title, (Tiles(tuple(tiles)),)),)


def _barriers(ctx: _Context) -> Section:
    barriers = [b for b in ctx.client.barriers if b.status != "resolved"]
    if not barriers:
        return None
    columns = (Column(ctx.gettext("Challenge"), 3.6), Column(ctx.gettext("Type"), 1.3),
               Column(ctx.gettext("Status"), 1.5), Column(ctx.gettext("Resolution"), 3.6),
               Column(ctx.gettext("Owner"), 1.6), Column(ctx.gettext("Timeframe"), 1.5))
    rows = tuple(
        (Cell(ctx.text(b.challenge)), Cell(ctx.gettext(BARRIER_KIND[b.kind]) if b.kind else ""),
         ctx.status(BARRIER_STATUS, b.status), Cell(ctx.text(b.resolution)),
         Cell(b.owner or ""), Cell(ctx.text(b.timeframe)))
        for b in barriers
    )
    title = ctx.gettext("Adoption barriers")
    return title, (Slide(title, (_table(columns, rows),)),)


def _actions(ctx: _Context) -> Section:
    items = sorted(ctx.quarter.action_items, key=lambda a: a.due)
    if not items:
        return None
    columns = (Column(ctx.gettext("Action"), 6.0), Column(ctx.gettext("Owner"), 2.2),
               Column(ctx.gettext("Due"), 1.6), Column(ctx.gettext("Status"), 1.6))
    rows = []
    for a in items:
        state = "overdue" if a.status != "done" and a.due < ctx.reference else a.status
        rows.append((Cell(ctx.text(a.action)), Cell(a.owner), Cell(ctx.date(a.due)),
                     ctx.status(ACTION_STATUS, state)))
    title = ctx.gettext("Action items")
    return title, (Slide(title, (_table(columns, tuple(rows)),)),)


def next_meetings(client: Client, after: dt.date, count: int = NEXT_MEETINGS):
    """The first ``count`` meetings of the client's schedule after ``after``."""
    return [m for m in client_schedule(client).meetings if m.date > after][:count]


def _next(ctx: _Context) -> Section:
    meetings = next_meetings(ctx.client, max(ctx.end, ctx.reference))
    if not meetings:
        return None
    by_id = {t.id: t for t in topics(ctx.client)}
    columns = (Column(ctx.gettext("Date"), 2.8), Column(ctx.gettext("Time"), 1.0),
               Column(ctx.gettext("Meeting"), 2.0), Column(ctx.gettext("Topics"), 6.2))
    rows = tuple(
        (Cell(capital(ctx.lang.date(m.date, "full"))), Cell(time_text(m.start.time(), ctx.lang)),
         Cell(ctx.gettext(MEETING_KINDS[m.kind])),
         Cell("; ".join(meeting_titles(m, by_id, ctx.lang))))
        for m in meetings
    )
    title = ctx.gettext("Next meetings")
    return title, (Slide(title, (_table(columns, rows),)),)


_PARTS = (_summary, health_receipt.receipt, _updates, _outcomes, _kpi_table, _kpi_charts,
          _usage, _service, _account, _roadmap, _budget, _hardware, _satisfaction, _barriers,
          _actions, _next)


def _table(columns, rows, footer=None) -> Table:
    """A table without the columns no row fills (the first column always stays)."""
    columns, rows = tuple(columns), tuple(tuple(r) for r in rows)
    keep = [j for j in range(len(columns))
            if j == 0 or any(row[j].text.strip() for row in rows)]
    return Table(tuple(columns[j] for j in keep), tuple(tuple(r[j] for j in keep) for r in rows),
                 tuple(footer[j] for j in keep) if footer is not None else None)


# --- chart wording ----------------------------------------------------------------------------

def _date_labels(ctx: _Context, dates: list[dt.date]) -> tuple[str, ...]:
    """Month and year when every date is in its own month, else the short date."""
    if len({(d.year, d.month) for d in dates}) == len(dates):
        return tuple(_short_month(ctx, d) for d in dates)
    return tuple(ctx.lang.date(d, "short") for d in dates)


def _month_labels(ctx: _Context, months) -> tuple[str, ...]:
    return tuple(_short_month(ctx, _month(m.month)) for m in months)


def _short_month(ctx: _Context, d: dt.date) -> str:
    return capital(ctx.lang.month_abbreviated(d))


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
