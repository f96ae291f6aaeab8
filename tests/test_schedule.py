"""Meeting dates of the engagement plan.

Every expected date below was read off a printed calendar (``python -m calendar
2027``) and the public holiday lists, not produced by the code under test.

Russian public holidays in 2027 as listed by ``holidays`` (0.109): 1-8 January,
23 February, 8 March, 1 and 9 May, 12 June, 4 November, plus the days off
moved by the government's transfer decree: 22 February (from Sat 20 Feb),
3 May (for Sat 1 May), 10 May (for Sun 9 May), 14 June (for Sat 12 June),
5 November (from Sat 2 Jan) and 31 December (from Sun 3 Jan).

England 2027: 1 Jan, Good Friday 26 Mar, Easter Monday 29 Mar, 3 May, 31 May,
30 Aug, 27-28 Dec (observed); 2028: 3 Jan (observed), 14 and 17 Apr, 1 May,
29 May, 28 Aug, 25-26 Dec. British Summer Time starts on 28 March 2027.
"""

from __future__ import annotations

import re
from datetime import UTC, date, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from generator.schedule import (
    DEFAULT_DURATIONS,
    QUARTER_PATTERN,
    RULE_PATTERN,
    AgendaItem,
    MeetingRule,
    ScheduleSettings,
    build_schedule,
    parse_rule,
    plan_months,
    quarter_bounds,
    quarter_label_of,
    slot_date,
)

D = date

RU_2027_DAYS_OFF = {
    *(D(2027, 1, day) for day in range(1, 9)),
    D(2027, 2, 23),
    D(2027, 3, 8),
    D(2027, 5, 1),
    D(2027, 5, 9),
    D(2027, 6, 12),
    D(2027, 11, 4),
    # transferred / observed days off
    D(2027, 2, 22),
    D(2027, 5, 3),
    D(2027, 5, 10),
    D(2027, 6, 14),
    D(2027, 11, 5),
    D(2027, 12, 31),
}

SECOND_TUESDAYS_RU_2027 = [
    D(2027, 1, 12),
    D(2027, 2, 9),
    D(2027, 3, 9),
    D(2027, 4, 13),
    D(2027, 5, 11),
    D(2027, 6, 8),
    D(2027, 7, 13),
    D(2027, 8, 10),
    D(2027, 9, 14),
    D(2027, 10, 12),
    D(2027, 11, 9),
    D(2027, 12, 14),
]

MONTHLY = AgendaItem("monthly-review", "monthly")
QUARTERLY = AgendaItem("qbr", "quarterly")
ANNUAL = AgendaItem("annual-review", "annual")
ONBOARDING = AgendaItem("onboarding-check", "onboarding")


def settings(rule: str = "second tuesday", **overrides) -> ScheduleSettings:
    values = {
        "plan_start": D(2027, 1, 1),
        "go_live": None,
        "rule": parse_rule(rule),
        "country": "RU",
    }
    values.update(overrides)
    return ScheduleSettings(**values)


def weekdays_except(*days_off: date):
    return lambda d: d.weekday() < 5 and d not in days_off


def by_month(dates: list[date], first: int = 1) -> dict[int, date]:
    return {number: d for number, d in enumerate(dates, start=first)}


# --- parse_rule and RULE_PATTERN -------------------------------------------------------------

ACCEPTED = {
    "second tuesday": MeetingRule(2, 1),
    "last thursday": MeetingRule(-1, 3),
    "first working day": MeetingRule(1, None),
    "last working day": MeetingRule(-1, None),
    "first monday": MeetingRule(1, 0),
    "third wednesday": MeetingRule(3, 2),
    "fourth friday": MeetingRule(4, 4),
    "last sunday": MeetingRule(-1, 6),
    "first saturday": MeetingRule(1, 5),
    "Second Tuesday": MeetingRule(2, 1),
    "LAST FRIDAY": MeetingRule(-1, 4),
    "  second   tuesday  ": MeetingRule(2, 1),
    "First  Working\tDay": MeetingRule(1, None),
}

REJECTED = [
    "",
    "   ",
    "tuesday",
    "second",
    "2nd tuesday",
    "fifth monday",
    "second working day",
    "third working day",
    "every tuesday",
    "second tues",
    "second tuesday of the month",
    "secondtuesday",
    "first workingday",
    "last working",
    "working day",
]


@pytest.mark.parametrize(("text", "rule"), ACCEPTED.items())
def test_parse_rule_accepts(text, rule):
    assert parse_rule(text) == rule


@pytest.mark.parametrize("text", REJECTED)
def test_parse_rule_rejects_with_accepted_forms(text):
    with pytest.raises(ValueError) as caught:
        parse_rule(text)
    message = str(caught.value)
    assert "second tuesday" in message
    assert "first working day" in message
    assert "last working day" in message


