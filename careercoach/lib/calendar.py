"""Calendar helpers: month grids, wall-clock times in a user's time zone, iCalendar files.

Nothing here knows about our models, so every app (interviews, mentorship sessions,
goals) can draw the same month grid and write the same kind of .ics file.
"""

from __future__ import annotations

import calendar
import datetime
import re
import zoneinfo
from dataclasses import dataclass, field

from icalendar import Alarm, Calendar, Event, vDuration

UTC = datetime.UTC
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


# --- Months -----------------------------------------------------------------------------


def parse_month(value: str | None) -> tuple[int, int] | None:
    """``"2025-03"`` → ``(2025, 3)``; None for anything else (including year 0 and 9999,
    whose neighbours could not be linked to)."""
    match = _MONTH_RE.match((value or "").strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and datetime.MINYEAR < year < datetime.MAXYEAR):
        return None
    return year, month


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def month_weeks(year: int, month: int) -> list[list[datetime.date]]:
    """The weeks shown for a month, Monday first: whole weeks, so the first and last may
    start or end with days of the neighbouring months."""
    return calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)


def local_day_bounds(
    first: datetime.date, last: datetime.date, tz: zoneinfo.ZoneInfo
) -> tuple[datetime.datetime, datetime.datetime]:
    """The UTC instants from local midnight starting ``first`` to local midnight after ``last``."""
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


# --- Wall-clock times -----------------------------------------------------------------------


class NonexistentLocalTime(ValueError):
    """The clocks skip this time (the spring-forward gap of a daylight-saving change)."""


def local_to_utc(day: datetime.date, time: datetime.time, tz: zoneinfo.ZoneInfo) -> datetime.datetime:
    """An aware UTC datetime for what a user typed on their wall clock.

    A time that happens twice (the autumn fall-back hour) means its first occurrence.
    A time that never happens raises NonexistentLocalTime rather than silently moving
    the appointment by an hour.
    """
    local = datetime.datetime.combine(day, time.replace(tzinfo=None, fold=0), tzinfo=tz)
    as_utc = local.astimezone(UTC)
    if as_utc.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NonexistentLocalTime(f"{local:%Y-%m-%d %H:%M} does not exist in {tz.key}.")
    return as_utc


# --- iCalendar ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IcsEvent:
    uid: str
    start: datetime.datetime  # aware
    end: datetime.datetime  # aware
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    last_modified: datetime.datetime | None = None
    alarms: tuple[datetime.timedelta, ...] = field(default_factory=tuple)  # before the start
    alarm_text: str = "Reminder"


def ics_calendar(*, name: str, events: list[IcsEvent], prodid: str, refresh: datetime.timedelta | None = None) -> bytes:
    """A VCALENDAR (METHOD:PUBLISH) with one VEVENT per event, times in UTC.

    ``refresh`` adds the hints subscribing clients read to decide how often to poll.
    """
    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    if refresh is not None:
        cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(refresh))  # an x- property: typed by hand
    now = datetime.datetime.now(UTC).replace(microsecond=0)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now)
        event.add("dtstart", item.start.astimezone(UTC))
        event.add("dtend", item.end.astimezone(UTC))
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", item.url)
        if item.last_modified is not None:
            event.add("last-modified", item.last_modified.astimezone(UTC).replace(microsecond=0))
        for before in item.alarms:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", item.alarm_text)
            alarm.add("trigger", -abs(before))
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
