"""Goals: create and edit them, tick milestones, move them through their statuses, award
achievement points, ask the coach for recommendations, and send deadline reminders.

Rules
- Progress follows the milestones when a goal has any (done / total, rounded half up);
  it is set by hand only while a goal has none.
- Ticking the last milestone does not complete the goal: completing is the user's call
  (the page suggests it). An accidental tick must not pay points or close a goal.
- The first completion adds 10 × priority achievement points, once: the goal's
  ``achievement_awarded_at`` is claimed with a conditional UPDATE. Reopening keeps the
  points; completing again adds none.
- Moving the target date clears ``reminder_sent_at``, so the new date gets a reminder.
"""

from __future__ import annotations

import datetime
import logging
import zoneinfo
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from coaching.ai.generation import generation_request
from coaching.models import Generation, Goal, GoalMilestone
from coaching.offline.goal import achievement_points

logger = logging.getLogger(__name__)

EDITABLE_FIELDS = ("title", "description", "period", "start_date", "target_date", "priority", "progress")
MAX_MILESTONES = 30
OPEN = (Goal.Status.NOT_STARTED, Goal.Status.IN_PROGRESS)
CLOSED = (Goal.Status.COMPLETED, Goal.Status.ABANDONED)

# action → (statuses it applies to, status it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "start": ((Goal.Status.NOT_STARTED,), Goal.Status.IN_PROGRESS),
    "complete": (OPEN, Goal.Status.COMPLETED),
    "abandon": (OPEN, Goal.Status.ABANDONED),
    "reopen": (CLOSED, Goal.Status.IN_PROGRESS),
}
ACTION_FOR_STATUS = {
    Goal.Status.IN_PROGRESS: "start",
    Goal.Status.COMPLETED: "complete",
    Goal.Status.ABANDONED: "abandon",
}


def _locked(goal: Goal) -> Goal:
    return Goal.objects.select_for_update().get(pk=goal.pk)


def _milestone_progress(goal: Goal) -> int | None:
    """done/total × 100 rounded half up; None when the goal has no milestones."""
    total = goal.milestones.count()
    if not total:
        return None
    done = goal.milestones.filter(done_at__isnull=False).count()
    return (done * 200 + total) // (2 * total)


def _progress_sync(goal: Goal) -> Goal:
    progress = _milestone_progress(goal)
    if progress is not None and progress != goal.progress:
        goal.progress = progress
        goal.save(update_fields=["progress", "updated_at"])
    return goal


def _clean_milestone_titles(titles) -> list[str]:
    out = []
    for title in titles or []:
        title = " ".join(str(title).split())
        if title:
            out.append(title[:200])
    if len(out) > MAX_MILESTONES:
        raise ValidationError({"milestones": f"A goal can have at most {MAX_MILESTONES} milestones."})
    return out


# --- Goals ---------------------------------------------------------------------------------------


@transaction.atomic
def goal_create(*, user: User, data: dict[str, Any], milestones: Iterable[str] = ()) -> Goal:
    """Create a goal (NOT_STARTED, or IN_PROGRESS when ``data["status"]`` says so) with its
    milestones. ``progress`` is ignored when milestones are given."""
    titles = _clean_milestone_titles(milestones)
    status = data.get("status") or Goal.Status.NOT_STARTED
    if status not in OPEN:
        raise ValidationError({"status": "A new goal starts as “Not started” or “In progress”."})
    goal = Goal(user=user, status=status)
    for name in EDITABLE_FIELDS:
        if name in data and data[name] is not None:
            setattr(goal, name, data[name])
    goal.period = goal.period or ""
    goal.full_clean()
    goal.save()
    GoalMilestone.objects.bulk_create(
        [GoalMilestone(goal=goal, title=title, sort_order=index) for index, title in enumerate(titles)]
    )
    if titles:
        goal.progress = 0
        goal.save(update_fields=["progress", "updated_at"])
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, data: dict[str, Any]) -> Goal:
    """Edit a goal's fields (and its status, via ``goal_transition``, when ``data`` has one).
    Progress is the milestones' while there are any: setting another value is an error."""
    goal = _locked(goal)
    if "progress" in data and data["progress"] is not None:
        from_milestones = _milestone_progress(goal)
        if from_milestones is not None and int(data["progress"]) != from_milestones:
            raise ValidationError({"progress": "Progress follows the milestones: tick them instead."})
    old_target = goal.target_date
    for name in EDITABLE_FIELDS:
        if name in data and (data[name] is not None or name in ("start_date", "target_date")):
            setattr(goal, name, data[name])
    goal.period = goal.period or ""
    if goal.target_date != old_target:
        goal.reminder_sent_at = None  # the new date gets its own reminder
    goal.full_clean()
    goal.save()
    status = data.get("status")
    if status and status != goal.status:
        action = ACTION_FOR_STATUS.get(status) or ("reopen" if status in OPEN and goal.status in CLOSED else "")
        if status == Goal.Status.NOT_STARTED or not action:
            raise ValidationError({"status": f"A goal cannot go from “{goal.get_status_display()}” to that status."})
        goal = goal_transition(goal=goal, action=action)
    return goal


