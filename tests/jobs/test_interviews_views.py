"""HTML views of interviews: schedule/edit/delete, the list and its settings, the month
calendar, .ics downloads and the private calendar feed."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts import services as account_services
from jobs.models import CalendarFeed, Interview, JobStatus, StatusChange
from jobs.services import tracking
from tests.jobs.factories import CalendarFeedFactory, InterviewFactory, JobFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
HTMX = {"HX-Request": "true"}
LOGIN_URL = reverse("account_login")
SOME_ID = uuid.uuid4()


def _assert_fragment(response) -> str:
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    return content


def _job(user, status=JobStatus.INTERESTED):
    return tracking.job_create(user=user, data={"title": "Data Engineer", "company": "Globex"}, status=status)


def _post_data(**overrides):
    data = {
        "type": "TECHNICAL",
        "date": "2030-05-06",
        "time": "14:30",
        "duration_minutes": "90",
        "location": "",
        "meeting_link": "meet.example.com/xyz",
        "interviewer": "Ada (CTO)",
        "outcome": "PENDING",
        "prep_notes": "System design",
        "questions_asked": "",
        "feedback": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def berlin_owner(owner):
    owner.timezone = "Europe/Berlin"
    owner.save()
    return owner


# --- Every URL: log-in required, methods, other users' objects -------------------------------------------

PROTECTED = [
    ("get", "jobs:interview_list", {}),
    ("get", "jobs:interview_calendar", {}),
    ("post", "jobs:interview_reminder_settings", {}),
    ("post", "jobs:calendar_feed_regenerate", {}),
    ("get", "jobs:interview_section", {"job_id": SOME_ID}),
    ("get", "jobs:interview_create", {"job_id": SOME_ID}),
    ("post", "jobs:interview_create", {"job_id": SOME_ID}),
    ("get", "jobs:interview_edit", {"interview_id": SOME_ID}),
    ("post", "jobs:interview_edit", {"interview_id": SOME_ID}),
    ("get", "jobs:interview_delete", {"interview_id": SOME_ID}),
    ("post", "jobs:interview_delete", {"interview_id": SOME_ID}),
    ("get", "jobs:interview_ics", {"interview_id": SOME_ID}),
]


@pytest.mark.parametrize(("method", "name", "kwargs"), PROTECTED)
def test_requires_login(client, method, name, kwargs):
    response = getattr(client, method)(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


@pytest.mark.parametrize(("method", "name", "kwargs"), PROTECTED)
def test_htmx_without_session_is_sent_to_login_page(client, method, name, kwargs):
    response = getattr(client, method)(reverse(name, kwargs=kwargs), headers=HTMX)
    assert response.headers["HX-Redirect"].startswith(LOGIN_URL)


WRONG_METHOD = [
    ("post", "jobs:interview_list", {}),
    ("post", "jobs:interview_calendar", {}),
    ("get", "jobs:interview_reminder_settings", {}),
    ("get", "jobs:calendar_feed_regenerate", {}),
    ("post", "jobs:interview_section", {"job_id": SOME_ID}),
    ("put", "jobs:interview_create", {"job_id": SOME_ID}),
    ("put", "jobs:interview_edit", {"interview_id": SOME_ID}),
    ("delete", "jobs:interview_delete", {"interview_id": SOME_ID}),
    ("post", "jobs:interview_ics", {"interview_id": SOME_ID}),
    ("post", "jobs:calendar_feed", {"token": "whatever"}),
]


@pytest.mark.parametrize(("method", "name", "kwargs"), WRONG_METHOD)
def test_wrong_method_is_405(owner_client, method, name, kwargs):
    assert getattr(owner_client, method)(reverse(name, kwargs=kwargs)).status_code == 405


OTHERS = [
    ("get", "jobs:interview_section", "job"),
    ("get", "jobs:interview_create", "job"),
    ("post", "jobs:interview_create", "job"),
    ("get", "jobs:interview_edit", "interview"),
    ("post", "jobs:interview_edit", "interview"),
    ("get", "jobs:interview_delete", "interview"),
    ("post", "jobs:interview_delete", "interview"),
    ("get", "jobs:interview_ics", "interview"),
]


@pytest.mark.parametrize(("method", "name", "kind"), OTHERS)
@pytest.mark.parametrize("htmx", [False, True])
def test_rejects_other_users_job_and_interview(owner_client, stranger, method, name, kind, htmx):
    job = _job(stranger)
    interview = InterviewFactory(job=job, interviewer="Theirs")
    kwargs = {"job_id": job.pk} if kind == "job" else {"interview_id": interview.pk}
    response = getattr(owner_client, method)(reverse(name, kwargs=kwargs), _post_data(), headers=HTMX if htmx else {})
    assert response.status_code == 404
    interview.refresh_from_db()
    assert interview.interviewer == "Theirs"
    assert Interview.objects.count() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.INTERESTED


# --- Schedule -------------------------------------------------------------------------------------------------


def test_create_form_page_without_js(owner_client, owner):
    job = _job(owner)
    response = owner_client.get(reverse("jobs:interview_create", args=[job.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" in content and "Schedule an interview" in content and "Globex" in content
    assert 'type="date"' in content and 'type="time"' in content
    assert "hx-post" not in content.split("<form", 2)[-1].split(">", 1)[0]


def test_create_form_htmx_opens_inside_the_section(owner_client, owner):
    job = _job(owner)
    content = _assert_fragment(owner_client.get(reverse("jobs:interview_create", args=[job.pk]), headers=HTMX))
    assert 'id="job-interviews"' in content
    assert f'hx-post="{reverse("jobs:interview_create", args=[job.pk])}"' in content


def test_create_stores_utc_moves_the_job_and_redirects_to_it(owner_client, berlin_owner):
    job = _job(berlin_owner)
    response = owner_client.post(reverse("jobs:interview_create", args=[job.pk]), _post_data())
    assert response.status_code == 302
    assert response.url == reverse("jobs:job_detail", args=[job.pk])
    interview = Interview.objects.get(job=job)
    # 14:30 in Berlin in May (summer time, UTC+2).
    assert interview.scheduled_at == datetime.datetime(2030, 5, 6, 12, 30, tzinfo=UTC)
    assert (interview.type, interview.duration_minutes, interview.user) == ("TECHNICAL", 90, berlin_owner)
    assert interview.meeting_link == "https://meet.example.com/xyz"
    job.refresh_from_db()
    assert job.status == JobStatus.INTERVIEW_SCHEDULED
    assert StatusChange.objects.filter(job=job, to_status=JobStatus.INTERVIEW_SCHEDULED).count() == 1


def test_create_htmx_reloads_the_page_when_the_job_moved(owner_client, owner):
    job = _job(owner, JobStatus.APPLIED)
    response = owner_client.post(reverse("jobs:interview_create", args=[job.pk]), _post_data(), headers=HTMX)
    assert response.status_code == 204
    assert response.headers["HX-Refresh"] == "true"
    assert Interview.objects.filter(job=job).count() == 1


def test_create_htmx_returns_the_section_when_the_job_stays(owner_client, owner):
    job = _job(owner, JobStatus.INTERVIEW_SCHEDULED)
    response = owner_client.post(reverse("jobs:interview_create", args=[job.pk]), _post_data(), headers=HTMX)
    content = _assert_fragment(response)
    assert "Interview scheduled." in content and "Ada (CTO)" in content
    assert Interview.objects.filter(job=job).count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date", ""),
        ("time", "25:00"),
        ("duration_minutes", "0"),
        ("meeting_link", "not a url at all"),
        ("type", "DINNER"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_create_invalid_shows_field_error_and_writes_nothing(owner_client, owner, field, value, htmx):
    job = _job(owner)
    response = owner_client.post(
        reverse("jobs:interview_create", args=[job.pk]), _post_data(**{field: value}), headers=HTMX if htmx else {}
    )
    assert response.status_code == 200
    assert response.context["interview_form" if htmx else "form"].errors[field]
    assert 'class="errorlist' in response.content.decode()
    assert not Interview.objects.exists()
    job.refresh_from_db()
    assert job.status == JobStatus.INTERESTED


def test_create_refuses_a_time_skipped_by_daylight_saving(owner_client, berlin_owner):
    job = _job(berlin_owner)
    response = owner_client.post(
        reverse("jobs:interview_create", args=[job.pk]), _post_data(date="2030-03-31", time="02:30")
    )
    assert response.status_code == 200
    assert "clocks change" in response.content.decode()
    assert not Interview.objects.exists()


def test_create_follows_a_local_next_and_ignores_a_foreign_one(owner_client, owner):
    job = _job(owner)
    url = reverse("jobs:interview_create", args=[job.pk])
    response = owner_client.post(url, _post_data(next="/jobs/interviews/"))
    assert response.url == "/jobs/interviews/"
    response = owner_client.post(url, _post_data(next="https://evil.example.com/"))
    assert response.url == reverse("jobs:job_detail", args=[job.pk])


# --- Edit -----------------------------------------------------------------------------------------------------


def test_edit_form_shows_the_time_on_the_users_clock(owner_client, berlin_owner):
    interview = InterviewFactory(
        job=_job(berlin_owner), scheduled_at=datetime.datetime(2030, 3, 10, 23, 30, tzinfo=UTC)
    )
    content = owner_client.get(reverse("jobs:interview_edit", args=[interview.pk])).content.decode()
    assert 'value="2030-03-11"' in content and 'value="00:30"' in content


def test_edit_saves_and_a_new_time_clears_the_reminder(owner_client, owner):
    interview = InterviewFactory(job=_job(owner), reminder_sent_at=timezone.now())
    response = owner_client.post(
        reverse("jobs:interview_edit", args=[interview.pk]),
        _post_data(outcome="PASSED", questions_asked="Why Globex?\nDesign a URL shortener", feedback="Went well"),
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.outcome == "PASSED"
    assert interview.questions_asked == ["Why Globex?", "Design a URL shortener"]
    assert interview.scheduled_at == datetime.datetime(2030, 5, 6, 14, 30, tzinfo=UTC)
    assert interview.reminder_sent_at is None


def test_edit_htmx_get_and_post_return_the_section(owner_client, owner):
    interview = InterviewFactory(job=_job(owner))
    url = reverse("jobs:interview_edit", args=[interview.pk])
    content = _assert_fragment(owner_client.get(url, headers=HTMX))
    assert f'hx-post="{url}"' in content
    content = _assert_fragment(owner_client.post(url, _post_data(interviewer="Grace"), headers=HTMX))
    assert "Interview saved." in content and "Grace" in content
    interview.refresh_from_db()
    assert interview.interviewer == "Grace"


def test_edit_invalid_keeps_the_row(owner_client, owner):
    interview = InterviewFactory(job=_job(owner), duration_minutes=45)
    response = owner_client.post(
        reverse("jobs:interview_edit", args=[interview.pk]), _post_data(duration_minutes="2000")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["duration_minutes"]
    interview.refresh_from_db()
    assert interview.duration_minutes == 45


# --- Delete and the section -------------------------------------------------------------------------------------


def test_delete_get_asks_for_confirmation(owner_client, owner):
    interview = InterviewFactory(job=_job(owner))
    response = owner_client.get(reverse("jobs:interview_delete", args=[interview.pk]))
    assert response.status_code == 200
    assert "Delete this interview?" in response.content.decode()
    assert Interview.objects.filter(pk=interview.pk).exists()


def test_delete_removes_and_redirects_to_the_job(owner_client, owner):
    interview = InterviewFactory(job=_job(owner))
    response = owner_client.post(reverse("jobs:interview_delete", args=[interview.pk]))
    assert response.status_code == 302
    assert response.url == reverse("jobs:job_detail", args=[interview.job_id])
    assert not Interview.objects.filter(pk=interview.pk).exists()


def test_delete_htmx_returns_the_section(owner_client, owner):
    interview = InterviewFactory(job=_job(owner))
    content = _assert_fragment(owner_client.post(reverse("jobs:interview_delete", args=[interview.pk]), headers=HTMX))
    assert "Interview deleted." in content
    assert not Interview.objects.filter(pk=interview.pk).exists()


def test_section_fragment_for_htmx_and_redirect_without(owner_client, owner):
    job = _job(owner)
    InterviewFactory(job=job, interviewer="Linus")
    url = reverse("jobs:interview_section", args=[job.pk])
    content = _assert_fragment(owner_client.get(url, headers=HTMX))
    assert "Linus" in content and 'id="job-interviews"' in content
    response = owner_client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("jobs:job_detail", args=[job.pk]) + "#job-interviews"


def test_job_page_shows_the_interviews_section(owner_client, berlin_owner):
    job = _job(berlin_owner)
    InterviewFactory(
        job=job,
        interviewer="Barbara Liskov",
        prep_notes="Read the paper",
        scheduled_at=datetime.datetime(2030, 3, 10, 23, 30, tzinfo=UTC),
    )
    content = owner_client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert 'id="job-interviews"' in content
    assert "Barbara Liskov" in content and "Read the paper" in content
    assert "Mon 11 Mar 2030, 00:30" in content  # Berlin time
    assert reverse("jobs:interview_create", args=[job.pk]) in content


# --- Upcoming list and settings ------------------------------------------------------------------------------------


def test_list_shows_own_upcoming_and_recent_interviews_only(owner_client, owner, stranger):
    now = timezone.now()
    job = _job(owner)
    InterviewFactory(job=job, interviewer="Future Person", scheduled_at=now + datetime.timedelta(days=2))
    InterviewFactory(job=job, interviewer="Past Person", scheduled_at=now - datetime.timedelta(days=2))
    InterviewFactory(job=JobFactory(user=stranger), interviewer="Stranger Person")
    content = owner_client.get(reverse("jobs:interview_list")).content.decode()
    assert "Future Person" in content and "Past Person" in content and "Record outcome" in content
    assert "Stranger Person" not in content


def test_list_creates_the_feed_and_shows_its_address(owner_client, owner, settings):
    settings.SITE_URL = "https://coach.example.com"
    response = owner_client.get(reverse("jobs:interview_list"))
    feed = CalendarFeed.objects.get(user=owner)
    content = response.content.decode()
    assert f"https://coach.example.com/jobs/calendar/{feed.token}.ics" in content
    assert f"webcal://coach.example.com/jobs/calendar/{feed.token}.ics" in content
    owner_client.get(reverse("jobs:interview_list"))
    assert CalendarFeed.objects.get(user=owner).token == feed.token


def test_list_htmx_returns_the_lists_fragment(owner_client, owner):
    content = _assert_fragment(owner_client.get(reverse("jobs:interview_list"), headers=HTMX))
    assert 'id="interview-lists"' in content


def test_list_query_count_does_not_grow(owner_client, owner, django_assert_max_num_queries):
    now = timezone.now()
    for n in range(30):
        InterviewFactory(job=JobFactory(user=owner), scheduled_at=now + datetime.timedelta(hours=n + 1))
        InterviewFactory(job=JobFactory(user=owner), scheduled_at=now - datetime.timedelta(hours=n + 2))
    owner_client.get(reverse("jobs:interview_list"))  # creates the feed
    # Session, user and allauth's device-session bookkeeping take up to 7 of these.
    with django_assert_max_num_queries(10):
        response = owner_client.get(reverse("jobs:interview_list"))
    assert response.status_code == 200


def test_reminder_setting_saves(owner_client, owner):
    response = owner_client.post(reverse("jobs:interview_reminder_settings"), {"interview_reminder_hours": "2"})
    assert response.status_code == 302
    assert response.url == reverse("jobs:interview_list") + "#interview-settings"
    owner.refresh_from_db()
    assert owner.interview_reminder_hours == 2


def test_reminder_setting_htmx_returns_the_settings_fragment(owner_client, owner):
    response = owner_client.post(
        reverse("jobs:interview_reminder_settings"), {"interview_reminder_hours": "0"}, headers=HTMX
    )
    content = _assert_fragment(response)
    assert "Interview reminders are off." in content
    assert '<option value="0" selected>' in content
    owner.refresh_from_db()
    assert owner.interview_reminder_hours == 0


@pytest.mark.parametrize("value", ["5", "", "abc", "-1"])
@pytest.mark.parametrize("htmx", [False, True])
def test_reminder_setting_invalid_shows_error_and_saves_nothing(owner_client, owner, value, htmx):
    response = owner_client.post(
        reverse("jobs:interview_reminder_settings"), {"interview_reminder_hours": value}, headers=HTMX if htmx else {}
    )
    assert response.status_code == 200
    assert response.context["reminder_form"].errors["interview_reminder_hours"]
    owner.refresh_from_db()
    assert owner.interview_reminder_hours == 24


def test_regenerate_retires_the_old_feed_address(owner_client, client, owner):
    old = CalendarFeedFactory(user=owner).token
    response = owner_client.post(reverse("jobs:calendar_feed_regenerate"))
    assert response.status_code == 302
    new = CalendarFeed.objects.get(user=owner).token
    assert new != old
    client.logout()
    assert client.get(reverse("jobs:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("jobs:calendar_feed", args=[new])).status_code == 200


def test_regenerate_htmx_returns_the_settings_fragment(owner_client, owner):
    old = CalendarFeedFactory(user=owner).token
    content = _assert_fragment(owner_client.post(reverse("jobs:calendar_feed_regenerate"), headers=HTMX))
    new = CalendarFeed.objects.get(user=owner).token
    assert new in content and old not in content
    assert "new address" in content


# --- Month calendar ---------------------------------------------------------------------------------------------------


def _cell(content: str, date: str) -> str:
    match = re.search(rf'data-date="{date}">(.*?)</td>', content, re.S)
    assert match, f"no cell for {date}"
    return match.group(1)


def test_calendar_puts_a_late_utc_interview_on_the_next_day_in_berlin(owner_client, berlin_owner):
    InterviewFactory(
        job=JobFactory(user=berlin_owner, company="Nightowl GmbH"),
        scheduled_at=datetime.datetime(2025, 3, 10, 23, 30, tzinfo=UTC),
    )
    content = owner_client.get(reverse("jobs:interview_calendar"), {"month": "2025-03"}).content.decode()
    assert "Nightowl GmbH" in _cell(content, "2025-03-11")
    assert "00:30" in _cell(content, "2025-03-11")
    assert "Nightowl GmbH" not in _cell(content, "2025-03-10")


def test_calendar_grid_is_an_accessible_table_with_neighbour_links(owner_client, owner):
    content = owner_client.get(reverse("jobs:interview_calendar"), {"month": "2025-03"}).content.decode()
    assert "<caption" in content
    assert content.count('<th scope="col">') == 7
    assert content.index('title="Monday"') < content.index('title="Sunday"')
    assert content.count("<tr>") == 1 + 6  # header + six weeks
    assert "?month=2025-02" in content and "?month=2025-04" in content
    assert 'data-date="2025-02-24"' in content  # the first week starts on Monday 24 February
    assert "March 2025" in content


def test_calendar_highlights_today_and_defaults_to_this_month(owner_client, owner):
    today = timezone.now().date()
    content = owner_client.get(reverse("jobs:interview_calendar")).content.decode()
    assert re.search(rf'aria-current="date" data-date="{today:%Y-%m-%d}"', content)
    assert content.count('aria-current="date"') == 1


@pytest.mark.parametrize("month", ["2025-13", "garbage", "0000-01", "9999-12"])
def test_calendar_with_an_unreadable_month_shows_this_month(owner_client, owner, month):
    response = owner_client.get(reverse("jobs:interview_calendar"), {"month": month})
    assert response.status_code == 200
    assert timezone.now().strftime("%B %Y") in response.content.decode()


def test_calendar_shows_only_own_interviews(owner_client, owner, stranger):
    InterviewFactory(
        job=JobFactory(user=stranger, company="Secret Corp"), scheduled_at=datetime.datetime(2025, 3, 5, 9, tzinfo=UTC)
    )
    content = owner_client.get(reverse("jobs:interview_calendar"), {"month": "2025-03"}).content.decode()
    assert "Secret Corp" not in content


def test_calendar_htmx_returns_the_month_fragment(owner_client, owner):
    content = _assert_fragment(owner_client.get(reverse("jobs:interview_calendar"), {"month": "2025-03"}, headers=HTMX))
    assert 'id="calendar-month"' in content and "March 2025" in content


def test_calendar_query_count_does_not_grow(owner_client, owner, django_assert_max_num_queries):
    for day in range(1, 29):
        InterviewFactory(job=JobFactory(user=owner), scheduled_at=datetime.datetime(2025, 2, day, 9, tzinfo=UTC))
    owner_client.get(reverse("jobs:interview_calendar"))
    # Session, user and allauth's device-session bookkeeping take up to 7 of these; the month is one.
    with django_assert_max_num_queries(8):
        response = owner_client.get(reverse("jobs:interview_calendar"), {"month": "2025-02"})
    assert response.content.decode().count("calendar-events") >= 28


# --- .ics download and the calendar feed ------------------------------------------------------------------------------------


@pytest.fixture
def ics_interview(owner, settings):
    settings.SITE_URL = "https://coach.example.com"
    job = JobFactory(user=owner, title="Platform Engineer", company="Umbrella")
    return InterviewFactory(
        job=job,
        type="PANEL",
        scheduled_at=datetime.datetime(2030, 6, 1, 7, 0, tzinfo=UTC),
        duration_minutes=90,
        location="HQ, Room 4",
        meeting_link="https://meet.example.com/panel",
        interviewer="Three engineers",
        prep_notes="Bring the portfolio; ask about on-call",
    )


def _single_event(body: bytes):
    cal = Calendar.from_ical(body)
    assert str(cal["version"]) == "2.0"
    assert str(cal["prodid"]).startswith("-//")
    assert str(cal["method"]) == "PUBLISH"
    assert str(cal["x-wr-calname"])
    return cal, cal.walk("VEVENT")


def test_ics_download(owner_client, ics_interview):
    response = owner_client.get(reverse("jobs:interview_ics", args=[ics_interview.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="interview-umbrella-20300601.ics"'
    _, (event,) = _single_event(response.content)
    assert str(event["uid"]) == f"interview-{ics_interview.pk}@coach.example.com"
    assert event.decoded("dtstart") == datetime.datetime(2030, 6, 1, 7, 0, tzinfo=UTC)
    assert event.decoded("dtend") == datetime.datetime(2030, 6, 1, 8, 30, tzinfo=UTC)
    assert event.to_ical().decode().count("DTSTART:20300601T070000Z") == 1
    assert str(event["summary"]) == "Panel interview — Platform Engineer at Umbrella"
    assert str(event["location"]) == "HQ, Room 4"
    assert str(event["url"]) == "https://meet.example.com/panel"
    description = str(event["description"])
    assert "Interviewer: Three engineers" in description
    assert "Bring the portfolio; ask about on-call" in description
    assert f"https://coach.example.com/jobs/{ics_interview.job_id}/" in description
    assert "dtstamp" in event
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("trigger") < datetime.timedelta(0)


def test_ics_uid_is_stable(owner_client, ics_interview):
    url = reverse("jobs:interview_ics", args=[ics_interview.pk])
    first = _single_event(owner_client.get(url).content)[1][0]["uid"]
    assert _single_event(owner_client.get(url).content)[1][0]["uid"] == first


def test_feed_needs_no_login_and_lists_the_owners_interviews(client, owner, stranger, ics_interview):
    now = timezone.now()
    InterviewFactory(job=JobFactory(user=owner), scheduled_at=now - datetime.timedelta(days=120))
    InterviewFactory(job=JobFactory(user=stranger, company="Not Mine"))
    feed = CalendarFeedFactory(user=owner)
    response = client.get(reverse("jobs:calendar_feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "noindex" in response["X-Robots-Tag"]
    cal, events = _single_event(response.content)
    assert "REFRESH-INTERVAL" in response.content.decode()
    assert [str(e["uid"]) for e in events] == [f"interview-{ics_interview.pk}@coach.example.com"]
    assert "Not Mine" not in response.content.decode()


def test_feed_answers_head(client, owner):
    feed = CalendarFeedFactory(user=owner)
    assert client.head(reverse("jobs:calendar_feed", args=[feed.token])).status_code == 200


@pytest.mark.parametrize("token", ["wrong-token", "a" * 43])
def test_feed_with_a_wrong_token_is_404(client, owner, token):
    CalendarFeedFactory(user=owner)
    assert client.get(reverse("jobs:calendar_feed", args=[token])).status_code == 404


def test_feed_with_a_malformed_address_is_404(client):
    assert client.get("/jobs/calendar/bad.token!.ics").status_code == 404


def test_feed_of_a_suspended_user_is_404(client, owner):
    feed = CalendarFeedFactory(user=owner)
    account_services.user_suspend(user=owner)
    assert client.get(reverse("jobs:calendar_feed", args=[feed.token])).status_code == 404


def test_feed_query_count_does_not_grow(client, owner, django_assert_max_num_queries):
    for n in range(20):
        InterviewFactory(job=JobFactory(user=owner), scheduled_at=timezone.now() + datetime.timedelta(days=n))
    feed = CalendarFeedFactory(user=owner)
    with django_assert_max_num_queries(2):
        response = client.get(reverse("jobs:calendar_feed", args=[feed.token]))
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 20