@pytest.mark.parametrize("text", [*ACCEPTED, *REJECTED])
def test_rule_pattern_matches_exactly_what_parse_rule_accepts(text):
    assert bool(re.fullmatch(RULE_PATTERN, text)) == (text in ACCEPTED)


def test_rule_pattern_needs_no_inline_flag_for_json_schema():
    assert "(?i" not in RULE_PATTERN
    assert re.search(RULE_PATTERN, "Last Working Day")


# --- quarters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quarter", "bounds"),
    [
        ("2026-Q4", (D(2026, 10, 1), D(2026, 12, 31))),
        ("2027-Q1", (D(2027, 1, 1), D(2027, 3, 31))),
        ("2027-Q2", (D(2027, 4, 1), D(2027, 6, 30))),
        ("2027-Q3", (D(2027, 7, 1), D(2027, 9, 30))),
    ],
)
def test_quarter_bounds(quarter, bounds):
    assert quarter_bounds(quarter) == bounds
    assert re.fullmatch(QUARTER_PATTERN, quarter)


@pytest.mark.parametrize(
    "quarter",
    ["2026-Q5", "2026-Q0", "2026Q4", "2026-q4", "26-Q4", " 2026-Q4", "2026-Q4 ", "2026-Q4\n", ""],
)
def test_quarter_bounds_rejects_bad_forms(quarter):
    with pytest.raises(ValueError, match="2026-Q4"):
        quarter_bounds(quarter)


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (D(2026, 11, 3), "2026-Q4"),
        (D(2027, 1, 1), "2027-Q1"),
        (D(2027, 3, 31), "2027-Q1"),
        (D(2027, 4, 1), "2027-Q2"),
        (D(2027, 9, 30), "2027-Q3"),
        (D(2027, 12, 31), "2027-Q4"),
    ],
)
def test_quarter_label_of(day, label):
    assert quarter_label_of(day) == label


# --- plan months ------------------------------------------------------------------------------


def test_plan_months_start_on_the_first_of_the_start_month():
    assert plan_months(D(2027, 1, 1)) == tuple(D(2027, m, 1) for m in range(1, 13))


def test_plan_starting_mid_year_crosses_into_next_year():
    assert plan_months(D(2027, 9, 15)) == (
        D(2027, 9, 1),
        D(2027, 10, 1),
        D(2027, 11, 1),
        D(2027, 12, 1),
        D(2028, 1, 1),
        D(2028, 2, 1),
        D(2028, 3, 1),
        D(2028, 4, 1),
        D(2028, 5, 1),
        D(2028, 6, 1),
        D(2028, 7, 1),
        D(2028, 8, 1),
    )


def test_mid_year_plan_uses_holidays_of_both_years():
    # GB first working days, Sep 2027 .. Aug 2028. 3 Jan 2028 is the observed
    # New Year holiday, 1 May 2028 is May Day.
    schedule = build_schedule(
        settings("first working day", plan_start=D(2027, 9, 15), country="GB"), [MONTHLY]
    )
    assert schedule.months[0] == D(2027, 9, 1)
    assert schedule.dates_for(MONTHLY.id) == by_month(
        [
            D(2027, 9, 1),
            D(2027, 10, 1),
            D(2027, 11, 1),
            D(2027, 12, 1),
            D(2028, 1, 4),
            D(2028, 2, 1),
            D(2028, 3, 1),
            D(2028, 4, 3),
            D(2028, 5, 2),
            D(2028, 6, 1),
            D(2028, 7, 3),
            D(2028, 8, 1),
        ]
    )


# --- slot_date --------------------------------------------------------------------------------


class TestSlotDate:
    def test_rule_date_that_is_a_working_day_is_kept(self):
        assert slot_date(2027, 1, MeetingRule(2, 1), weekdays_except()) == D(2027, 1, 12)

    def test_last_weekday_of_month(self):
        assert slot_date(2027, 1, MeetingRule(-1, 3), weekdays_except()) == D(2027, 1, 28)

    def test_holiday_moves_to_next_working_day(self):
        # fourth Tuesday of April 2027 is the 27th
        working = weekdays_except(D(2027, 4, 27))
        assert slot_date(2027, 4, MeetingRule(4, 1), working) == D(2027, 4, 28)

    def test_weekend_rule_moves_to_next_working_day(self):
        # first Saturday of May 2027 is the 1st -> Monday 3rd
        assert slot_date(2027, 5, MeetingRule(1, 5), weekdays_except()) == D(2027, 5, 3)

    def test_last_friday_holiday_at_month_end_moves_back(self):
        # last Friday of April 2027 is the 30th, the last day of the month
        working = weekdays_except(D(2027, 4, 30))
        assert slot_date(2027, 4, MeetingRule(-1, 4), working) == D(2027, 4, 29)

    def test_last_sunday_at_month_end_moves_back_to_friday(self):
        # 31 October 2027 is a Sunday
        assert slot_date(2027, 10, MeetingRule(-1, 6), weekdays_except()) == D(2027, 10, 29)

    def test_first_and_last_working_day(self):
        working = weekdays_except(D(2027, 2, 1), D(2027, 2, 26))
        assert slot_date(2027, 2, MeetingRule(1, None), working) == D(2027, 2, 2)
        assert slot_date(2027, 2, MeetingRule(-1, None), working) == D(2027, 2, 25)

    def test_month_without_working_day_is_an_error(self):
        with pytest.raises(ValueError):
            slot_date(2027, 2, MeetingRule(2, 1), lambda d: False)


