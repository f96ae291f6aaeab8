"""Meeting dates for the twelve-month engagement plan.

Pure date logic: no I/O, no locale, no clock. The same settings and items
always give the same schedule.

Rules (the documented defaults)
-------------------------------
Plan year
    Starts on the 1st of the month of ``plan_start`` and runs twelve months;
    plan-month numbers are 1..12.

Working day
    Monday to Friday and not a public holiday of ``country`` (and of
    ``subdivision`` when given), as listed by the ``holidays`` package. Days
    off that the package lists (observed and transferred days, e.g. 2027-02-22
    and 2027-12-31 in Russia) count as holidays; weekend days that a country
    turns into working days are still not used for meetings.

Meeting rule
    ``"<first|second|third|fourth|last> <weekday>"`` or
    ``"<first|last> working day"``, case-insensitive, extra whitespace
    tolerated.

Monthly slot
    The rule's date in the month. A date that is not a working day moves to
    the next working day; if that would leave the month, to the previous
    working day instead.

Cadences and months
    monthly items meet in every plan month, quarterly items in
    ``quarterly_months``, annual items in ``annual_month``, onboarding items
    in the months of the first three monthly slots on or after ``go_live``
    (slots before the plan year count towards the three but are not shown;
    no onboarding without a go-live or with a go-live after the plan year).
    ``months`` on an item replaces these default months; ``skip_months``
    removes months. ``dates`` pins an item to exactly those dates (dates
    outside the plan year are ignored, weekends and holidays are kept as
    given, ``months``/``skip_months`` do not apply).

Reviews replace lower cadences
    A quarterly month (one of ``quarterly_months`` in which a quarterly item
    meets) holds the quarterly review on the monthly slot instead of the
    monthly review: monthly items do not meet that month. In the annual month
    (``annual_month``, when an annual item meets there) the annual review
    replaces the quarterly review of that month and the monthly one: it
    carries the quarterly agenda (every quarterly item following its default
    months meets that month, whether or not it is one of ``quarterly_months``)
    plus the annual items, and monthly items do not meet. Only items following
    their cadence's default months are replaced; an item whose ``months`` were
    set explicitly meets in those months and joins the meeting on the slot.

keep_monthly_with_quarterly
    When true, monthly items are not replaced: they meet on the monthly slot
    and the review (quarterly or annual) is held on the next working day
    after it, or the previous working day if that would leave the month.
    This applies to any month where both monthly and review items meet.

Onboarding window
    The plan months of the first three monthly slots on or after go-live.
    An onboarding item that a file re-times (``months`` or ``dates``) into a
    month outside the window meets there as a *one-off* item: the meeting
    lists it as its cadence ``"one-off"`` (see :attr:`Meeting.cadences`).
    An item of cadence ``"one-off"`` meets only in the ``months`` or on the
    ``dates`` it is given.

Meetings
    Items meeting on the same date share one meeting. Onboarding items join
    the meeting on the monthly slot. A meeting's kind is ``"annual"`` only for
    the annual review (the meeting on the annual month's review day holding
    an annual item); any other meeting is of its highest other cadence
    (quarterly > monthly > onboarding), or ``"session"`` when it holds only
    one-off items or annual items off the annual review (an item given its
    own dates, say). Its items keep the order in which they were given.

Length
    Each cadence has a length (``durations``: onboarding 60, monthly 30,
    quarterly 90, annual 120 minutes by default; a one-off item takes the
    onboarding length) and an item may give its own (``duration_minutes``).
    A meeting lasts as long as the longest of its items. Start and end are
    aware datetimes in ``timezone``; the end is that many minutes of elapsed
    time later.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "CADENCES",
    "DEFAULT_DURATIONS",
    "KINDS",
    "ONE_OFF",
    "QUARTER_PATTERN",
    "RULE_PATTERN",
    "SESSION",
    "AgendaItem",
    "HolidayCalendarError",
    "Meeting",
    "MeetingRule",
    "Schedule",
    "ScheduleSettings",
    "build_schedule",
    "holiday_region",
    "holiday_regions",
    "parse_rule",
    "plan_months",
    "quarter_bounds",
    "quarter_label_of",
    "slot_date",
]

CADENCES = ("onboarding", "monthly", "quarterly", "annual")
"""Cadences in display order; also their rank, lowest first, for a meeting's kind."""

