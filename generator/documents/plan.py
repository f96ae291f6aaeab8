"""The engagement plan (``docgen plan``): title block, the engagement model (each
kind of meeting and what it is for), contacts, the dated twelve-month meeting
grid, support (its scope) and escalation, and sign-off.

:func:`build` turns a client into a frozen :class:`PlanView` of print-ready
strings in one language; :func:`render` places it in
``templates/engagement_plan.docx``. The version date is the plan start the
file gives, never the clock, so the same file gives the same bytes.

Grid rules: an agenda item is a row when it meets at least once in the plan
year; rows are grouped by cadence (onboarding, monthly, quarterly, annual,
then one-off: onboarding items a file re-timed outside the onboarding months)
and a group with no rows is left out. A month cell holds the day and month of
every meeting of that item in that month (one per line), and is empty
otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

from ..agenda import N_, PURPOSES
from ..i18n import Language, Languages, fill_sentence
from ..model import Client, Contact, EscalationLevel, ResponseTime, Support
from ..names import names_in
from ..render.docx.properties import Properties
from ..schedule import CADENCES, ONE_OFF, Schedule
from .meetings import Topic, client_schedule, topics
from .schedule_text import (
    CADENCE_LABELS,
    MEETING_KINDS,
    attendee_text,
    duration_cell,
    duration_text,
    plan_period,
    role_names,
    time_text,
    topic_text,
    version_date,
    zone_text,
)

# --- wording ------------------------------------------------------------------------------

LABELS = {
    "title": N_("Engagement plan"),
    "client": N_("Client"),
    "vendor": N_("Vendor"),
    "contacts": N_("Contacts"),
    "role": N_("Role"),
    "name": N_("Name"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "model": N_("How we work together"),
    "meeting": N_("Meeting"),
    "purpose": N_("What it is for"),
    "length": N_("Length"),
    "grid": N_("Meeting plan"),
    "cadence": N_("Cadence"),
    "agenda": N_("Agenda"),
    "attendees": N_("Attendees"),
    "support": N_("Support and escalation"),
    "super_user": N_("The super user"),
    "super_user_intro": N_(
        "The super user is the client's single point of contact with our support team. "
        "The super user:"
    ),
    "covers": N_("What support covers"),
    "excludes": N_("What support does not cover"),
    "requests": N_("Raising a service request"),
    "requests_intro": N_(
        "Every request gets its own number: quote it whenever you contact us about the "
        "request. To help us resolve it quickly, include:"
    ),
    "reaching": N_("Reaching support"),
    "response_times": N_("Response times"),
    "priority": N_("Priority"),
    "description": N_("Description"),
    "response": N_("Response"),
    "resolution": N_("Resolution"),
    "escalation": N_("Escalation"),
    "level": N_("Level"),
    "who": N_("Who"),
    "when": N_("When"),
    "closure": N_("Closing a request"),
    "closed_also": N_(
        "A request is also closed when we provide a resolution or an acceptable workaround, "
        "or when you confirm that the problem is gone."
    ),
    "agreed": N_("Agreed by"),
    "signature": N_("Signature"),
    "date": N_("Date"),
    "page": N_("Page"),
}

TITLE_ROWS = {
    "product": N_("Product"),
    "period": N_("Plan period"),
    "go_live": N_("Go-live"),
    "version": N_("Version date"),
}

INTRO = N_(
    "This plan sets out how {vendor} and {client} work together over the plan year: who "
    "the contacts are on each side, when we meet and what we discuss, and how support "
    "requests are raised and escalated."
)

CLIENT_ROLES = {
    "executive_sponsor": N_("Executive sponsor"),
    "super_user": N_("Super user"),
    "technical_contact": N_("Technical contact"),
    "invoicing_contact": N_("Invoicing contact"),
    "project_manager": N_("Project manager"),
    "operations_manager": N_("Operations manager"),
    "other": N_("Other contact"),
}
VENDOR_ROLES = {
    "commercial_contact": N_("Commercial contact"),
    "client_services": N_("Client services"),
    "technical_lead": N_("Technical lead"),
    "invoicing_contact": N_("Invoicing contact"),
    "vcio": N_("vCIO"),
    "support": N_("Support"),
    "leadership": N_("Leadership team"),
    "other": N_("Other contact"),
}
CLIENT_FORM = ("executive_sponsor", "super_user", "super_user", "technical_contact",
               "invoicing_contact")
"""The paper form's client rows, in order; roles beyond these follow their group."""
VENDOR_FORM = ("commercial_contact", "client_services", "technical_lead", "invoicing_contact")

