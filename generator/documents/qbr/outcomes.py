"""Business outcomes and their status, key wins and outcomes achieved."""

from __future__ import annotations

from ...agenda import N_
from ...render.deck import Cell, Column, Slide
from ..statuses import OUTCOME_STATUS
from .context import Section, _Context, _sentence, _table


def _current_text(ctx: _Context, value) -> str:
    """A current status: one text, or one numbered line per success factor."""
    if value is None:
        return ""
    if isinstance(value, list):
        if len(value) == 1:
            return ctx.text(value[0])
        return "\n".join(f"{n}. {ctx.text(v)}" for n, v in enumerate(value, 1))
    return ctx.text(value)


def _outcomes(ctx: _Context) -> Section:
    outcomes = ctx.client.outcomes
    if not outcomes:
        return None
    states = [o.as_of(ctx.end) for o in outcomes]
    columns = [Column(ctx.gettext("Outcome"), 2.6),
               Column(ctx.gettext("Strategic initiative"), 3.4),
               Column(ctx.gettext("Priority"), 1.1, "right"), Column(ctx.gettext("Status"), 1.5),
               Column(ctx.gettext("Where we are"), 3.8)]
    rows = []
    for o, state in zip(outcomes, states, strict=True):
        rows.append((Cell(ctx.text(o.outcome)), Cell(ctx.text(o.initiative)),
                     Cell(ctx.lang.integer(o.priority) if o.priority is not None else ""),
                     ctx.status(OUTCOME_STATUS, state.status) if state.status else Cell(""),
                     Cell(_current_text(ctx, state.current_status))))
    counts: dict[str, int] = {}
    for state in states:
        if state.status:
            counts[state.status] = counts.get(state.status, 0) + 1
    notes = []
    if counts:
        parts = [f"{ctx.gettext(OUTCOME_STATUS[k][0]).lower()}: {ctx.lang.integer(n)}"
                 for k, n in sorted(counts.items(), key=lambda kv: list(OUTCOME_STATUS)
                                    .index(kv[0]))]
        notes.append(ctx.say(N_("Outcomes by status: {counts}."), counts="; ".join(parts)))
    for o, state in zip(outcomes, states, strict=True):
        if state.status in ("at_risk", "off_track"):
            notes.append(ctx.say(N_("Agree what it takes to bring {outcome} back on track."),
                                 outcome=ctx.text(o.outcome)))
            break
    ranked = [o for o in outcomes if o.priority is not None]
    if ranked:
        top = min(ranked, key=lambda o: o.priority)
        notes.append(ctx.say(N_("The client's first priority is {outcome}."),
                             outcome=ctx.text(top.outcome)))
    title = ctx.gettext("Business outcomes")
    return title, (Slide(title, (_table(tuple(columns), tuple(rows)),), tuple(notes[:3]),
                         ctx.as_of(ctx.end)),)


def _wins(ctx: _Context) -> Section:
    """Key wins with what they meant, and each outcome's executive statement."""
    wins = [w for w in ctx.client.results.key_wins if w.date is None or w.date <= ctx.end]
    statements = [(o, s.executive_statement) for o in ctx.client.outcomes
                  if (s := o.as_of(ctx.end)).executive_statement and s.status == "done"]
    slides = []
    if wins:
        columns = (Column(ctx.gettext("Key win"), 3.0), Column(ctx.gettext("Description"), 7.0))
        rows = tuple((Cell(ctx.text(w.win), bold=True), Cell(ctx.text(w.description)))
                     for w in wins)
        notes = [ctx.lang.ngettext("{n} key win to celebrate with the client.",
                                   "{n} key wins to celebrate with the client.", len(wins))]
        notes += [ctx.say(N_("Tell the story of {win}: {description}."),
                          win=ctx.text(w.win), description=_sentence(ctx.text(w.description)))
                  for w in wins[:2] if w.description]
        slides.append(Slide(ctx.gettext("Key wins"), (_table(columns, rows),), tuple(notes),
                            ctx.as_of(ctx.end)))
    if statements:
        columns = (Column(ctx.gettext("Business outcome"), 2.6),
                   Column(ctx.gettext("Business initiative"), 3.2),
                   Column(ctx.gettext("Executive statement of the outcome achieved"), 5.2))
        rows = tuple((Cell(ctx.text(o.outcome), bold=True), Cell(ctx.text(o.initiative)),
                      Cell(ctx.text(s))) for o, s in statements)
        notes = (ctx.say(N_("Ask the sponsor to confirm the statement for {outcome} in their "
                            "own words."), outcome=ctx.text(statements[0][0].outcome)),
                 ctx.gettext("These statements can become a case study or a reference."))
        slides.append(Slide(ctx.gettext("Outcomes achieved"), (_table(columns, rows),), notes,
                            ctx.as_of(ctx.end)))
    if not slides:
        return None
    return slides[0].title, tuple(slides)

