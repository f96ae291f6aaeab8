"""Hardware lifecycle: warranty status and the warranty report."""

from __future__ import annotations

import datetime as dt

from ...agenda import N_
from ...render.deck import Cell, Column, Slide, Tile, Tiles
from .context import Section, _Context, _sentence, _table

EXPIRY_DAYS = 90


WARRANTY_STATUS = {
    "expired": (N_("Expired"), "red"),
    "expiring": (N_("Expires within 90 days"), "amber"),
    "covered": (N_("Covered"), "green"),
}


def warranty(end_of_warranty: dt.date, day: dt.date) -> str:
    """"expired" (ended before ``day``), "expiring" (within 90 days after it) or
    "covered". A deck counts from its meeting date (else its quarter's end)."""
    if end_of_warranty < day:
        return "expired"
    if end_of_warranty <= day + dt.timedelta(days=EXPIRY_DAYS):
        return "expiring"
    return "covered"


def _hardware(ctx: _Context) -> Section:
    assets = sorted(ctx.quarter.assets, key=lambda a: (a.warranty_end, a.name))
    if not assets:
        return None
    day = ctx.reference
    optional = [(f, label, weight) for f, label, weight in (
        ("kind", N_("Type"), 1.5), ("serial", N_("Serial number"), 1.4),
        ("location", N_("Location"), 1.3), ("purchased", N_("Purchased"), 1.3),
    ) if any(getattr(a, f) for a in assets)]
    with_advice = any(a.recommendation for a in assets)
    columns = [Column(ctx.gettext("Asset"), 1.8),
               *(Column(ctx.gettext(label), weight) for _, label, weight in optional),
               Column(ctx.gettext("Warranty end"), 1.3),
               Column(ctx.say(N_("Status on {date}"), date=ctx.date(day)), 1.5)]
    if with_advice:
        columns.append(Column(ctx.gettext("Recommendation"), 3.6))
    rows = []
    counts = dict.fromkeys(WARRANTY_STATUS, 0)
    for a in assets:
        state = warranty(a.warranty_end, day)
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
    notes = [ctx.say(N_("Warranties counted from {date}: {expired} expired, {expiring} expire "
                        "within 90 days, {covered} covered."), date=ctx.date(day),
                     expired=ctx.lang.integer(counts["expired"]),
                     expiring=ctx.lang.integer(counts["expiring"]),
                     covered=ctx.lang.integer(counts["covered"]))]
    first = next((a for a in assets if warranty(a.warranty_end, day) != "covered"), None)
    if first is not None and first.recommendation:
        notes.append(ctx.say(N_("First to act on: {asset}, {advice}."), asset=first.name,
                             advice=_sentence(ctx.text(first.recommendation))))
    title = ctx.gettext("Hardware lifecycle")
    return title, (Slide(title, (tiles,), tuple(notes), ctx.as_of(day)),
                   Slide(ctx.gettext("Hardware warranty report"),
                         (_table(tuple(columns), tuple(rows)),), tuple(notes), ctx.as_of(day)))