# --- Russia -----------------------------------------------------------------------------------


class TestRussianClient:
    def test_second_tuesday_all_twelve_months(self):
        schedule = build_schedule(settings("second tuesday"), [MONTHLY])
        assert [m.date for m in schedule.meetings] == SECOND_TUESDAYS_RU_2027
        assert [m.plan_month for m in schedule.meetings] == list(range(1, 13))
        assert schedule.dates_for(MONTHLY.id) == by_month(SECOND_TUESDAYS_RU_2027)

    def test_first_working_day_all_twelve_months(self):
        # January: 1-8 are holidays, 9-10 a weekend. May: 1-2 weekend, 3 observed holiday.
        # August 1 is a Sunday.
        schedule = build_schedule(settings("first working day"), [MONTHLY])
        assert [m.date for m in schedule.meetings] == [
            D(2027, 1, 11),
            D(2027, 2, 1),
            D(2027, 3, 1),
            D(2027, 4, 1),
            D(2027, 5, 4),
            D(2027, 6, 1),
            D(2027, 7, 1),
            D(2027, 8, 2),
            D(2027, 9, 1),
            D(2027, 10, 1),
            D(2027, 11, 1),
            D(2027, 12, 1),
        ]

    def test_first_working_day_of_january_is_after_new_year_holidays(self):
        schedule = build_schedule(settings("first working day"), [MONTHLY])
        assert schedule.dates_for(MONTHLY.id)[1] == D(2027, 1, 11)
        assert schedule.dates_for(MONTHLY.id)[1] > D(2027, 1, 8)

    def test_first_tuesday_in_january_skips_the_whole_holiday_week(self):
        # 5 January is a holiday, so are 6-8, then a weekend
        schedule = build_schedule(settings("first tuesday"), [MONTHLY])
        assert schedule.dates_for(MONTHLY.id)[1] == D(2027, 1, 11)

    def test_rule_on_holiday_moves_to_next_working_day(self):
        # fourth Tuesday of February 2027 is the 23rd, Defender of the Fatherland Day
        schedule = build_schedule(settings("fourth tuesday"), [MONTHLY])
        assert schedule.dates_for(MONTHLY.id)[2] == D(2027, 2, 24)

    def test_second_monday_moves_off_march_8_and_may_10(self):
        schedule = build_schedule(settings("second monday"), [MONTHLY])
        dates = schedule.dates_for(MONTHLY.id)
        assert dates[3] == D(2027, 3, 9)
        assert dates[5] == D(2027, 5, 11)
        assert dates[6] == D(2027, 6, 15)  # 14 June is the observed Russia Day

    def test_last_friday_on_december_31_moves_back(self):
        # 31 December 2027 is a Friday and a day off; nothing later in the month
        schedule = build_schedule(settings("last friday"), [MONTHLY])
        assert schedule.dates_for(MONTHLY.id)[12] == D(2027, 12, 30)

    def test_last_working_day_of_december(self):
        schedule = build_schedule(settings("last working day"), [MONTHLY])
        assert schedule.dates_for(MONTHLY.id)[12] == D(2027, 12, 30)

    @pytest.mark.parametrize("keep", [False, True])
    @pytest.mark.parametrize(
        "rule",
        [
            f"{ordinal} {day}"
            for ordinal in ("first", "second", "third", "fourth", "last")
            for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
        ]
        + ["first sunday", "last sunday", "first working day", "last working day"],
    )
    def test_no_meeting_on_a_weekend_or_public_holiday(self, rule, keep):
        schedule = build_schedule(
            settings(rule, go_live=D(2027, 1, 1), keep_monthly_with_quarterly=keep),
            [ONBOARDING, MONTHLY, QUARTERLY, ANNUAL],
        )
        assert len(schedule.meetings) >= 12
        for meeting in schedule.meetings:
            assert meeting.date.weekday() < 5, meeting
            assert meeting.date not in RU_2027_DAYS_OFF, meeting