@transaction.atomic
def goal_transition(*, goal: Goal, action: str) -> Goal:
    """start / complete / abandon / reopen. Completing for the first time awards
    10 × priority achievement points (once per goal, ever)."""
    if action not in TRANSITIONS:
        raise ValidationError("Unknown action.")
    goal = _locked(goal)
    sources, target = TRANSITIONS[action]
    if goal.status not in sources:
        raise ValidationError(f"A goal that is “{goal.get_status_display()}” cannot be {_verb(action)}.")
    now = timezone.now()
    goal.status = target
    goal.completed_at = now if target == Goal.Status.COMPLETED else None
    if target == Goal.Status.COMPLETED and _milestone_progress(goal) is None:
        goal.progress = 100
    goal.full_clean()
    goal.save()
    if target == Goal.Status.COMPLETED:
        # The claim is what makes the award once-only, also against a concurrent completion.
        claimed = Goal.objects.filter(pk=goal.pk, achievement_awarded_at__isnull=True).update(achievement_awarded_at=now)
        if claimed:
            goal.achievement_awarded_at = now
            account_services.user_achievement_add(
                user=goal.user, points=achievement_points(goal.priority), reason=f"Completed goal “{goal.title}”"
            )
    return goal


def _verb(action: str) -> str:
    return {"start": "started", "complete": "completed", "abandon": "abandoned", "reopen": "reopened"}[action]


@transaction.atomic
def goal_delete(*, goal: Goal) -> None:
    Goal.objects.filter(pk=goal.pk).delete()


# --- Milestones ----------------------------------------------------------------------------------


@transaction.atomic
def milestone_add(*, goal: Goal, title: str) -> GoalMilestone:
    goal = _locked(goal)
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": "Write what the milestone is."})
    if goal.milestones.count() >= MAX_MILESTONES:
        raise ValidationError({"title": f"A goal can have at most {MAX_MILESTONES} milestones."})
    last = goal.milestones.aggregate(last=Max("sort_order"))["last"]
    milestone = GoalMilestone(goal=goal, title=title, sort_order=0 if last is None else last + 1)
    milestone.full_clean()
    milestone.save()
    _progress_sync(goal)
    return milestone


@transaction.atomic
def milestone_update(
    *, milestone: GoalMilestone, done: bool | None = None, title: str | None = None, toggle: bool = False
) -> GoalMilestone:
    """Tick or untick a milestone (``toggle`` flips its current state, read under the lock),
    and/or rename it; the goal's progress follows. Ticking one on a goal that has not
    started starts it."""
    goal = _locked(milestone.goal)
    milestone = GoalMilestone.objects.select_for_update().get(pk=milestone.pk)
    if toggle:
        done = not milestone.is_done
    if title is not None:
        milestone.title = " ".join(title.split())
    if done is not None and done != milestone.is_done:
        milestone.done_at = timezone.now() if done else None
    milestone.full_clean()
    milestone.save()
    _progress_sync(goal)
    if done and goal.status == Goal.Status.NOT_STARTED:
        goal_transition(goal=goal, action="start")
    milestone.goal = Goal.objects.get(pk=goal.pk)
    return milestone


def milestone_toggle(*, milestone: GoalMilestone) -> GoalMilestone:
    return milestone_update(milestone=milestone, toggle=True)


@transaction.atomic
def milestone_delete(*, milestone: GoalMilestone) -> Goal:
    goal = _locked(milestone.goal)
    GoalMilestone.objects.filter(pk=milestone.pk).delete()
    return _progress_sync(goal)


# --- AI recommendations ------------------------------------------------------------------------


