"""The CS lead's portfolio (``docgen portfolio``): a row per client, and every meeting.

:func:`build` turns loaded clients into a :class:`Portfolio` as of one quarter's
end (the *day*): each client's health (:mod:`generator.health`) and its change
since the file's previous quarter, renewal and days to it, contract value, next
meeting, overdue action items, KPIs off track, data freshness and the documents
written (from ``OUT/manifest.json``); and the plan year's meetings of every
client. Values stay values (dates, numbers) for the workbook; words for the page
come from :func:`labels`. Nothing here reads the clock: the day is the quarter's
end.

Rules:

* A client is scored for the latest quarter of its file up to the portfolio's
  quarter (``scored``), as of that quarter's end.
* The renewal is the quarter's renewal date when the file gives one, else the
  contract's; its value likewise.
* Freshness is the newest dated figure of the file up to the day: a KPI
  measurement, the last day of a usage or service month, or the end of a
  quarter with data.
* Next meeting: the first of the plan year's schedule after the day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import health as scoring
from ..agenda import N_
from ..i18n import fill
from ..model import Client
from ..output import slugify
from ..schedule import Meeting, Schedule, quarter_bounds
from .meetings import client_schedule

STALE_DAYS = 92
"""Data older than this on the day (about a quarter) is flagged."""


@dataclass(frozen=True)
class Row:
    """One client as the portfolio shows it; None where the file does not say."""

    name: str
    slug: str
    source: Path
    currency: str
    scored: str | None  # the quarter scored
    health: scoring.Health | None
    change: int | None
    renewal: dt.date | None
    days_to_renewal: int | None
    value: float | None
    next_meeting: Meeting | None
    overdue: int | None
    kpis_off_track: int
    kpis: int
    fresh: dt.date | None
    fresh_days: int | None
    documents: tuple[str, ...]
    meetings: tuple[Meeting, ...]

    @property
    def score(self) -> int | None:
        return self.health.score if self.health else None

    @property
    def band(self) -> str | None:
        """The band shown: the CSM's when set, else the score's."""
        return self.health.shown if self.health else None

    @property
    def override(self) -> bool:
        return bool(self.health and self.health.override)


@dataclass(frozen=True)
class Portfolio:
    quarter: str
    day: dt.date
    rows: tuple[Row, ...]
    months: tuple[dt.date, ...]  # first days of the months the calendar spans

    def bands(self) -> dict[str, int]:
        """Clients per band shown ("none": no score and no band set)."""
        counts = dict.fromkeys(("red", "amber", "green", "none"), 0)
        for row in self.rows:
            counts[row.band or "none"] += 1
        return counts

    def renewals(self, months: int = 12) -> list[tuple[dt.date, list[Row]]]:
        """The ``months`` months after the day, each with the clients renewing in it."""
        first = _next_month(self.day.replace(day=1))
        out = []
        for n in range(months):
            month = _add_months(first, n)
            out.append((month, [r for r in self.rows if r.renewal is not None
                                and (r.renewal.year, r.renewal.month)
                                == (month.year, month.month)]))
        return out


def _next_month(day: dt.date) -> dt.date:
    return _add_months(day, 1)


def _add_months(day: dt.date, n: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def latest_quarter(clients: Sequence[Client]) -> str | None:
    """The latest quarter any of ``clients`` has, or None."""
    return max((k for c in clients for k in c.quarters), default=None)


def build(clients: Sequence[tuple[Path, Client]], quarter: str,
          documents: dict[str, tuple[str, ...]] | None = None,
          settings: scoring.Settings = scoring.DEFAULTS,
          schedules: dict[Path, Schedule] | None = None) -> Portfolio:
    """The portfolio of ``clients`` (source file, client) as of ``quarter``'s end;
    ``documents`` maps a client slug to the files written for it; ``schedules`` holds
    the clients' schedules by source where they are known already. InputError (naming
    the file) when a client's meetings cannot be planned."""
    schedules = schedules or {}
    return assemble(quarter, [
        row(source, client, quarter, documents or {}, settings,
            schedules.get(source) or client_schedule(client, str(source)))
        for source, client in clients])


def assemble(quarter: str, rows: Sequence[Row]) -> Portfolio:
    """The portfolio of ``rows`` (see :func:`row`): the lowest score first (clients
    without one before them), and the months their meetings span."""
    rows = sorted(rows, key=lambda r: (r.score is not None, r.score or 0, r.name.casefold()))
    months = sorted({m.date.replace(day=1) for r in rows for m in r.meetings})
    if months:
        span = []
        month = months[0]
        while month <= months[-1]:
            span.append(month)
            month = _next_month(month)
        months = span
    return Portfolio(quarter, quarter_bounds(quarter)[1], tuple(rows), tuple(months))


