"""The plan year's meetings as an iCalendar file (``docgen plan --ics``).

One event per meeting, in the client's time zone, as long as the meeting,
with the contacts its agenda items invite (matched by role, those with an
e-mail address) as attendees and the vendor's client-services contact as
organizer. One file per language (``engagement-plan_2026_en.ics``): titles
and agendas are in that language. A meeting's UID is made of the client slug,
the plan year, the plan month and the meeting kind
(``<slug>-<yyyy>-m<nn>-<kind>@docgen``), not of its date nor of the language:
when a meeting moves, or the calendar of another language is imported,
the same event is updated. A second meeting of the same kind in the same
month gets ``-2`` (and so on) after the kind. DTSTAMP is the plan's version
date at midnight UTC, so the same file always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path

from ..agenda import N_
from ..i18n import Language, Languages
from ..model import Client, Contact
from ..names import names_in
from ..output import slugify
from ..render.ics.calendar import CalendarView, Event, Person, write
from ..schedule import Schedule
from .meetings import attendees, client_schedule, topics
from .schedule_text import meeting_title, meeting_titles, plan_period, version_date

PLAN_TITLE = N_("Engagement plan")
AGENDA_HEADING = N_("Agenda:")


def render(client: Client, langs: Languages, template: Path | None,
           quarter: str | None) -> bytes:
    """The .ics file, its texts in ``langs.primary``."""
    return calendar_bytes(client, langs.primary)


def calendar_bytes(client: Client, lang: Language) -> bytes:
    return write(build(client, lang))


def build(client: Client, lang: Language, schedule: Schedule | None = None) -> CalendarView:
    """The calendar view of ``client``'s plan year in ``lang``."""
    client = names_in(client, lang.code)
    schedule = schedule or client_schedule(client)
    by_id = {t.id: t for t in topics(client)}
    name = client.client.name
    slug = slugify(name)
    year = schedule.months[0].year
    location = lang.text(client.engagement.location) or ""
    seen: dict[tuple[int, str], int] = {}
    events = []
    for meeting in schedule.meetings:
        key = (meeting.plan_month, meeting.kind)
        seen[key] = seen.get(key, 0) + 1
        suffix = "" if seen[key] == 1 else f"-{seen[key]}"
        titles = meeting_titles(meeting, by_id, lang)
        events.append(Event(
            uid=f"{slug}-{year}-m{meeting.plan_month:02d}-{meeting.kind}{suffix}@docgen",
            summary=f"{name} – {meeting_title(meeting, by_id, lang)}",
            description="\n".join([lang.gettext(AGENDA_HEADING), *(f"• {t}" for t in titles)]),
            start=meeting.start,
            end=meeting.end,
            location=location,
            attendees=people(attendees(client, meeting, by_id)),
        ))
    return CalendarView(
        name=one_line(f"{name} – {lang.gettext(PLAN_TITLE)} "
                      f"({plan_period(schedule.months, lang, start=False)})"),
        timezone=client.client.timezone,
        stamp=datetime.combine(version_date(client), time(0, 0), tzinfo=UTC),
        zone_from=date(schedule.months[0].year, 1, 1),
        zone_until=date(schedule.months[-1].year + 1, 1, 1),
        events=tuple(events),
        organizer=organizer(client.contacts.vendor),
    )


def one_line(text: str) -> str:
    """``text`` with its line breaks as spaces: a calendar's name is one line (the
    X-WR-CALNAME property cannot hold a line break)."""
    return " ".join(text.splitlines())


def people(contacts: Sequence[Contact]) -> tuple[Person, ...]:
    """Every contact with an e-mail address, once per address, in the order given."""
    seen: set[str] = set()
    out = []
    for contact in contacts:
        if contact.email and contact.email.lower() not in seen:
            seen.add(contact.email.lower())
            out.append(Person(contact.name or "", contact.email))
    return tuple(out)


def organizer(vendor_contacts: list[Contact]) -> Person | None:
    """The first vendor client-services contact with an e-mail address, if any."""
    for contact in vendor_contacts:
        if contact.role == "client_services" and contact.email:
            return Person(contact.name or "", contact.email)
    return None
