"""The client file: pydantic models and :func:`load_client`.

A client file is JSON. Every free-text field takes either a plain string or
an object with one text per language (``{"en": "...", "ru": "..."}``), see
:data:`Text`. Unknown keys are errors. Dates are ISO (``YYYY-MM-DD``).
Percentages are written as percentages (``97.5`` means 97.5 %).

Models hold input as given; formatting for print happens in ``i18n`` and the
document builders.

Time. A client file is a history, not a snapshot: everything that changes over
time is dated in the file or kept per quarter, and every document reads it as
of its own date, so that a document made again after newer data was added is
the same file, byte for byte:

* a QBR deck reads the quarter's figures (KPI measurements, outcome status and
  current status, key wins, the previous quarter beside this one) as of the
  quarter's end, and what the meeting discusses as it stands that day (action
  items and whether they are overdue, adoption barriers open, warranties that
  expire soon, days to renewal) as of the quarter's meeting date, else its end;
* an engagement plan reads as of its plan start (it shows nothing that changes);
* a success plan reads as of its version date, the latest date the file gives
  (see :func:`generator.documents.csp.version_date`).

Dated history: an outcome's ``updates`` (status, current status, executive
statement, each on or before a date; a field an update leaves out keeps its
value from the update before), a barrier's ``opened`` and ``resolved`` and an
action item's ``opened`` and ``closed`` dates, a key win's ``date``, a KPI's
measurements. A plain ``status`` or ``current_status`` without dates (the
files written before the dates existed) reads as the state at every date, so
those files stay valid as they are.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .agenda import DEFAULT_IDS
from .regions import holiday_regions
from .schedule import RULE_PATTERN

SCHEMA_VERSION = 1
LANG_PATTERN = r"^[a-z]{2,3}(_[A-Z]{2})?$"
QUARTER_PATTERN = r"^\d{4}-Q[1-4]$"
QUARTER_KEY_PATTERN = r"^(19|2\d)\d\d-Q[1-4]$"
"""A quarter key of a client file: a quarter from 1900 to 2999 (see FIRST_DATE)."""
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
_LANG_RE = re.compile(LANG_PATTERN)


# --- free text -----------------------------------------------------------

def _blank(value: str, key: str | None = None) -> PydanticCustomError:
    where = f" for language \"{key}\"" if key else ""
    return PydanticCustomError(
        "text_blank", "expected text{where}, found {found}",
        {"where": where, "found": _show(value)},
    )


def _text(value: Any, required: bool = False) -> str | dict[str, str]:
    if isinstance(value, str):
        if required and not value.strip():
            raise _blank(value)
        return value
    if isinstance(value, dict):
        if not value:
            raise PydanticCustomError(
                "text_empty", "expected text or an object of texts per language, found {}"
            )
        for key, text in value.items():
            if not isinstance(key, str) or not _LANG_RE.match(key):
                raise PydanticCustomError(
                    "text_lang",
                    "expected language codes such as \"en\" or \"ru\" as keys, found {key}",
                    {"key": _show(key)},
                )
            if not isinstance(text, str):
                raise PydanticCustomError(
                    "text_value", "expected text for language \"{key}\", found {found}",
                    {"key": key, "found": _show(text)},
                )
            if required and not text.strip():
                raise _blank(text, key)
        return dict(value)
    raise PydanticCustomError(
        "text_type",
        "expected text or an object of texts per language (e.g. {{\"en\": ..., \"ru\": ...}}), "
        "found {found}",
        {"found": _show(value)},
    )


def _text_schema(blank: bool) -> dict[str, Any]:
    string: dict[str, Any] = {"type": "string"} if blank else {"type": "string", "pattern": r"\S"}
    return {
        "anyOf": [
            string,
            {
                "type": "object",
                "propertyNames": {"pattern": LANG_PATTERN},
                "additionalProperties": string,
                "minProperties": 1,
            },
        ],
        "description": "Text, or one text per language: {\"en\": \"...\", \"ru\": \"...\"}"
                       + ("" if blank else "; not blank"),
    }


Text = Annotated[str | dict[str, str], PlainValidator(_text), WithJsonSchema(_text_schema(True))]
"""A free-text field: a string, or a mapping of language code to string."""


def _required_text(value: Any) -> str | dict[str, str]:
    return _text(value, required=True)


RequiredText = Annotated[str | dict[str, str], PlainValidator(_required_text),
                         WithJsonSchema(_text_schema(False))]
"""A free-text field a document cannot do without (a KPI's name, an action, an item of a
list): never blank."""


def _name(value: Any) -> str | dict[str, str]:
    value = _text(value)
    for text in (value,) if isinstance(value, str) else tuple(value.values()):
        if not text.strip():
            raise PydanticCustomError("name_blank", "expected a name, found {found}",
                                      {"found": _show(text)})
        if len(text) > 300:
            raise PydanticCustomError(
                "name_length", "expected a name of 1 to 300 characters, found {found}",
                {"found": _show(text)})
    return value


NameText = Annotated[
    str | dict[str, str],
    PlainValidator(_name),
    WithJsonSchema({
        "anyOf": [
            {"type": "string", "minLength": 1, "maxLength": 300, "pattern": r"\S"},
            {
                "type": "object",
                "propertyNames": {"pattern": LANG_PATTERN},
                "additionalProperties": {"type": "string", "minLength": 1, "maxLength": 300,
                                         "pattern": r"\S"},
                "minProperties": 1,
            },
        ],
        "description": "A name, or one per language: {\"en\": \"Maria Levchenko\", "
                       "\"ru\": \"Левченко Мария Павловна\"}",
    }),
]
"""A name (of a person, the client, the vendor, an asset): a string, or one per language.
A document uses the one in its language, else the one in the client's language (see
:mod:`generator.names`)."""

LIMIT = 10**15
"""The largest size of any number in a client file (a thousand million million): far
beyond any real amount or count, and small enough for every number format and chart.
Numbers must also be finite: JSON's ``NaN`` and ``Infinity`` are refused."""

FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2999, 12, 31)
"""Every date in a client file lies between these (a year typed with a digit too few
or too many is refused rather than planned for)."""

Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
YearMonth = Annotated[str, Field(pattern=MONTH_PATTERN, description="YYYY-MM")]
Percent = Annotated[float, Field(ge=0, le=1000, description="a percentage: 97.5 means 97.5 %")]
Number = Annotated[float, Field(ge=-LIMIT, le=LIMIT)]
Money = Annotated[float, Field(ge=0, le=LIMIT)]
Count = Annotated[int, Field(ge=0, le=LIMIT)]
Hours = Annotated[float, Field(gt=0, le=LIMIT)]
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?")


def _date(value: Any) -> dt.date:
    """A date written as YYYY-MM-DD between FIRST_DATE and LAST_DATE (a date object
    too, for models made in Python); a number, a date and time or any other text is not
    taken for a date."""
    day = value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            pass
    if day is None:
        raise PydanticCustomError("date_format", "expected a date as YYYY-MM-DD, found {found}",
                                  {"found": _show(value)})
    for outside, words, limit in ((day < FIRST_DATE, "on or after", FIRST_DATE),
                                  (day > LAST_DATE, "on or before", LAST_DATE)):
        if outside:
            raise PydanticCustomError(
                "date_range", "expected a date {words} {limit}, found {found}",
                {"words": words, "limit": limit.isoformat(), "found": _show(value)})
    return day


def _time(value: Any) -> dt.time:
    """A time of day written as HH:MM (or HH:MM:SS)."""
    if isinstance(value, dt.time):
        return value
    if not isinstance(value, str) or not _TIME.fullmatch(value):
        raise PydanticCustomError("time_format", "expected a time as HH:MM, found {found}",
                                  {"found": _show(value)})
    return dt.time.fromisoformat(value)


Date = Annotated[dt.date, PlainValidator(_date), WithJsonSchema(
    {"type": "string", "format": "date", "pattern": f"^{_DATE.pattern}$"})]
Time = Annotated[dt.time, PlainValidator(_time), WithJsonSchema(
    {"type": "string", "pattern": f"^{_TIME.pattern}$", "description": "HH:MM"})]
PlanMonth = Annotated[int, Field(ge=1, le=12, description="month of the plan year, 1-12")]


def _show(value: Any) -> str:
    """A short, readable rendering of a found value for messages."""
    import json

    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


LOGO_DESCRIPTION = "a PNG or JPEG file, its path relative to the client file"


def _no_bool(value: Any) -> Any:
    """``value``, unless it is true or false (which Python would take for 1 and 0)."""
    if isinstance(value, bool):
        raise PydanticCustomError("bool_not_number", "expected a number, found {found}",
                                  {"found": _show(value)})
    return value