def row(source: Path, client: Client, quarter: str, documents: dict[str, tuple[str, ...]],
        settings: scoring.Settings, schedule: Schedule) -> Row:
    """The row of ``client`` as of ``quarter``'s end; ``schedule`` is its plan year."""
    day = quarter_bounds(quarter)[1]
    scored = max((k for k in client.quarters if k <= quarter), default=None)
    found = change = None
    if scored is not None:
        found = scoring.evaluate(client, scored, settings)
        moved = scoring.change(client, scored, settings, found)
        change = moved[1] if moved else None
    q = client.quarters.get(scored) if scored else None
    told = q.renewal if q else None  # the quarter's renewal, if it gives one
    renewal = (told.date if told else None) or client.contract.renewal
    value = told.value if told else None
    value = value if value is not None else client.contract.value
    upcoming = [m for m in schedule.meetings if m.date > day]
    overdue = scoring.overdue_actions(client, day).value
    fresh = freshness(client, day)
    slug = slugify(client.client.name)
    return Row(
        name=client.client.name, slug=slug, source=source, currency=client.client.currency,
        scored=scored, health=found, change=change, renewal=renewal,
        days_to_renewal=(renewal - day).days if renewal else None, value=value,
        next_meeting=upcoming[0] if upcoming else None,
        overdue=None if overdue is None else int(overdue),
        kpis_off_track=sum(1 for k in client.kpis if scoring.off_track(k, day)),
        kpis=len(client.kpis), fresh=fresh,
        fresh_days=(day - fresh).days if fresh else None,
        documents=documents.get(slug, ()), meetings=schedule.meetings,
    )


def freshness(client: Client, day: dt.date) -> dt.date | None:
    """The newest dated figure of the file on or before ``day`` (see the module's rules)."""
    dates = [m.date for k in client.kpis for m in k.measurements if m.date <= day]
    for key, q in client.quarters.items():
        end = quarter_bounds(key)[1]
        months = [scoring.month_end(m.month) for m in (*q.usage, *(
            q.service.months if q.service else ()))]
        dates += [d for d in months if d <= day]
        has_data = q.satisfaction or q.service or q.usage or q.account
        if has_data and end <= day:
            dates.append(end)
    return max(dates, default=None)


def documents_written(manifest_entries: dict) -> dict[str, tuple[str, ...]]:
    """Client slug -> the file names the manifest lists below its folder, sorted."""
    out: dict[str, list[str]] = {}
    for key in manifest_entries:
        folder, _, name = key.partition("/")
        if name and "/" not in name:
            out.setdefault(folder, []).append(name)
    return {slug: tuple(sorted(names)) for slug, names in out.items()}


COLUMNS = (
    ("client", N_("Client")),
    ("health", N_("Health")),
    ("score", N_("Score")),
    ("change", N_("Change")),
    ("quarter", N_("Quarter scored")),
    ("renewal", N_("Renewal")),
    ("days", N_("Days to renewal")),
    ("value", N_("Contract value")),
    ("currency", N_("Currency")),
    ("next", N_("Next meeting")),
    ("overdue", N_("Overdue actions")),
    ("off_track", N_("KPIs off track")),
    ("fresh", N_("Data as of")),
    ("fresh_days", N_("Days since data")),
    ("documents", N_("Documents written")),
    ("reason", N_("Why the health was set")),
)
"""The portfolio table's columns, in order: a key and its header."""


# --- in words ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Value:
    """A cell: its text on the page, its value in the workbook (text, number, date or
    None), its status colour ("red", "amber", "green", "grey") and a note (tooltip)."""

    text: str
    raw: str | int | float | dt.date | None
    status: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Bar:
    """A bar of a chart: its label (and a second line under it), count, colour, note."""

    label: str
    count: int
    status: str | None = None
    note: str = ""
    sub: str = ""


@dataclass(frozen=True)
class View:
    """The portfolio in one language, for the workbook and the page."""

    title: str
    subtitle: str
    language: str  # BCP 47
    day: dt.date
    keys: tuple[str, ...]
    headers: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    bands_title: str
    bands: tuple[Bar, ...]
    renewals_title: str
    renewals: tuple[Bar, ...]
    calendar_title: str
    months: tuple[str, ...]
    calendar: tuple[tuple[str, tuple[Value, ...]], ...]  # client, a cell per month
    legend: tuple[Value, ...]
    sheet_names: tuple[str, str]
    band_labels: dict[str, str]
    red_below: float
    amber_below: float
    stale_days: int = STALE_DAYS
    renewal_soon: int = 90


RENEWAL_SOON = 90
"""A renewal within this many days of the day is flagged red, within twice as many amber."""

KIND_STATUS = {"annual": "red", "quarterly": "amber", "onboarding": "blue",
               "monthly": None, "session": "grey"}


