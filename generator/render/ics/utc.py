"""A calendar of many events in UTC, written as text (the portfolio's team calendar).

:mod:`generator.render.ics.calendar` writes a client's calendar in its time zone with the
``icalendar`` package; a portfolio's thousands of meetings of clients in many
zones are written here instead, every time in UTC (no VTIMEZONE needed), with
the same properties per event: UID, DTSTAMP, SEQUENCE, DTSTART, DTEND, SUMMARY,
DESCRIPTION, LOCATION, STATUS, TRANSP and the attendees. Text is escaped and
lines folded at 75 octets as RFC 5545 says; the same view gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from .calendar import PRODID, Event, Person


def write(name: str, stamp: datetime, events: Sequence[Event]) -> bytes:
    """The .ics file named ``name`` of ``events`` (aware times, any zone), each stamped
    ``stamp``."""
    dtstamp = _time(stamp)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_text(name)}", "X-WR-TIMEZONE:UTC"]
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{_text(event.uid)}", f"DTSTAMP:{dtstamp}",
                  "SEQUENCE:0", f"DTSTART:{_time(event.start)}", f"DTEND:{_time(event.end)}",
                  f"SUMMARY:{_text(event.summary)}"]
        if event.description:
            lines.append(f"DESCRIPTION:{_text(event.description)}")
        if event.location:
            lines.append(f"LOCATION:{_text(event.location)}")
        lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE"]
        lines += [_attendee(person) for person in event.attendees]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines).encode("utf-8")


def _time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, line ends as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _param(value: str) -> str:
    """A parameter value: quoted when it holds , ; : or a space; a double quote, which
    cannot appear in one, becomes a single quote; line ends become spaces."""
    value = value.replace('"', "'").replace("\r", " ").replace("\n", " ")
    return f'"{value}"' if any(c in value for c in ",;: ") else value


def _attendee(person: Person) -> str:
    name = f"CN={_param(person.name)};" if person.name else ""
    return (f"ATTENDEE;{name}CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT:"
            f"mailto:{person.email}")


def _fold(line: str, limit: int = 75) -> str:
    """``line`` folded so that no line holds more than ``limit`` octets (a character is
    never split, nor an escape from the character it escapes)."""
    if len(line) <= limit // 4 or len(line.encode("utf-8")) <= limit:
        return line
    parts: list[str] = []
    current: list[str] = []
    size = 0
    room = limit
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > room:
            carry = current.pop() if current and current[-1] == "\\" else ""
            parts.append("".join(current))
            current, size = ([carry] if carry else []), len(carry)
            room = limit - 1  # a continued line starts with a space
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)
