"""The opening slides: title, agenda, executive summary, what changed since last quarter and
business updates."""

from __future__ import annotations

from babel.lists import format_list

from ...agenda import N_
from ...i18n import fill
from ...model import Quarter
from ...render.deck import Cell, Column, Paragraph, Slide, Table, Text, TitleSlide
from .. import health_receipt
from .. import kpi as kpis
from ..statuses import OUTCOME_STATUS
from .context import DASH, Section, _Context, _nps_text, _sentence, _signed, quarter_label
from .indicators import _kpi_point, _value

AGENDA_COLUMN = 10  # agenda entries per column (two columns hold every section)


def _title(ctx: _Context, review: str, label: str) -> TitleSlide:
    q = ctx.quarter
    lines = []
    notes = [ctx.say(N_("Welcome to the {quarter} review with {client}."),
                     quarter=label, client=ctx.client.client.name)]
    if q.meeting_date:
        lines.append(ctx.lang.date(q.meeting_date, "long"))
    if q.presenters:
        names = format_list(list(q.presenters), locale=ctx.lang.locale)
        lines.append(fill(ctx.gettext("Presented by {names}"), names=names))
        notes.append(ctx.say(N_("Introduce the presenters: {names}."), names=names))
    shown = health_receipt.health_of(ctx)[0].shown
    if shown:
        notes.append(ctx.say(N_("Overall health this quarter: {health}."),
                             health=health_receipt.band_label(ctx.lang, shown).lower()))
    return TitleSlide(ctx.client.client.name, f"{review} \u00b7 {label}", tuple(lines),
                      tuple(notes))


def _agenda(ctx: _Context, titles: list[str]) -> Slide:
    columns = [titles[n:n + AGENDA_COLUMN] for n in range(0, len(titles), AGENDA_COLUMN)]
    if len(columns) > 2:  # more than two columns' worth: one list that continues
        columns = [titles]
    blocks = []
    first = 1
    for column in columns:
        blocks.append(Text(tuple(Paragraph(t) for t in column), numbered=True, start=first))
        first += len(column)
    notes = (ctx.lang.ngettext("{n} topic today, from {first} to {last}.",
                               "{n} topics today, from {first} to {last}.", len(titles))
             .replace("{first}", titles[0]).replace("{last}", titles[-1]),)
    return Slide(ctx.gettext("Agenda"), tuple(blocks), notes)


def _summary(ctx: _Context) -> Section:
    q = ctx.quarter
    left: list[Paragraph] = []
    notes: list[str] = []
    left += health_receipt.summary(ctx, quarter_label)
    if q.summary:
        left.append(Paragraph(ctx.text(q.summary), "plain"))
        notes.append(ctx.text(q.summary))
    right: list[Paragraph] = []
    for heading, items in ((N_("Wins"), q.wins), (N_("Risks"), q.risks)):
        if items:
            right.append(Paragraph(ctx.gettext(heading), "heading"))
            right += [Paragraph(ctx.text(item)) for item in items]
    if q.wins:
        notes.append(ctx.say(N_("Lead with the win: {win}."), win=_sentence(ctx.text(q.wins[0]))))
    if q.risks:
        notes.append(ctx.say(N_("Be open about the main risk: {risk}."),
                             risk=_sentence(ctx.text(q.risks[0]))))
    blocks = tuple(Text(tuple(p)) for p in (left, right) if p)
    if not blocks:
        return None
    title = ctx.gettext("Executive summary")
    return title, (Slide(title, blocks, tuple(notes[:3])),)