def view(portfolio: Portfolio, lang, settings: scoring.Settings = scoring.DEFAULTS,
         quarter_label=None) -> View:
    """The portfolio in words of ``lang`` (a :class:`~generator.i18n.Language`)."""
    from .health_receipt import BAND_LABELS, DOWN, UP
    from .schedule_text import MEETING_KINDS

    day = portfolio.day
    label = quarter_label(portfolio.quarter, lang) if quarter_label else portfolio.quarter
    bands = {b: lang.gettext(BAND_LABELS[b][0]) for b in BAND_LABELS}
    none = lang.gettext("Not scored")
    rows = []
    for r in portfolio.rows:
        band = r.band
        reason = (lang.text(r.health.reason) or "") if r.override else ""
        health = Value(
            (bands[band] + (" *" if r.override else "")) if band else none,
            bands[band] if band else None, band or "grey", reason)
        change = Value(DASH if r.change is None else (
            f"{UP if r.change > 0 else DOWN if r.change < 0 else ''}{lang.integer(abs(r.change))}"
            .strip()), r.change,
            None if not r.change else ("green" if r.change > 0 else "red"))
        days = r.days_to_renewal
        meeting = r.next_meeting
        rows.append((
            Value(r.name, r.name, note=str(r.source)),
            health,
            Value(lang.integer(r.score) if r.score is not None else DASH, r.score,
                  settings.band(r.score) if r.score is not None else None),
            change,
            Value(quarter_label(r.scored, lang) if r.scored and quarter_label
                  else (r.scored or DASH), r.scored),
            Value(lang.date(r.renewal, "medium") if r.renewal else DASH, r.renewal),
            Value(lang.integer(days) if days is not None else DASH, days,
                  None if days is None else ("red" if days < RENEWAL_SOON else
                                             "amber" if days < 2 * RENEWAL_SOON else None)),
            Value(lang.currency(r.value, r.currency) if r.value is not None else DASH, r.value),
            Value(r.currency, r.currency),
            Value(lang.date(meeting.date, "medium") if meeting else DASH,
                  meeting.date if meeting else None,
                  note=lang.gettext(MEETING_KINDS[meeting.kind]) if meeting else ""),
            Value(lang.integer(r.overdue) if r.overdue is not None else DASH, r.overdue,
                  "red" if r.overdue else None),
            Value(fill(lang.gettext("{count} of {n}"), count=lang.integer(r.kpis_off_track),
                       n=lang.integer(r.kpis)) if r.kpis else DASH,
                r.kpis_off_track if r.kpis else None, "amber" if r.kpis_off_track else None),
            Value(lang.date(r.fresh, "medium") if r.fresh else DASH, r.fresh),
            Value(lang.integer(r.fresh_days) if r.fresh_days is not None else DASH,
                  r.fresh_days, "amber" if (r.fresh_days or 0) > STALE_DAYS else None),
            Value(lang.integer(len(r.documents)), ", ".join(r.documents),
                  note="\n".join(r.documents)),
            Value(reason, reason),
        ))
    counts = portfolio.bands()
    band_bars = tuple(Bar(bands[b], counts[b], b) for b in ("red", "amber", "green"))
    if counts["none"]:
        band_bars += (Bar(none, counts["none"], "grey"),)
    renewal_bars = tuple(
        Bar(lang.month_name(month.month, "abbreviated"), len(found), None,
            ", ".join(r.name for r in found), sub=lang.date(month, "y"))
        for month, found in portfolio.renewals())
    calendar = []
    for r in sorted(portfolio.rows, key=lambda r: r.name.casefold()):
        cells = []
        for month in portfolio.months:
            found = [m for m in r.meetings
                     if (m.date.year, m.date.month) == (month.year, month.month)]
            top = max(found, key=lambda m: _RANK.get(m.kind, 0)) if found else None
            cells.append(Value(
                ", ".join(lang.integer(m.date.day) for m in found), None,
                KIND_STATUS.get(top.kind) if top else None,
                "; ".join(f"{lang.date(m.date, 'medium')}: {lang.gettext(MEETING_KINDS[m.kind])}"
                          for m in found)))
        calendar.append((r.name, tuple(cells)))
    legend = tuple(Value(lang.gettext(MEETING_KINDS[kind]), kind, KIND_STATUS[kind])
                   for kind in ("monthly", "quarterly", "annual", "onboarding", "session"))
    return View(
        title=lang.gettext("Portfolio health, {quarter}").replace("{quarter}", label),
        subtitle=(lang.gettext("As of {date}").replace("{date}", lang.date(day, "long"))
                  + " \u00b7 " + lang.ngettext("{n} client", "{n} clients", len(rows))),
        language=lang.tag, day=day,
        keys=tuple(k for k, _ in COLUMNS),
        headers=tuple(lang.gettext(h) for _, h in COLUMNS),
        rows=tuple(rows),
        bands_title=lang.gettext("Clients by health"),
        bands=band_bars,
        renewals_title=lang.gettext("Renewals in the next 12 months"),
        renewals=renewal_bars,
        calendar_title=lang.gettext("Meetings of the plan year"),
        months=tuple(_capital(lang.date(m, "yMMM")) for m in portfolio.months),
        calendar=tuple(calendar),
        legend=legend,
        sheet_names=(lang.gettext("Portfolio"), lang.gettext("Calendar")),
        band_labels=bands,
        red_below=settings.red_below, amber_below=settings.amber_below,
    )


_RANK = {"monthly": 1, "session": 2, "onboarding": 3, "quarterly": 4, "annual": 5}
DASH = "\u2014"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
