"""Account status, renewal and commercial, roadmap and innovations, and the IT budget."""

from __future__ import annotations

from ...agenda import N_
from ...render.deck import Cell, Column, Series, Slide, Tile, Tiles
from .. import kpi as kpis
from ..statuses import ROADMAP_STATUS
from .context import Section, _chart, _Context, _sentence, _table, _unit_title


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
    notes = [ctx.say(N_("{paid} of {invoiced} invoiced this quarter has been paid."),
                     paid=ctx.money(account.paid), invoiced=ctx.money(account.invoiced))]
    if account.overdue > 0:
        notes.append(ctx.say(N_("Agree a date for the {overdue} overdue."),
                             overdue=ctx.money(account.overdue)))
    else:
        notes.append(ctx.gettext("Nothing is overdue."))
    title = ctx.gettext("Account status")
    return title, (Slide(title, (Tiles(tuple(tiles)),), tuple(notes), ctx.as_of(ctx.end)),)


RENEWAL_RISK = {
    "low": (N_("Low"), "green"),
    "medium": (N_("Medium"), "amber"),
    "high": (N_("High"), "red"),
}


def _renewal(ctx: _Context) -> Section:
    """Contract value, renewal date and days to it as of the meeting, expansion, risk."""
    renewal = ctx.quarter.renewal
    if renewal is None:
        return None
    contract = ctx.client.contract
    value = renewal.value if renewal.value is not None else contract.value
    date = renewal.date or contract.renewal
    tiles = []
    notes = []
    if value is not None:
        tiles.append(Tile(ctx.money(value), ctx.gettext("Annual contract value")))
    if date is not None:
        days = (date - ctx.reference).days
        tiles.append(Tile(ctx.date(date), ctx.gettext("Renewal date"),
                          ctx.lang.ngettext("{n} day to go", "{n} days to go", days)
                          if days >= 0 else ctx.gettext("Passed")))
        if days >= 0:
            notes.append(ctx.lang.ngettext(
                "{n} day to renewal on {date}.", "{n} days to renewal on {date}.", days)
                .replace("{date}", ctx.date(date)))
    if renewal.risk:
        label, colour = RENEWAL_RISK[renewal.risk]
        tiles.append(Tile(ctx.gettext(label), ctx.gettext("Renewal risk"),
                          ctx.text(renewal.risk_note), status=colour))
        notes.append(ctx.say(N_("Renewal risk is {risk}: {note}."),
                             risk=ctx.gettext(label).lower(),
                             note=_sentence(ctx.text(renewal.risk_note)))
                     if renewal.risk_note else
                     ctx.say(N_("Renewal risk is {risk}."), risk=ctx.gettext(label).lower()))
    blocks: list = []
    if tiles:
        blocks.append(Tiles(tuple(tiles)))
    if renewal.opportunities:
        columns = (Column(ctx.gettext("Expansion opportunity"), 3.2),
                   Column(ctx.gettext("Annual value"), 1.6, "right"),
                   Column(ctx.gettext("When"), 1.4), Column(ctx.gettext("Note"), 2.6))
        rows = tuple((Cell(ctx.text(o.title)),
                      Cell(ctx.money(o.value) if o.value is not None else ""),
                      Cell(ctx.text(o.when)), Cell(ctx.text(o.note)))
                     for o in renewal.opportunities)
        blocks.append(_table(columns, rows))
        total = sum(o.value for o in renewal.opportunities if o.value is not None)
        if total:
            notes.append(ctx.lang.ngettext(
                "{n} expansion opportunity worth {value} a year.",
                "{n} expansion opportunities worth {value} a year.", len(renewal.opportunities))
                .replace("{value}", ctx.money(total)))
    if not blocks:
        return None
    title = ctx.gettext("Renewal and commercial")
    return title, (Slide(title, tuple(blocks), tuple(notes[:3]), ctx.as_of(ctx.reference)),)


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
    notes = [ctx.say(N_("{title}: {status}."), title=ctx.text(i.title),
                     status=ctx.gettext(ROADMAP_STATUS[i.status][0]).lower()) for i in items[:2]]
    notes.append(ctx.gettext("Ask which of these matters most to the client."))
    title = ctx.gettext("Roadmap and innovations")
    return title, (Slide(title, (_table(tuple(columns), tuple(rows)),), tuple(notes)),)


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
    over = max(lines, key=lambda b: b.actual - b.planned)
    notes = [ctx.say(N_("{actual} spent against a budget of {planned} ({variance})."),
                     actual=ctx.money(actual), planned=ctx.money(planned),
                     variance=_signed_money(ctx, actual - planned))]
    if over.actual > over.planned:
        notes.append(ctx.say(N_("The largest overspend is {category}, {variance}."),
                             category=ctx.text(over.category),
                             variance=_signed_money(ctx, over.actual - over.planned)))
    title = ctx.gettext("IT budget: planned and actual")
    as_of_end = ctx.as_of(ctx.end)
    return ctx.gettext("IT budget"), (Slide(title, (table,), tuple(notes), as_of_end),
                                      Slide(title, (chart,), tuple(notes), as_of_end))

