"""Growth stories: periods in the user's time zone, facts from real rows, the offline story,
one story per period (also under a race), rewriting, the pages and the API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from billing.exceptions import QuotaExceeded
from billing.models import Plan, UsageRecord
from coaching.models import Assessment, Goal, MockInterview, Story
from coaching.offline.story import compose
from coaching.selectors.stories import facts_are_empty, period_for, story_facts
from coaching.services import stories as services
from jobs.models import Job, JobStatus
from tests.accounts.factories import UserFactory
from tests.coaching.factories import (
    AssessmentFactory,
    GoalFactory,
    GoalMilestoneFactory,
    MockInterviewFactory,
    StoryFactory,
)
from tests.concurrency import race
from tests.jobs.factories import InterviewFactory, JobFactory, StatusChangeFactory

UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _default_plans(request):
    """Transactional tests flush the plans migration 0002 created (and --reuse-db keeps the
    flushed database): create them again, idempotently."""
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        import importlib

        from django.apps import apps

        request.getfixturevalue("db")
        importlib.import_module("billing.migrations.0002_default_plans").create_plans(apps, None)


def _at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def _created(obj, when):
    type(obj).objects.filter(pk=obj.pk).update(created_at=when)
    return obj


def _generate(user, capture, kind=Story.PeriodKind.WEEKLY, which="current"):
    with capture(execute=True):
        story, generation = services.story_generate(user=user, period_kind=kind, which=which)
    story.refresh_from_db()
    return story, generation


# --- Periods ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_weeks_run_monday_to_sunday_in_the_users_zone():
    now = _at(2026, 11, 22, 12, 0)  # Sunday noon UTC = Monday 01:00 in Auckland
    utc_user = UserFactory(timezone="UTC")
    kiwi = UserFactory(timezone="Pacific/Auckland")
    this_week = period_for(user=utc_user, kind="WEEKLY", which="current", now=now)
    assert (this_week.start, this_week.end) == (datetime.date(2026, 11, 16), datetime.date(2026, 11, 22))
    assert this_week.label == "Week of 16 Nov 2026"
    kiwi_week = period_for(user=kiwi, kind="WEEKLY", which="current", now=now)
    assert (kiwi_week.start, kiwi_week.end) == (datetime.date(2026, 11, 23), datetime.date(2026, 11, 29))
    last = period_for(user=kiwi, kind="WEEKLY", which="previous", now=now)
    assert (last.start, last.end) == (datetime.date(2026, 11, 16), datetime.date(2026, 11, 22))


@pytest.mark.django_db
def test_months_follow_the_users_zone():
    now = _at(2026, 11, 30, 12, 0)  # 1 December in Auckland
    kiwi = UserFactory(timezone="Pacific/Auckland")
    current = period_for(user=kiwi, kind="MONTHLY", which="current", now=now)
    previous = period_for(user=kiwi, kind="MONTHLY", which="previous", now=now)
    assert (current.start, current.end, current.label) == (datetime.date(2026, 12, 1), datetime.date(2026, 12, 31), "December 2026")
    assert (previous.start, previous.end) == (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    january = period_for(user=kiwi, kind="MONTHLY", which="previous", now=_at(2027, 1, 10))
    assert (january.start, january.end) == (datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))


# --- Facts --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_facts_come_from_real_rows_inside_the_period_in_the_users_zone(django_assert_max_num_queries):
    user = UserFactory(timezone="America/New_York")  # the week 16–22 Nov is [16 Nov 05:00, 23 Nov 05:00) UTC
    start, end = datetime.date(2026, 11, 16), datetime.date(2026, 11, 22)
    inside_first = _created(JobFactory(user=user, title="Data Engineer", company="Acme"), _at(2026, 11, 16, 5, 30))
    _created(JobFactory(user=user, title="Too early", company="Before Co"), _at(2026, 11, 16, 4, 59))
    _created(JobFactory(user=user, title="Last minute", company="Late Night Ltd"), _at(2026, 11, 23, 4, 59))
    _created(JobFactory(user=user, title="Too late", company="After Co"), _at(2026, 11, 23, 5, 0))
    applied = StatusChangeFactory(job=inside_first, from_status=JobStatus.INTERESTED, to_status=JobStatus.APPLIED)
    _created(applied, _at(2026, 11, 17, 9))
    _created(StatusChangeFactory(job=inside_first, from_status="", to_status=JobStatus.INTERESTED), _at(2026, 11, 17, 9))
    globex = JobFactory(user=user, company="Globex", status=JobStatus.REJECTED)
    _created(globex, _at(2026, 10, 1))
    _created(StatusChangeFactory(job=globex, from_status=JobStatus.APPLIED, to_status=JobStatus.REJECTED), _at(2026, 11, 20, 15))
    _created(StatusChangeFactory(job=globex, from_status=JobStatus.INTERESTED, to_status=JobStatus.APPLIED), _at(2026, 11, 10))
    for to_status in (JobStatus.INTERVIEW_SCHEDULED, JobStatus.INTERVIEW_COMPLETED):  # one job, one stage
        _created(StatusChangeFactory(job=globex, to_status=to_status), _at(2026, 11, 17, 12))
    InterviewFactory(job=globex, scheduled_at=_at(2026, 11, 18, 14))
    InterviewFactory(job=globex, scheduled_at=_at(2026, 11, 25, 14))  # next week
    GoalFactory(user=user, title="Finish portfolio", status=Goal.Status.COMPLETED, completed_at=_at(2026, 11, 19, 12))
    GoalFactory(user=user, title="Old goal", status=Goal.Status.COMPLETED, completed_at=_at(2026, 11, 2, 12))
    GoalMilestoneFactory(goal=GoalFactory(user=user), title="Draft the README", done_at=_at(2026, 11, 21, 12))
    AssessmentFactory(user=user, category="SQL", status=Assessment.Status.COMPLETED, score=80.0, completed_at=_at(2026, 11, 18))
    MockInterviewFactory(user=user, title="Backend practice", status=MockInterview.Status.COMPLETED, overall_score=72.5,
                         completed_at=_at(2026, 11, 19))
    # Someone else's activity in the same week.
    stranger_job = _created(JobFactory(title="Secret", company="Stranger Inc"), _at(2026, 11, 18))
    _created(StatusChangeFactory(job=stranger_job, to_status=JobStatus.APPLIED), _at(2026, 11, 18))

    with django_assert_max_num_queries(7):
        facts = story_facts(user=user, start=start, end=end, now=_at(2026, 11, 30))
    assert [j["company"] for j in facts["jobs_added"]] == ["Acme", "Late Night Ltd"]
    assert facts["applied"] == [{"title": "Data Engineer", "company": "Acme", "status": "Applied"}]
    assert [r["company"] for r in facts["rejections"]] == ["Globex"]
    assert facts["interview_stage"] == [{"title": globex.title, "company": "Globex", "status": "Interview scheduled"}]
    assert [(i["company"], i["type"]) for i in facts["interviews_held"]] == [("Globex", "Video call")]
    assert facts["goals_completed"] == ["Finish portfolio"]
    assert facts["milestones_done"][0]["title"] == "Draft the README"
    assert facts["quizzes"] == [{"category": "SQL", "score": 80.0}]
    assert facts["mock_interviews"] == [{"title": "Backend practice", "score": 72.5}]
    assert facts["timezone"] == "America/New_York" and not facts_are_empty(facts)
    assert "Stranger Inc" not in str(facts)


@pytest.mark.django_db
def test_interviews_still_to_come_are_not_counted_as_held():
    user = UserFactory(timezone="UTC")
    InterviewFactory(job=JobFactory(user=user, company="Initech"), scheduled_at=_at(2026, 11, 20, 10))
    facts = story_facts(user=user, start=datetime.date(2026, 11, 16), end=datetime.date(2026, 11, 22),
                        now=_at(2026, 11, 19))
    assert facts["interviews_held"] == []


# --- The offline story --------------------------------------------------------------------------


def _facts(**activity):
    base = {"jobs_added": [], "applied": [], "interview_stage": [], "offers": [], "rejections": [],
            "interviews_held": [], "goals_completed": [], "milestones_done": [], "quizzes": [], "mock_interviews": []}
    return {**base, **activity}


def test_an_empty_period_gets_an_honest_short_story():
    title, text = compose(facts=_facts(), period_label="Week of 16 Nov 2026", period_noun="week", first_name="Olivia")
    assert title == "A quiet week"
    assert "no recorded activity for the week of 16 Nov 2026" in text
    assert "## What happened" not in text and "Wins" not in text


def test_the_story_tells_only_the_facts_and_is_deterministic():
    facts = _facts(
        applied=[{"title": "Data Engineer", "company": "Acme", "status": "Applied"}],
        interviews_held=[{"company": "Globex", "title": "Analyst", "type": "Video call", "outcome": "Pending"}],
        rejections=[{"title": "Analyst", "company": "Initech", "status": "Rejected"}],
        quizzes=[{"category": "SQL", "score": 80.0}],
    )
    title, text = compose(facts=facts, period_label="Week of 16 Nov 2026", period_noun="week", first_name="Olivia")
    assert title == "1 interview this week"
    assert "Olivia, here is what you did in the week of 16 Nov 2026, as recorded in CareerCoach." in text
    assert "You applied to 1 role: Acme." in text
    assert "You had 1 interview: video call with Globex." in text
    assert "1 application ended in a rejection: Initech." in text
    assert "A 80% score on the SQL quiz." in text
    assert "## Carry into next week" in text and "rejection is information" in text
    assert (title, text) == compose(facts=facts, period_label="Week of 16 Nov 2026", period_noun="week", first_name="Olivia")


def test_an_offer_makes_the_headline():
    title, text = compose(facts=_facts(offers=[{"title": "Engineer", "company": "Acme", "status": "Offer received"}]),
                          period_label="November 2026", period_noun="month")
    assert title == "An offer from Acme"
    assert "## Carry into next month" in text


# --- Services -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_generate_writes_the_story_of_the_period(owner, django_capture_on_commit_callbacks):
    job = JobFactory(user=owner, title="Platform Engineer", company="Umbrella")
    StatusChangeFactory(job=job, to_status=JobStatus.APPLIED)
    story, generation = _generate(owner, django_capture_on_commit_callbacks)
    period = period_for(user=owner, kind="WEEKLY", which="current")
    assert (story.period_start, story.period_end, story.status) == (period.start, period.end, Story.Status.READY)
    assert story.title == "1 application sent" and story.provider == "offline"
    assert "Umbrella" in story.content and not story.content.startswith("#")
    assert story.facts["applied"][0]["company"] == "Umbrella"
    assert UsageRecord.objects.filter(user=owner, action=UsageRecord.Action.AI_STORY).count() == 1


@pytest.mark.django_db
def test_the_same_period_gives_back_the_same_story_without_quota(owner, django_capture_on_commit_callbacks):
    story, _ = _generate(owner, django_capture_on_commit_callbacks)
    again, generation = _generate(owner, django_capture_on_commit_callbacks)
    assert again.pk == story.pk and generation is None
    assert Story.objects.count() == 1 and UsageRecord.objects.count() == 1
    monthly, _ = _generate(owner, django_capture_on_commit_callbacks, kind="MONTHLY")
    previous, _ = _generate(owner, django_capture_on_commit_callbacks, which="previous")
    assert len({story.pk, monthly.pk, previous.pk}) == 3


@pytest.mark.django_db
def test_an_empty_period_is_written_honestly(owner, django_capture_on_commit_callbacks):
    story, _ = _generate(owner, django_capture_on_commit_callbacks, which="previous")
    assert story.title == "A quiet week" and "no recorded activity" in story.content
    assert facts_are_empty(story.facts)


@pytest.mark.django_db
def test_generate_validates_and_respects_the_quota(owner):
    with pytest.raises(ValidationError):
        services.story_generate(user=owner, period_kind="YEARLY", which="current")
    with pytest.raises(ValidationError):
        services.story_generate(user=owner, period_kind="WEEKLY", which="next")
    Plan.objects.filter(code="FREE").update(ai_generations_per_day=0)
    with pytest.raises(QuotaExceeded):
        services.story_generate(user=owner, period_kind="WEEKLY", which="current")
    assert not Story.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("with_lock", [True, False], ids=["advisory-lock", "unique-constraint-only"])
def test_simultaneous_requests_make_one_story(with_lock, monkeypatch):
    if not with_lock:  # the savepoint + IntegrityError fallback must hold on its own too
        monkeypatch.setattr(services, "_advisory_lock", lambda key: None)
    user = UserFactory()
    results = race(lambda: services.story_generate(user=user, period_kind="WEEKLY", which="current", enqueue=False))
    assert Story.objects.filter(user=user).count() == 1
    assert len({story.pk for story, _ in results}) == 1
    assert sum(1 for _, generation in results if generation is not None) == 1
    assert UsageRecord.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_regenerate_rewrites_the_same_row(owner, django_capture_on_commit_callbacks):
    story, _ = _generate(owner, django_capture_on_commit_callbacks)
    assert story.title == "A quiet week"
    JobFactory(user=owner, title="SRE", company="Hooli")
    with django_capture_on_commit_callbacks(execute=True):
        services.story_regenerate(story=story)
    story.refresh_from_db()
    assert Story.objects.count() == 1
    assert story.title == "1 new opportunity on the board" and "SRE at Hooli" in story.content
    assert story.facts["jobs_added"] == [{"title": "SRE", "company": "Hooli"}]
    assert UsageRecord.objects.filter(action=UsageRecord.Action.AI_STORY).count() == 2


@pytest.mark.django_db
def test_regenerate_refuses_while_being_written(owner):
    story, _ = services.story_generate(user=owner, period_kind="WEEKLY", which="current", enqueue=False)
    with pytest.raises(ValidationError):
        services.story_regenerate(story=story)
    assert UsageRecord.objects.count() == 1


# --- Views --------------------------------------------------------------------------------------


def _object_urls(story):
    return [
        ("get", reverse("coaching:story_detail", args=[story.pk])),
        ("post", reverse("coaching:story_regenerate", args=[story.pk])),
        ("post", reverse("coaching:story_delete", args=[story.pk])),
    ]


@pytest.mark.django_db
def test_anonymous_is_redirected(client):
    story = StoryFactory()
    for method, url in [("get", reverse("coaching:story_list")), ("post", reverse("coaching:story_generate")),
                        *_object_urls(story)]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login" in response["Location"], url


@pytest.mark.django_db
def test_wrong_method_is_405(owner_client, owner):
    story = StoryFactory(user=owner)
    assert owner_client.post(reverse("coaching:story_list")).status_code == 405
    assert owner_client.get(reverse("coaching:story_generate")).status_code == 405
    assert owner_client.post(reverse("coaching:story_detail", args=[story.pk])).status_code == 405
    assert owner_client.get(reverse("coaching:story_regenerate", args=[story.pk])).status_code == 405
    assert owner_client.get(reverse("coaching:story_delete", args=[story.pk])).status_code == 405


@pytest.mark.django_db
def test_strangers_get_404_everywhere(stranger_client, owner):
    story = StoryFactory(user=owner)
    for method, url in _object_urls(story):
        assert getattr(stranger_client, method)(url).status_code == 404, url
    assert Story.objects.filter(pk=story.pk, status=Story.Status.READY).exists()
    assert not UsageRecord.objects.exists()


@pytest.mark.django_db
def test_list_shows_stories_newest_first_and_the_period_buttons(owner_client, owner):
    today = timezone.localdate()
    StoryFactory(user=owner, title="Older story", period_start=today - datetime.timedelta(days=60),
                 period_end=today - datetime.timedelta(days=54))
    StoryFactory(user=owner, title="Newer story")
    StoryFactory(title="Not yours")
    html = owner_client.get(reverse("coaching:story_list")).content.decode()
    assert html.index("Newer story") < html.index("Older story") and "Not yours" not in html
    for label in ("This week", "Last week", "This month", "Last month"):
        assert label in html
    assert 'id="ai-quota"' in html


@pytest.mark.django_db
def test_list_htmx_returns_the_rows(owner_client, owner):
    StoryFactory(user=owner, title="My week")
    html = owner_client.get(reverse("coaching:story_list"), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and 'id="story-rows"' in html and "My week" in html


@pytest.mark.django_db
def test_generate_view_writes_then_links_the_existing_story(owner_client, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("coaching:story_generate"), {"period_kind": "WEEKLY", "which": "previous"})
    story = Story.objects.get(user=owner)
    assert response["Location"] == reverse("coaching:story_detail", args=[story.pk])
    page = owner_client.get(response["Location"]).content.decode()
    assert "A quiet week" in page and 'id="story-facts"' in page and "offline coach" in page
    again = owner_client.post(reverse("coaching:story_generate"), {"period_kind": "WEEKLY", "which": "previous"},
                              follow=True)
    assert "You already have the story of" in again.content.decode()
    assert Story.objects.count() == 1 and UsageRecord.objects.count() == 1


@pytest.mark.django_db
def test_generate_view_rejects_bad_input_and_over_quota(owner_client):
    bad = owner_client.post(reverse("coaching:story_generate"), {"period_kind": "DAILY", "which": "someday"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    Plan.objects.filter(code="FREE").update(ai_generations_per_day=0)
    over = owner_client.post(reverse("coaching:story_generate"), {"period_kind": "WEEKLY", "which": "current"},
                             HTTP_HX_REQUEST="true")
    html = over.content.decode()
    assert over.status_code == 200 and "<html" not in html and "reset" in html.lower()
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_generate_view_htmx_redirects_the_browser(owner_client, owner):
    response = owner_client.post(reverse("coaching:story_generate"), {"period_kind": "MONTHLY", "which": "current"},
                                 HTTP_HX_REQUEST="true")
    story = Story.objects.get(user=owner)
    assert response["HX-Redirect"] == reverse("coaching:story_detail", args=[story.pk])


@pytest.mark.django_db
def test_detail_renders_markdown_safely_and_shows_the_poller_while_writing(owner_client, owner):
    story = StoryFactory(user=owner, content="## Wins\n\n- **Two** interviews <script>alert(1)</script>")
    html = owner_client.get(reverse("coaching:story_detail", args=[story.pk])).content.decode()
    assert "<h2>Wins</h2>" in html and "<strong>Two</strong>" in html and "<script>alert" not in html
    writing, generation = services.story_generate(user=owner, period_kind="MONTHLY", which="current", enqueue=False)
    html = owner_client.get(reverse("coaching:story_detail", args=[writing.pk])).content.decode()
    assert f'id="generation-{generation.pk}"' in html and 'http-equiv="refresh"' in html


@pytest.mark.django_db
def test_detail_htmx_returns_the_body(owner_client, owner):
    story = StoryFactory(user=owner)
    html = owner_client.get(reverse("coaching:story_detail", args=[story.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and 'id="story-body"' in html


@pytest.mark.django_db
def test_regenerate_view(owner_client, owner, django_capture_on_commit_callbacks):
    story = StoryFactory(user=owner, title="Old title", content="Old content")
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("coaching:story_regenerate", args=[story.pk]))
    assert response["Location"] == reverse("coaching:story_detail", args=[story.pk])
    story.refresh_from_db()
    assert story.title == "A quiet week" and story.status == Story.Status.READY
    Plan.objects.filter(code="FREE").update(ai_generations_per_day=0)
    html = owner_client.post(reverse("coaching:story_regenerate", args=[story.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and "reset" in html.lower()
    story.refresh_from_db()
    assert story.status == Story.Status.READY


@pytest.mark.django_db
def test_delete_view(owner_client, owner):
    story = StoryFactory(user=owner)
    response = owner_client.post(reverse("coaching:story_delete", args=[story.pk]))
    assert response["Location"] == reverse("coaching:story_list") and not Story.objects.exists()


# --- API ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_flow(owner_client, owner, django_capture_on_commit_callbacks):
    url = reverse("coaching_api:story_list")
    with django_capture_on_commit_callbacks(execute=True):
        created = owner_client.post(url, {"period_kind": "WEEKLY", "period": "previous"}, content_type="application/json")
    assert created.status_code == 202 and created.json()["created"] is True and created.json()["generation_id"]
    story_id = created.json()["story"]["id"]
    again = owner_client.post(url, {"period_kind": "WEEKLY", "period": "previous"}, content_type="application/json")
    assert again.status_code == 200 and again.json() == {"story": again.json()["story"], "created": False}
    assert again.json()["story"]["id"] == story_id
    detail = owner_client.get(reverse("coaching_api:story_detail", args=[story_id])).json()
    assert detail["status"] == "READY" and "no recorded activity" in detail["content"] and "jobs_added" in detail["facts"]
    assert owner_client.get(url).json()["count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        rewrite = owner_client.post(reverse("coaching_api:story_regenerate", args=[story_id]))
    assert rewrite.status_code == 202
    assert owner_client.delete(reverse("coaching_api:story_detail", args=[story_id])).status_code == 204
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_api_validation_and_quota(owner_client):
    url = reverse("coaching_api:story_list")
    bad = owner_client.post(url, {"period_kind": "DAILY"}, content_type="application/json")
    assert bad.status_code == 400 and "period_kind" in bad.json()["error"]["fields"]
    Plan.objects.filter(code="FREE").update(ai_generations_per_day=0)
    assert owner_client.post(url, {"period_kind": "WEEKLY"}, content_type="application/json").status_code == 429


@pytest.mark.django_db
def test_api_strangers_get_404(stranger_client, owner):
    story = StoryFactory(user=owner)
    assert stranger_client.get(reverse("coaching_api:story_detail", args=[story.pk])).status_code == 404
    assert stranger_client.delete(reverse("coaching_api:story_detail", args=[story.pk])).status_code == 404
    assert stranger_client.post(reverse("coaching_api:story_regenerate", args=[story.pk])).status_code == 404
    assert stranger_client.get(reverse("coaching_api:story_list")).json()["count"] == 0
    assert Story.objects.filter(pk=story.pk).exists() and not UsageRecord.objects.exists()


# --- Demo ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_seeds_the_story_of_last_week_once(owner):
    from coaching.demo.stories import seed_demo_stories

    job = JobFactory(user=owner, company="Demo Corp", title="Analyst")
    last_week = period_for(user=owner, kind="WEEKLY", which="previous")
    _created(job, datetime.datetime.combine(last_week.start, datetime.time(12), tzinfo=UTC))
    seed_demo_stories(seeker=owner)
    story = Story.objects.get(user=owner)
    assert (story.period_kind, story.period_start, story.status) == ("WEEKLY", last_week.start, "READY")
    assert "Analyst at Demo Corp" in story.content
    seed_demo_stories(seeker=owner)
    assert Story.objects.filter(user=owner).count() == 1


@pytest.mark.django_db
def test_no_server_error_on_any_story_url(client, owner, stranger):
    story = StoryFactory(user=owner)
    junk = {"period_kind": "x" * 500, "which": "NOPE", "period": "-3"}
    urls = [reverse("coaching:story_list"), reverse("coaching:story_generate"), reverse("coaching_api:story_list"),
            *[url for _, url in _object_urls(story)], reverse("coaching_api:story_detail", args=[story.pk]),
            reverse("coaching_api:story_regenerate", args=[story.pk])]
    for user in (owner, stranger, None):
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            for response in (client.get(url), client.post(url), client.post(url, junk),
                             client.post(url, junk, HTTP_HX_REQUEST="true")):
                assert response.status_code < 500, (url, user, response.status_code)


@pytest.mark.django_db
def test_openai_story_gets_the_facts_and_the_rule_not_to_invent(owner, openai_settings, llm_server,
                                                                django_capture_on_commit_callbacks):
    from tests.coaching.llm_server import text

    JobFactory(user=owner, title="Platform Engineer", company="Umbrella")
    llm_server.plan(text("# Umbrella joins the board\n\n## What happened\n\nYou added Platform Engineer at Umbrella."))
    story, generation = _generate(owner, django_capture_on_commit_callbacks)
    assert story.status == Story.Status.READY and story.provider == "openai"
    assert story.title == "Umbrella joins the board"
    assert story.content.startswith("## What happened") and "Umbrella" in story.content
    assert story.facts["jobs_added"] == [{"title": "Platform Engineer", "company": "Umbrella"}]
    request = llm_server.requests[0]
    assert "never invent" in request["messages"][0]["content"]
    assert '"company": "Umbrella"' in request["messages"][1]["content"]
    assert request["stream"] is True


@pytest.mark.django_db
def test_demo_story_with_the_demo_seekers_board_tells_only_its_activity(settings):
    from accounts.demo import seed_demo
    from coaching.demo.quizzes import seed_demo_quizzes
    from coaching.demo.stories import seed_demo_stories
    from jobs.demo import seed_demo_board

    seed_demo()
    from accounts.models import User

    seeker = User.objects.get(email="seeker@demo.careercoach.local")
    seed_demo_board(user=seeker)
    seed_demo_quizzes(seeker=seeker)
    seed_demo_stories(seeker=seeker)
    story = Story.objects.get(user=seeker)
    last_week = period_for(user=seeker, kind="WEEKLY", which="previous")
    assert story.status == Story.Status.READY and story.period_start == last_week.start
    assert story.facts == story_facts(user=seeker, start=last_week.start, end=last_week.end)
    companies = set(Job.objects.filter(user=seeker).values_list("company", flat=True))
    mentioned = {c for c in companies if c in story.content}
    expected = {item["company"] for key in ("jobs_added", "applied", "interview_stage", "offers", "rejections",
                                             "interviews_held") for item in story.facts[key]}
    assert mentioned <= expected
    assert Assessment.objects.filter(user=seeker, status=Assessment.Status.COMPLETED).count() == 2


@pytest.mark.django_db
def test_list_page_query_count_does_not_grow_with_stories(owner_client, owner, django_assert_max_num_queries):
    today = timezone.localdate()
    for weeks in range(6):
        start = today - datetime.timedelta(days=today.weekday() + 7 * weeks)
        StoryFactory(user=owner, period_start=start, period_end=start + datetime.timedelta(days=6))
    owner_client.get(reverse("coaching:story_list"))  # the first request also records the login session
    with django_assert_max_num_queries(8):
        response = owner_client.get(reverse("coaching:story_list"))
    assert response.status_code == 200 and response.content.decode().count('id="story-') >= 6