GRID_NOTES = {
    "none": N_("No meetings in the plan year."),
    "cells": N_("A cell shows the date of the meeting at which the item is discussed "
                "that month."),
    "time": N_("Meetings start at {time} ({zone})."),
    "lengths": N_("Length of each meeting: {lengths}. A meeting holding items of "
                  "several cadences lasts as long as the longest of them."),
    "location": N_("Location: {location}."),
    "holidays": N_("No meeting falls on a weekend or on a public holiday ({country})."),
    "onboarding": N_("Onboarding covers the first three months after go-live on {date}."),
}

SUPER_USER_DUTIES = (
    N_("sorts each user question into a training need, a configuration change or a "
       "software fault before raising it"),
    N_("opens every service request on the client's behalf and works with support until "
       "it is resolved"),
    N_("drives adoption: plans user training and ongoing education and makes sure every "
       "user is trained"),
    N_("advises on process compliance and spots gaps that need a workaround or a change "
       "request"),
    N_("keeps user and system data complete and accurate"),
    N_("watches service performance (speed, availability, support response) and user "
       "satisfaction"),
    N_("passes release notes and support notices to the right people and shares the "
       "status of open requests"),
    N_("brings in the client's IT team or other colleagues when support needs them"),
    N_("tells support at once when any contact details in this plan change"),
)

REQUEST_CONTENTS = (
    N_("your name, company, phone number, e-mail address and the best time to reach you"),
    N_("the name and e-mail address of the affected user"),
    N_("where in the platform the problem appears, with the page address if possible"),
    N_("related reference numbers, such as order, quote or job numbers"),
    N_("the exact text or a screenshot of any error message"),
    N_("the steps that reproduce the problem"),
    N_("the operating system and browser used, with their versions"),
)

