"""A client's meetings: the agenda library merged with the file, and the schedule.

Used by the engagement plan, the calendar export, ``docgen schedule`` and
the deck's next-meetings slide, so all of them show the same dates.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..agenda import CADENCE_ROLES, DEFAULT_AGENDA
from ..errors import InputError
from ..model import Client, Contact
from ..schedule import (
    ONE_OFF,
    AgendaItem,
    HolidayCalendarError,
    Meeting,
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
    client_roles: tuple[str, ...] = ()  # contact roles invited
    vendor_roles: tuple[str, ...] = ()
    duration_minutes: int | None = None  # None: its cadence's length

    def item(self) -> AgendaItem:
        return AgendaItem(self.id, self.cadence, self.months, self.dates, self.skip_months,
                          self.duration_minutes)

    def roles(self, side: str) -> tuple[str, ...]:
        return self.client_roles if side == "client" else self.vendor_roles


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
        # no attendee words: the column names the invited roles
        texts = {"title": lib.title, "description": lib.description,
                 "attendees_client": None, "attendees_vendor": None}
        translate = dict.fromkeys(_FIELDS, True)
        cadence, months, dates, skip, minutes = lib.cadence, None, (), (), None
        roles = {side: lib.roles(side) for side in ("client", "vendor")}
        if change is not None:
            for f in _FIELDS:
                if getattr(change, f) is not None:
                    texts[f] = getattr(change, f)
                    translate[f] = False
            cadence = change.cadence or cadence
            months = tuple(change.months) if change.months is not None else None
            dates, skip = tuple(change.dates), tuple(change.skip_months)
            roles = _roles(change, roles)
            minutes = change.duration_minutes
        out.append(Topic(lib.id, cadence, translate=translate, months=months, dates=dates,
                         skip_months=skip, client_roles=roles["client"],
                         vendor_roles=roles["vendor"], duration_minutes=minutes, **texts))
    for new in changes.values():
        roles = _roles(new, CADENCE_ROLES[new.cadence])
        out.append(Topic(
            new.id, new.cadence, new.title, new.description, new.attendees_client,
            new.attendees_vendor, dict.fromkeys(_FIELDS, False),
            tuple(new.months) if new.months is not None else None,
            tuple(new.dates), tuple(new.skip_months), roles["client"], roles["vendor"],
            new.duration_minutes,
        ))
    return tuple(out)


def _roles(change, default: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The roles a file's item invites: its own where it names them, else ``default``."""
    return {
        "client": tuple(change.client_roles) if change.client_roles is not None
        else default["client"],
        "vendor": tuple(change.vendor_roles) if change.vendor_roles is not None
        else default["vendor"],
    }


def invited(meeting: Meeting, by_id: dict[str, Topic], side: str) -> tuple[str, ...]:
    """The contact roles ``meeting`` invites on ``side``: every role of its items, in
    the order the items first name them."""
    return tuple(dict.fromkeys(r for i in meeting.item_ids for r in by_id[i].roles(side)))


def attendees(client: Client, meeting: Meeting, by_id: dict[str, Topic]) -> tuple[Contact, ...]:
    """The contacts ``meeting`` invites: the client's, then the vendor's, each in file
    order, matched by role."""
    out: list[Contact] = []
    for side, contacts in (("client", client.contacts.client),
                           ("vendor", client.contacts.vendor)):
        roles = set(invited(meeting, by_id, side))
        out.extend(c for c in contacts if c.role in roles)
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
        durations=eng.minutes(),
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


def onboarding_warnings(client: Client, source: str = "client file") -> list[str]:
    """One warning per item of the file that re-times an onboarding item (``months`` or
    ``dates``) into months outside the onboarding window: it meets there all the same,
    listed with the one-off sessions (an item of cadence "one-off" says so and gets no
    warning). Cheap when no item is re-timed that way."""
    by_id = {t.id: t for t in topics(client)}
    retimed = [(n, item) for n, item in enumerate(client.engagement.agenda.items)
               if by_id[item.id].cadence == "onboarding"
               and (item.months is not None or item.dates)]
    if not retimed:
        return []
    schedule = client_schedule(client, source)
    window = sorted(schedule.onboarding_months)
    where = (f"the onboarding months after go-live ({_month(schedule, window[0])} to "
             f"{_month(schedule, window[-1])})" if window
             else "the onboarding months after go-live (none in this plan year)")
    out = []
    for n, item in retimed:
        outside = sorted({m.plan_month for m in schedule.meetings
                          for i, c in zip(m.item_ids, m.cadences, strict=True)
                          if i == item.id and c == ONE_OFF})
        if outside:
            field = "dates" if item.dates else "months"
            months = ", ".join(_month(schedule, m) for m in outside)
            out.append(f"{source}: engagement.agenda.items[{n}].{field}: \"{item.id}\" is an "
                       f"onboarding item, but {months} lies outside {where}; it is listed "
                       "with the one-off sessions (give it \"cadence\": \"one-off\" to say so)")
    return out


def _month(schedule: Schedule, plan_month: int) -> str:
    first = schedule.months[plan_month - 1]
    return f"{first.year:04d}-{first.month:02d}"