class Strict(BaseModel):
    """Base of every input model: unknown keys are errors, values are frozen, and types
    are JSON's own: a number is not taken from text ("12") or true, true and false not
    from "yes", text not from a number. Every object may hold a ``"$comment"``, a note
    for people that no document prints."""

    # defer_build: a model's validator is made when it is first used, not when the module
    # is imported. Validating a file needs only Client's (which holds every nested model's
    # schema); building each of the models at import made most of them twice or more.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              allow_inf_nan=False, strict=True, defer_build=True)

    comment_: str | None = Field(None, alias="$comment", exclude=True,
                                 description="a note for people")


# --- who ----------------------------------------------------------------

ClientRole = Literal[
    "executive_sponsor", "super_user", "technical_contact", "invoicing_contact",
    "project_manager", "operations_manager", "other",
]
VendorRole = Literal[
    "commercial_contact", "client_services", "technical_lead", "invoicing_contact",
    "vcio", "support", "leadership", "other",
]


NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN",
                           "XA", "XB", "ZZ"})
"""Codes Babel lists among territories that are not ISO 3166-1 countries (exceptionally
reserved or private use, such as EU and ZZ); no holiday calendar exists for them."""


def _territories() -> dict[str, Any]:
    """The territories CLDR knows, from Babel's global data (already loaded for the
    currency check; cheaper than loading a locale's territory names)."""
    from babel.core import get_global

    return get_global("territory_languages")


class ClientInfo(Strict):
    name: NameText
    country: str = Field(description="ISO 3166 alpha-2 country code, for public holidays")
    subdivision: str | None = Field(
        None, description="Holiday subdivision, e.g. ENG for England, CA for California"
    )
    language: str = Field("en", pattern=LANG_PATTERN, description="default output language")
    locale: str | None = Field(
        None, description="formatting locale of numbers, dates and money, apart from the "
        "language: en_US, en_GB, de_DE, ru_RU... (default: the language as written in the "
        "client's country)")
    currency: str = Field(description="ISO 4217 currency code")
    timezone: str = Field("UTC", description="IANA time zone, e.g. Europe/London")
    industry: Text | None = None
    logo: str | None = Field(None, min_length=1, description=LOGO_DESCRIPTION)

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        if (not re.fullmatch(r"[A-Z]{2}", value) or value not in _territories()
                or value in NOT_COUNTRIES):
            raise PydanticCustomError(
                "country", "expected an ISO 3166 alpha-2 country code such as GB, found {found}",
                {"found": _show(value)},
            )
        return value

    @field_validator("subdivision")
    @classmethod
    def _subdivision(cls, value: str | None, info: ValidationInfo) -> str | None:
        """A subdivision the holiday calendar knows (looked up in a shipped table, see
        :mod:`generator.regions`)."""
        country = info.data.get("country")
        if value is None or country is None:
            return value
        regions = holiday_regions(country)
        if regions is None:  # the schedule reports the country
            return value
        if not regions:
            raise PydanticCustomError(
                "subdivision",
                "expected no subdivision: public holidays of {country} are the same in the "
                "whole country, found {found}",
                {"country": country, "found": _show(value)},
            )
        if value.strip().casefold() not in {r.casefold() for r in regions}:
            shown = ", ".join(regions[:12]) + (
                f" and {len(regions) - 12} more" if len(regions) > 12 else "")
            raise PydanticCustomError(
                "subdivision",
                "expected a holiday subdivision of {country} ({regions}), found {found}",
                {"country": country, "regions": shown, "found": _show(value)},
            )
        return value

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        from babel.numbers import list_currencies

        if not re.fullmatch(r"[A-Z]{3}", value) or value not in list_currencies():
            raise PydanticCustomError(
                "currency", "expected an ISO 4217 currency code such as GBP, found {found}",
                {"found": _show(value)},
            )
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        from babel import Locale, UnknownLocaleError

        try:
            Locale.parse(value)
        except (UnknownLocaleError, ValueError):
            raise PydanticCustomError(
                "language", "expected a language code such as en or ru, found {found}",
                {"found": _show(value)},
            ) from None
        return value

    @field_validator("locale")
    @classmethod
    def _locale(cls, value: str | None) -> str | None:
        from .i18n import check_formats

        problem = None if value is None else check_formats(value)
        if problem:
            raise PydanticCustomError("locale", "{problem}, found {found}",
                                      {"problem": problem, "found": _show(value)})
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise PydanticCustomError(
                "timezone", "expected an IANA time zone such as Europe/London, found {found}",
                {"found": _show(value)},
            ) from None
        return value