ONE_OFF = "one-off"
"""The cadence of an onboarding item meeting outside the onboarding window."""

SESSION = "session"
"""The kind of a meeting that holds only one-off items or annual items off the annual
review: it is named by its items, not by a cadence."""

KINDS = (*CADENCES, SESSION)
"""Every kind a meeting can be."""

DEFAULT_DURATIONS = {"onboarding": 60, "monthly": 30, "quarterly": 90, "annual": 120}
"""Minutes a meeting of each cadence lasts unless the file says otherwise."""

_RANK = {cadence: rank for rank, cadence in enumerate(CADENCES)}

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
_WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
_ORDINAL_WORDS = {number: word for word, number in _ORDINALS.items()}
_WEEKDAY_WORDS = {number: word for word, number in _WEEKDAYS.items()}


def _any_case(word: str) -> str:
    """A regex matching ``word`` in any letter case, without inline flags."""
    return "".join(f"[{c.upper()}{c}]" if c.isalpha() else re.escape(c) for c in word)


def _alternatives(words: Iterable[str]) -> str:
    return "(?:" + "|".join(_any_case(w) for w in words) + ")"


RULE_PATTERN = (
    r"^\s*(?:"
    + _alternatives(_ORDINALS)
    + r"\s+"
    + _alternatives(_WEEKDAYS)
    + "|"
    + _alternatives(("first", "last"))
    + r"\s+"
    + _any_case("working")
    + r"\s+"
    + _any_case("day")
    + r")\s*$"
)
"""Regex matching exactly what :func:`parse_rule` accepts.

Case-insensitivity is spelled out with character classes (``[Ss][Ee]...``)
rather than an inline ``(?i)`` flag, so the pattern also works as a JSON
Schema ``pattern`` (ECMA-262) in editors.
"""

QUARTER_PATTERN = r"^\d{4}-Q[1-4]$"

_RULE_FORMS = (
    "'<first|second|third|fourth|last> <monday..sunday>' (e.g. 'second tuesday') "
    "or 'first working day' / 'last working day'"
)


@dataclass(frozen=True)
class MeetingRule:
    """Which day of a month the regular meeting is on.

    ``ordinal`` is 1..4 for first..fourth or -1 for last; ``weekday`` is
    0=Monday..6=Sunday, or None for "working day".
    """

    ordinal: int
    weekday: int | None

    def __post_init__(self) -> None:
        if self.ordinal not in _ORDINAL_WORDS:
            raise ValueError(f"meeting rule ordinal must be 1..4 or -1, not {self.ordinal!r}")
        if self.weekday is None:
            if self.ordinal not in (1, -1):
                raise ValueError("a 'working day' rule must be the first or the last")
        elif self.weekday not in _WEEKDAY_WORDS:
            raise ValueError(f"meeting rule weekday must be 0..6, not {self.weekday!r}")

    def __str__(self) -> str:
        day = "working day" if self.weekday is None else _WEEKDAY_WORDS[self.weekday]
        return f"{_ORDINAL_WORDS[self.ordinal]} {day}"


def parse_rule(text: str) -> MeetingRule:
    """Parse ``"second tuesday"``, ``"last thursday"``, ``"first working day"`` ...

    Case-insensitive; extra whitespace is tolerated. Raises ValueError naming
    the accepted forms for anything else.
    """
    words = text.lower().split() if isinstance(text, str) else []
    if len(words) == 2 and words[0] in _ORDINALS and words[1] in _WEEKDAYS:
        return MeetingRule(_ORDINALS[words[0]], _WEEKDAYS[words[1]])
    if words in (["first", "working", "day"], ["last", "working", "day"]):
        return MeetingRule(_ORDINALS[words[0]], None)
    raise ValueError(f"unknown meeting rule {text!r}; expected {_RULE_FORMS}")