def _changes(ctx: _Context) -> Section:
    """Each figure beside the previous quarter's: KPIs, satisfaction, SLA; outcomes whose
    status moved. Left out when the file has no earlier quarter."""
    if ctx.previous is None:
        return None
    before, now = ctx.before, ctx.quarter
    rows: list[tuple[Cell, ...]] = []
    notes: list[str] = []
    for k in ctx.client.kpis:
        old = kpis.latest(kpis.as_of(k, ctx.previous_end))
        new = kpis.latest(kpis.as_of(k, ctx.end))
        if new is None or old is None or new is old:
            continue
        moved = new.value - old.value
        better = moved == 0 or (moved > 0) == k.higher_is_better
        rows.append((Cell(ctx.text(k.name)), Cell(_value(ctx, k, old.value)),
                     Cell(_value(ctx, k, new.value)),
                     Cell(kpis.delta(ctx.lang, moved, k.unit, ctx.client.client.currency),
                          status=None if moved == 0 else ("green" if better else "red"))))
        if len(notes) < 2:
            notes.append(_kpi_point(ctx, k, old.value, new.value, ctx.label(ctx.previous)))

    def figure(label: str, old: float | None, new: float | None, show, digits=1) -> None:
        if old is None or new is None:
            return
        moved = new - old
        if round(moved, digits) == 0:
            moved = 0
        rows.append((Cell(ctx.gettext(label)), Cell(show(old)), Cell(show(new)),
                     Cell(kpis.delta(ctx.lang, moved, "percent", "", digits),
                          status=None if moved == 0 else ("green" if moved > 0 else "red"))))

    def sat(q: Quarter | None, name: str):
        return getattr(q.satisfaction, name) if q and q.satisfaction else None

    percent = ctx.lang.percent
    figure(N_("Customer satisfaction (CSAT)"), sat(before, "csat"), sat(now, "csat"), percent)
    old_nps, new_nps = sat(before, "nps"), sat(now, "nps")
    if old_nps is not None and new_nps is not None:
        moved = new_nps.value - old_nps.value
        rows.append((Cell(ctx.gettext("Net Promoter Score (NPS)")),
                     Cell(_nps_text(ctx, old_nps.value)), Cell(_nps_text(ctx, new_nps.value)),
                     Cell(_signed(ctx, moved),
                          status=None if round(moved) == 0 else ("green" if moved > 0 else "red"))))
    figure(N_("Net revenue retention"), sat(before, "nrr"), sat(now, "nrr"), percent)
    figure(N_("Client retention"), sat(before, "retention"), sat(now, "retention"), percent)

    def availability(q: Quarter | None):
        return q.service.availability if q and q.service else None

    figure(N_("Availability"), availability(before), availability(now),
           lambda v: ctx.lang.percent(v, 2), 2)
    for o in ctx.client.outcomes:
        old_state = o.as_of(ctx.previous_end).status
        new_state = o.as_of(ctx.end).status
        if old_state == new_state or new_state is None:
            continue
        rows.append((Cell(ctx.text(o.outcome)),
                     ctx.status(OUTCOME_STATUS, old_state) if old_state else Cell(DASH),
                     ctx.status(OUTCOME_STATUS, new_state), Cell("")))
        if len(notes) < 3:
            notes.append(ctx.say(N_("{outcome} moved from {before} to {now}."),
                                 outcome=ctx.text(o.outcome),
                                 before=(ctx.gettext(OUTCOME_STATUS[old_state][0]).lower()
                                         if old_state else DASH),
                                 now=ctx.gettext(OUTCOME_STATUS[new_state][0]).lower()))
    if not rows:
        return None
    columns = (Column(ctx.gettext("Measure"), 4.0),
               Column(ctx.label(ctx.previous), 1.8, "right"),
               Column(ctx.label(), 1.8, "right"), Column(ctx.gettext("Change"), 1.8, "right"))
    title = ctx.gettext("What changed since last quarter")
    return title, (Slide(title, (Table(columns, tuple(rows)),), tuple(notes[:3]),
                         ctx.as_of(ctx.end)),)


def _updates(ctx: _Context) -> Section:
    items = [ctx.text(u) for u in ctx.quarter.business_updates]
    if not items:
        return None
    title = ctx.gettext("Business updates")
    notes = tuple(ctx.say(N_("Ask how this affects the plan: {update}."), update=_sentence(i))
                  for i in items[:2])
    return title, (Slide(title, (Text(tuple(Paragraph(i) for i in items)),), notes),)

