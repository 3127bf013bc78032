"""Goal services: create/edit validation, milestones driving progress, status transitions
with once-only achievement points, target date re-arming the reminder."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coaching.models import Goal, GoalMilestone
from coaching.services import goals as services
from tests.accounts.factories import UserFactory
from tests.coaching.factories import GoalFactory, GoalMilestoneFactory
from tests.concurrency import race

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2030, 5, 10)


def _goal(user, **data) -> Goal:
    return services.goal_create(user=user, data={"title": "Apply to 5 jobs", **data})


# --- Create / update ---------------------------------------------------------------------------


def test_create_with_milestones(owner):
    goal = services.goal_create(
        user=owner, data={"title": "Get 2 referrals", "period": "MONTHLY", "priority": 3, "progress": 40},
        milestones=["List people", "  Ask   three  ", "", "Thank them"],
    )
    assert goal.status == Goal.Status.NOT_STARTED
    assert [m.title for m in goal.milestones.order_by("sort_order")] == ["List people", "Ask three", "Thank them"]
    goal.refresh_from_db()
    assert goal.progress == 0, "with milestones, progress follows them, not the value sent"
    assert goal.period == "MONTHLY" and goal.priority == 3


def test_period_is_optional(owner):
    goal = _goal(owner)
    assert goal.period == ""


def test_target_before_start_is_refused_and_nothing_written(owner):
    with pytest.raises(ValidationError):
        services.goal_create(
            user=owner, data={"title": "X", "start_date": TODAY, "target_date": TODAY - datetime.timedelta(days=1)},
            milestones=["a"],
        )
    assert not Goal.objects.exists() and not GoalMilestone.objects.exists()


def test_create_refuses_a_closed_status(owner):
    with pytest.raises(ValidationError):
        _goal(owner, status=Goal.Status.COMPLETED)


def test_create_refuses_too_many_milestones(owner):
    with pytest.raises(ValidationError):
        services.goal_create(user=owner, data={"title": "X"}, milestones=[f"m{n}" for n in range(31)])
    assert not Goal.objects.exists()


def test_manual_progress_without_milestones(owner):
    goal = _goal(owner)
    goal = services.goal_update(goal=goal, data={"progress": 35})
    goal.refresh_from_db()
    assert goal.progress == 35


def test_manual_progress_is_refused_with_milestones(owner):
    goal = services.goal_create(user=owner, data={"title": "X"}, milestones=["a", "b"])
    with pytest.raises(ValidationError) as exc:
        services.goal_update(goal=goal, data={"progress": 80})
    assert "progress" in exc.value.message_dict
    goal.refresh_from_db()
    assert goal.progress == 0


def test_update_target_before_start_refused(owner):
    goal = _goal(owner, start_date=TODAY)
    with pytest.raises(ValidationError):
        services.goal_update(goal=goal, data={"target_date": TODAY - datetime.timedelta(days=2)})
    goal.refresh_from_db()
    assert goal.target_date is None


def test_moving_the_target_date_clears_the_reminder(owner):
    goal = GoalFactory(user=owner, target_date=TODAY, reminder_sent_at=timezone.now())
    services.goal_update(goal=goal, data={"title": "Renamed"})
    goal.refresh_from_db()
    assert goal.reminder_sent_at is not None, "other edits keep the reminder"
    services.goal_update(goal=goal, data={"target_date": TODAY + datetime.timedelta(days=7)})
    goal.refresh_from_db()
    assert goal.reminder_sent_at is None


# --- Milestones drive progress -------------------------------------------------------------------


def test_milestones_drive_progress_rounded(owner):
    goal = services.goal_create(user=owner, data={"title": "X"}, milestones=["a", "b", "c"])
    a, b, c = goal.milestones.order_by("sort_order")
    services.milestone_toggle(milestone=a)
    goal.refresh_from_db()
    assert goal.progress == 33
    services.milestone_toggle(milestone=b)
    goal.refresh_from_db()
    assert goal.progress == 67
    services.milestone_toggle(milestone=b)
    goal.refresh_from_db()
    assert goal.progress == 33


def test_half_rounds_up(owner):
    goal = services.goal_create(user=owner, data={"title": "X"}, milestones=[str(n) for n in range(8)])
    services.milestone_toggle(milestone=goal.milestones.first())
    goal.refresh_from_db()
    assert goal.progress == 13  # 12.5 → 13


def test_adding_and_deleting_milestones_recompute_progress(owner):
    goal = services.goal_create(user=owner, data={"title": "X"}, milestones=["a"])
    services.milestone_toggle(milestone=goal.milestones.get())
    goal.refresh_from_db()
    assert goal.progress == 100
    added = services.milestone_add(goal=goal, title="b")
    assert added.sort_order == 1
    goal.refresh_from_db()
    assert goal.progress == 50
    services.milestone_delete(milestone=added)
    goal.refresh_from_db()
    assert goal.progress == 100


def test_milestone_add_refuses_blank(owner):
    goal = _goal(owner)
    with pytest.raises(ValidationError):
        services.milestone_add(goal=goal, title="   ")
    assert not goal.milestones.exists()


def test_ticking_a_milestone_starts_a_goal_that_had_not_started(owner):
    goal = services.goal_create(user=owner, data={"title": "X"}, milestones=["a", "b"])
    assert goal.status == Goal.Status.NOT_STARTED
    services.milestone_toggle(milestone=goal.milestones.first())
    goal.refresh_from_db()
    assert goal.status == Goal.Status.IN_PROGRESS


def test_all_milestones_done_does_not_complete(owner):
    goal = services.goal_create(user=owner, data={"title": "X"}, milestones=["a", "b"])
    for milestone in goal.milestones.all():
        services.milestone_toggle(milestone=milestone)
    goal.refresh_from_db()
    owner.refresh_from_db()
    assert goal.progress == 100
    assert goal.status == Goal.Status.IN_PROGRESS
    assert goal.completed_at is None and owner.achievement_score == 0


# --- Status transitions and achievement points ---------------------------------------------------------


def test_complete_sets_completed_at_and_awards_points_by_priority(owner):
    goal = _goal(owner, priority=3)
    goal = services.goal_transition(goal=goal, action="complete")
    goal.refresh_from_db()
    owner.refresh_from_db()
    assert goal.status == Goal.Status.COMPLETED and goal.completed_at is not None
    assert goal.achievement_awarded_at is not None
    assert goal.progress == 100, "a goal without milestones is 100% once completed"
    assert owner.achievement_score == 30


@pytest.mark.parametrize(("priority", "points"), [(1, 10), (2, 20), (3, 30)])
def test_points_are_ten_times_priority(owner, priority, points):
    services.goal_transition(goal=_goal(owner, priority=priority), action="complete")
    owner.refresh_from_db()
    assert owner.achievement_score == points


def test_reopen_keeps_points_and_recomplete_adds_none(owner):
    goal = _goal(owner, priority=2)
    services.goal_transition(goal=goal, action="complete")
    goal = services.goal_transition(goal=goal, action="reopen")
    goal.refresh_from_db()
    owner.refresh_from_db()
    assert goal.status == Goal.Status.IN_PROGRESS and goal.completed_at is None
    assert owner.achievement_score == 20
    awarded = goal.achievement_awarded_at
    services.goal_transition(goal=goal, action="complete")
    goal.refresh_from_db()
    owner.refresh_from_db()
    assert owner.achievement_score == 20
    assert goal.achievement_awarded_at == awarded


def test_abandon_and_reopen(owner):
    goal = _goal(owner)
    goal = services.goal_transition(goal=goal, action="abandon")
    assert goal.status == Goal.Status.ABANDONED and goal.completed_at is None
    goal = services.goal_transition(goal=goal, action="reopen")
    assert goal.status == Goal.Status.IN_PROGRESS
    owner.refresh_from_db()
    assert owner.achievement_score == 0


@pytest.mark.parametrize(("start", "action"), [
    (Goal.Status.IN_PROGRESS, "start"),
    (Goal.Status.NOT_STARTED, "reopen"),
    (Goal.Status.ABANDONED, "complete"),
    (Goal.Status.ABANDONED, "abandon"),
])
def test_invalid_transitions_are_refused(owner, start, action):
    goal = GoalFactory(user=owner, status=start)
    with pytest.raises(ValidationError):
        services.goal_transition(goal=goal, action=action)
    goal.refresh_from_db()
    assert goal.status == start


def test_unknown_action_is_refused(owner):
    with pytest.raises(ValidationError):
        services.goal_transition(goal=_goal(owner), action="explode")


def test_update_with_status_runs_the_transition(owner):
    goal = _goal(owner, priority=1)
    services.goal_update(goal=goal, data={"status": Goal.Status.COMPLETED})
    owner.refresh_from_db()
    goal.refresh_from_db()
    assert goal.status == Goal.Status.COMPLETED and owner.achievement_score == 10
    with pytest.raises(ValidationError):
        services.goal_update(goal=goal, data={"status": Goal.Status.NOT_STARTED})


def test_delete_removes_milestones_keeps_points(owner):
    goal = services.goal_create(user=owner, data={"title": "X"}, milestones=["a"])
    services.goal_transition(goal=goal, action="complete")
    services.goal_delete(goal=goal)
    owner.refresh_from_db()
    assert not Goal.objects.exists() and not GoalMilestone.objects.exists()
    assert owner.achievement_score == 20


@pytest.mark.django_db(transaction=True)
def test_concurrent_completions_award_once():
    user = UserFactory()
    goal = services.goal_create(user=user, data={"title": "X", "priority": 3})
    # The losers find it completed already (ValidationError); nothing else may go wrong.
    race(lambda: services.goal_transition(goal=goal, action="complete"), workers=4, expected=(ValidationError,))
    user.refresh_from_db()
    assert user.achievement_score == 30


def test_milestone_factory_goal_progress_sync(owner):
    goal = GoalFactory(user=owner)
    milestone = GoalMilestoneFactory(goal=goal)
    services.milestone_update(milestone=milestone, done=True)
    goal.refresh_from_db()
    assert goal.progress == 100
    services.milestone_update(milestone=milestone, title="Renamed")
    milestone.refresh_from_db()
    assert milestone.title == "Renamed" and milestone.is_done
