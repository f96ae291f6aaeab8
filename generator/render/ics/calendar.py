"""iCalendar (RFC 5545) files from a calendar view, with the ``icalendar`` package (its
components; the lines are folded here, as it folds them, in slices rather than one
character at a time).

The view holds finished values: texts in the output language, aware start and
end times, stable UIDs and a fixed time stamp. Nothing here reads the clock,
so the same view always gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

PRODID = "-//docgen//Engagement plan//EN"


@dataclass(frozen=True)
class Person:
    """Someone with an e-mail address, as an organizer or attendee."""

    name: str
    email: str


@dataclass(frozen=True)
class Event:
    """One meeting and who it invites. ``start`` and ``end`` are aware datetimes in the
    calendar's zone."""

    uid: str
    summary: str
    description: str
    start: datetime
    end: datetime
    location: str = ""
    attendees: tuple[Person, ...] = ()


@dataclass(frozen=True)
class CalendarView:
    """A calendar of events sharing one time zone and organizer.

    ``stamp`` (aware, any zone) is written as every event's DTSTAMP.
    ``zone_from``/``zone_until`` bound the time zone rules written in VTIMEZONE.
    ``organizer`` None means the events carry no ORGANIZER.
    """

    name: str
    timezone: str
    stamp: datetime
    zone_from: date
    zone_until: date
    events: tuple[Event, ...]
    organizer: Person | None = None


def write(view: CalendarView) -> bytes:
    """The .ics file of ``view`` (UTF-8, CRLF line ends, long lines folded)."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", view.name)
    calendar.add("x-wr-timezone", view.timezone)
    # Times in UTC need no VTIMEZONE, but a calendar must hold a component (RFC 5545):
    # a plan without meetings still gets its zone.
    if view.timezone != "UTC" or not view.events:
        calendar.add_component(_zone(view.timezone, view.zone_from, view.zone_until))
    for item in view.events:
        calendar.add_component(_event(item, view))
    return b"".join(fold(line).encode("utf-8") + b"\r\n"
                    for line in calendar.content_lines() if line)


FOLD = 75  # octets a line stays under (RFC 5545 says at most 75, line end excluded)


def fold(line: str) -> str:
    """``line`` folded as ``icalendar`` folds it (this is ``Calendar.to_ical`` with its
    character-by-character folding made linear in slices): a continuation line starts
    with a space, each line holds fewer than :data:`FOLD` octets, a character is never
    split, and an escape (``\\`` or ``^``) is not parted from what it escapes."""
    if len(line) < FOLD and (line.isascii() or len(line.encode("utf-8")) < FOLD):
        return line
    parts: list[str] = []
    if line.isascii():  # one octet a character: lines of FOLD - 1 characters
        start = 0
        while len(line) - start >= FOLD:
            end = start + FOLD - 1
            if line[end - 1] in "\\^":
                end -= 1
            parts.append(line[start:end])
            start = end
        parts.append(line[start:])
        return "\r\n ".join(parts)
    current: list[str] = []
    size = 0
    for char in line:
        code = ord(char)
        width = 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
        if current and size + width >= FOLD:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                parts.append("".join(current))
                current, size = [carried], 1
            else:
                parts.append("".join(current))
                current, size = [], 0
        current.append(char)
        size += width
    if current:
        parts.append("".join(current))
    return "\r\n ".join(parts)


@lru_cache(maxsize=32)
def _zone(name: str, first: date, last: date):
    """The VTIMEZONE of zone ``name`` with its rules from ``first`` to ``last``, made once
    per process (a batch's clients share a few zones and plan years); never changed once
    made, so calendars share it."""
    import icalendar

    return icalendar.Timezone.from_tzinfo(ZoneInfo(name), tzid=name, first_date=first,
                                          last_date=last)


def _event(item: Event, view: CalendarView):
    import icalendar

    event = icalendar.Event()
    event.add("uid", item.uid)
    event.add("dtstamp", view.stamp.astimezone(UTC))
    event.add("sequence", 0)
    event.add("dtstart", item.start)
    event.add("dtend", item.end)
    event.add("summary", item.summary)
    if item.description:
        event.add("description", item.description)
    if item.location:
        event.add("location", item.location)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    if view.organizer is not None:
        event.add("organizer", _address(view.organizer))
    for person in item.attendees:
        address = _address(person)
        address.params["cutype"] = "INDIVIDUAL"
        address.params["role"] = "REQ-PARTICIPANT"
        address.params["partstat"] = "NEEDS-ACTION"
        event.add("attendee", address)
    return event


def _address(person: Person):
    import icalendar

    address = icalendar.vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["cn"] = person.name
    return address