CHANNELS = {
    "hours": N_("Hours"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "portal": N_("Portal"),
}

DEFAULT_RESPONSE_TIMES = (
    (N_("P1 – Critical"), N_("The platform is down or unusable for everyone")),
    (N_("P2 – High"), N_("A key function fails for many users")),
    (N_("P3 – Medium"), N_("One user or one function is affected and a workaround exists")),
    (N_("P4 – Low"), N_("Questions, documentation and enhancement requests")),
)
"""Rows printed when the file gives no response times; their times are left blank
to be filled in by hand (docgen does not invent service levels)."""

DEFAULT_ESCALATION = (
    (N_("Support services manager"),
     N_("Progress on a request has stalled and you ask to escalate it")),
    (N_("Engineering team"), N_("The cause is a defect in the platform")),
    (N_("Management team"), N_("The problem seriously affects your business")),
)
"""Levels printed when the file gives none; level 1 answers within the manager
call-back time, the others are left blank."""

MODEL_NAMES = {
    "onboarding": CADENCE_LABELS["onboarding"],
    "monthly": MEETING_KINDS["monthly"],
    "quarterly": MEETING_KINDS["quarterly"],
    "annual": MEETING_KINDS["annual"],
    ONE_OFF: N_("One-off sessions"),
}
"""The engagement model's rows, one per group of the grid."""

ITEM_LENGTH = N_("Length: {duration}")

CALLBACK = N_(
    "To escalate a request, tell the support analyst, preferably by phone. The analyst "
    "brings in their manager, who calls you back within {duration}, agrees a resolution "
    "plan with you and owns the escalation until the issue is resolved."
)
CLOSURE = N_(
    "If we cannot reach you, a request is closed after {attempts} during your business "
    "hours, {spacing}. You can reopen it at any time by contacting support."
)


# --- the view -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """A label and its value (title block, support channels)."""

    label: str
    value: str


@dataclass(frozen=True)
class ContactRow:
    role: str
    name: str = ""
    title: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class MonthHead:
    name: str
    year: str  # "" except on the first month and on January


@dataclass(frozen=True)
class ModelRow:
    """A kind of meeting in the engagement model."""

    meeting: str
    purpose: str
    length: str
    client: str
    vendor: str


@dataclass(frozen=True)
class GridRow:
    title: str
    description: str
    client: str
    vendor: str
    months: tuple[str, ...]  # twelve cells
    length: str = ""  # "Length: 4 hours" when the item has its own, else ""


@dataclass(frozen=True)
class GridGroup:
    cadence: str
    label: str
    rows: tuple[GridRow, ...]


@dataclass(frozen=True)
class ResponseRow:
    priority: str
    description: str
    response: str
    resolution: str


@dataclass(frozen=True)
class EscalationRow:
    level: str
    who: str
    when: str
    response: str


@dataclass(frozen=True)
class Signatory:
    party: str
    name: str
    role: str


@dataclass(frozen=True)
class PlanView:
    """Everything the template prints, as finished strings."""

    labels: dict[str, str]
    client: str
    vendor: str
    intro: str
    title_rows: tuple[Pair, ...]
    model: tuple[ModelRow, ...]
    client_contacts: tuple[ContactRow, ...]
    vendor_contacts: tuple[ContactRow, ...]
    period: str
    months: tuple[MonthHead, ...]
    groups: tuple[GridGroup, ...]
    grid_notes: tuple[str, ...]
    duties: tuple[str, ...]
    covers: tuple[str, ...]
    excludes: tuple[str, ...]
    request_contents: tuple[str, ...]
    channels: tuple[Pair, ...]
    response_times: tuple[ResponseRow, ...]
    escalation: tuple[EscalationRow, ...]
    callback: str
    closure: str
    signatories: tuple[Signatory, ...]
    footer: str
    properties: Properties  # the document's title, subject and language

    def context(self) -> dict:
        """The template context: the view's fields by name (nested values kept as objects)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def context(client: Client, langs: Languages, quarter: str | None = None) -> dict:
    """What the template is rendered with: the print-ready view in ``langs.primary``."""
    return build(client, langs.primary).context()


GRID_LABEL_STYLE = "GridCadence"
"""The paragraph style of the grid's merged cadence label: the grid is cut into pages so
that the label shows on each."""


def render(client: Client, langs: Languages, template: Path, quarter: str | None) -> bytes:
    """The finished .docx in ``langs.primary``."""
    from ..render.docx.template import compiled

    view = build(client, langs.primary)
    return compiled(template).render(view.context(), language=langs.primary.tag,
                                     paginate=GRID_LABEL_STYLE, properties=view.properties)


def build(client: Client, lang: Language, schedule: Schedule | None = None) -> PlanView:
    """The plan of ``client`` in ``lang``."""
    client = names_in(client, lang.code)
    schedule = schedule or client_schedule(client)
    g = lang.gettext
    name = client.client.name
    vendor = client.vendor.name
    period = plan_period(schedule.months, lang)
    groups = grid_groups(client, schedule, lang)
    return PlanView(
        labels={key: g(msg) for key, msg in LABELS.items()},
        client=name,
        vendor=vendor,
        intro=g(INTRO).format(vendor=vendor, client=name),
        title_rows=_title_rows(client, period, lang),
        model=model_rows(client, groups, lang),
        client_contacts=contact_rows(client.contacts.client, CLIENT_FORM, CLIENT_ROLES, lang),
        vendor_contacts=contact_rows(client.contacts.vendor, VENDOR_FORM, VENDOR_ROLES, lang),
        period=plan_period(schedule.months, lang, start=False),  # after "Meeting plan: "
        months=month_heads(schedule.months, lang),
        groups=groups,
        grid_notes=_grid_notes(client, schedule, groups, lang),
        duties=tuple(g(d) for d in SUPER_USER_DUTIES),
        covers=tuple(lang.text(t) or "" for t in client.support.covers),
        excludes=tuple(lang.text(t) or "" for t in client.support.excludes),
        request_contents=tuple(g(r) for r in REQUEST_CONTENTS),
        channels=_channels(client.support, lang),
        response_times=response_rows(client.support.response_times, lang),
        escalation=escalation_rows(client.support, lang),
        callback=g(CALLBACK).format(
            duration=duration_text(client.support.manager_callback_minutes, lang)),
        closure=closure_text(client.support, lang),
        signatories=_signatories(client, lang),
        footer=f"{g(LABELS['title'])} · {name} · {period}",
        properties=Properties(f"{g(LABELS['title'])} · {name}", " · ".join(
            filter(None, (vendor, lang.text(client.vendor.product), period))), lang.tag),
    )


def _title_rows(client: Client, period: str, lang: Language) -> tuple[Pair, ...]:
    g = lang.gettext
    rows = [Pair(g(LABELS["client"]), client.client.name),
            Pair(g(LABELS["vendor"]), client.vendor.name)]
    product = lang.text(client.vendor.product)
    if product:
        rows.append(Pair(g(TITLE_ROWS["product"]), product))
    rows.append(Pair(g(TITLE_ROWS["period"]), period))
    if client.contract.go_live:
        rows.append(Pair(g(TITLE_ROWS["go_live"]), lang.date(client.contract.go_live, "long")))
    rows.append(Pair(g(TITLE_ROWS["version"]), lang.date(version_date(client), "long")))
    return tuple(rows)


# --- contacts -----------------------------------------------------------------------------


def contact_rows(contacts: Sequence[Contact], form: Sequence[str], role_names: dict[str, str],
                 lang: Language) -> tuple[ContactRow, ...]:
    """The form's rows in order, each filled with a contact of its role or left empty;
    further contacts of a form role follow its rows, contacts of other roles come last
    (in the order of ``role_names``)."""
    by_role: dict[str, list[Contact]] = {}
    for contact in contacts:
        by_role.setdefault(contact.role, []).append(contact)
    rows: list[ContactRow] = []
    for role in dict.fromkeys(form):
        people = by_role.pop(role, [])
        label = lang.gettext(role_names[role])
        for index in range(max(form.count(role), len(people))):
            person = people[index] if index < len(people) else None
            rows.append(_contact_row(label, person, lang))
    for role in role_names:
        for person in by_role.pop(role, []):
            rows.append(_contact_row(lang.gettext(role_names[role]), person, lang))
    return tuple(rows)


def _contact_row(label: str, person: Contact | None, lang: Language) -> ContactRow:
    if person is None:
        return ContactRow(label)
    return ContactRow(label, person.name or "", lang.text(person.title) or "",
                      person.phone or "", person.email or "")


# --- the grid -----------------------------------------------------------------------------


def month_heads(months: Sequence[date], lang: Language) -> tuple[MonthHead, ...]:
    """Abbreviated month names; the year on the first month and on every January."""
    return tuple(
        MonthHead(lang.month_name(m.month, "abbreviated"),
                  str(m.year) if i == 0 or m.month == 1 else "")
        for i, m in enumerate(months)
    )


GROUPS = (*CADENCES, ONE_OFF)
"""The grid's groups in order."""


def grid_groups(client: Client, schedule: Schedule, lang: Language) -> tuple[GridGroup, ...]:
    """The grid's rows by cadence; items that never meet in the plan year are left out.
    An onboarding item meeting outside the onboarding months is a row of the one-off
    group for those meetings."""
    dates: dict[tuple[str, str], dict[int, list[date]]] = {}
    for meeting in schedule.meetings:
        for item, cadence in zip(meeting.item_ids, meeting.cadences, strict=True):
            dates.setdefault((item, cadence), {}).setdefault(
                meeting.plan_month, []).append(meeting.date)
    groups = []
    for group in GROUPS:
        rows = tuple(
            GridRow(
                title=topic_text(t, "title", lang),
                description=topic_text(t, "description", lang),
                client=attendee_text(t, "client", lang),
                vendor=attendee_text(t, "vendor", lang),
                months=tuple(
                    "\n".join(lang.day_month(d) for d in sorted(cells.get(n, ())))
                    for n in range(1, 13)
                ),
                length=(lang.gettext(ITEM_LENGTH).format(
                    duration=duration_cell(t.duration_minutes, lang))
                    if t.duration_minutes else ""),
            )
            for t in topics(client)
            if (cells := dates.get((t.id, group))) is not None
        )
        if rows:
            groups.append(GridGroup(group, lang.gettext(CADENCE_LABELS[group]), rows))
    return tuple(groups)


def model_rows(client: Client, groups: Sequence[GridGroup],
               lang: Language) -> tuple[ModelRow, ...]:
    """The engagement model: each kind of meeting the grid holds, what it is for, how long
    it lasts (its cadence's length) and which roles it invites (those of its items)."""
    minutes = client.engagement.minutes()
    present = {group.cadence for group in groups}
    by_group = _topics_by_group(client, present)
    rows = []
    for group in GROUPS:
        if group not in present:
            continue
        cadence = "onboarding" if group == ONE_OFF else group
        # the cadence's length; the items' own only when every item gives one (a row
        # with its own length says so in the grid)
        lengths = sorted({minutes[cadence] for t in by_group[group] if not t.duration_minutes}
                         or {t.duration_minutes for t in by_group[group]})
        rows.append(ModelRow(
            meeting=lang.gettext(MODEL_NAMES[group]),
            purpose=lang.gettext(PURPOSES[group]),
            length=" – ".join(duration_cell(n, lang)
                              for n in dict.fromkeys((lengths[0], lengths[-1]))),
            client=role_names(_union(by_group[group], "client"), "client", lang),
            vendor=role_names(_union(by_group[group], "vendor"), "vendor", lang),
        ))
    return tuple(rows)


def _topics_by_group(client: Client, present: set[str]) -> dict[str, list[Topic]]:
    """The items of each grid group (an onboarding item may be in two: onboarding, and
    one-off for its meetings outside the onboarding months)."""
    schedule = client_schedule(client)
    placed = {(i, c) for m in schedule.meetings for i, c in zip(m.item_ids, m.cadences,
                                                                strict=True)}
    return {group: [t for t in topics(client) if (t.id, group) in placed]
            for group in present}


def _union(items: Sequence[Topic], side: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r for t in items for r in t.roles(side)))


