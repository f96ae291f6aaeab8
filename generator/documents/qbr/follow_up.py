"""What follows the review: adoption barriers, action items (last quarter's reviewed, and
new), decisions and asks, and the next meetings."""

from __future__ import annotations

import datetime as dt

from ...agenda import N_
from ...i18n import capital
from ...model import Client
from ...render.deck import Cell, Column, Slide, Table
from ...schedule import quarter_bounds
from ..meetings import client_schedule, topics
from ..schedule_text import MEETING_KINDS, meeting_titles, time_text
from ..statuses import ACTION_STATUS, BARRIER_KIND, BARRIER_STATUS
from .context import Section, _Context, _sentence, _table

NEXT_MEETINGS = 4








def _barriers(ctx: _Context) -> Section:
    day = ctx.reference
    found = [(b, b.as_of(day)) for b in ctx.client.barriers]
    barriers = [(b, state) for b, state in found if state in ("open", "in_progress")]
    if not barriers:
        return None
    columns = (Column(ctx.gettext("Challenge"), 3.6), Column(ctx.gettext("Type"), 1.3),
               Column(ctx.gettext("Status"), 1.5), Column(ctx.gettext("Resolution"), 3.6),
               Column(ctx.gettext("Owner"), 1.6), Column(ctx.gettext("Timeframe"), 1.5))
    rows = tuple(
        (Cell(ctx.text(b.challenge)), Cell(ctx.gettext(BARRIER_KIND[b.kind]) if b.kind else ""),
         ctx.status(BARRIER_STATUS, state), Cell(ctx.text(b.resolution)),
         Cell(b.owner or ""), Cell(ctx.text(b.timeframe)))
        for b, state in barriers
    )
    notes = [ctx.lang.ngettext("{n} barrier open on {date}.", "{n} barriers open on {date}.",
                               len(barriers)).replace("{date}", ctx.date(day))]
    since = ctx.previous_end if ctx.previous else ctx.start
    solved = [b for b, state in found if state == "resolved" and b.resolved
              and since < b.resolved <= day]
    if solved:
        notes.append(ctx.lang.ngettext("{n} barrier resolved since the last review.",
                                       "{n} barriers resolved since the last review.",
                                       len(solved)))
    first = barriers[0][0]
    if first.owner:
        notes.append(ctx.say(N_("{owner} owns the first: {challenge}."), owner=first.owner,
                             challenge=_sentence(ctx.text(first.challenge))))
    title = ctx.gettext("Adoption barriers")
    return title, (Slide(title, (_table(columns, rows),), tuple(notes), ctx.as_of(day)),)


def opened(item, key: str, client: Client) -> dt.date:
    """When an action item was opened: its own date, else its quarter's review."""
    if item.opened is not None:
        return item.opened
    q = client.quarters[key]
    return q.meeting_date or quarter_bounds(key)[1]


def _review_day(client: Client, key: str) -> dt.date:
    q = client.quarters[key]
    return q.meeting_date or quarter_bounds(key)[1]


def _action_state(item, day: dt.date) -> str:
    state = item.as_of(day)
    return "overdue" if state != "done" and item.due < day else state