class Vendor(Strict):
    name: NameText
    product: Text | None = None
    logo: str | None = Field(None, min_length=1, description=LOGO_DESCRIPTION)


class Contact(Strict):
    role: str = Field(description="see ClientRole / VendorRole")
    name: NameText | None = None
    title: Text | None = None
    phone: str | None = None
    email: str | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ClientContact(Contact):
    role: ClientRole


class VendorContact(Contact):
    role: VendorRole


class Contacts(Strict):
    client: list[ClientContact] = []
    vendor: list[VendorContact] = []


class Contract(Strict):
    start: Date
    go_live: Date | None = None
    renewal: Date | None = None
    value: Money | None = Field(None, description="annual contract value in client.currency")


# --- engagement plan --------------------------------------------------------

Minutes = Annotated[int, Field(ge=15, le=480, description="minutes, 15 to 480")]


class AgendaItemInput(Strict):
    """Changes a default agenda item (same id) or adds a new one (new id)."""

    id: Id
    cadence: Literal["onboarding", "monthly", "quarterly", "annual", "one-off"] | None = Field(
        None, description="one-off: meets only in the months or on the dates given")
    title: Text | None = None
    description: Text | None = None
    client_roles: list[ClientRole] | None = Field(
        None, description="client contact roles invited (default: the item's, or its "
                          "cadence's for a new item)")
    vendor_roles: list[VendorRole] | None = Field(
        None, description="vendor contact roles invited (default: the item's, or its "
                          "cadence's for a new item)")
    attendees_client: Text | None = Field(
        None, description="words for the plan's attendee column instead of the invited "
                          "roles' names (who is invited still follows client_roles)")
    attendees_vendor: Text | None = Field(
        None, description="words for the plan's attendee column instead of the invited "
                          "roles' names (who is invited still follows vendor_roles)")
    duration_minutes: Minutes | None = Field(
        None, description="length of the meetings this item is discussed at (default: "
                          "its cadence's, see engagement.durations)")
    months: list[PlanMonth] | None = None
    dates: list[Date] = []
    skip_months: list[PlanMonth] = []

    @model_validator(mode="after")
    def _one_off_items_say_when(self) -> AgendaItemInput:
        if self.cadence == "one-off" and not self.months and not self.dates:
            raise PydanticCustomError(
                "agenda_one_off",
                "expected months or dates for a one-off item (\"{id}\" meets only then), "
                "found neither", {"id": self.id},
            )
        return self

    @model_validator(mode="after")
    def _new_items_are_complete(self) -> AgendaItemInput:
        if self.id not in DEFAULT_IDS and (self.cadence is None or self.title is None):
            raise PydanticCustomError(
                "agenda_new",
                "expected cadence and title for a new agenda item (\"{id}\" is not a default "
                "item), found {missing} missing",
                {"id": self.id,
                 "missing": " and ".join(
                     n for n, v in (("cadence", self.cadence), ("title", self.title)) if v is None
                 )},
            )
        return self


class Agenda(Strict):
    drop: list[Id] = Field([], description="ids of default agenda items to leave out")
    items: list[AgendaItemInput] = []

    @field_validator("drop")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        for item in value:
            if item not in DEFAULT_IDS:
                raise PydanticCustomError(
                    "agenda_drop", "expected a default agenda id ({ids}), found {found}",
                    {"ids": ", ".join(sorted(DEFAULT_IDS)), "found": _show(item)},
                )
        return value


class Durations(Strict):
    """How long a meeting of each cadence lasts, in minutes (a meeting lasts as long as
    the longest of its items; a one-off item takes the onboarding length)."""

    onboarding: Minutes = 60
    monthly: Minutes = 30
    quarterly: Minutes = 90
    annual: Minutes = 120


