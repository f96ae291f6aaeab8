"""The plan year's meetings in words: labels shared by the plan, the calendar
and ``docgen schedule``, and the schedule as a terminal table, CSV or iCalendar.

Everything here is for one :class:`~generator.i18n.Language`; nothing prints.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from babel.dates import format_time, get_timezone_location

from ..agenda import ATTENDEE_LABELS, N_
from ..errors import UsageError
from ..i18n import Language
from ..model import Client
from ..names import names_in
from ..resources import Folders
from ..schedule import ONE_OFF, SESSION, Meeting, Schedule
from .meetings import Topic, client_schedule, topics

FORMATS = ("table", "csv", "ics")

CADENCE_LABELS = {
    "onboarding": N_("Onboarding"),
    "monthly": N_("Monthly"),
    "quarterly": N_("Quarterly"),
    "annual": N_("Annually"),
    ONE_OFF: N_("One-off"),
}
"""Grid group headings, one per cadence (and the one-off items), in grid order."""

MEETING_KINDS = {
    "onboarding": N_("Onboarding session"),
    "monthly": N_("Monthly review"),
    "quarterly": N_("Quarterly review"),
    "annual": N_("Annual review"),
    SESSION: N_("One-off session"),
}
"""What a meeting is called, by its kind (its highest cadence); a one-off session's
own title is its items' titles (see :func:`meeting_title`)."""


def topic_text(topic: Topic, field: str, lang: Language) -> str:
    """A topic's ``field`` in ``lang``: library texts translated, the file's as given ("")."""
    value = getattr(topic, field)
    if value is None:
        return ""
    if topic.translate[field]:
        return lang.gettext(value)
    return lang.text(value) or ""


def meeting_titles(meeting: Meeting, by_id: dict[str, Topic], lang: Language) -> tuple[str, ...]:
    """The agenda item titles of ``meeting`` in schedule order, each title once (an
    onboarding and a quarterly item may share a title and a date)."""
    return tuple(dict.fromkeys(topic_text(by_id[i], "title", lang) for i in meeting.item_ids))


def kind_label(kind: str, lang: Language) -> str:
    return lang.gettext(MEETING_KINDS[kind])


def meeting_title(meeting: Meeting, by_id: dict[str, Topic], lang: Language) -> str:
    """What a meeting is called: its kind ("Quarterly review"), or for a one-off session
    the titles of its items ("Refresher training")."""
    if meeting.kind == SESSION:
        return " · ".join(meeting_titles(meeting, by_id, lang))
    return kind_label(meeting.kind, lang)


def role_names(roles: Sequence[str], side: str, lang: Language) -> str:
    """"Super users, Client services": invited roles as the attendee column names them."""
    return ", ".join(lang.gettext(ATTENDEE_LABELS[side][r]) for r in roles)


def attendee_text(topic: Topic, side: str, lang: Language) -> str:
    """Who an item invites on ``side``: the file's words for it, else its roles' names."""
    return topic_text(topic, f"attendees_{side}", lang) or role_names(
        topic.roles(side), side, lang)


def time_text(value: time, lang: Language) -> str:
    """A clock time the locale's way: 14:30 / 2:30 PM."""
    return format_time(value, "short", locale=lang.locale)


def zone_text(timezone: str, lang: Language) -> str:
    """A time zone as people say it: its city ("London", "Лондон"), or "UTC"."""
    return get_timezone_location(timezone, locale=lang.locale, return_city=True)


