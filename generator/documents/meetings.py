"""A client's meetings: the agenda library merged with the file, and the schedule.

Used by the engagement plan, the calendar export, ``docgen schedule`` and
the deck's next-meetings slide, so all of them show the same dates.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..agenda import DEFAULT_AGENDA
from ..errors import InputError
from ..model import Client
from ..schedule import (
    AgendaItem,
    HolidayCalendarError,
    Schedule,
    ScheduleSettings,
    build_schedule,
    parse_rule,
)

Text = str | dict[str, str]


@dataclass(frozen=True)
class Topic:
    """An agenda item as the client's plan has it. Library texts are message ids
    (``translate`` True); texts from the client file are printed as given."""

    id: str
    cadence: str
    title: Text
    description: Text | None
    attendees_client: Text | None
    attendees_vendor: Text | None
    translate: dict[str, bool]  # per field: is it a library message id?
    months: tuple[int, ...] | None = None
    dates: tuple = ()
    skip_months: tuple[int, ...] = ()

    def item(self) -> AgendaItem:
        return AgendaItem(self.id, self.cadence, self.months, self.dates, self.skip_months)


_FIELDS = ("title", "description", "attendees_client", "attendees_vendor")


def topics(client: Client) -> tuple[Topic, ...]:
    """The default agenda minus dropped items, with the file's changes, then its new items."""
    agenda = client.engagement.agenda
    changes = {item.id: item for item in agenda.items}
    out = []
    for lib in DEFAULT_AGENDA:
        if lib.id in agenda.drop:
            continue
        change = changes.pop(lib.id, None)
        texts = {f: getattr(lib, f) for f in _FIELDS}
        translate = dict.fromkeys(_FIELDS, True)
        cadence, months, dates, skip = lib.cadence, None, (), ()
        if change is not None:
            for f in _FIELDS:
                if getattr(change, f) is not None:
                    texts[f] = getattr(change, f)
                    translate[f] = False
            cadence = change.cadence or cadence
            months = tuple(change.months) if change.months is not None else None
            dates, skip = tuple(change.dates), tuple(change.skip_months)
        out.append(Topic(lib.id, cadence, translate=translate, months=months, dates=dates,
                         skip_months=skip, **texts))
    for new in changes.values():
        out.append(Topic(
            new.id, new.cadence, new.title, new.description, new.attendees_client,
            new.attendees_vendor, dict.fromkeys(_FIELDS, False),
            tuple(new.months) if new.months is not None else None,
            tuple(new.dates), tuple(new.skip_months),
        ))
    return tuple(out)


_LAST: list[tuple[Client, str, Schedule]] = []
"""The last client's schedule: a client's documents are made one after another, and a
client and its schedule never change."""


def client_schedule(client: Client, source: str = "client file") -> Schedule:
    """Every meeting of the client's plan year. InputError if the settings cannot work."""
    if _LAST and _LAST[0][0] is client and _LAST[0][1] == source:
        return _LAST[0][2]
    schedule = _build(client, source)
    _LAST[:] = [(client, source, schedule)]
    return schedule


def _build(client: Client, source: str) -> Schedule:
    eng = client.engagement
    info = client.client
    settings = ScheduleSettings(
        plan_start=eng.plan_start,
        go_live=client.contract.go_live,
        rule=parse_rule(eng.meeting_rule),
        country=info.country,
        subdivision=info.subdivision,
        start_time=eng.meeting_time,
        duration_minutes=eng.duration_minutes,
        timezone=info.timezone,
        quarterly_months=tuple(eng.quarterly_months),
        annual_month=eng.annual_month,
        keep_monthly_with_quarterly=eng.keep_monthly_with_quarterly,
    )
    try:
        return build_schedule(settings, [t.item() for t in topics(client)])
    except HolidayCalendarError as exc:
        raise InputError([f"{source}: client.{exc.field}: {exc}"]) from None
    except ValueError as exc:
        raise InputError([f"{source}: engagement: {exc}"]) from None