# --- onboarding and go-live -------------------------------------------------------------------


class TestUkGoLive:
    """GB (England), plan April 2027 - March 2028, second Tuesday.

    Slots: 13 Apr, 11 May, 8 Jun, 13 Jul, 10 Aug, 14 Sep, 12 Oct, 9 Nov, 14 Dec 2027,
    11 Jan, 8 Feb, 14 Mar 2028.
    """

    def build(self, go_live, items=(ONBOARDING,), **overrides):
        return build_schedule(
            settings(
                plan_start=D(2027, 4, 1),
                go_live=go_live,
                country="GB",
                subdivision="ENG",
                **overrides,
            ),
            list(items),
        )

    def test_onboarding_in_the_three_months_after_go_live(self):
        schedule = self.build(D(2027, 7, 20))  # after the July slot
        assert schedule.dates_for(ONBOARDING.id) == {
            5: D(2027, 8, 10),
            6: D(2027, 9, 14),
            7: D(2027, 10, 12),
        }

    def test_go_live_on_a_slot_counts_that_slot(self):
        schedule = self.build(D(2027, 7, 13))
        assert schedule.dates_for(ONBOARDING.id) == {
            4: D(2027, 7, 13),
            5: D(2027, 8, 10),
            6: D(2027, 9, 14),
        }

    def test_onboarding_joins_the_quarterly_meeting(self):
        schedule = self.build(D(2027, 7, 20), items=(QUARTERLY, MONTHLY, ONBOARDING))
        september = [m for m in schedule.meetings if m.plan_month == 6]
        assert len(september) == 1
        assert september[0].date == D(2027, 9, 14)
        assert september[0].kind == "quarterly"
        assert september[0].item_ids == (QUARTERLY.id, ONBOARDING.id)
        august = [m for m in schedule.meetings if m.plan_month == 5]
        assert august[0].kind == "monthly"
        assert august[0].item_ids == (MONTHLY.id, ONBOARDING.id)

    def test_go_live_before_plan_start_keeps_only_slots_inside_the_plan(self):
        # slots on/after 20 Feb 2027: 9 Mar (before the plan), 13 Apr, 11 May
        schedule = self.build(D(2027, 2, 20))
        assert schedule.dates_for(ONBOARDING.id) == {1: D(2027, 4, 13), 2: D(2027, 5, 11)}

    def test_go_live_long_before_plan_means_no_onboarding(self):
        assert self.build(D(2025, 6, 1)).dates_for(ONBOARDING.id) == {}

    def test_go_live_near_the_end_is_cut_at_the_plan_end(self):
        schedule = self.build(D(2028, 2, 1))
        assert schedule.dates_for(ONBOARDING.id) == {11: D(2028, 2, 8), 12: D(2028, 3, 14)}

    def test_go_live_after_the_plan_year_means_no_onboarding(self):
        assert self.build(D(2028, 4, 1)).meetings == ()

    def test_no_go_live_means_no_onboarding(self):
        assert self.build(None).meetings == ()

    def test_bank_holidays_on_both_sides_of_new_year(self):
        # first Monday: 3 May 2027 is May Day, 3 Jan 2028 the observed New Year's Day
        schedule = self.build(None, items=(MONTHLY,), rule="first monday")
        dates = schedule.dates_for(MONTHLY.id)
        assert dates[2] == D(2027, 5, 4)
        assert dates[10] == D(2028, 1, 4)
        assert dates[11] == D(2028, 2, 7)


def test_good_friday_as_last_friday_moves_to_tuesday_after_easter():
    # last Friday of March 2027 is Good Friday (26th); 27-28 weekend, 29 Easter Monday
    schedule = build_schedule(settings("last friday", country="GB", subdivision="ENG"), [MONTHLY])
    assert schedule.dates_for(MONTHLY.id)[3] == D(2027, 3, 30)


# --- cadence replacement ----------------------------------------------------------------------