def _actions(ctx: _Context) -> Section:
    """This quarter's action items; with an earlier quarter in the file, the review of
    the actions agreed before: done since the last review, still open (carried over,
    and for how long), and the new ones."""
    day = ctx.reference
    new = sorted(ctx.quarter.action_items, key=lambda a: a.due)
    carried = []
    if ctx.previous is not None:
        last_review = _review_day(ctx.client, ctx.previous)
        for key in sorted(k for k in ctx.client.quarters if k < ctx.key):
            for item in ctx.client.quarters[key].action_items:
                if key == ctx.previous or item.as_of(last_review) != "done":
                    carried.append((key, item))
    if not carried:
        return _new_actions(ctx, new)
    columns = (Column(ctx.gettext("Action"), 4.6), Column(ctx.gettext("Owner"), 2.0),
               Column(ctx.gettext("Due"), 1.5), Column(ctx.gettext("Status"), 1.5),
               Column(ctx.gettext("Review"), 3.0))
    rows, done, still = [], 0, 0
    for key, item in sorted(carried, key=lambda ki: (ki[1].as_of(day) != "done", ki[1].due)):
        state = _action_state(item, day)
        if state == "done":
            done += 1
            review = ctx.gettext("Done since the last review")
        else:
            still += 1
            days = (day - opened(item, key, ctx.client)).days
            review = ctx.lang.ngettext("Carried over, open {n} day",
                                       "Carried over, open {n} days", days)
        rows.append((Cell(ctx.text(item.action)), Cell(item.owner), Cell(ctx.date(item.due)),
                     ctx.status(ACTION_STATUS, state), Cell(review)))
    for item in new:
        rows.append((Cell(ctx.text(item.action)), Cell(item.owner), Cell(ctx.date(item.due)),
                     ctx.status(ACTION_STATUS, _action_state(item, day)),
                     Cell(ctx.gettext("New this quarter"))))
    notes = [ctx.say(N_("Since the last review: {done} done, {open} still open, {new} new."),
                     done=ctx.lang.integer(done), open=ctx.lang.integer(still),
                     new=ctx.lang.integer(len(new)))]
    oldest = [(day - opened(i, k, ctx.client)).days for k, i in carried
              if i.as_of(day) != "done"]
    if oldest:
        notes.append(ctx.lang.ngettext("The oldest open action has been open {n} day.",
                                       "The oldest open action has been open {n} days.",
                                       max(oldest)))
    title = ctx.gettext("Last quarter's actions reviewed")
    return title, (Slide(title, (Table(columns, tuple(rows)),), tuple(notes), ctx.as_of(day)),)


def _new_actions(ctx: _Context, items) -> Section:
    if not items:
        return None
    day = ctx.reference
    columns = (Column(ctx.gettext("Action"), 6.0), Column(ctx.gettext("Owner"), 2.2),
               Column(ctx.gettext("Due"), 1.6), Column(ctx.gettext("Status"), 1.6))
    rows = []
    states = []
    for a in items:
        state = _action_state(a, day)
        states.append(state)
        rows.append((Cell(ctx.text(a.action)), Cell(a.owner), Cell(ctx.date(a.due)),
                     ctx.status(ACTION_STATUS, state)))
    notes = [ctx.lang.ngettext("{n} action item to agree.", "{n} action items to agree.",
                               len(items))]
    late = states.count("overdue")
    if late:
        notes.append(ctx.lang.ngettext("{n} of them is overdue.", "{n} of them are overdue.",
                                       late))
    notes.append(ctx.say(N_("The first is due on {date}: {action}."), date=ctx.date(items[0].due),
                         action=_sentence(ctx.text(items[0].action))))
    title = ctx.gettext("Action items")
    return title, (Slide(title, (_table(columns, tuple(rows)),), tuple(notes), ctx.as_of(day)),)


ASK_KIND = {"decision": N_("Decision"), "ask": N_("Ask")}


def _asks(ctx: _Context) -> Section:
    asks = ctx.quarter.asks
    if not asks:
        return None
    columns = (Column(ctx.gettext("What we need"), 4.4), Column(ctx.gettext("Type"), 1.3),
               Column(ctx.gettext("Why"), 3.4), Column(ctx.gettext("Owner"), 1.8),
               Column(ctx.gettext("By"), 1.5))
    rows = tuple((Cell(ctx.text(a.ask), bold=True), Cell(ctx.gettext(ASK_KIND[a.kind])),
                  Cell(ctx.text(a.why)), Cell(a.owner or ""),
                  Cell(ctx.date(a.due) if a.due else "")) for a in asks)
    decisions = sum(1 for a in asks if a.kind == "decision")
    notes = [ctx.say(N_("For the client this quarter: decisions {decisions}, asks {asks}."),
                     decisions=ctx.lang.integer(decisions),
                     asks=ctx.lang.integer(len(asks) - decisions))]
    first = asks[0]
    if first.owner and first.due:
        notes.append(ctx.say(N_("Confirm that {owner} can answer by {date}: {ask}."),
                             owner=first.owner, date=ctx.date(first.due),
                             ask=_sentence(ctx.text(first.ask))))
    title = ctx.gettext("Decisions and asks")
    return title, (Slide(title, (_table(columns, rows),), tuple(notes)),)


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
    first = meetings[0]
    notes = (ctx.say(N_("Confirm the next meeting: {date} at {time}."),
                     date=ctx.lang.date(first.date, "long"),
                     time=time_text(first.start.time(), ctx.lang)),
             ctx.gettext("Ask who else should join the next review."))
    title = ctx.gettext("Next meetings")
    return title, (Slide(title, (_table(columns, rows),), notes),)

