"""Dates with a precision: parsing, round trips, and an order that never invents certainty."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.dates import Precision, When, days_apart, parse_when
from provenance.errors import InvalidDate

# Years 2..9998 keep every offset conversion inside datetime's range.
moments = st.datetimes(
    min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31, 23, 59, 59), timezones=st.just(UTC)
)
precisions = st.sampled_from(list(Precision))
whens = st.builds(When, moments, precisions)
# Periods within a few days of each other, so overlaps and adjacent periods come up often.
near_whens = st.builds(
    When,
    st.datetimes(min_value=datetime(2025, 11, 1), max_value=datetime(2025, 11, 5), timezones=st.just(UTC)),
    precisions,
)
offsets = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


def written_at_precision(when: When) -> str:
    """The ISO text a researcher would write for this period, no more precise than it is."""
    iso = when.isoformat()
    return {
        Precision.YEAR: iso[:4],
        Precision.MONTH: iso[:7],
        Precision.DAY: iso[:10],
        Precision.MINUTE: iso[:16] + "Z",
        Precision.SECOND: iso,
    }[when.precision]


def iso_offset(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


# --- round trips -------------------------------------------------------------------------------


@given(moments)
def test_second_precision_round_trips_through_isoformat(moment: datetime) -> None:
    when = When(moment, Precision.SECOND)
    again = parse_when(when.isoformat())
    assert again == when
    assert again.at == moment.replace(microsecond=0)
    assert again.precision is Precision.SECOND


@given(whens)
def test_every_precision_round_trips_through_text_written_at_it(when: When) -> None:
    text = written_at_precision(when)
    again = parse_when(text)
    assert again == when
    assert again.precision is when.precision
    assert again.isoformat() == when.isoformat()


@given(moments, st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59))
def test_any_iso_offset_is_stored_as_utc(moment: datetime, minutes: int) -> None:
    local = moment.astimezone(timezone(timedelta(minutes=minutes))).replace(microsecond=0)
    text = local.replace(tzinfo=None).isoformat(timespec="seconds") + iso_offset(minutes)
    when = parse_when(text)
    assert when.at.utcoffset() == timedelta(0)
    assert when.at == local.astimezone(UTC)
    assert when.precision is Precision.SECOND


@given(moments, offsets)
def test_aware_datetimes_are_converted_to_utc(moment: datetime, zone: timezone) -> None:
    when = parse_when(moment.astimezone(zone))
    assert when.at.tzinfo is UTC
    assert when.at == moment.replace(microsecond=0)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2025-11-06T17:52+01:00", "2025-11-06T16:52:00Z"),
        ("2025-11-06T11:52:07-0500", "2025-11-06T16:52:07Z"),
        ("2025-11-07T01:52+09", "2025-11-06T16:52:00Z"),
        ("2025-11-06 16:52", "2025-11-06T16:52:00Z"),
        ("2025-11-06t16:52z", "2025-11-06T16:52:00Z"),
    ],
)
def test_iso_forms_with_offsets(text: str, iso: str) -> None:
    assert parse_when(text).isoformat() == iso


def test_years_before_1000_stay_iso() -> None:
    when = When(datetime(999, 3, 1, 4, 5, 6, tzinfo=UTC), Precision.SECOND)
    assert when.isoformat() == "0999-03-01T04:05:06Z"
    assert When(when.at, Precision.MONTH).display() == "0999-03"
    assert parse_when(when.isoformat()) == when


def test_dates_and_naive_datetimes() -> None:
    assert parse_when(date(2025, 11, 26)) == When(datetime(2025, 11, 26, tzinfo=UTC), Precision.DAY)
    naive = parse_when(datetime(2025, 11, 6, 16, 52, 30, 999))
    assert naive.at == datetime(2025, 11, 6, 16, 52, 30, tzinfo=UTC)
    when = When(datetime(2025, 11, 6, 16, 52, 30, tzinfo=UTC), Precision.MINUTE)
    assert parse_when(when) is when
    assert when.at.second == 0


@pytest.mark.parametrize("precision", [p.value for p in Precision])
def test_precision_given_as_text_truncates_like_the_enum(precision: Any) -> None:
    moment = datetime(2025, 11, 26, 14, 30, 45, 123, tzinfo=UTC)
    from_text = When(moment, precision)
    assert from_text == When(moment, Precision(precision))
    assert from_text.precision is Precision(precision)


# --- ordering ----------------------------------------------------------------------------------


@given(whens)
def test_end_is_after_start(when: When) -> None:
    assert when.end > when.at


def test_end_of_the_last_periods_is_bounded() -> None:
    for precision in Precision:
        last = When(datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), precision)
        assert last.end > last.at
        assert last.compare(parse_when("2025-11-06")) == 1


@given(st.one_of(whens, near_whens), st.one_of(whens, near_whens))
def test_compare_is_antisymmetric(a: When, b: When) -> None:
    ab, ba = a.compare(b), b.compare(a)
    if ab is None:
        assert ba is None
    else:
        assert ba == -ab


@given(near_whens, near_whens)
def test_overlapping_periods_are_never_ordered(a: When, b: When) -> None:
    overlap = a.at < b.end and b.at < a.end
    if overlap:
        assert a.compare(b) is None
        assert not a.before(b) and not b.before(a)
    else:
        expected = -1 if a.end <= b.at else 1
        assert a.compare(b) == expected


@given(whens, whens)
def test_disjoint_periods_are_ordered(a: When, b: When) -> None:
    if a.end <= b.at:
        assert a.compare(b) == -1
        assert b.compare(a) == 1
        assert a.before(b)


@given(st.dates(min_value=date(2, 1, 1), max_value=date(9998, 12, 31)), st.integers(0, 24 * 60 - 1))
def test_a_day_and_a_minute_inside_it_are_unordered(day: date, minute: int) -> None:
    whole_day = When(datetime(day.year, day.month, day.day, tzinfo=UTC), Precision.DAY)
    inside = When(whole_day.at + timedelta(minutes=minute), Precision.MINUTE)
    assert whole_day.compare(inside) is None
    assert inside.compare(whole_day) is None
    next_day = When(whole_day.end, Precision.MINUTE)
    assert whole_day.compare(next_day) == -1


def test_a_day_is_a_whole_day_not_midnight() -> None:
    day = parse_when("mercredi 26 novembre 2025")
    assert day.precision is Precision.DAY
    assert day.at == datetime(2025, 11, 26, tzinfo=UTC)
    assert day.end == datetime(2025, 11, 27, tzinfo=UTC)
    assert day.compare(parse_when("2025-11-26T23:59Z")) is None
    assert day.compare(parse_when("2025-11-26T14:30Z")) is None
    assert day.compare(parse_when("2025-11-25T23:59Z")) == 1
    assert day.compare(parse_when("2025-11-27T00:00Z")) == -1


# --- written forms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("6 Nov 2025 16:52 UTC", "2025-11-06T16:52:00Z", Precision.MINUTE),
        ("16:52 UTC · 6 nov. 2025", "2025-11-06T16:52:00Z", Precision.MINUTE),
        ("17:34 UTC · 24 nov. 2025", "2025-11-24T17:34:00Z", Precision.MINUTE),
        ("Nov 6, 2025 4:52 PM", "2025-11-06T16:52:00Z", Precision.MINUTE),
        ("26 novembre 2025 à 14h30", "2025-11-26T14:30:00Z", Precision.MINUTE),
        ("mercredi 26 novembre 2025", "2025-11-26T00:00:00Z", Precision.DAY),
        ("6 nov. 2025", "2025-11-06T00:00:00Z", Precision.DAY),
        ("novembre 2025", "2025-11-01T00:00:00Z", Precision.MONTH),
        ("Nov 2025", "2025-11-01T00:00:00Z", Precision.MONTH),
        ("décembre 2024", "2024-12-01T00:00:00Z", Precision.MONTH),
        ("2025", "2025-01-01T00:00:00Z", Precision.YEAR),
        ("  2025-11-26  ", "2025-11-26T00:00:00Z", Precision.DAY),
    ],
)
def test_written_forms(text: str, iso: str, precision: Precision) -> None:
    when = parse_when(text)
    assert when.isoformat() == iso
    assert when.precision is precision


def test_display_and_json_follow_the_precision() -> None:
    assert parse_when("16:52 UTC · 6 nov. 2025").display() == "2025-11-06 16:52 UTC"
    assert parse_when("novembre 2025").display() == "2025-11"
    assert parse_when("2025").display() == "2025"
    assert parse_when("2025-11-06T16:52:07Z").to_json() == {
        "at": "2025-11-06T16:52:07Z",
        "precision": "second",
    }


def test_seed_tweets_are_18_days_apart() -> None:
    s1 = parse_when("16:52 UTC · 6 nov. 2025")
    s2 = parse_when("17:34 UTC · 24 nov. 2025")
    assert s1.compare(s2) == -1
    assert days_apart(s1, s2) == 18


def test_from_stored() -> None:
    at = datetime(2025, 11, 24, tzinfo=UTC)
    assert When.from_stored(at, "day") == When(at, Precision.DAY)
    assert When.from_stored(None, "day") is None
    assert When.from_stored(at, None) is None


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "32 nov 2025",
        "2025-02-30",
        "31 février 2025",
        "yesterday",
        "hier",
        "",
        "   ",
        "mercredi 27 novembre 2025",
        "2025-13",
        "2025-11-06T24:00Z",
        "2025-11-06T16:52:60Z",
        "2025-11-06T16:52+25:00",
        "0000",
        # Relative dates are refused even when a year appears somewhere in the text.
        "2025 yesterday",
        "il y a 3 jours 2025",
        "in 2 days 2025",
        # An offset that leaves datetime's range.
        "0001-01-01T00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        "not a date at all",
    ],
)
def test_bad_dates_raise_one_line_invalid_date(text: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_when(text)
    assert "\n" not in str(caught.value)
    assert str(caught.value).strip()


def test_weekday_mismatch_names_both_days() -> None:
    with pytest.raises(InvalidDate, match=r"Wednesday.*Thursday"):
        parse_when("mercredi 27 novembre 2025")


def test_non_text_is_refused() -> None:
    with pytest.raises(InvalidDate):
        parse_when(20251106)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_parse_when_raises_only_invalid_date_on_any_text(text: str) -> None:
    try:
        when = parse_when(text)
    except InvalidDate as error:
        assert "\n" not in str(error)
    else:
        assert when.at.tzinfo is not None
        assert when.at.utcoffset() == timedelta(0)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"\A[0-9]{1,4}[-/ .:T]{0,2}[0-9]{0,2}[-/ .:T]{0,2}[0-9]{0,4}[ a-zA-Z:+-]{0,8}\Z"))
def test_parse_when_raises_only_invalid_date_on_date_like_text(text: str) -> None:
    try:
        parse_when(text)
    except InvalidDate as error:
        assert "\n" not in str(error)


@pytest.mark.parametrize("text", ["6/11/2025", "06.11.2025", "3-4-2025"])
def test_numeric_dates_whose_day_and_month_could_swap_are_refused(text: str) -> None:
    with pytest.raises(InvalidDate, match="ambiguous"):
        parse_when(text)


@pytest.mark.parametrize(("text", "iso"), [("13/11/2025", "2025-11-13"), ("11/11/2025", "2025-11-11")])
def test_numeric_dates_that_read_one_way_only(text: str, iso: str) -> None:
    when = parse_when(text)
    assert when.isoformat().startswith(iso)
    assert when.precision is Precision.DAY
