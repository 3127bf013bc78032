"""Reads for interviews: lists, the month calendar, the calendar feed. Always scoped to the owner."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from careercoach.lib.calendar import add_months, local_day_bounds, month_weeks
from jobs.models import CalendarFeed, Interview, Job
from jobs.selectors.board import job_list_for_user

# How far back the calendar feed reaches; older interviews drop out of subscribed calendars.
FEED_PAST_DAYS = 90
# Upper bounds, so a page never loads an unbounded number of rows.
UPCOMING_LIMIT = 100
RECENT_LIMIT = 20
RECENT_DAYS = 30
MONTH_LIMIT = 500
FEED_LIMIT = 2000


def interview_list_for_user(*, user: User) -> QuerySet[Interview]:
    """Every interview of ``user``; the base of every per-user interview lookup (others' are 404)."""
    return Interview.objects.filter(user=user)


def interview_get_for_user(*, user: User, interview_id) -> Interview:
    """One interview with its job (raises Interview.DoesNotExist for others' interviews)."""
    return interview_list_for_user(user=user).select_related("job").get(pk=interview_id)


def job_with_interviews_for_user(*, user: User, job_id) -> Job:
    """A job with its interviews loaded, for the interviews section of its page (DoesNotExist for others')."""
    return job_list_for_user(user=user).prefetch_related("interviews").get(pk=job_id)


def _with_job(qs: QuerySet[Interview]) -> QuerySet[Interview]:
    return qs.select_related("job").order_by("scheduled_at", "id")


def interview_upcoming_for_user(*, user: User, now: datetime.datetime | None = None) -> list[Interview]:
    """Interviews not yet over (one in progress still counts), soonest first."""
    now = now or timezone.now()
    # An interview lasts at most a day (CHECK constraint), so this bound keeps the
    # index range small; the exact "not over yet" test runs on the few rows left.
    candidates = _with_job(
        interview_list_for_user(user=user).filter(scheduled_at__gte=now - datetime.timedelta(days=1))
    )[: UPCOMING_LIMIT + 50]
    upcoming = [i for i in candidates if i.scheduled_at + datetime.timedelta(minutes=i.duration_minutes) > now]
    return upcoming[:UPCOMING_LIMIT]


def interview_recent_for_user(*, user: User, now: datetime.datetime | None = None) -> list[Interview]:
    """Interviews that ended in the last RECENT_DAYS days, latest first: where outcomes get recorded."""
    now = now or timezone.now()
    rows = (
        interview_list_for_user(user=user)
        .filter(scheduled_at__gte=now - datetime.timedelta(days=RECENT_DAYS), scheduled_at__lt=now)
        .select_related("job")
        .order_by("-scheduled_at", "-id")[: RECENT_LIMIT + 50]
    )
    ended = [i for i in rows if i.scheduled_at + datetime.timedelta(minutes=i.duration_minutes) <= now]
    return ended[:RECENT_LIMIT]


# --- Month calendar -------------------------------------------------------------------------


@dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    is_today: bool
    interviews: list[Interview] = field(default_factory=list)


@dataclass
class MonthCalendar:
    year: int
    month: int
    weeks: list[list[CalendarDay]]
    today: datetime.date
    truncated: bool = False

    @property
    def first(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def previous(self) -> datetime.date:
        return datetime.date(*add_months(self.year, self.month, -1), 1)

    @property
    def next(self) -> datetime.date:
        return datetime.date(*add_months(self.year, self.month, 1), 1)

    @property
    def is_current_month(self) -> bool:
        return (self.today.year, self.today.month) == (self.year, self.month)

    @property
    def interview_count(self) -> int:
        return sum(len(day.interviews) for week in self.weeks for day in week if day.in_month)


def interview_month_for_user(
    *, user: User, year: int | None = None, month: int | None = None, now: datetime.datetime | None = None
) -> MonthCalendar:
    """The month grid (Monday first) with each interview in the cell of its day on the
    user's wall clock, in one query. Without a month: the current one, on the user's clock."""
    tz = zoneinfo.ZoneInfo(user.timezone)
    today = (now or timezone.now()).astimezone(tz).date()
    if year is None or month is None:
        year, month = today.year, today.month
    weeks = month_weeks(year, month)
    start, end = local_day_bounds(weeks[0][0], weeks[-1][-1], tz)
    rows = list(
        _with_job(interview_list_for_user(user=user).filter(scheduled_at__gte=start, scheduled_at__lt=end))[
            : MONTH_LIMIT + 1
        ]
    )
    days = {
        day: CalendarDay(date=day, in_month=day.month == month, is_today=day == today) for week in weeks for day in week
    }
    for interview in rows[:MONTH_LIMIT]:
        days[interview.scheduled_at.astimezone(tz).date()].interviews.append(interview)
    return MonthCalendar(
        year=year,
        month=month,
        weeks=[[days[day] for day in week] for week in weeks],
        today=today,
        truncated=len(rows) > MONTH_LIMIT,
    )


# --- Calendar feed --------------------------------------------------------------------------


def calendar_feed_get_by_token(*, token: str) -> CalendarFeed:
    """The feed with this secret token, if its owner may still sign in (else DoesNotExist)."""
    return CalendarFeed.objects.select_related("user").get(token=token, user__is_active=True)


def interview_list_for_feed(*, user: User, now: datetime.datetime | None = None) -> QuerySet[Interview]:
    """What a subscribed calendar shows: the last FEED_PAST_DAYS days and everything ahead."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=FEED_PAST_DAYS)
    return _with_job(interview_list_for_user(user=user).filter(scheduled_at__gte=since))[:FEED_LIMIT]