def _grid_notes(client: Client, schedule: Schedule, groups: Sequence[GridGroup],
                lang: Language) -> tuple[str, ...]:
    g = lang.gettext
    if not groups:  # every default item dropped and none added, or none meets
        return (g(GRID_NOTES["none"]),)
    eng = client.engagement
    info = client.client
    minutes = eng.minutes()
    lengths = " · ".join(
        f"{lang.gettext(MODEL_NAMES[c])} – {duration_cell(minutes[c], lang)}"
        for c in CADENCES if c in {group.cadence for group in groups})
    notes = [
        g(GRID_NOTES["cells"]),
        g(GRID_NOTES["time"]).format(
            time=time_text(eng.meeting_time, lang), zone=zone_text(info.timezone, lang)),
    ]
    if lengths:
        notes.append(g(GRID_NOTES["lengths"]).format(lengths=lengths))
    location = lang.text(eng.location)
    if location:
        notes.append(fill_sentence(g(GRID_NOTES["location"]), location=location))
    country = lang.locale.territories.get(info.country, info.country)
    notes.append(g(GRID_NOTES["holidays"]).format(country=country))
    go_live = client.contract.go_live
    if go_live and _onboarding_from_go_live(client, schedule):
        notes.append(g(GRID_NOTES["onboarding"]).format(date=lang.date(go_live, "long")))
    return tuple(notes)