class TestReviewsReplaceLowerCadences:
    ITEMS = (MONTHLY, QUARTERLY, ANNUAL)

    def test_quarterly_replaces_monthly_and_annual_carries_the_quarterly_agenda(self):
        schedule = build_schedule(settings(), self.ITEMS)
        assert [m.date for m in schedule.meetings] == SECOND_TUESDAYS_RU_2027
        kinds = {m.plan_month: m.kind for m in schedule.meetings}
        assert kinds == {
            1: "monthly",
            2: "monthly",
            3: "quarterly",
            4: "monthly",
            5: "monthly",
            6: "quarterly",
            7: "monthly",
            8: "monthly",
            9: "quarterly",
            10: "monthly",
            11: "monthly",
            12: "annual",
        }
        assert sorted(schedule.dates_for(MONTHLY.id)) == [1, 2, 4, 5, 7, 8, 10, 11]
        assert schedule.dates_for(QUARTERLY.id) == {
            3: D(2027, 3, 9),
            6: D(2027, 6, 8),
            9: D(2027, 9, 14),
            12: D(2027, 12, 14),
        }
        assert schedule.dates_for(ANNUAL.id) == {12: D(2027, 12, 14)}
        december = schedule.meetings[-1]
        assert december.item_ids == (QUARTERLY.id, ANNUAL.id)  # the quarterly agenda, and more
        assert december.cadences == ("quarterly", "annual")

    def test_without_quarterly_items_monthly_items_meet_every_month(self):
        schedule = build_schedule(settings(), [MONTHLY, ANNUAL])
        assert sorted(schedule.dates_for(MONTHLY.id)) == list(range(1, 12))
        assert schedule.dates_for(ANNUAL.id) == {12: D(2027, 12, 14)}

    def test_without_annual_items_quarterly_meets_in_the_last_month(self):
        schedule = build_schedule(settings(), [MONTHLY, QUARTERLY])
        assert schedule.dates_for(QUARTERLY.id)[12] == D(2027, 12, 14)
        assert 12 not in schedule.dates_for(MONTHLY.id)

    def test_annual_month_outside_the_quarterly_months(self):
        schedule = build_schedule(settings(annual_month=11), self.ITEMS)
        assert schedule.dates_for(ANNUAL.id) == {11: D(2027, 11, 9)}
        # the annual review carries the quarterly agenda even outside the quarterly months
        assert schedule.dates_for(QUARTERLY.id)[11] == D(2027, 11, 9)
        assert schedule.dates_for(QUARTERLY.id)[12] == D(2027, 12, 14)
        assert [m.kind for m in schedule.meetings if m.plan_month in (11, 12)] == [
            "annual", "quarterly"]
        assert 11 not in schedule.dates_for(MONTHLY.id)
        assert 12 not in schedule.dates_for(MONTHLY.id)

    def test_custom_quarterly_months(self):
        schedule = build_schedule(settings(quarterly_months=(1, 4, 7, 10)), self.ITEMS)
        assert sorted(schedule.dates_for(QUARTERLY.id)) == [1, 4, 7, 10, 12]
        assert sorted(schedule.dates_for(MONTHLY.id)) == [2, 3, 5, 6, 8, 9, 11]

    def test_meeting_kind_is_the_highest_cadence_and_items_keep_given_order(self):
        items = [ONBOARDING, AgendaItem("qa", "quarterly"), MONTHLY, QUARTERLY]
        schedule = build_schedule(settings(go_live=D(2027, 2, 1)), items)
        march = schedule.meetings[2]
        assert march.date == D(2027, 3, 9)
        assert march.kind == "quarterly"
        assert march.item_ids == (ONBOARDING.id, "qa", QUARTERLY.id)
        february = schedule.meetings[1]
        assert february.kind == "monthly"
        assert february.item_ids == (ONBOARDING.id, MONTHLY.id)


class TestOneMeetingPerDateTitledRight:
    ITEMS = (MONTHLY, QUARTERLY, ANNUAL)

    def test_only_the_annual_review_is_annual(self):
        # an annual item re-timed into a monthly month joins that month's meeting
        audit = AgendaItem("audit", "annual", months=(7,))
        schedule = build_schedule(settings(), [*self.ITEMS, audit])
        assert [m.plan_month for m in schedule.meetings if m.kind == "annual"] == [12]
        july = next(m for m in schedule.meetings if m.plan_month == 7)
        assert (july.kind, july.item_ids) == ("monthly", (MONTHLY.id, audit.id))
        assert july.duration_minutes == DEFAULT_DURATIONS["annual"]  # its longest item

    def test_every_date_has_one_meeting_holding_every_item_due(self):
        schedule = build_schedule(settings(go_live=D(2027, 2, 1)), [*self.ITEMS, ONBOARDING])
        dates = [m.date for m in schedule.meetings]
        assert len(dates) == len(set(dates)) == 12
        march = schedule.meetings[2]
        assert (march.kind, march.item_ids) == ("quarterly", (QUARTERLY.id, ONBOARDING.id))

    def test_a_meeting_of_annual_items_alone_off_the_review_is_a_session(self):
        pinned = AgendaItem("audit", "annual", dates=(D(2027, 5, 20),))
        schedule = build_schedule(settings(), [*self.ITEMS, pinned])
        may = [m for m in schedule.meetings if m.plan_month == 5]
        assert [(m.date, m.kind) for m in may] == [(D(2027, 5, 11), "monthly"),
                                                  (D(2027, 5, 20), "session")]