class Engagement(Strict):
    plan_start: Date = Field(description="the plan year starts on the 1st of this month")
    meeting_rule: str = Field(
        "second tuesday", pattern=RULE_PATTERN,
        description="e.g. 'second tuesday', 'last thursday', 'first working day'",
    )
    meeting_time: Time = dt.time(10, 0)
    durations: Durations = Durations()
    duration_minutes: Minutes | None = Field(
        None, description="one length for every meeting, instead of durations")
    quarterly_months: list[PlanMonth] = [3, 6, 9, 12]
    annual_month: PlanMonth = 12
    keep_monthly_with_quarterly: bool = False
    location: Text | None = None
    agenda: Agenda = Agenda()

    @model_validator(mode="after")
    def _one_way_to_give_lengths(self) -> Engagement:
        if self.duration_minutes is not None and "durations" in self.model_fields_set:
            raise PydanticCustomError(
                "durations_twice",
                "expected either duration_minutes (one length for every meeting) or "
                "durations (a length per cadence), found both",
            )
        return self

    def minutes(self) -> dict[str, int]:
        """Minutes per cadence: ``duration_minutes`` for all, else ``durations``."""
        if self.duration_minutes is not None:
            return dict.fromkeys(("onboarding", "monthly", "quarterly", "annual"),
                                 self.duration_minutes)
        return self.durations.model_dump()


class ResponseTime(Strict):
    priority: RequiredText
    description: Text | None = None
    response_hours: Hours
    resolution_hours: Hours | None = None


class EscalationLevel(Strict):
    level: int = Field(ge=1, le=9)
    contact: RequiredText
    when: RequiredText
    response_minutes: int | None = Field(None, gt=0, le=LIMIT)


class Support(Strict):
    covers: list[RequiredText] = Field(
        [], description="what support covers, one item each (printed in the plan's support "
                        "section; left out when empty)")
    excludes: list[RequiredText] = Field(
        [], description="what support does not cover, one item each")
    hours: Text | None = None
    phone: str | None = None
    email: str | None = None
    portal: str | None = None
    response_times: list[ResponseTime] = []
    escalation: list[EscalationLevel] = []
    manager_callback_minutes: int = Field(90, gt=0, le=LIMIT)
    closure_attempts: int = Field(3, ge=1, le=20)
    closure_spacing_business_days: int = Field(1, ge=1, le=30)


# --- success plan -------------------------------------------------------------

class SolutionItem(Strict):
    product: RequiredText
    sku: str | None = None
    quantity: float | None = Field(None, ge=0, le=LIMIT)
    serial: str | None = None
    version: str | None = None
    coverage: Text | None = None
    coverage_end: Date | None = None
    reason: Text | None = None


Rag = Literal["not_started", "in_progress", "on_track", "at_risk", "off_track", "done"]

CurrentStatus = Text | list[Text]
"""Where an outcome stands: one text, or one text per success factor (in their order)."""


class OutcomeUpdate(Strict):
    """An outcome as it stood from ``date`` on; a field left out keeps its earlier value."""

    date: Date
    status: Rag | None = None
    current_status: CurrentStatus | None = None
    executive_statement: Text | None = None


class OutcomeState(Strict):
    """An outcome's status, current status and executive statement as of one date."""

    status: Rag | None = None
    current_status: CurrentStatus | None = None
    executive_statement: Text | None = None


class Outcome(Strict):
    """A business outcome. ``status``, ``current_status`` and ``executive_statement``
    hold at every date until the first of ``updates`` (dated, see the module
    docstring); ``status`` is optional and nothing is printed without one."""

    outcome: RequiredText
    initiative: Text | None = None
    priority: int | None = Field(None, ge=1, le=LIMIT)
    success_factors: list[RequiredText] = []
    current_status: CurrentStatus | None = None
    goal: Text | None = None
    status: Rag | None = None
    executive_statement: Text | None = Field(
        None, description="how the business experiences the outcome achieved")
    updates: list[OutcomeUpdate] = []

    @field_validator("updates")
    @classmethod
    def _updates_by_date(cls, value: list[OutcomeUpdate]) -> list[OutcomeUpdate]:
        return _one_per_date(value, "update")

    def as_of(self, day: dt.date) -> OutcomeState:
        """The status, current status and statement as they stood on ``day``."""
        state = {"status": self.status, "current_status": self.current_status,
                 "executive_statement": self.executive_statement}
        for update in self.updates:
            if update.date > day:
                break
            for name in state:
                found = getattr(update, name)
                if found is not None:
                    state[name] = found
        return OutcomeState(**state)


class TeamMember(Strict):
    name: NameText
    group: Text | None = None
    role: Text | None = None
    side: Literal["client", "vendor"] = "client"


