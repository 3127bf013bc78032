"""Goal pages: every URL (anonymous → login, wrong method → 405, a stranger's goal or
milestone → 404), the list with groups/filters/overdue/score, create (blank and from a
template), edit, delete, status changes, the htmx milestone checklist, recommendations."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile
from coaching.models import Generation, Goal, GoalMilestone
from coaching.services import goals as services
from tests.coaching.factories import GoalFactory, GoalMilestoneFactory, UsageRecordFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.get(reverse("coaching:goal_list"))  # registers the session (steady-state query counts)
    return client


@pytest.fixture
def owner_client(owner):
    return _client(owner)


@pytest.fixture
def stranger_client(stranger):
    return _client(stranger)


@pytest.fixture
def goal(owner):
    return services.goal_create(
        user=owner, data={"title": "Get 2 referrals", "priority": 3, "period": "MONTHLY"},
        milestones=["List people", "Send requests"],
    )


def _urls(goal: Goal, milestone: GoalMilestone) -> list[tuple[str, str]]:
    """(method, url) of every goal URL that names an object."""
    return [
        ("get", reverse("coaching:goal_detail", args=[goal.pk])),
        ("get", reverse("coaching:goal_edit", args=[goal.pk])),
        ("post", reverse("coaching:goal_edit", args=[goal.pk])),
        ("post", reverse("coaching:goal_delete", args=[goal.pk])),
        ("post", reverse("coaching:goal_status", args=[goal.pk])),
        ("post", reverse("coaching:goal_milestone_add", args=[goal.pk])),
        ("post", reverse("coaching:goal_recommend", args=[goal.pk])),
        ("post", reverse("coaching:milestone_toggle", args=[milestone.pk])),
        ("post", reverse("coaching:milestone_delete", args=[milestone.pk])),
    ]


# --- Access -----------------------------------------------------------------------------------------


def test_anonymous_is_redirected_to_login(client, goal):
    milestone = goal.milestones.first()
    urls = [("get", reverse("coaching:goal_list")), ("get", reverse("coaching:goal_new")), *_urls(goal, milestone)]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login" in response["Location"], url


def test_stranger_gets_404_on_every_url_and_nothing_changes(stranger_client, goal, owner):
    milestone = goal.milestones.first()
    for method, url in _urls(goal, milestone):
        data = {"action": "complete", "title": "Hacked", "priority": 1} if method == "post" else None
        response = getattr(stranger_client, method)(url, data or {})
        assert response.status_code == 404, url
        response = getattr(stranger_client, method)(url, data or {}, **HTMX)
        assert response.status_code == 404, url
    goal.refresh_from_db()
    milestone.refresh_from_db()
    owner.refresh_from_db()
    assert goal.status == Goal.Status.NOT_STARTED and goal.title == "Get 2 referrals"
    assert milestone.done_at is None and goal.milestones.count() == 2
    assert owner.achievement_score == 0 and not Generation.objects.exists()


def test_wrong_methods_get_405(owner_client, goal):
    milestone = goal.milestones.first()
    assert owner_client.post(reverse("coaching:goal_list")).status_code == 405
    assert owner_client.delete(reverse("coaching:goal_new")).status_code == 405
    assert owner_client.post(reverse("coaching:goal_detail", args=[goal.pk])).status_code == 405
    for name in ("goal_delete", "goal_status", "goal_milestone_add", "goal_recommend"):
        assert owner_client.get(reverse(f"coaching:{name}", args=[goal.pk])).status_code == 405, name
    for name in ("milestone_toggle", "milestone_delete"):
        assert owner_client.get(reverse(f"coaching:{name}", args=[milestone.pk])).status_code == 405, name


# --- List ------------------------------------------------------------------------------------------------


def test_list_groups_open_goals_by_period_and_collapses_closed(owner_client, owner):
    today = timezone.localdate()
    GoalFactory(user=owner, title="Weekly thing", period="WEEKLY")
    GoalFactory(user=owner, title="No-period thing", period="")
    GoalFactory(user=owner, title="Late thing", period="DAILY", target_date=today - datetime.timedelta(days=3))
    GoalFactory(user=owner, title="Done thing", status=Goal.Status.COMPLETED, completed_at=timezone.now())
    type(owner).objects.filter(pk=owner.pk).update(achievement_score=70)
    response = owner_client.get(reverse("coaching:goal_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index('id="group-DAILY"') < html.index('id="group-WEEKLY"') < html.index('id="group-none"')
    assert "Overdue" in html and "1 open goal is past its target date" in html
    closed = html[html.index("Completed and abandoned (1)"):]
    assert "Done thing" in closed
    assert '<span class="stat">70</span> achievement points' in html
    assert 'class="progress' in html


def test_list_filters_by_period_and_status_htmx_fragment(owner_client, owner):
    GoalFactory(user=owner, title="Weekly open", period="WEEKLY", status=Goal.Status.NOT_STARTED)
    GoalFactory(user=owner, title="Weekly going", period="WEEKLY", status=Goal.Status.IN_PROGRESS)
    GoalFactory(user=owner, title="Monthly going", period="MONTHLY", status=Goal.Status.IN_PROGRESS)
    response = owner_client.get(reverse("coaching:goal_list"), {"period": "WEEKLY", "status": "IN_PROGRESS"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="goal-groups"') and "<html" not in html
    assert "Weekly going" in html and "Weekly open" not in html and "Monthly going" not in html


def test_list_junk_filter_shows_everything(owner_client, owner):
    GoalFactory(user=owner, title="Kept")
    response = owner_client.get(reverse("coaching:goal_list"), {"period": "NOPE", "status": "<x>"})
    assert response.status_code == 200 and "Kept" in response.content.decode()


def test_list_shows_only_my_goals_in_bounded_queries(owner_client, owner, stranger, django_assert_max_num_queries):
    for n in range(5):
        GoalMilestoneFactory(goal=GoalFactory(user=owner, title=f"Mine {n}"))
    GoalFactory(user=stranger, title="Not mine")
    with django_assert_max_num_queries(8):
        response = owner_client.get(reverse("coaching:goal_list"))
    html = response.content.decode()
    assert "Mine 4" in html and "Not mine" not in html


# --- Create ----------------------------------------------------------------------------------------------


def test_new_goal_page_lists_templates(owner_client):
    response = owner_client.get(reverse("coaching:goal_new"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Apply to 5 jobs this week" in html and "Get 2 referrals" in html
    assert "Add target skills to" in html, "skill templates wait for target skills"


def test_template_prefills_the_form(owner_client):
    response = owner_client.get(reverse("coaching:goal_new"), {"template": "apply-5-this-week"})
    html = response.content.decode()
    assert 'value="Apply to 5 jobs this week"' in html
    assert "Pick 5 roles from your board" in html


def test_skill_template_uses_only_my_target_skills(owner_client, owner):
    Profile.objects.filter(user=owner).update(target_skills=["Rust"])
    html = owner_client.get(reverse("coaching:goal_new")).content.decode()
    assert "template=learn-skill&amp;skill=Rust" in html
    html = owner_client.get(reverse("coaching:goal_new"), {"template": "learn-skill", "skill": "Rust"}).content.decode()
    assert 'value="Learn Rust"' in html
    response = owner_client.get(reverse("coaching:goal_new"), {"template": "learn-skill", "skill": "COBOL"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Learn COBOL" not in html and "Pick one of the target skills" in html


def test_unknown_template_is_a_message_not_an_error(owner_client):
    response = owner_client.get(reverse("coaching:goal_new"), {"template": "nope"})
    assert response.status_code == 200 and "That template does not exist." in response.content.decode()


def test_create_goal_with_milestones(owner_client, owner):
    response = owner_client.post(reverse("coaching:goal_new"), {
        "title": "Apply to 5 jobs", "period": "WEEKLY", "priority": "3", "start_date": "2030-05-01",
        "target_date": "2030-05-08", "milestones": "First\n\nSecond\n", "description": "",
    })
    goal = Goal.objects.get(user=owner)
    assert response.status_code == 302 and response["Location"] == reverse("coaching:goal_detail", args=[goal.pk])
    assert goal.priority == 3 and goal.period == "WEEKLY" and goal.target_date == datetime.date(2030, 5, 8)
    assert list(goal.milestones.values_list("title", flat=True)) == ["First", "Second"]


def test_create_htmx_success_redirects_client_side(owner_client, owner):
    response = owner_client.post(reverse("coaching:goal_new"), {"title": "X", "priority": "2"}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("coaching:goal_detail", args=[Goal.objects.get().pk])


def test_create_invalid_keeps_input_and_writes_nothing(owner_client):
    response = owner_client.post(reverse("coaching:goal_new"), {
        "title": "Keep me", "priority": "2", "start_date": "2030-05-10", "target_date": "2030-05-01",
    }, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<form id="goal-form"')
    assert "cannot be before the start date" in html and 'value="Keep me"' in html
    assert not Goal.objects.exists()


def test_create_junk_post_is_a_form_error(owner_client):
    response = owner_client.post(reverse("coaching:goal_new"), {"priority": "99", "period": "HOURLY", "progress": "x"})
    assert response.status_code == 200 and not Goal.objects.exists()


# --- Detail, edit, delete ----------------------------------------------------------------------------


def test_detail_shows_milestones_points_and_ask_button(owner_client, goal):
    response = owner_client.get(reverse("coaching:goal_detail", args=[goal.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "List people" in html and "Send requests" in html
    assert "earns 30 achievement points (10 × priority)" in html
    assert "Ask the coach" in html and 'id="ai-quota"' in html
    assert reverse("coaching:goal_edit", args=[goal.pk]) in html


def test_edit_goal(owner_client, goal):
    response = owner_client.get(reverse("coaching:goal_edit", args=[goal.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and 'value="Get 2 referrals"' in html
    assert 'name="progress"' not in html, "progress follows the milestones"
    response = owner_client.post(reverse("coaching:goal_edit", args=[goal.pk]), {
        "title": "Get 3 referrals", "priority": "2", "period": "", "target_date": "2030-06-01",
    })
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.title == "Get 3 referrals" and goal.period == "" and goal.target_date == datetime.date(2030, 6, 1)


def test_edit_sets_manual_progress_without_milestones(owner_client, owner):
    goal = GoalFactory(user=owner, title="Plain")
    owner_client.post(reverse("coaching:goal_edit", args=[goal.pk]), {"title": "Plain", "priority": "2", "progress": "45"})
    goal.refresh_from_db()
    assert goal.progress == 45


def test_edit_invalid_htmx_returns_the_form(owner_client, goal):
    response = owner_client.post(reverse("coaching:goal_edit", args=[goal.pk]), {"title": "", "priority": "2"}, **HTMX)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<form id="goal-form"')
    goal.refresh_from_db()
    assert goal.title == "Get 2 referrals"


def test_delete_goal(owner_client, goal):
    response = owner_client.post(reverse("coaching:goal_delete", args=[goal.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("coaching:goal_list")
    assert not Goal.objects.exists()


# --- Status -----------------------------------------------------------------------------------------


def test_complete_awards_points_once_and_reopen(owner_client, owner, goal):
    url = reverse("coaching:goal_status", args=[goal.pk])
    response = owner_client.post(url, {"action": "complete"}, follow=True)
    assert "you earned 30 achievement points" in response.content.decode()
    owner.refresh_from_db()
    assert owner.achievement_score == 30
    owner_client.post(url, {"action": "reopen"})
    response = owner_client.post(url, {"action": "complete"}, follow=True)
    assert "already awarded" in response.content.decode()
    owner.refresh_from_db()
    goal.refresh_from_db()
    assert owner.achievement_score == 30 and goal.status == Goal.Status.COMPLETED


def test_invalid_status_action_is_a_message(owner_client, goal):
    response = owner_client.post(reverse("coaching:goal_status", args=[goal.pk]), {"action": "reopen"}, follow=True)
    assert response.status_code == 200 and "cannot be reopened" in response.content.decode()
    response = owner_client.post(reverse("coaching:goal_status", args=[goal.pk]), {"action": "junk"}, follow=True)
    assert response.status_code == 200
    goal.refresh_from_db()
    assert goal.status == Goal.Status.NOT_STARTED


def test_status_htmx_redirects_client_side(owner_client, goal):
    response = owner_client.post(reverse("coaching:goal_status", args=[goal.pk]), {"action": "start"}, **HTMX)
    assert response["HX-Redirect"] == reverse("coaching:goal_detail", args=[goal.pk])


# --- Milestones (htmx checklist) -------------------------------------------------------------------


def test_toggle_htmx_returns_the_checklist_fragment(owner_client, goal):
    milestone = goal.milestones.order_by("sort_order").first()
    response = owner_client.post(reverse("coaching:milestone_toggle", args=[milestone.pk]), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="card stack" id="milestones"') and "<html" not in html
    assert 'aria-checked="true"' in html and "50%" in html
    goal.refresh_from_db()
    assert goal.progress == 50 and goal.status == Goal.Status.IN_PROGRESS


def test_toggle_without_js_redirects(owner_client, goal):
    milestone = goal.milestones.first()
    response = owner_client.post(reverse("coaching:milestone_toggle", args=[milestone.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("coaching:goal_detail", args=[goal.pk]) + "#milestones"


def test_all_done_suggests_completing(owner_client, owner, goal):
    for milestone in goal.milestones.all():
        response = owner_client.post(reverse("coaching:milestone_toggle", args=[milestone.pk]), **HTMX)
    html = response.content.decode()
    assert "All milestones are done" in html and "Mark the goal complete" in html
    goal.refresh_from_db()
    assert goal.status == Goal.Status.IN_PROGRESS


def test_add_and_delete_milestone(owner_client, goal):
    response = owner_client.post(reverse("coaching:goal_milestone_add", args=[goal.pk]), {"title": "Thank them"}, **HTMX)
    assert response.status_code == 200 and "Thank them" in response.content.decode()
    added = goal.milestones.get(title="Thank them")
    response = owner_client.post(reverse("coaching:milestone_delete", args=[added.pk]), **HTMX)
    assert response.status_code == 200 and "Thank them" not in response.content.decode()
    assert goal.milestones.count() == 2


def test_add_blank_milestone_shows_an_error(owner_client, goal):
    response = owner_client.post(reverse("coaching:goal_milestone_add", args=[goal.pk]), {"title": ""}, **HTMX)
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    response = owner_client.post(reverse("coaching:goal_milestone_add", args=[goal.pk]), {"title": ""})
    assert response.status_code == 302
    assert goal.milestones.count() == 2


# --- Recommendations ----------------------------------------------------------------------------------


def test_recommend_runs_and_shows_offline_items(owner_client, goal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("coaching:goal_recommend", args=[goal.pk]))
    assert response.status_code == 302
    goal.refresh_from_db()
    assert 3 <= len(goal.ai_recommendations) <= 6
    html = owner_client.get(reverse("coaching:goal_detail", args=[goal.pk])).content.decode()
    assert "<ol class=\"goal-recommendations\">" in html and html.count("<li>") >= 3
    assert "by the offline coach" in html


def test_recommend_htmx_shows_the_poller_while_pending(owner_client, goal):
    response = owner_client.post(reverse("coaching:goal_recommend", args=[goal.pk]), **HTMX)
    html = response.content.decode()
    generation = Generation.objects.get()
    assert html.lstrip().startswith('<section class="card stack" id="recommendations"')
    assert reverse("coaching:generation_status", args=[generation.pk]) in html
    page = owner_client.get(reverse("coaching:goal_detail", args=[goal.pk])).content.decode()
    assert 'http-equiv="refresh"' in page


def test_recommend_over_quota_shows_the_message(owner_client, owner, goal):
    UsageRecordFactory.create_batch(10, user=owner)
    response = owner_client.post(reverse("coaching:goal_recommend", args=[goal.pk]))
    assert response.status_code == 200 and "reset" in response.content.decode().lower()
    response = owner_client.post(reverse("coaching:goal_recommend", args=[goal.pk]), **HTMX)
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not Generation.objects.exists()


# --- Never a 500 ---------------------------------------------------------------------------------------

JUNK = {"status": "NOPE", "action": "x" * 300, "title": "x" * 5000, "priority": "-1", "period": "HOURLY",
        "progress": "abc", "start_date": "2030-13-45", "target_date": "yesterday", "milestones": "x\n" * 100}


def test_no_server_errors_on_any_goal_url(owner, stranger, goal):
    milestone = goal.milestones.first()
    delete_url = reverse("coaching:goal_delete", args=[goal.pk])
    urls = {url for _, url in _urls(goal, milestone)} | {reverse("coaching:goal_list"), reverse("coaching:goal_new")}
    # Deleting the goal (or its milestone) goes last, so every other URL meets a live goal.
    urls = [*sorted(urls - {delete_url, reverse("coaching:milestone_delete", args=[milestone.pk])}),
            reverse("coaching:milestone_delete", args=[milestone.pk]), delete_url]
    for user in (stranger, None, owner):
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        for url in urls:
            for response in (client.get(url), client.post(url), client.post(url, JUNK), client.post(url, JUNK, **HTMX)):
                assert response.status_code < 500, (user, url, response.status_code)
    assert not Goal.objects.filter(pk=goal.pk).exists()