def _onboarding_from_go_live(client: Client, schedule: Schedule) -> bool:
    """Whether an onboarding row follows go-live (an item given its own months or dates
    meets then, wherever go-live falls)."""
    meeting = {item for m in schedule.meetings for item in m.item_ids}
    return any(t.cadence == "onboarding" and t.months is None and not t.dates
               and t.id in meeting for t in topics(client))


# --- support ------------------------------------------------------------------------------


def _channels(support: Support, lang: Language) -> tuple[Pair, ...]:
    """Hours, phone, e-mail and portal; one not in the file stays blank to fill in."""
    values = {"hours": lang.text(support.hours), "phone": support.phone,
              "email": support.email, "portal": support.portal}
    return tuple(Pair(lang.gettext(label), values[key] or "") for key, label in CHANNELS.items())


def _hours(hours: float | None, lang: Language) -> str:
    return "" if hours is None else duration_cell(round(hours * 60), lang)


def response_rows(times: Sequence[ResponseTime], lang: Language) -> tuple[ResponseRow, ...]:
    """The file's response times, or the default priorities with blank times."""
    if not times:
        return tuple(ResponseRow(lang.gettext(p), lang.gettext(d), "", "")
                     for p, d in DEFAULT_RESPONSE_TIMES)
    return tuple(
        ResponseRow(lang.text(t.priority) or "", lang.text(t.description) or "",
                    _hours(t.response_hours, lang), _hours(t.resolution_hours, lang))
        for t in times
    )