class Measurement(Strict):
    date: Date
    value: Number
    note: Text | None = Field(None, description="what the figure means or why it moved")


PERIOD_PATTERN = r"^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$"


class Baseline(Strict):
    """Where a KPI started: a value on a ``date``, or over a ``period`` (a year "2016",
    a quarter "2026-Q2" or a month "2026-06", dated by its last day); ``label`` is how
    the client states it ("$86k a year"), printed beside the value."""

    date: Date | None = None
    period: str | None = Field(None, pattern=PERIOD_PATTERN,
                               description="YYYY, YYYY-Qn or YYYY-MM")
    value: Number
    label: Text | None = None

    @model_validator(mode="after")
    def _dated(self) -> Baseline:
        if (self.date is None) == (self.period is None):
            raise PydanticCustomError(
                "baseline_when",
                "expected either a date or a period (e.g. \"2016\" or \"2026-Q2\"), found "
                "{found}", {"found": "both" if self.date else "neither"})
        return self

    @property
    def day(self) -> dt.date:
        """The baseline's date: its ``date``, else the last day of its ``period``."""
        if self.date is not None:
            return self.date
        year, rest = int(self.period[:4]), self.period[5:]
        if not rest:
            return dt.date(year, 12, 31)
        month = int(rest[1]) * 3 if rest.startswith("Q") else int(rest)
        after = dt.date(year + (month == 12), month % 12 + 1, 1)
        return after - dt.timedelta(days=1)


class Target(Strict):
    value: Number
    date: Date | None = None


class Kpi(Strict):
    id: Id
    name: RequiredText
    outcome: Text | None = None
    initiative: Text | None = None
    description: Text | None = None
    unit: Literal["number", "percent", "currency", "hours", "days"] = "number"
    baseline: Baseline
    target: Target | None = Field(None, description="without one, no progress is shown")
    higher_is_better: bool = True
    how: Text | None = None
    when: Text | None = None
    who: Text | None = None
    measurements: list[Measurement] = []

    @field_validator("measurements")
    @classmethod
    def _one_per_date(cls, value: list[Measurement]) -> list[Measurement]:
        return _one_per_date(value, "measurement")


def _one_per_date(value: list, what: str) -> list:
    """``value`` (things with a ``date``) sorted by date; an error for a date twice."""
    seen: set[dt.date] = set()
    for item in value:
        if item.date in seen:
            raise PydanticCustomError(
                f"{what}_date", "expected one {what} per date, found {date} twice",
                {"what": what, "date": item.date.isoformat()},
            )
        seen.add(item.date)
    return sorted(value, key=lambda item: item.date)


class UseCase(Strict):
    persona: RequiredText
    want: RequiredText
    so_that: RequiredText
    owner: NameText | None = None


BarrierStatus = Literal["open", "in_progress", "resolved"]


class Barrier(Strict):
    """An adoption barrier. Without dates its ``status`` holds at every date; with
    them it is not yet there before ``opened``, resolved from ``resolved`` on, and
    before that open (or in progress when ``status`` says so)."""

    challenge: RequiredText
    kind: Literal["technical", "business"] | None = None
    status: BarrierStatus = "open"
    timeframe: Text | None = None
    resolution: Text | None = None
    owner: NameText | None = None
    opened: Date | None = None
    resolved: Date | None = None

    def as_of(self, day: dt.date) -> BarrierStatus | None:
        """Its status on ``day``; None before it was opened."""
        if self.opened is not None and self.opened > day:
            return None
        if self.resolved is not None:
            if self.resolved <= day:
                return "resolved"
            return "in_progress" if self.status == "in_progress" else "open"
        return self.status


class Milestone(Strict):
    name: RequiredText
    due: Date
    status: Literal["planned", "in_progress", "done", "late"] = "planned"
    owner: NameText | None = None
    completed: Date | None = None


class ProcessChange(Strict):
    process: RequiredText
    owner: NameText | None = None
    current: Text | None = None
    change: RequiredText
    status: Literal["planned", "in_progress", "done"] = "planned"
    due: Date | None = None


class Communication(Strict):
    activity: RequiredText
    description: Text | None = None
    when: Date
    audience: Text | None = None
    objectives: Text | None = None
    developed_by: Text | None = None
    delivered_by: Text | None = None


