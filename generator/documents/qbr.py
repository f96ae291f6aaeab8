"""The QBR / vCIO deck (``docgen qbr``): one quarter of a client, slide by slide.

:func:`build` turns a client and a quarter into a :class:`~generator.render.deck.Deck`
of print-ready strings and chart values in one language; :func:`render`
lays it out on ``templates/qbr.pptx``. Slides, in order, each only when the
file has its data: title, agenda, executive summary, how the health score is
made (:mod:`.health_receipt`), what changed since last quarter, business
updates, business outcomes, key wins and outcomes achieved, KPI table, one
chart and measurements table per KPI, platform usage, service performance
against the SLA, account status, renewal and commercial, roadmap and
innovations, IT budget, hardware lifecycle, satisfaction (CSAT, NPS,
retention), adoption barriers, action items (reviewed), decisions and asks,
next meetings.

Rules where the data needs one:

* Dates (see :mod:`generator.model`): the quarter's figures are read as of
  its end (KPI measurements, outcome status and current status, key wins,
  the previous quarter's figures beside them); what the meeting discusses is
  read as of the meeting date, else the quarter's end (action items, adoption
  barriers, warranties, days to renewal). So an old quarter's deck does not
  change when newer data is added. Every slide with figures says in its
  footer the date they are as of.
* The current value of a KPI is the latest measurement up to the quarter's
  end; the trend compares the last two points (the baseline counts as the
  first point); progress runs from baseline (0 %) to target (100 %), and is
  not shown without a target.
* A warranty is "expired" when it ended before the meeting date, "expires
  soon" when it ends within 90 days after it, else "covered"; the status
  column says the date it counts from.
* An action item not done whose due date is before the meeting (else the
  quarter's end) is overdue. With an earlier quarter in the file, the action
  items are reviewed: the previous quarter's, and older ones still open at
  the previous review, are done or carried over (open so many days since
  they were opened, by default at their quarter's review), beside the new
  ones.
* "What changed since last quarter" compares with the file's previous
  quarter (the latest key before this one) and is left out without one.
* Every slide has speaker notes: two or three talking points made from its
  data, in the deck's language.
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

from .. import logos
from ..agenda import N_
from ..i18n import Language, Languages, capital, fill
from ..model import Client, Kpi, Quarter
from ..names import names_in
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
from ..render.pptx import writer as pptx
from ..schedule import quarter_bounds
from . import charts, health_receipt
from . import kpi as kpis
from .meetings import client_schedule, topics
from .schedule_text import MEETING_KINDS, meeting_titles, time_text

EXPIRY_DAYS = 90
NEXT_MEETINGS = 4
AGENDA_COLUMN = 10  # agenda entries per column (two columns hold every section)

OUTCOME_STATUS = {
    "on_track": (N_("On track"), "green"),
    "at_risk": (N_("At risk"), "amber"),
    "off_track": (N_("Off track"), "red"),
    "done": (N_("Achieved"), "green"),
    "not_started": (N_("Not started"), "grey"),
    "in_progress": (N_("In progress"), "blue"),
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
        text = fill(self.lang.gettext(message), **fields)
        return text[:-1] if text.endswith("..") and not text.endswith("...") else text

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


def build(client: Client, lang: Language, quarter: str) -> Deck:
    """The deck of ``quarter`` (a key of ``client.quarters``) in ``lang``."""
    client = names_in(client, lang.code)
    start, end = quarter_bounds(quarter)
    ctx = _Context(client, lang, quarter, client.quarters[quarter], start, end,
                   client.previous_quarter(quarter))
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
        vendor_logo=logos.picture(client.vendor.logo),
        client_logo=logos.picture(client.client.logo),
    )


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


# --- sections: each gives (agenda title, slides) or None --------------------------------------

Section = tuple[str, tuple[Slide, ...]] | None


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


def _sentence(text: str) -> str:
    """``text`` to end a sentence with: without its own full stop."""
    return text.strip().rstrip(".")


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


def _signed(ctx: _Context, amount: float) -> str:
    return kpis.delta(ctx.lang, round(amount), "number", "")


def _nps_text(ctx: _Context, score: float) -> str:
    """An NPS as people say it: a whole number, signed when above zero (+42, -5, 0)."""
    return _signed(ctx, score)


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


def _updates(ctx: _Context) -> Section:
    items = [ctx.text(u) for u in ctx.quarter.business_updates]
    if not items:
        return None
    title = ctx.gettext("Business updates")
    notes = tuple(ctx.say(N_("Ask how this affects the plan: {update}."), update=_sentence(i))
                  for i in items[:2])
    return title, (Slide(title, (Text(tuple(Paragraph(i) for i in items)),), notes),)


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
    statements = [(o, o.as_of(ctx.end).executive_statement) for o in ctx.client.outcomes]
    statements = [(o, s) for o, s in statements if s]
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


def _satisfaction(ctx: _Context) -> Section:
    s = ctx.quarter.satisfaction
    if s is None:
        return None
    tiles = []
    notes = []
    if s.csat is not None:
        note = (ctx.lang.ngettext("{n} response", "{n} responses", s.csat_responses)
                if s.csat_responses is not None else "")
        tiles.append(Tile(ctx.lang.percent(s.csat),
                          ctx.gettext("Customer satisfaction (CSAT)"), note))
        notes.append(ctx.say(N_("CSAT is {csat} this quarter."), csat=ctx.lang.percent(s.csat)))
    if s.retention is not None:
        tiles.append(Tile(ctx.lang.percent(s.retention), ctx.gettext("Client retention")))
    if s.nrr is not None:
        tiles.append(Tile(ctx.lang.percent(s.nrr), ctx.gettext("Net revenue retention")))
    blocks = []
    if tiles:
        blocks.append(Tiles(tuple(tiles)))
    if s.nps is not None:
        blocks.append(_nps(ctx, s.nps))
        nps = s.nps
        if nps.responses:
            notes.append(ctx.say(N_("NPS {score}: {promoters} promoters and {detractors} "
                                    "detractors of {responses} responses."),
                                 score=_nps_text(ctx, nps.value),
                                 promoters=ctx.lang.integer(nps.promoters),
                                 detractors=ctx.lang.integer(nps.detractors),
                                 responses=ctx.lang.integer(nps.responses)))
        else:
            notes.append(ctx.say(N_("NPS is {score}."), score=_nps_text(ctx, nps.value)))
    if not blocks:
        return None
    title = ctx.gettext("Satisfaction")
    return title, (Slide(title, tuple(blocks), tuple(notes), ctx.as_of(ctx.end)),)


def _nps(ctx: _Context, nps) -> Tiles:
    score = nps.value
    status = "green" if score >= 30 else ("amber" if score >= 0 else "red")
    note = (ctx.lang.ngettext("{n} response", "{n} responses", nps.responses)
            if nps.responses else "")
    tiles = [Tile(_nps_text(ctx, score), ctx.gettext("Net Promoter Score (NPS)"), note,
                  status=status)]
    if nps.responses:
        for label, count in ((N_("Promoters"), nps.promoters), (N_("Passives"), nps.passives),
                             (N_("Detractors"), nps.detractors)):
            tiles.append(Tile(ctx.lang.integer(count), ctx.gettext(label),
                              ctx.lang.percent(count / nps.responses * 100, 0)))
    return Tiles(tuple(tiles))


def _barriers(ctx: _Context) -> Section:
    day = ctx.reference
    found = [(b, b.as_of(day)) for b in ctx.client.barriers]
    barriers = [(b, state) for b, state in found if state in BARRIER_STATUS]
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


_PARTS = (_summary, health_receipt.receipt, _changes, _updates, _outcomes, _wins, _kpi_table,
          _kpi_charts, _usage, _service, _account, _renewal, _roadmap, _budget, _hardware,
          _satisfaction, _barriers, _actions, _asks, _next)


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