class TestOnboardingWindow:
    def test_onboarding_item_re_timed_outside_the_window_is_one_off(self):
        # go-live 20 Jan: window February, March, April
        training = AgendaItem("training", "onboarding", months=(3, 6))
        schedule = build_schedule(settings(go_live=D(2027, 1, 20)),
                                  [MONTHLY, QUARTERLY, ONBOARDING, training])
        assert schedule.onboarding_months == {2, 3, 4}
        placed = {m.plan_month: dict(zip(m.item_ids, m.cadences, strict=True))
                  for m in schedule.meetings}
        assert placed[3][training.id] == "onboarding"
        assert placed[6][training.id] == "one-off"
        assert placed[2][ONBOARDING.id] == "onboarding"
        assert next(m for m in schedule.meetings if m.plan_month == 6).kind == "quarterly"

    def test_a_meeting_of_one_off_items_alone_is_a_session_of_the_onboarding_length(self):
        training = AgendaItem("training", "onboarding", dates=(D(2027, 9, 22),))
        schedule = build_schedule(settings(go_live=D(2027, 1, 20)), [MONTHLY, training])
        meeting = next(m for m in schedule.meetings if training.id in m.item_ids)
        assert (meeting.kind, meeting.cadences) == ("session", ("one-off",))
        assert meeting.duration_minutes == DEFAULT_DURATIONS["onboarding"]


class TestKeepMonthlyWithQuarterly:
    ITEMS = (MONTHLY, QUARTERLY, ANNUAL)

    def test_review_on_the_next_working_day_after_the_monthly_slot(self):
        schedule = build_schedule(settings(keep_monthly_with_quarterly=True), self.ITEMS)
        assert schedule.dates_for(MONTHLY.id) == by_month(SECOND_TUESDAYS_RU_2027)
        assert schedule.dates_for(QUARTERLY.id) == {
            3: D(2027, 3, 10),
            6: D(2027, 6, 9),
            9: D(2027, 9, 15),
            12: D(2027, 12, 15),
        }
        assert schedule.dates_for(ANNUAL.id) == {12: D(2027, 12, 15)}
        assert schedule.dates_for(QUARTERLY.id)[12] == D(2027, 12, 15)
        march = [m for m in schedule.meetings if m.plan_month == 3]
        assert [(m.date, m.kind, m.item_ids) for m in march] == [
            (D(2027, 3, 9), "monthly", (MONTHLY.id,)),
            (D(2027, 3, 10), "quarterly", (QUARTERLY.id,)),
        ]
        assert len(schedule.meetings) == 16

    def test_review_moves_back_when_the_next_working_day_leaves_the_month(self):
        # last working days 2027: 31 Mar, 30 Jun, 30 Sep, 30 Dec (31 Dec is a day off)
        schedule = build_schedule(
            settings("last working day", keep_monthly_with_quarterly=True), self.ITEMS
        )
        assert schedule.dates_for(QUARTERLY.id) == {
            3: D(2027, 3, 30),
            6: D(2027, 6, 29),
            9: D(2027, 9, 29),
            12: D(2027, 12, 29),
        }
        assert schedule.dates_for(MONTHLY.id)[12] == D(2027, 12, 30)
        assert schedule.dates_for(ANNUAL.id) == {12: D(2027, 12, 29)}

    def test_onboarding_joins_the_monthly_meeting(self):
        schedule = build_schedule(
            settings(keep_monthly_with_quarterly=True, go_live=D(2027, 3, 1)),
            [MONTHLY, QUARTERLY, ONBOARDING],
        )
        march = [m for m in schedule.meetings if m.plan_month == 3]
        assert [m.item_ids for m in march] == [(MONTHLY.id, ONBOARDING.id), (QUARTERLY.id,)]

    def test_without_monthly_items_the_review_takes_the_slot(self):
        schedule = build_schedule(settings(keep_monthly_with_quarterly=True), [QUARTERLY])
        assert schedule.dates_for(QUARTERLY.id)[3] == D(2027, 3, 9)


# --- per-item re-timing -----------------------------------------------------------------------


