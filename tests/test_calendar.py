"""careercoach.lib.calendar: month grids, wall-clock conversion, iCalendar output."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from icalendar import Calendar

from careercoach.lib.calendar import (
    UTC,
    IcsEvent,
    NonexistentLocalTime,
    add_months,
    ics_calendar,
    local_day_bounds,
    local_to_utc,
    month_weeks,
    parse_month,
)

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03", (2025, 3)),
        (" 2025-12 ", (2025, 12)),
        ("2025-13", None),
        ("2025-00", None),
        ("2025-3", None),
        ("0000-01", None),
        ("9999-12", None),
        ("march", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_month(value, expected):
    assert parse_month(value) == expected


def test_add_months_crosses_years():
    assert add_months(2025, 1, -1) == (2024, 12)
    assert add_months(2024, 12, 1) == (2025, 1)
    assert add_months(2025, 6, 14) == (2026, 8)


def test_month_weeks_are_whole_weeks_starting_monday():
    weeks = month_weeks(2025, 3)  # 1 March 2025 is a Saturday
    assert weeks[0][0] == datetime.date(2025, 2, 24)
    assert weeks[-1][-1] == datetime.date(2025, 4, 6)
    assert all(len(week) == 7 and week[0].weekday() == 0 for week in weeks)


def test_local_day_bounds_are_local_midnights():
    start, end = local_day_bounds(datetime.date(2025, 3, 1), datetime.date(2025, 3, 31), BERLIN)
    assert start == datetime.datetime(2025, 2, 28, 23, 0, tzinfo=UTC)
    assert end == datetime.datetime(2025, 3, 31, 22, 0, tzinfo=UTC)  # after the switch to summer time


def test_local_to_utc_uses_the_users_offset():
    assert local_to_utc(datetime.date(2025, 1, 15), datetime.time(9, 30), BERLIN) == datetime.datetime(
        2025, 1, 15, 8, 30, tzinfo=UTC
    )


def test_local_to_utc_ambiguous_time_means_the_first_occurrence():
    # 02:30 happens twice on 26 October 2025 in Berlin; the first is still summer time (UTC+2).
    assert local_to_utc(datetime.date(2025, 10, 26), datetime.time(2, 30), BERLIN) == datetime.datetime(
        2025, 10, 26, 0, 30, tzinfo=UTC
    )


def test_local_to_utc_refuses_a_time_that_does_not_exist():
    with pytest.raises(NonexistentLocalTime):
        local_to_utc(datetime.date(2025, 3, 30), datetime.time(2, 30), BERLIN)


def test_ics_calendar_round_trips():
    start = datetime.datetime(2025, 5, 6, 8, 0, tzinfo=UTC)
    event = IcsEvent(
        uid="interview-1@example.com",
        start=start.astimezone(BERLIN),
        end=start + datetime.timedelta(minutes=45),
        summary="Video call interview — Engineer at Acme",
        description="Interviewer: Ada, CTO\nLine two; with punctuation",
        location="Room 1",
        url="https://meet.example.com/x",
        alarms=(datetime.timedelta(hours=1),),
    )
    cal = Calendar.from_ical(
        ics_calendar(name="My interviews", events=[event], prodid="-//Test//EN", refresh=datetime.timedelta(hours=1))
    )
    assert str(cal["version"]) == "2.0"
    assert str(cal["method"]) == "PUBLISH"
    assert str(cal["x-wr-calname"]) == "My interviews"
    assert str(cal["prodid"]) == "-//Test//EN"
    (vevent,) = cal.walk("VEVENT")
    assert str(vevent["uid"]) == "interview-1@example.com"
    assert vevent.decoded("dtstart") == start
    assert vevent.decoded("dtstart").utcoffset() == datetime.timedelta(0)
    assert vevent.decoded("dtend") == start + datetime.timedelta(minutes=45)
    assert str(vevent["summary"]) == event.summary
    assert str(vevent["description"]) == event.description
    assert str(vevent["location"]) == "Room 1"
    assert str(vevent["url"]) == "https://meet.example.com/x"
    assert "dtstamp" in vevent
    (alarm,) = vevent.walk("VALARM")
    assert alarm.decoded("trigger") == -datetime.timedelta(hours=1)
    assert str(alarm["action"]) == "DISPLAY"