@transaction.atomic
def goal_recommendations_request(*, goal: Goal, enqueue: bool = True) -> Generation:
    """Ask the coach for recommendations (counted against today's quota; raises
    QuotaExceeded with nothing written). While one is being written, asking again returns it."""
    goal = _locked(goal)
    active = Generation.objects.filter(
        user_id=goal.user_id, target_id=goal.pk, kind=Generation.Kind.GOAL_RECOMMENDATIONS,
        status__in=[Generation.Status.PENDING, Generation.Status.RUNNING],
    ).first()
    if active is not None:
        return active
    return generation_request(
        user=goal.user, kind=Generation.Kind.GOAL_RECOMMENDATIONS, target_id=goal.pk,
        input={"goal_id": str(goal.pk), "title": goal.title}, enqueue=enqueue,
    )


@transaction.atomic
def goal_recommendations_apply(*, goal_id: UUID | str, items: list[str]) -> Goal | None:
    goal = Goal.objects.select_for_update().filter(pk=goal_id).first()
    if goal is None:
        return None
    goal.ai_recommendations = [str(item).strip() for item in items if str(item).strip()]
    goal.recommendations_at = timezone.now()
    goal.save(update_fields=["ai_recommendations", "recommendations_at", "updated_at"])
    return goal


# --- Reminders -----------------------------------------------------------------------------------
# Claimed like jobs.services.reminders: one conditional UPDATE per goal (… WHERE
# reminder_sent_at IS NULL AND target_date = the date we selected), committed before the
# email goes out; a failed send releases the claim so a later run retries.

BATCH_SIZE = 200


def _due_text(days_left: int) -> str:
    if days_left < -1:
        return f"was due {-days_left} days ago"
    if days_left == -1:
        return "was due yesterday"
    if days_left == 0:
        return "is due today"
    if days_left == 1:
        return "is due tomorrow"
    return f"is due in {days_left} days"


def _send_reminder(*, goal: Goal, days_left: int, connection) -> None:
    link = reverse("coaching:goal_detail", args=[goal.pk])
    open_milestones = [m.title for m in goal.milestones.all() if not m.is_done]
    context = {
        "SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, "user": goal.user, "goal": goal,
        "days_left": days_left, "due_text": _due_text(days_left), "open_milestones": open_milestones[:10],
        "goal_url": f"{settings.SITE_URL}{link}", "points": achievement_points(goal.priority),
    }
    subject = " ".join(render_to_string("emails/goal-reminder-subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject, body=render_to_string("emails/goal-reminder-body.txt", context), to=[goal.user.email],
        connection=connection, headers={"X-CareerCoach-Goal": str(goal.pk)},
    )
    message.attach_alternative(render_to_string("emails/goal-reminder-body.html", context), "text/html")
    message.send()


def goal_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind once about each open goal whose target date is at most GOAL_REMINDER_DAYS
    days away on its owner's calendar (today and overdue included): an email and a
    notification. Returns how many reminders this run sent."""
    now = now or timezone.now()
    days = settings.GOAL_REMINDER_DAYS
    utc_today = now.astimezone(datetime.UTC).date()
    # Users' "today" is within a day of UTC's; the exact test per user follows.
    candidates = (
        Goal.objects.filter(
            status__in=OPEN, reminder_sent_at__isnull=True, target_date__isnull=False,
            target_date__lte=utc_today + datetime.timedelta(days=days + 1), user__is_active=True,
        )
        .select_related("user").prefetch_related("milestones")
        .order_by("target_date", "id")[:BATCH_SIZE]
    )
    sent = 0
    connection = get_connection()
    for goal in candidates:
        local_today = now.astimezone(zoneinfo.ZoneInfo(goal.user.timezone)).date()
        days_left = (goal.target_date - local_today).days
        if days_left > days:
            continue
        claimed = Goal.objects.filter(
            pk=goal.pk, reminder_sent_at__isnull=True, status__in=OPEN, target_date=goal.target_date
        ).update(reminder_sent_at=now)
        if claimed != 1:
            continue  # another worker won, or the goal changed meanwhile
        try:
            _send_reminder(goal=goal, days_left=days_left, connection=connection)
        except Exception:
            Goal.objects.filter(pk=goal.pk, reminder_sent_at=now).update(reminder_sent_at=None)
            logger.exception("goal reminder failed", extra={"goal_id": str(goal.pk)})
            continue
        account_services.notification_create(
            user=goal.user, kind="goal_reminder", text=f"Your goal “{goal.title}” {_due_text(days_left)}.",
            link=reverse("coaching:goal_detail", args=[goal.pk]),
        )
        sent += 1
    return sent