class TestItemOverrides:
    def test_months_override_replaces_cadence_months(self):
        moved = AgendaItem("roadmap", "quarterly", months=(2, 5, 8, 11))
        schedule = build_schedule(settings(), [MONTHLY, QUARTERLY, moved])
        assert schedule.dates_for(moved.id) == {
            2: D(2027, 2, 9),
            5: D(2027, 5, 11),
            8: D(2027, 8, 10),
            11: D(2027, 11, 9),
        }
        february = schedule.meetings[1]
        assert february.item_ids == (MONTHLY.id, moved.id)
        assert february.kind == "quarterly"
        # the configured quarterly months still replace the monthly review
        assert sorted(schedule.dates_for(MONTHLY.id)) == [1, 2, 4, 5, 7, 8, 10, 11]

    def test_explicit_months_are_not_replaced(self):
        every_month = AgendaItem("tickets", "monthly", months=tuple(range(1, 13)))
        schedule = build_schedule(settings(), [MONTHLY, QUARTERLY, every_month])
        assert sorted(schedule.dates_for(every_month.id)) == list(range(1, 13))
        march = schedule.meetings[2]
        assert march.item_ids == (QUARTERLY.id, every_month.id)
        assert march.kind == "quarterly"

    def test_months_override_for_annual_item(self):
        midyear = AgendaItem("strategy", "annual", months=(6,))
        schedule = build_schedule(settings(), [QUARTERLY, midyear])
        assert schedule.dates_for(midyear.id) == {6: D(2027, 6, 8)}
        assert sorted(schedule.dates_for(QUARTERLY.id)) == [3, 6, 9, 12]

    def test_skip_months(self):
        item = AgendaItem("newsletter", "monthly", skip_months=(1, 8))
        schedule = build_schedule(settings(), [item])
        expected = by_month(SECOND_TUESDAYS_RU_2027)
        del expected[1], expected[8]
        assert schedule.dates_for(item.id) == expected

    def test_skipped_quarterly_leaves_the_monthly_review_in_place(self):
        quarterly = AgendaItem("qbr", "quarterly", skip_months=(6,))
        schedule = build_schedule(settings(), [MONTHLY, quarterly])
        assert sorted(schedule.dates_for(quarterly.id)) == [3, 9, 12]
        assert schedule.dates_for(MONTHLY.id)[6] == D(2027, 6, 8)

    def test_skip_months_applies_to_months_override(self):
        item = AgendaItem("x", "quarterly", months=(2, 5), skip_months=(5,))
        assert build_schedule(settings(), [item]).dates_for("x") == {2: D(2027, 2, 9)}

    def test_pinned_dates(self):
        pinned = AgendaItem(
            "workshop",
            "monthly",
            months=(1, 2),
            skip_months=(3,),
            dates=(
                D(2027, 3, 20),  # a Saturday, kept as chosen
                D(2027, 3, 9),  # the March slot: shares that meeting
                D(2026, 12, 1),  # before the plan year
                D(2028, 1, 11),  # after the plan year
                D(2027, 5, 3),  # a public holiday, kept as chosen
            ),
        )
        schedule = build_schedule(settings(), [MONTHLY, QUARTERLY, pinned])
        assert schedule.dates_for(pinned.id) == {3: D(2027, 3, 9), 5: D(2027, 5, 3)}
        pinned_meetings = [m for m in schedule.meetings if pinned.id in m.item_ids]
        assert [m.date for m in pinned_meetings] == [
            D(2027, 3, 9),
            D(2027, 3, 20),
            D(2027, 5, 3),
        ]
        march_slot = pinned_meetings[0]
        assert march_slot.item_ids == (QUARTERLY.id, pinned.id)
        assert march_slot.kind == "quarterly"
        assert pinned_meetings[1].item_ids == (pinned.id,)
        assert pinned_meetings[1].kind == "monthly"
        assert pinned_meetings[1].plan_month == 3

    def test_pinned_dates_all_outside_the_plan_mean_no_meetings(self):
        pinned = AgendaItem("old", "monthly", dates=(D(2026, 6, 1),))
        assert build_schedule(settings(), [pinned]).meetings == ()


# --- times, errors, determinism ---------------------------------------------------------------