def duration_text(minutes: int, lang: Language) -> str:
    """``90`` -> "90 minutes", ``120`` -> "2 hours" (whole hours read as hours), worded for
    a sentence (the catalog's forms: "длятся 1 минуту")."""
    if minutes >= 60 and minutes % 60 == 0:
        return lang.ngettext("{n} hour", "{n} hours", minutes // 60)
    return lang.ngettext("{n} minute", "{n} minutes", minutes)


def duration_cell(minutes: float, lang: Language) -> str:
    """A duration standing alone, as a table cell holds it: CLDR's nominative ("1 минута",
    "21 минута", "2 часа", "1,5 часа"); whole hours read as hours."""
    if minutes >= 60 and minutes % 60 == 0:
        return lang.unit(minutes // 60, "duration-hour")
    return lang.unit(minutes, "duration-minute")


def plan_period(months: Sequence[date], lang: Language, start: bool = True) -> str:
    """"July 2026 – June 2027"; mid-phrase (``start`` false) months are written as the
    language writes them there: "план встреч: июль 2026 г. – июнь 2027 г."."""
    return (f"{lang.month_year(months[0], start)} – "
            f"{lang.month_year(months[-1], start=False)}")


def version_date(client: Client) -> date:
    """The plan's version date: the plan start the file gives (never the clock), so the
    same file always gives the same document and calendar."""
    return client.engagement.plan_start


def resolve_language(client: Client, lang: str | None, folders: Folders) -> Language:
    """The one language of a schedule printout (the client's by default)."""
    from ..i18n import parse_spec

    spec = lang or client.client.language
    codes = parse_spec(spec)
    if len(codes) != 1:
        raise UsageError(f"--lang {spec}: the schedule is printed in one language at a time")
    return Language(codes[0], folders.locale_dirs(), client.client.country,
                    client.client.locale)


# --- the printout ------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleRow:
    """One meeting, every value print-ready."""

    date: str
    weekday: str
    start: str
    end: str
    kind: str
    kind_id: str
    iso_date: str
    iso_start: str
    iso_end: str
    minutes: int
    titles: tuple[str, ...]


def schedule_rows(client: Client, lang: Language,
                  schedule: Schedule | None = None) -> tuple[ScheduleRow, ...]:
    """Every meeting of the plan year as a printable row."""
    schedule = schedule or client_schedule(client)
    by_id = {t.id: t for t in topics(client)}
    return tuple(
        ScheduleRow(
            date=lang.date(m.date, "medium"),
            weekday=lang.date(m.date, "EEE"),
            start=time_text(m.start.timetz(), lang),
            end=time_text(m.end.timetz(), lang),
            kind=meeting_title(m, by_id, lang),
            kind_id=m.kind,
            iso_date=m.date.isoformat(),
            iso_start=m.start.strftime("%H:%M"),
            iso_end=m.end.strftime("%H:%M"),
            minutes=m.duration_minutes,
            titles=meeting_titles(m, by_id, lang),
        )
        for m in schedule.meetings
    )


def schedule_text(client: Client, fmt: str, lang: str | None, folders: Folders) -> str:
    """The plan year's meetings as an aligned table, CSV, or the iCalendar file's text."""
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt}: expected one of {', '.join(FORMATS)}")
    language = resolve_language(client, lang, folders)
    client = names_in(client, language.code)
    if fmt == "ics":
        from .ics import calendar_bytes

        return calendar_bytes(client, language).decode("utf-8")
    schedule = client_schedule(client)
    rows = schedule_rows(client, language, schedule)
    if fmt == "csv":
        return _csv(rows, client.client.timezone)
    return _table(client, schedule, rows, language)


def _csv(rows: Sequence[ScheduleRow], timezone: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "start", "end", "minutes", "timezone", "kind", "items"])
    for row in rows:
        writer.writerow([row.iso_date, row.iso_start, row.iso_end, row.minutes, timezone,
                         row.kind_id, "; ".join(row.titles)])
    return out.getvalue()


def _table(client: Client, schedule: Schedule, rows: Sequence[ScheduleRow],
           lang: Language) -> str:
    head = (lang.gettext("Date"), lang.gettext("Day"), lang.gettext("Time"),
            lang.gettext("Meeting"), lang.gettext("Agenda"))
    body = [(r.date, r.weekday, f"{r.start}–{r.end}", r.kind, "; ".join(r.titles)) for r in rows]
    widths = [max(display_width(line[i]) for line in (head, *body)) for i in range(4)]

    def line(cells: Sequence[str]) -> str:
        padded = [pad(cell, widths[i]) for i, cell in enumerate(cells[:4])]
        return "  ".join([*padded, cells[4]]).rstrip()

    title = (f"{client.client.name}: {plan_period(schedule.months, lang, start=False)} "
             f"({zone_text(client.client.timezone, lang)})")
    rule = "  ".join("-" * w for w in widths) + "  " + "-" * max(display_width(head[4]), 6)
    lines = [title, "", line(head), rule, *(line(cells) for cells in body)]
    if not body:
        lines.append(lang.gettext("No meetings in the plan year."))
    return "\n".join(lines) + "\n"


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide (CJK, most emoji) characters count twice,
    combining marks not at all."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))