class Evidence(Strict):
    """What a communication or training activity achieved: who was invited and who
    came (the attendance rate is worked out), and the rating they gave."""

    activity: RequiredText
    date: Date
    participants: Count | None = None
    invited: Count | None = None
    attended: Count | None = None
    rating: float | None = Field(None, ge=0, le=100)
    rating_scale: float = Field(5, gt=0, le=100, description="the best rating: 5 for 4.5/5")
    outcome: Text | None = None

    @model_validator(mode="after")
    def _counts(self) -> Evidence:
        if (self.invited is not None and self.attended is not None
                and self.attended > self.invited):
            raise PydanticCustomError(
                "attended", "expected at most the {invited} invited to attend, found {attended}",
                {"invited": self.invited, "attended": self.attended})
        if self.rating is not None and self.rating > self.rating_scale:
            raise PydanticCustomError(
                "rating", "expected a rating of at most {scale} (rating_scale), found {rating}",
                {"scale": _show(self.rating_scale), "rating": _show(self.rating)})
        return self


KeyWinKind = Literal["policy_change", "expand_opportunity", "customer_celebration",
                     "end_of_life", "customer_advocates", "case_study", "other"]


class KeyWin(Strict):
    """A key win: what it is, what it meant, and from when it counts."""

    win: RequiredText
    description: Text | None = None
    kind: KeyWinKind | None = None
    date: Date | None = Field(None, description="shown in decks of quarters ending on or after")


class Results(Strict):
    evidence: list[Evidence] = []
    stories: list[RequiredText] = []
    key_wins: list[KeyWin] = []


# --- quarters (QBR / vCIO) --------------------------------------------------------

class UsageMonth(Strict):
    month: YearMonth
    active_users: Count | None = None
    transactions: Count | None = None
    orders: Count | None = None


class ServiceMonth(Strict):
    month: YearMonth
    opened: Count
    closed: Count
    outstanding: Count | None = None
    avg_response_hours: float | None = Field(None, ge=0, le=LIMIT)
    avg_resolution_hours: float | None = Field(None, ge=0, le=LIMIT)


class Service(Strict):
    availability: Percent | None = None
    availability_target: Percent | None = None
    response_target_hours: Hours | None = None
    resolution_target_hours: Hours | None = None
    months: list[ServiceMonth] = []


class Account(Strict):
    invoiced: Money
    paid: Money
    overdue: Money = 0
    licences: Count | None = None


class RoadmapItem(Strict):
    title: RequiredText
    description: Text | None = None
    when: Text | None = None
    status: Literal["proposed", "planned", "in_progress", "done"] = "planned"
    cost: Money | None = None


class BudgetLine(Strict):
    category: RequiredText
    planned: Money
    actual: Money
    note: Text | None = None


class Asset(Strict):
    name: NameText
    kind: Text | None = None
    serial: str | None = None
    location: Text | None = None
    purchased: Date | None = None
    warranty_end: Date
    recommendation: Text | None = None


class Nps(Strict):
    """Net Promoter Score: the score, or the promoters, passives and detractors it is
    worked out from (or both)."""

    score: float | None = Field(None, ge=-100, le=100)
    promoters: Count | None = None
    passives: Count | None = None
    detractors: Count | None = None

    @model_validator(mode="after")
    def _given(self) -> Nps:
        counts = (self.promoters, self.passives, self.detractors)
        if self.score is None and (None in counts or not sum(counts)):
            raise PydanticCustomError(
                "nps", "expected a score, or promoters, passives and detractors to work it "
                "out from, found neither")
        return self

    @property
    def responses(self) -> int | None:
        counts = (self.promoters, self.passives, self.detractors)
        return None if None in counts else sum(counts)

    @property
    def value(self) -> float:
        """The score as given, else % promoters minus % detractors."""
        if self.score is not None:
            return self.score
        return (self.promoters - self.detractors) / self.responses * 100


class Satisfaction(Strict):
    csat: Percent | None = None
    csat_responses: Count | None = None
    retention: Percent | None = None
    nrr: Percent | None = None
    nps: Nps | None = None


ActionStatus = Literal["open", "in_progress", "done"]


class ActionItem(Strict):
    """An action agreed at a quarter's review. ``opened`` defaults to that review (its
    meeting date, else the quarter's end); with ``closed`` it is done from that date on
    and open (or in progress, when ``status`` says so) before; without, ``status``
    holds at every date."""

    action: RequiredText
    owner: NameText
    due: Date
    status: ActionStatus = "open"
    opened: Date | None = None
    closed: Date | None = None

    def as_of(self, day: dt.date) -> ActionStatus:
        if self.closed is not None:
            if self.closed <= day:
                return "done"
            return "in_progress" if self.status == "in_progress" else "open"
        return self.status