class TestTimes:
    def test_start_and_end_are_aware_in_the_client_time_zone(self):
        schedule = build_schedule(
            settings(timezone="Europe/Moscow", start_time=time(14, 30),
                     durations={**DEFAULT_DURATIONS, "monthly": 90}),
            [MONTHLY],
        )
        first = schedule.meetings[0]
        assert first.start.tzinfo == ZoneInfo("Europe/Moscow")
        assert first.start.isoformat() == "2027-01-12T14:30:00+03:00"
        assert first.end.isoformat() == "2027-01-12T16:00:00+03:00"

    def test_default_is_ten_o_clock_utc_for_the_length_of_the_cadence(self):
        schedule = build_schedule(settings(go_live=D(2027, 1, 1)),
                                  [ONBOARDING, MONTHLY, QUARTERLY, ANNUAL])
        first = schedule.meetings[0]
        assert first.start.isoformat() == "2027-01-12T10:00:00+00:00"
        lengths = {m.plan_month: (m.kind, m.duration_minutes) for m in schedule.meetings}
        # onboarding items make the monthly meetings of the window as long as a session
        assert lengths[1] == ("monthly", 60)
        assert lengths[4] == ("monthly", 30)
        assert lengths[6] == ("quarterly", 90)
        assert lengths[12] == ("annual", 120)
        assert schedule.meetings[3].end - schedule.meetings[3].start == timedelta(minutes=30)

    def test_an_item_may_give_its_own_length_and_a_meeting_lasts_as_its_longest_item(self):
        workshop = AgendaItem("workshop", "monthly", months=(3,), duration_minutes=240)
        schedule = build_schedule(settings(), [MONTHLY, QUARTERLY, workshop])
        march = next(m for m in schedule.meetings if m.plan_month == 3)
        assert march.item_ids == (QUARTERLY.id, workshop.id)
        assert march.duration_minutes == 240
        assert next(m for m in schedule.meetings if m.plan_month == 6).duration_minutes == 90

    def test_offset_follows_summer_time(self):
        schedule = build_schedule(
            settings("last friday", country="GB", subdivision="ENG", timezone="Europe/London"),
            [MONTHLY],
        )
        dates = {m.plan_month: m for m in schedule.meetings}
        assert dates[2].start.isoformat() == "2027-02-26T10:00:00+00:00"
        assert dates[3].start.isoformat() == "2027-03-30T10:00:00+01:00"

    def test_duration_is_elapsed_time_across_a_clock_change(self):
        # clocks go forward at 01:00 GMT on Sunday 28 March 2027
        pinned = AgendaItem("night", "monthly", dates=(D(2027, 3, 28),))
        meeting = build_schedule(
            settings(
                country="GB",
                timezone="Europe/London",
                start_time=time(0, 30),
                durations={**DEFAULT_DURATIONS, "monthly": 180},
            ),
            [pinned],
        ).meetings[0]
        assert meeting.end.astimezone(UTC) - meeting.start.astimezone(UTC) == timedelta(hours=3)
        assert meeting.end.isoformat() == "2027-03-28T04:30:00+01:00"

    def test_meetings_sorted_by_start(self):
        schedule = build_schedule(
            settings(keep_monthly_with_quarterly=True, go_live=D(2027, 1, 1)),
            [ANNUAL, ONBOARDING, QUARTERLY, MONTHLY],
        )
        starts = [m.start for m in schedule.meetings]
        assert starts == sorted(starts)


class TestErrors:
    def test_unknown_country(self):
        with pytest.raises(ValueError, match=r"^no public holiday calendar for country 'XX'$"):
            build_schedule(settings(country="XX"), [MONTHLY])

    def test_unknown_subdivision(self):
        with pytest.raises(ValueError, match="no public holiday calendar"):
            build_schedule(settings(country="GB", subdivision="ZZZ"), [MONTHLY])

    def test_lowercase_country_code_is_accepted(self):
        schedule = build_schedule(settings("first working day", country="ru"), [MONTHLY])
        assert schedule.dates_for(MONTHLY.id)[1] == D(2027, 1, 11)

    def test_unknown_time_zone(self):
        with pytest.raises(ValueError, match="Mars/Olympus"):
            build_schedule(settings(timezone="Mars/Olympus"), [MONTHLY])

    @pytest.mark.parametrize(
        "item",
        [
            AgendaItem("x", "weekly"),
            AgendaItem("x", "monthly", months=(0,)),
            AgendaItem("x", "monthly", months=(13,)),
            AgendaItem("x", "monthly", skip_months=(13,)),
        ],
    )
    def test_bad_items(self, item):
        with pytest.raises(ValueError, match="'x'"):
            build_schedule(settings(), [item])

    def test_duplicate_item_ids(self):
        with pytest.raises(ValueError, match="twice"):
            build_schedule(settings(), [MONTHLY, MONTHLY])

    @pytest.mark.parametrize(
        "overrides",
        [{"quarterly_months": (3, 15)}, {"annual_month": 0},
         {"durations": {**DEFAULT_DURATIONS, "monthly": 0}}],
    )
    def test_bad_settings(self, overrides):
        with pytest.raises(ValueError):
            build_schedule(settings(**overrides), [MONTHLY])

    @pytest.mark.parametrize(("ordinal", "weekday"), [(5, 1), (0, 1), (2, None), (1, 7)])
    def test_invalid_meeting_rule(self, ordinal, weekday):
        with pytest.raises(ValueError):
            MeetingRule(ordinal, weekday)


def test_same_input_same_schedule():
    items = [ONBOARDING, MONTHLY, QUARTERLY, ANNUAL]
    first = build_schedule(settings(go_live=D(2027, 2, 1)), items)
    second = build_schedule(settings(go_live=D(2027, 2, 1)), items)
    assert first == second


def test_dates_for_unknown_item_is_empty():
    assert build_schedule(settings(), [MONTHLY]).dates_for("nope") == {}