@dataclass(frozen=True)
class AgendaItem:
    """One row of the plan grid, as far as dates are concerned."""

    id: str
    cadence: str
    months: tuple[int, ...] | None = None
    dates: tuple[date, ...] = ()
    skip_months: tuple[int, ...] = ()
    duration_minutes: int | None = None  # None: the length of its cadence


@dataclass(frozen=True)
class ScheduleSettings:
    """Everything besides the agenda items that decides the dates."""

    plan_start: date
    go_live: date | None
    rule: MeetingRule
    country: str
    subdivision: str | None = None
    start_time: time = time(10, 0)
    durations: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_DURATIONS))
    timezone: str = "UTC"
    quarterly_months: tuple[int, ...] = (3, 6, 9, 12)
    annual_month: int = 12
    keep_monthly_with_quarterly: bool = False


@dataclass(frozen=True)
class Meeting:
    """One event: a date and the agenda items discussed at it. ``cadences`` holds each
    item's cadence at this meeting (its own, or ``"one-off"`` for an onboarding item
    outside the onboarding window), in the order of ``item_ids``."""

    date: date
    start: datetime
    end: datetime
    plan_month: int
    kind: str
    item_ids: tuple[str, ...]
    cadences: tuple[str, ...] = ()

    @property
    def duration_minutes(self) -> int:
        return round((self.end.astimezone(UTC) - self.start.astimezone(UTC)).total_seconds()
                     / 60)


@dataclass(frozen=True)
class Schedule:
    """The plan year's months and its meetings, sorted by start."""

    months: tuple[date, ...]
    meetings: tuple[Meeting, ...]
    onboarding_months: frozenset[int] = frozenset()  # plan months of the onboarding window

    def dates_for(self, item_id: str) -> dict[int, date]:
        """Plan month -> the date ``item_id`` meets that month (the earliest if several).

        An unknown id gives an empty dict.
        """
        found: dict[int, date] = {}
        for meeting in self.meetings:
            if item_id in meeting.item_ids and meeting.plan_month not in found:
                found[meeting.plan_month] = meeting.date
        return found


# --- months and quarters -------------------------------------------------------------------


def _add_months(first: date, count: int) -> date:
    index = first.year * 12 + first.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def plan_months(plan_start: date) -> tuple[date, ...]:
    """The first day of each of the twelve plan months, starting with ``plan_start``'s month."""
    first = plan_start.replace(day=1)
    return tuple(_add_months(first, n) for n in range(12))


def _plan_month_of(months: tuple[date, ...], day: date) -> int | None:
    number = (day.year - months[0].year) * 12 + day.month - months[0].month + 1
    return number if 1 <= number <= 12 else None


def quarter_bounds(quarter: str) -> tuple[date, date]:
    """``"2026-Q4"`` -> ``(date(2026, 10, 1), date(2026, 12, 31))``; ValueError on a bad form."""
    if not isinstance(quarter, str) or not re.fullmatch(QUARTER_PATTERN, quarter, re.ASCII):
        raise ValueError(f"quarter must look like '2026-Q4', not {quarter!r}")
    year, number = int(quarter[:4]), int(quarter[-1])
    if year < 1:
        raise ValueError(f"quarter must look like '2026-Q4', not {quarter!r}")
    first_month = 3 * number - 2
    last_month = first_month + 2
    last_day = calendar.monthrange(year, last_month)[1]
    return date(year, first_month, 1), date(year, last_month, last_day)


def quarter_label_of(d: date) -> str:
    """The calendar quarter containing ``d``: ``date(2026, 11, 3)`` -> ``"2026-Q4"``."""
    return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"


