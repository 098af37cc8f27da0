"""EventBridge schedule expressions: documented valid forms pass, each invalid one fails with its reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from landfall.plan.schedule import (
    CRON_FIELDS,
    DAY_NAMES,
    MONTH_NAMES,
    RATE_UNIT_SECONDS,
    is_valid_schedule,
    rate_seconds,
    schedule_problems,
)

VALID = [
    ("cron(0 2 * * ? *)", "02:00 UTC every day (the orders nightly job)"),
    ("cron(0 10 * * ? *)", "10:00 every day"),
    ("cron(15 12 * * ? *)", "12:15 every day"),
    ("cron(0 18 ? * MON-FRI *)", "18:00 on weekdays, day names in a range"),
    ("cron(0 8 1 * ? *)", "08:00 on the first of the month"),
    ("cron(0/15 * * * ? *)", "every 15 minutes from minute 0"),
    ("cron(*/5 * * * ? *)", "every 5 minutes, * as the step base"),
    ("cron(0/10 * ? * MON-FRI *)", "every 10 minutes on weekdays"),
    ("cron(0/5 8-17 ? * MON-FRI *)", "every 5 minutes in office hours"),
    ("cron(0 9 ? * 2#1 *)", "09:00 on the first Monday of the month"),
    ("cron(0 9 ? * MON#1 *)", "# with a day name"),
    ("cron(15 10 ? * 6L 2019-2022)", "10:15 on the last Friday of each month in 2019-2022"),
    ("cron(0 0 ? * FRIL *)", "L after a day name"),
    ("cron(0 0 ? * L *)", "the last day of the week"),
    ("cron(0 0 L * ? *)", "the last day of the month"),
    ("cron(0 0 LW * ? *)", "the last weekday of the month"),
    ("cron(0 0 15W * ? *)", "the weekday closest to the 15th"),
    ("cron(0 12 1,15 * ? *)", "a day-of-month list"),
    ("cron(0 12 ? JAN,APR,JUL,OCT 2 *)", "month names in a list, lowercase-insensitive names below"),
    ("cron(0 12 ? jan,jul mon *)", "names are case-insensitive"),
    ("cron(0 0 1-15/2 * ? *)", "a stepped range"),
    ("cron(59 23 31 12 ? 2199)", "every field at its maximum"),
    ("cron(0 0 1 1 ? 1970)", "the earliest year"),
    ("cron(0 2  *  * ? *)", "extra spaces between fields"),
    ("rate(1 minute)", "singular unit for 1"),
    ("rate(5 minutes)", "plural unit above 1"),
    ("rate(1 hour)", ""),
    ("rate(12 hours)", ""),
    ("rate(1 day)", ""),
    ("rate(7 days)", ""),
]

INVALID = [
    ("cron(0 2 * * * *)", "exactly one of day-of-month and day-of-week must be ?", "* in both day fields"),
    ("cron(0 2 ? * ? *)", "both are ?", "? in both day fields"),
    ("cron(0 2 1 * MON *)", "exactly one of day-of-month and day-of-week must be ?", "values in both day fields"),
    ("cron(0 2 * * ?)", "add the year field", "five fields, as in Unix cron"),
    ("cron(0 0 2 * * ? *)", "got 7", "seven fields, as in Quartz with seconds"),
    ("cron()", "got 0", "no fields"),
    ("cron(60 2 * * ? *)", "minutes: 60 is outside 0-59", "minute out of range"),
    ("cron(0 24 * * ? *)", "hours: 24 is outside 0-23", "hour out of range"),
    ("cron(0 2 0 * ? *)", "day-of-month: 0 is outside 1-31", "day 0"),
    ("cron(0 2 32 * ? *)", "day-of-month: 32 is outside 1-31", "day 32"),
    ("cron(0 2 * 13 ? *)", "month: 13 is outside 1-12", "month 13"),
    ("cron(0 2 ? * 0 *)", "day-of-week: 0 is outside 1-7", "Sunday is 1, not 0"),
    ("cron(0 2 ? * 8 *)", "day-of-week: 8 is outside 1-7", "day of week 8"),
    ("cron(0 2 * * ? 1969)", "year: 1969 is outside 1970-2199", "year too early"),
    ("cron(0 2 * * ? 2200)", "year: 2200 is outside 1970-2199", "year too late"),
    ("cron(0 2 * FOO ? *)", "'FOO' is not allowed", "unknown month name"),
    ("cron(0 2 ? * FUN *)", "'FUN' is not allowed", "unknown day name"),
    ("cron(0 2 ? * 2/2 *)", "/ not allowed", "steps are not allowed in day-of-week"),
    ("cron(0 L * * ? *)", "'L' is not allowed", "L in hours"),
    ("cron(0 2 ? * 2W *)", "'W' is not allowed", "W in day-of-week"),
    ("cron(0 2 3#2 * ? *)", "# not allowed", "# in day-of-month"),
    ("cron(? 2 * * ? *)", "minutes: ? not allowed", "? outside the day fields"),
    ("cron(0 2 1,? * ? *)", "? must stand alone", "? in a list"),
    ("cron(0 2 ? * 3#1,6#3 *)", "one expression only", "two # expressions"),
    ("cron(0 2 ? * 3#6 *)", "must be 1-5", "no month has a sixth Tuesday"),
    ("cron(0 2 L,15 * ? *)", "must stand alone", "L in a list"),
    ("cron(0 2 1W-5 * ? *)", "must stand alone", "W in a range"),
    ("cron(0 2 32W * ? *)", "32 is outside 1-31", "W after an out-of-range day"),
    ("cron(0 2 ? * L,2 *)", "must stand alone", "day-of-week L in a list"),
    ("cron(10-5 2 * * ? *)", "runs backwards", "descending range"),
    ("cron(0/0 2 * * ? *)", "step '0' must be", "zero step"),
    ("cron(0/60 2 * * ? *)", "step '60' must be", "step larger than the field"),
    ("cron(0 2 1- * ? *)", "'' is not a value", "open range"),
    ("cron(0 2 1,,2 * ? *)", "empty list item", "empty list item"),
    ("cron(0.5 2 * * ? *)", ". not allowed", "a decimal"),
    ("Cron(0 2 * * ? *)", "must start with cron( or rate(", "capitalised keyword"),
    ("0 2 * * ? *", "must start with cron( or rate(", "no wrapper"),
    ("cron(0 2 * * ? *", "a cron expression is cron(", "no closing parenthesis"),
    ("rate(1 minutes)", "singular unit", "plural unit for 1"),
    ("rate(5 minute)", "plural unit", "singular unit above 1"),
    ("rate(0 minutes)", "at least 1", "zero"),
    ("rate(-5 minutes)", "not a whole number", "negative"),
    ("rate(05 minutes)", "leading zeros", "leading zero"),
    ("rate(1.5 hours)", "not a whole number", "a decimal"),
    ("rate(1 week)", "'week' is not minute(s), hour(s) or day(s)", "unsupported unit"),
    ("rate(2 Hours)", "'Hours' is not minute(s)", "units are lowercase"),
    ("rate(5)", "a rate expression is rate(<value> <unit>)", "no unit"),
    ("rate(5 minutes", "a rate expression is rate(", "no closing parenthesis"),
    ("every 5 minutes", "must start with cron( or rate(", "prose"),
]


@pytest.mark.parametrize("expression, meaning", VALID, ids=[v[0] for v in VALID])
def test_documented_schedule_forms_are_valid(expression, meaning):
    assert schedule_problems(expression) == [], meaning


@pytest.mark.parametrize("expression, reason, case", INVALID, ids=[v[0] for v in INVALID])
def test_invalid_schedules_are_rejected_with_the_reason(expression, reason, case):
    found = schedule_problems(expression)
    assert found, case
    assert any(reason in problem for problem in found), (case, found)
    assert not is_valid_schedule(expression)


def test_every_problem_in_a_cron_expression_is_reported():
    found = schedule_problems("cron(60 24 32 13 ? 1969)")
    assert len(found) == 5


def test_rate_seconds_of_valid_and_invalid_expressions():
    assert rate_seconds("rate(1 minute)") == 60
    assert rate_seconds("rate(12 hours)") == 43_200
    assert rate_seconds("rate(7 days)") == 604_800
    assert rate_seconds("rate(1 minutes)") is None
    assert rate_seconds("cron(0 2 * * ? *)") is None


_units = st.sampled_from(sorted(RATE_UNIT_SECONDS))


@given(st.integers(min_value=1, max_value=100_000), _units, st.booleans())
def test_a_rate_is_valid_exactly_when_the_unit_agrees_with_the_number(value, unit, plural):
    expression = f"rate({value} {unit}{'s' if plural else ''})"
    assert is_valid_schedule(expression) == (plural == (value > 1))


@given(st.integers(min_value=1, max_value=100_000), _units)
def test_a_valid_rate_lasts_value_times_the_unit(value, unit):
    expression = f"rate({value} {unit}{'s' if value > 1 else ''})"
    assert rate_seconds(expression) == value * RATE_UNIT_SECONDS[unit]


@given(st.integers(max_value=0), _units)
def test_a_rate_below_1_is_never_valid(value, unit):
    assert not is_valid_schedule(f"rate({value} {unit}s)")


def _in_range(spec):
    return st.integers(min_value=spec.low, max_value=spec.high).map(str)


def _out_of_range(spec):
    return st.one_of(st.integers(min_value=spec.high + 1, max_value=spec.high + 500), st.integers(min_value=0, max_value=spec.low - 1) if spec.low > 0 else st.nothing()).map(str)


MINUTES, HOURS, DOM, MONTH, DOW, YEAR = CRON_FIELDS


@given(_in_range(MINUTES), _in_range(HOURS), _in_range(DOM), st.one_of(_in_range(MONTH), st.sampled_from(sorted(MONTH_NAMES))), _in_range(YEAR))
def test_any_in_range_values_make_a_valid_day_of_month_cron(minute, hour, day, month, year):
    assert schedule_problems(f"cron({minute} {hour} {day} {month} ? {year})") == []


@given(_in_range(MINUTES), _in_range(HOURS), st.one_of(_in_range(DOW), st.sampled_from(sorted(DAY_NAMES))))
def test_any_in_range_values_make_a_valid_day_of_week_cron(minute, hour, day):
    assert schedule_problems(f"cron({minute} {hour} ? * {day} *)") == []


@given(st.sampled_from(range(6)), st.data())
def test_an_out_of_range_value_in_any_field_is_rejected_naming_that_field(index, data):
    spec = CRON_FIELDS[index]
    fields = ["0", "0", "1", "1", "?", "2030"]
    if spec.name == "day-of-week":
        fields[2], fields[4] = "?", "1"
    fields[index] = data.draw(_out_of_range(spec))
    found = schedule_problems(f"cron({' '.join(fields)})")
    assert found and all(problem.startswith(spec.name) for problem in found), found