def escalation_rows(support: Support, lang: Language) -> tuple[EscalationRow, ...]:
    """The file's escalation levels in level order, or three default levels."""
    levels: Sequence[EscalationLevel] = sorted(support.escalation, key=lambda e: e.level)
    if not levels:
        callback = duration_cell(support.manager_callback_minutes, lang)
        return tuple(
            EscalationRow(lang.integer(n), lang.gettext(who), lang.gettext(when),
                          callback if n == 1 else "")
            for n, (who, when) in enumerate(DEFAULT_ESCALATION, start=1)
        )
    return tuple(
        EscalationRow(lang.integer(e.level), lang.text(e.contact) or "", lang.text(e.when) or "",
                      duration_cell(e.response_minutes, lang) if e.response_minutes else "")
        for e in levels
    )


def closure_text(support: Support, lang: Language) -> str:
    """"… closed after 3 contact attempts …, at least 1 business day apart …"."""
    attempts = lang.ngettext("{n} contact attempt", "{n} contact attempts",
                             support.closure_attempts)
    spacing = lang.ngettext("at least {n} business day apart", "at least {n} business days apart",
                            support.closure_spacing_business_days)
    return lang.gettext(CLOSURE).format(attempts=attempts, spacing=spacing)


def _signatories(client: Client, lang: Language) -> tuple[Signatory, ...]:
    """Who signs: the client's executive sponsor and the vendor's commercial contact, with
    their job title (else the role's name); the date is written by hand."""

    def signatory(party: str, contacts: Sequence[Contact], role: str,
                  role_names: dict[str, str]) -> Signatory:
        person = next((c for c in contacts if c.role == role and c.name), None)
        if person is None:
            return Signatory(party, "", lang.gettext(role_names[role]))
        return Signatory(party, person.name or "",
                         lang.text(person.title) or lang.gettext(role_names[role]))

    return (
        signatory(client.client.name, client.contacts.client, "executive_sponsor",
                  CLIENT_ROLES),
        signatory(client.vendor.name, client.contacts.vendor, "commercial_contact",
                  VENDOR_ROLES),
    )