# --- working days and slots ----------------------------------------------------------------


class HolidayCalendarError(ValueError):
    """No public holiday calendar for a country or subdivision; ``field`` is which
    ("country" or "subdivision")."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def holiday_regions(country: str) -> tuple[str, ...] | None:
    """The subdivisions of ``country`` with their own holidays, as the ``holidays``
    package spells them (``ENG``, ``CA``, ``Flemish``); None when it has no calendar
    for the country."""
    import holidays  # imported on use: loading it costs more than validating a file
    from holidays.registry import COUNTRIES

    code = country.upper()
    if all(entry[1] != code for entry in COUNTRIES.values()):
        return None
    # one country's calendar, not every country's (list_supported_countries loads all)
    return tuple(getattr(holidays, code).subdivisions)


def holiday_region(country: str, subdivision: str | None) -> str | None:
    """``subdivision`` spelled as the ``holidays`` package spells it (any letter case is
    accepted), or None for none. HolidayCalendarError when the country or the
    subdivision has no calendar."""
    regions = holiday_regions(country)
    if regions is None:
        raise HolidayCalendarError(f"no public holiday calendar for country '{country}'",
                                   "country")
    if subdivision is None:
        return None
    wanted = subdivision.strip().casefold()
    for region in regions:
        if region.casefold() == wanted:
            return region
    raise HolidayCalendarError(
        f"no public holiday calendar for subdivision '{subdivision}' of country '{country}'",
        "subdivision",
    )


@lru_cache(maxsize=64)
def _holiday_dates(country: str, subdivision: str | None, years: tuple[int, ...]) -> frozenset:
    """The public holidays of a country (and subdivision) in ``years``."""
    import holidays

    subdiv = holiday_region(country, subdivision)
    try:
        calendar_ = holidays.country_holidays(country.upper(), subdiv=subdiv, years=years)
    except (KeyError, NotImplementedError) as exc:
        raise HolidayCalendarError(f"no public holiday calendar for country '{country}'",
                                   "country") from exc
    return frozenset(calendar_.keys())


def slot_date(
    year: int, month: int, rule: MeetingRule, is_working_day: Callable[[date], bool]
) -> date:
    """The rule's date in ``year``-``month``, moved off non-working days.

    A date that is not a working day moves to the next working day in the
    month, else to the previous one. ValueError if the month has none.
    """
    days = [date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)]
    if rule.weekday is None:
        target = days[0] if rule.ordinal == 1 else days[-1]
    else:
        matching = [d for d in days if d.weekday() == rule.weekday]
        target = matching[rule.ordinal - 1] if rule.ordinal > 0 else matching[-1]
    if is_working_day(target):
        return target
    if rule.weekday is None and rule.ordinal == -1:
        moved = _previous_working_day(target, is_working_day) or _next_working_day(
            target, is_working_day
        )
    else:
        moved = _next_working_day(target, is_working_day) or _previous_working_day(
            target, is_working_day
        )
    if moved is None:
        raise ValueError(f"no working day in {year}-{month:02d}")
    return moved


def _next_working_day(day: date, is_working_day: Callable[[date], bool]) -> date | None:
    """The first working day after ``day`` in the same month, if any."""
    last = calendar.monthrange(day.year, day.month)[1]
    return next(
        (d for n in range(day.day + 1, last + 1) if is_working_day(d := day.replace(day=n))),
        None,
    )


def _previous_working_day(day: date, is_working_day: Callable[[date], bool]) -> date | None:
    """The last working day before ``day`` in the same month, if any."""
    return next(
        (d for n in range(day.day - 1, 0, -1) if is_working_day(d := day.replace(day=n))),
        None,
    )


# --- the schedule --------------------------------------------------------------------------


def _check_month_numbers(numbers: Iterable[int], what: str) -> None:
    bad = [n for n in numbers if not (isinstance(n, int) and 1 <= n <= 12)]
    if bad:
        raise ValueError(f"{what}: plan-month numbers must be 1..12, not {bad}")


def _validate(settings: ScheduleSettings, items: Sequence[AgendaItem]) -> ZoneInfo:
    _check_month_numbers(settings.quarterly_months, "quarterly_months")
    _check_month_numbers((settings.annual_month,), "annual_month")
    for cadence in CADENCES:
        minutes = settings.durations.get(cadence)
        if not isinstance(minutes, int) or minutes <= 0:
            raise ValueError(f"durations.{cadence} must be a positive number of minutes, "
                             f"not {minutes!r}")
    seen: set[str] = set()
    for item in items:
        if item.cadence not in _RANK and item.cadence != ONE_OFF:
            raise ValueError(
                f"agenda item '{item.id}': cadence must be one of {', '.join(CADENCES)} "
                f"or {ONE_OFF}, "
                f"not {item.cadence!r}"
            )
        if item.id in seen:
            raise ValueError(f"agenda item id '{item.id}' is used twice")
        seen.add(item.id)
        _check_month_numbers(item.months or (), f"agenda item '{item.id}' months")
        _check_month_numbers(item.skip_months, f"agenda item '{item.id}' skip_months")
        if item.duration_minutes is not None and item.duration_minutes <= 0:
            raise ValueError(f"agenda item '{item.id}': duration_minutes must be positive, "
                             f"not {item.duration_minutes}")
    try:
        return ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone '{settings.timezone}'") from exc


def _onboarding_months(
    months: tuple[date, ...], go_live: date | None, slot_of: Callable[[date], date]
) -> set[int]:
    """Plan months of the first three monthly slots on or after go-live."""
    if not _onboarding_possible(months, go_live):
        return set()
    first = go_live.replace(day=1)
    slots = [slot_of(_add_months(first, n)) for n in range(4)]
    chosen = [s for s in slots if s >= go_live][:3]
    return {m for s in chosen if (m := _plan_month_of(months, s)) is not None}


def _onboarding_possible(months: tuple[date, ...], go_live: date | None) -> bool:
    """Whether any of the (at most four) months after go-live reach into the plan year."""
    if go_live is None:
        return False
    return go_live < _add_months(months[-1], 1) and _add_months(go_live, 3) >= months[0]


def _placed_in_month(
    number: int, candidates: dict[int, AgendaItem], settings: ScheduleSettings
) -> tuple[list[int], list[int]]:
    """Split the items meeting in plan month ``number`` after replacement.

    ``candidates`` maps item index -> item for every rule-driven item whose
    months include ``number`` (in the annual month, the quarterly items too).
    Returns (indexes meeting on the monthly slot,
    indexes meeting on the separate review day); the second list is empty
    unless ``keep_monthly_with_quarterly`` asks for two meetings.
    """

    def of(cadence: str, default_only: bool = False) -> list[int]:
        return [
            i
            for i, item in candidates.items()
            if item.cadence == cadence and not (default_only and item.months is not None)
        ]

    annual_month = number == settings.annual_month and bool(of("annual"))
    quarterly_month = number in settings.quarterly_months and bool(of("quarterly"))
    dropped: set[int] = set()
    if (annual_month or quarterly_month) and not settings.keep_monthly_with_quarterly:
        dropped |= set(of("monthly", default_only=True))
    kept = [i for i in candidates if i not in dropped]
    review = [i for i in kept if candidates[i].cadence in ("quarterly", "annual")]
    if settings.keep_monthly_with_quarterly and review and of("monthly"):
        return [i for i in kept if i not in review], review
    return kept, []


def build_schedule(settings: ScheduleSettings, items: Sequence[AgendaItem]) -> Schedule:
    """Work out every meeting of the plan year for ``items`` (see the module rules).

    Raises ValueError for an unknown country, subdivision or time zone, and
    for items or settings outside their ranges.
    """
    tz = _validate(settings, items)
    months = plan_months(settings.plan_start)
    years = {m.year for m in months}
    if _onboarding_possible(months, settings.go_live):
        first = settings.go_live.replace(day=1)
        years |= {_add_months(first, n).year for n in range(4)}
    off = _holiday_dates(settings.country, settings.subdivision, tuple(sorted(years)))

    def is_working_day(day: date) -> bool:
        return day.weekday() < 5 and day not in off

    def slot_of(month: date) -> date:
        return slot_date(month.year, month.month, settings.rule, is_working_day)

    default_months = {
        "monthly": set(range(1, 13)),
        "quarterly": set(settings.quarterly_months),
        "annual": {settings.annual_month},
        "onboarding": _onboarding_months(months, settings.go_live, slot_of),
        ONE_OFF: set(),  # only the months or dates an item is given
    }

    by_date: dict[date, set[int]] = {}  # date -> indexes into items
    for index, item in enumerate(items):
        for day in item.dates:
            if _plan_month_of(months, day) is not None:
                by_date.setdefault(day, set()).add(index)

    ruled = [(i, item) for i, item in enumerate(items) if not item.dates]
    annual_review_day: date | None = None
    for number, month in enumerate(months, start=1):
        candidates = {i: item for i, item in ruled
                      if _meets(item, number, default_months[item.cadence])}
        annual = number == settings.annual_month and any(
            item.cadence == "annual" for item in candidates.values())
        if annual:  # the annual review carries the quarterly agenda
            candidates.update({i: item for i, item in ruled if item.cadence == "quarterly"
                               and item.months is None
                               and _meets(item, number, default_months["annual"])})
            candidates = dict(sorted(candidates.items()))
        on_slot, on_review_day = _placed_in_month(number, candidates, settings)
        slot = slot_of(month)
        for i in on_slot:
            by_date.setdefault(slot, set()).add(i)
        review_day = slot
        if on_review_day:
            review_day = (
                _next_working_day(slot, is_working_day)
                or _previous_working_day(slot, is_working_day)
                or slot
            )
            for i in on_review_day:
                by_date.setdefault(review_day, set()).add(i)
        if annual:
            annual_review_day = review_day

    window = frozenset(default_months["onboarding"])
    meetings = []
    for day in sorted(by_date):
        indexes = sorted(by_date[day])
        plan_month = _plan_month_of(months, day)
        cadences = tuple(
            ONE_OFF if items[i].cadence == "onboarding" and plan_month not in window
            else items[i].cadence
            for i in indexes
        )
        minutes = max(
            items[i].duration_minutes
            or settings.durations["onboarding" if cadence == ONE_OFF else cadence]
            for i, cadence in zip(indexes, cadences, strict=True)
        )
        start = datetime.combine(day, settings.start_time, tzinfo=tz)
        end = (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(tz)
        meetings.append(
            Meeting(
                date=day,
                start=start,
                end=end,
                plan_month=plan_month,
                kind=_kind(cadences, annual_review=day == annual_review_day),
                item_ids=tuple(items[i].id for i in indexes),
                cadences=cadences,
            )
        )
    return Schedule(months=months, meetings=tuple(meetings), onboarding_months=window)


def _meets(item: AgendaItem, number: int, default: set[int]) -> bool:
    """Whether rule-driven ``item`` meets in plan month ``number`` (``default``: the
    months of its cadence)."""
    return number not in item.skip_months and number in (
        default if item.months is None else item.months)


def _kind(cadences: Sequence[str], annual_review: bool) -> str:
    """A meeting's kind: "annual" for the annual review only, else its highest other
    cadence, else "session" (only one-off items, or annual items off the review)."""
    if annual_review and "annual" in cadences:
        return "annual"
    regular = [c for c in cadences if c in _RANK and c != "annual"]
    return max(regular, key=_RANK.__getitem__) if regular else SESSION