class Opportunity(Strict):
    """An expansion opportunity: more licences, a module, a service."""

    title: RequiredText
    value: Money | None = Field(None, description="annual value in client.currency")
    when: Text | None = None
    note: Text | None = None


class Renewal(Strict):
    """The commercial picture as the quarter's review sees it. ``value`` and ``date``
    default to the contract's."""

    value: Money | None = Field(None, description="annual contract value now")
    date: Date | None = Field(None, description="the renewal date, if it moved")
    risk: Literal["low", "medium", "high"] | None = None
    risk_note: Text | None = None
    opportunities: list[Opportunity] = []


class Ask(Strict):
    """What the vendor needs from the client this quarter: a decision or a hand."""

    ask: RequiredText
    kind: Literal["decision", "ask"] = "ask"
    why: Text | None = None
    owner: NameText | None = None
    due: Date | None = None


class Quarter(Strict):
    meeting_date: Date | None = None
    presenters: list[NameText] = []
    health: Literal["green", "amber", "red"] | None = Field(
        None, description="the health the CSM sets, shown instead of the score's band "
                          "(the score stays on its receipt); say why in health_reason")
    health_reason: RequiredText | None = Field(
        None, description="why the health set here differs from the score")

    @model_validator(mode="after")
    def _reason_with_health(self) -> Quarter:
        if self.health_reason is not None and self.health is None:
            raise PydanticCustomError(
                "health_reason",
                "expected health (green, amber or red) with health_reason, found no health")
        return self

    summary: Text | None = None
    wins: list[RequiredText] = []
    risks: list[RequiredText] = []
    business_updates: list[RequiredText] = []
    usage: list[UsageMonth] = []
    service: Service | None = None
    account: Account | None = None
    roadmap: list[RoadmapItem] = []
    budget: list[BudgetLine] = []
    assets: list[Asset] = []
    satisfaction: Satisfaction | None = None
    action_items: list[ActionItem] = []
    renewal: Renewal | None = None
    asks: list[Ask] = []


QuarterKey = Annotated[str, Field(pattern=QUARTER_KEY_PATTERN)]


class Client(Strict):
    """One client file."""

    schema_: str | None = Field(None, alias="$schema", description="JSON Schema for editors")
    schema_version: Annotated[Literal[1], BeforeValidator(_no_bool)]
    client: ClientInfo
    vendor: Vendor
    contacts: Contacts = Contacts()
    contract: Contract
    engagement: Engagement
    support: Support = Support()
    solution: list[SolutionItem] = []
    outcomes_summary: list[Text] = Field(
        [], description="two or three paragraphs summing up the outcomes and how to reach them")
    outcomes: list[Outcome] = []
    team: list[TeamMember] = []
    kpis: list[Kpi] = []
    use_cases: list[UseCase] = []
    barriers: list[Barrier] = []
    milestones: list[Milestone] = []
    process_changes: list[ProcessChange] = []
    communications: list[Communication] = []
    results: Results = Results()
    quarters: dict[QuarterKey, Quarter] = {}

    @field_validator("kpis")
    @classmethod
    def _unique_kpis(cls, value: list[Kpi]) -> list[Kpi]:
        seen: set[str] = set()
        for kpi in value:
            if kpi.id in seen:
                raise PydanticCustomError(
                    "kpi_id", "expected unique KPI ids, found \"{id}\" twice", {"id": kpi.id}
                )
            seen.add(kpi.id)
        return value

    def latest_quarter(self) -> str | None:
        """The latest quarter key present, or None when the file has no quarters."""
        return max(self.quarters, default=None)

    def previous_quarter(self, key: str) -> str | None:
        """The latest quarter key before ``key`` in the file, or None."""
        return max((k for k in self.quarters if k < key), default=None)


def build() -> None:
    """Make the client file's validator now (it is made at the first validation
    otherwise): for a process about to fork workers, which then start with it."""
    Client.model_rebuild()


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a client file, for editors (``"$schema"``)."""
    schema = Client.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "docgen client file"
    return schema


def load_client(path):
    """Read and validate one client file (see :func:`generator.loader.load_client`)."""
    from .loader import load_client as load

    return load(path)
