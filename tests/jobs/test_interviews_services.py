"""Interview services and selectors: scheduling (and the job's move), edits, the month
calendar, the feed, and the reminder-lead-time preference."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import services as account_services
from jobs.forms_interviews import InterviewForm, ReminderSettingsForm
from jobs.models import CalendarFeed, Interview, Job, JobStatus, StatusChange
from jobs.selectors import interviews as selectors
from jobs.services import interviews as services
from jobs.services import tracking
from tests.accounts.factories import UserFactory
from tests.jobs.factories import ApplicationFactory, CalendarFeedFactory, InterviewFactory, JobFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def _job(user, status=JobStatus.INTERESTED, title="Engineer"):
    return tracking.job_create(user=user, data={"title": title, "company": "Acme"}, status=status)


def _data(**overrides):
    data = {
        "type": Interview.Type.VIDEO,
        "scheduled_at": timezone.now() + datetime.timedelta(days=2),
        "duration_minutes": 45,
        "meeting_link": "https://meet.example.com/abc",
        "interviewer": "Ada Lovelace",
    }
    data.update(overrides)
    return data


# --- Scheduling ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [JobStatus.INTERESTED, JobStatus.APPLIED])
def test_schedule_moves_an_early_job_to_interview_scheduled_with_history(owner, status):
    job = _job(owner, status)
    interview = services.interview_schedule(user=owner, job=job, data=_data())
    job.refresh_from_db()
    assert job.status == JobStatus.INTERVIEW_SCHEDULED
    change = StatusChange.objects.filter(job=job).latest("created_at")
    assert (change.from_status, change.to_status, change.changed_by) == (status, JobStatus.INTERVIEW_SCHEDULED, owner)
    assert change.reason == "Interview scheduled"
    assert (interview.user, interview.job, interview.interviewer) == (owner, job, "Ada Lovelace")
    assert interview.reminder_sent_at is None


@pytest.mark.parametrize(
    "status",
    [JobStatus.INTERVIEW_SCHEDULED, JobStatus.INTERVIEW_COMPLETED, JobStatus.OFFER_RECEIVED, JobStatus.REJECTED],
)
def test_schedule_leaves_a_later_job_where_it_is(owner, status):
    job = _job(owner, status)
    before = StatusChange.objects.filter(job=job).count()
    services.interview_schedule(user=owner, job=job, data=_data())
    job.refresh_from_db()
    assert job.status == status
    assert StatusChange.objects.filter(job=job).count() == before


def test_schedule_reads_the_current_status_not_a_stale_object(owner):
    job = _job(owner, JobStatus.INTERESTED)
    stale = Job.objects.get(pk=job.pk)
    tracking.job_move(job=job, to_status=JobStatus.OFFER_RECEIVED)  # another tab
    services.interview_schedule(user=owner, job=stale, data=_data())
    job.refresh_from_db()
    assert job.status == JobStatus.OFFER_RECEIVED


def test_schedule_links_the_jobs_application(owner):
    job = _job(owner, JobStatus.APPLIED)
    application = ApplicationFactory(job=job)
    interview = services.interview_schedule(user=owner, job=job, data=_data())
    assert interview.application == application


def test_schedule_refuses_someone_elses_job(owner, stranger):
    job = _job(stranger)
    with pytest.raises(ValidationError):
        services.interview_schedule(user=owner, job=job, data=_data())
    assert not Interview.objects.exists()
    job.refresh_from_db()
    assert job.status == JobStatus.INTERESTED


@pytest.mark.parametrize(
    "bad", [{"duration_minutes": 2}, {"meeting_link": "not a link"}, {"type": "DINNER"}, {"reminder_sent_at": None}]
)
def test_schedule_invalid_writes_nothing(owner, bad):
    job = _job(owner)
    with pytest.raises(ValidationError):
        services.interview_schedule(user=owner, job=job, data=_data(**bad))
    assert not Interview.objects.exists()
    job.refresh_from_db()
    assert job.status == JobStatus.INTERESTED
    assert StatusChange.objects.filter(job=job).count() == 1


# --- Editing and deleting ---------------------------------------------------------------------


def test_new_time_clears_the_reminder_state(owner):
    interview = InterviewFactory(job=JobFactory(user=owner), reminder_sent_at=timezone.now())
    new_time = interview.scheduled_at + datetime.timedelta(days=1)
    services.interview_update(interview=interview, data={"scheduled_at": new_time})
    interview.refresh_from_db()
    assert interview.scheduled_at == new_time
    assert interview.reminder_sent_at is None


def test_other_edits_keep_the_reminder_state(owner):
    sent = timezone.now()
    interview = InterviewFactory(job=JobFactory(user=owner), reminder_sent_at=sent)
    services.interview_update(
        interview=interview,
        data={"scheduled_at": interview.scheduled_at, "prep_notes": "Read their blog", "questions_asked": ["Why us?"]},
    )
    interview.refresh_from_db()
    assert interview.reminder_sent_at == sent
    assert (interview.prep_notes, interview.questions_asked) == ("Read their blog", ["Why us?"])


def test_update_rejects_invalid_values_and_unknown_fields(owner):
    interview = InterviewFactory(job=JobFactory(user=owner), duration_minutes=45)
    with pytest.raises(ValidationError):
        services.interview_update(interview=interview, data={"duration_minutes": 24 * 60 + 1})
    with pytest.raises(ValidationError):
        services.interview_update(interview=interview, data={"user": owner})
    interview.refresh_from_db()
    assert interview.duration_minutes == 45


def test_delete(owner):
    interview = InterviewFactory(job=JobFactory(user=owner))
    services.interview_delete(interview=interview)
    assert not Interview.objects.filter(pk=interview.pk).exists()


# --- Calendar feed --------------------------------------------------------------------------------


def test_feed_ensure_is_idempotent(owner):
    first = services.calendar_feed_ensure(user=owner)
    again = services.calendar_feed_ensure(user=owner)
    assert first.pk == again.pk and first.token == again.token
    assert len(first.token) >= 40


def test_feed_regenerate_replaces_the_token(owner):
    old = services.calendar_feed_ensure(user=owner).token
    new = services.calendar_feed_regenerate(user=owner).token
    assert new != old
    assert CalendarFeed.objects.get(user=owner).token == new
    with pytest.raises(CalendarFeed.DoesNotExist):
        selectors.calendar_feed_get_by_token(token=old)


def test_feed_regenerate_creates_a_missing_feed(owner):
    assert services.calendar_feed_regenerate(user=owner).user == owner


def test_feed_of_a_suspended_user_is_gone(owner):
    feed = CalendarFeedFactory(user=owner)
    account_services.user_suspend(user=owner)
    with pytest.raises(CalendarFeed.DoesNotExist):
        selectors.calendar_feed_get_by_token(token=feed.token)


def test_feed_lists_the_last_90_days_and_the_future_only(owner, stranger):
    now = timezone.now()
    job = JobFactory(user=owner)
    old = InterviewFactory(job=job, scheduled_at=now - datetime.timedelta(days=91))
    recent = InterviewFactory(job=job, scheduled_at=now - datetime.timedelta(days=89))
    future = InterviewFactory(job=job, scheduled_at=now + datetime.timedelta(days=200))
    InterviewFactory(job=JobFactory(user=stranger))
    listed = list(selectors.interview_list_for_feed(user=owner, now=now))
    assert listed == [recent, future]
    assert old not in listed


# --- Lists ---------------------------------------------------------------------------------------------


def test_upcoming_keeps_an_interview_in_progress_and_drops_ended_ones(owner, stranger):
    now = timezone.now()
    job = JobFactory(user=owner)
    ended = InterviewFactory(job=job, scheduled_at=now - datetime.timedelta(hours=2), duration_minutes=60)
    running = InterviewFactory(job=job, scheduled_at=now - datetime.timedelta(minutes=30), duration_minutes=60)
    later = InterviewFactory(job=job, scheduled_at=now + datetime.timedelta(days=1))
    InterviewFactory(job=JobFactory(user=stranger), scheduled_at=now + datetime.timedelta(hours=1))
    assert selectors.interview_upcoming_for_user(user=owner, now=now) == [running, later]
    assert selectors.interview_recent_for_user(user=owner, now=now) == [ended]


def test_recent_is_the_last_30_days_latest_first(owner):
    now = timezone.now()
    job = JobFactory(user=owner)
    a = InterviewFactory(job=job, scheduled_at=now - datetime.timedelta(days=3))
    b = InterviewFactory(job=job, scheduled_at=now - datetime.timedelta(days=1))
    InterviewFactory(job=job, scheduled_at=now - datetime.timedelta(days=31))
    assert selectors.interview_recent_for_user(user=owner, now=now) == [b, a]


# --- Month calendar ----------------------------------------------------------------------------------------


def _cell(cal, date):
    return next(day for week in cal.weeks for day in week if day.date == date)


def test_month_places_interviews_on_the_users_local_day(owner):
    owner.timezone = "Europe/Berlin"
    owner.save()
    late = InterviewFactory(job=JobFactory(user=owner), scheduled_at=datetime.datetime(2025, 3, 10, 23, 30, tzinfo=UTC))
    cal = selectors.interview_month_for_user(user=owner, year=2025, month=3)
    assert _cell(cal, datetime.date(2025, 3, 11)).interviews == [late]
    assert _cell(cal, datetime.date(2025, 3, 10)).interviews == []
    assert cal.interview_count == 1


def test_month_in_utc_keeps_the_same_interview_on_its_utc_day(owner):
    late = InterviewFactory(job=JobFactory(user=owner), scheduled_at=datetime.datetime(2025, 3, 10, 23, 30, tzinfo=UTC))
    cal = selectors.interview_month_for_user(user=owner, year=2025, month=3)
    assert _cell(cal, datetime.date(2025, 3, 10)).interviews == [late]


def test_month_grid_shape_today_and_neighbours(owner):
    now = datetime.datetime(2025, 3, 15, 12, 0, tzinfo=UTC)
    cal = selectors.interview_month_for_user(user=owner, year=2025, month=3, now=now)
    assert [len(week) for week in cal.weeks] == [7] * 6
    assert cal.weeks[0][0].date == datetime.date(2025, 2, 24) and not cal.weeks[0][0].in_month
    assert [day.date for week in cal.weeks for day in week if day.is_today] == [datetime.date(2025, 3, 15)]
    assert (cal.previous, cal.next) == (datetime.date(2025, 2, 1), datetime.date(2025, 4, 1))
    assert cal.is_current_month


def test_month_includes_interviews_on_the_leading_and_trailing_days(owner, stranger):
    job = JobFactory(user=owner)
    feb = InterviewFactory(job=job, scheduled_at=datetime.datetime(2025, 2, 24, 9, tzinfo=UTC))
    april = InterviewFactory(job=job, scheduled_at=datetime.datetime(2025, 4, 6, 20, tzinfo=UTC))
    InterviewFactory(job=job, scheduled_at=datetime.datetime(2025, 4, 7, 9, tzinfo=UTC))
    InterviewFactory(job=JobFactory(user=stranger), scheduled_at=datetime.datetime(2025, 3, 5, 9, tzinfo=UTC))
    cal = selectors.interview_month_for_user(user=owner, year=2025, month=3)
    assert _cell(cal, datetime.date(2025, 2, 24)).interviews == [feb]
    assert _cell(cal, datetime.date(2025, 4, 6)).interviews == [april]
    assert cal.interview_count == 0  # neither is in March itself


def test_month_defaults_to_the_current_month_on_the_users_clock(owner):
    owner.timezone = "Pacific/Auckland"
    owner.save()
    now = datetime.datetime(2025, 3, 31, 12, 0, tzinfo=UTC)  # already 1 April in Auckland
    cal = selectors.interview_month_for_user(user=owner, now=now)
    assert (cal.year, cal.month, cal.today) == (2025, 4, datetime.date(2025, 4, 1))


def test_month_is_one_query(owner, django_assert_num_queries):
    job = JobFactory(user=owner)
    for day in range(1, 28):
        InterviewFactory(job=job, scheduled_at=datetime.datetime(2025, 3, day, 9, tzinfo=UTC))
    with django_assert_num_queries(1):
        cal = selectors.interview_month_for_user(user=owner, year=2025, month=3)
        titles = [i.job.title for week in cal.weeks for day in week for i in day.interviews]
    assert len(titles) == 27


# --- Forms ---------------------------------------------------------------------------------------------------


def _form_data(**overrides):
    data = {"type": "PHONE", "date": "2025-07-01", "time": "09:30", "duration_minutes": "30", "outcome": "PENDING"}
    data.update(overrides)
    return data


def test_form_reads_the_time_on_the_users_clock():
    form = InterviewForm(
        _form_data(questions_asked="Why us?\n\n  Tell me about a failure  \nwhy us?"), tz="America/New_York"
    )
    assert form.is_valid(), form.errors
    data = form.service_data()
    assert data["scheduled_at"] == datetime.datetime(2025, 7, 1, 13, 30, tzinfo=UTC)
    assert data["questions_asked"] == ["Why us?", "Tell me about a failure"]
    assert "date" not in data and "time" not in data


def test_form_refuses_a_time_skipped_by_daylight_saving():
    form = InterviewForm(_form_data(date="2025-03-30", time="02:30"), tz="Europe/Berlin")
    assert not form.is_valid()
    assert "clocks change" in form.errors["time"][0]


def test_form_shows_the_stored_time_on_the_users_clock(owner):
    interview = InterviewFactory(
        job=JobFactory(user=owner), scheduled_at=datetime.datetime(2025, 3, 10, 23, 30, tzinfo=UTC)
    )
    form = InterviewForm(instance=interview, tz="Europe/Berlin")
    assert form.initial["date"] == datetime.date(2025, 3, 11)
    assert form.initial["time"] == datetime.time(0, 30)


@pytest.mark.parametrize("duration", ["4", "1441", "abc"])
def test_form_rejects_a_silly_duration(duration):
    assert "duration_minutes" in InterviewForm(_form_data(duration_minutes=duration), tz="UTC").errors


def test_reminder_form_keeps_a_value_set_elsewhere_selectable():
    form = ReminderSettingsForm(current=96)
    assert (96, "96 hours before") in form.fields["interview_reminder_hours"].choices
    assert not ReminderSettingsForm({"interview_reminder_hours": "5"}, current=24).is_valid()


# --- Reminder lead time preference (accounts service) ---------------------------------------------------------------


def test_user_preferences_update_saves_the_lead_time():
    user = UserFactory()
    account_services.user_preferences_update(user=user, interview_reminder_hours=2)
    user.refresh_from_db()
    assert user.interview_reminder_hours == 2


def test_user_preferences_update_refuses_more_than_two_weeks():
    user = UserFactory()
    with pytest.raises(ValidationError):
        account_services.user_preferences_update(user=user, interview_reminder_hours=24 * 15)
    user.refresh_from_db()
    assert user.interview_reminder_hours == 24
