"""Goal templates and the offline coach's goal recommendations.

Templates are curated content (coaching/content/goal_templates.json). A template whose
title holds ``{skill}`` is only ever filled with one of the user's own target skills.

Recommendations are deterministic (same goal, same data, same day → same items) and
grounded: every fact about the user (job titles, companies, counts, interview dates,
skills) is read from their own rows; everything else is curated template advice. The
goal's title and description pick the template (keyword match) and which of the user's
data is worth looking at (applying → the Interested column of the board; a skill → which
tracked jobs ask for it; interviews → the upcoming ones; …).
"""

from __future__ import annotations

import datetime
import json
import re
import zoneinfo
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from coaching.models import Goal

CONTENT = Path(__file__).resolve().parent.parent / "content" / "goal_templates.json"
SKILL_PLACEHOLDER = "{skill}"
MIN_ITEMS, MAX_ITEMS = 3, 6
# Applications without a move for this long deserve a follow-up.
FOLLOW_UP_AFTER_DAYS = 7
POINTS_PER_PRIORITY = 10


def achievement_points(priority: int) -> int:
    """Points for completing a goal the first time: 10 × priority (low 10, medium 20, high 30)."""
    return POINTS_PER_PRIORITY * int(priority)


# --- Templates ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _content() -> dict:
    with CONTENT.open(encoding="utf-8") as fh:
        return json.load(fh)


def goal_templates() -> list[dict]:
    return _content()["templates"]


def general_advice() -> list[str]:
    return list(_content()["general_advice"])


def goal_template_get(key: str) -> dict | None:
    return next((t for t in goal_templates() if t["key"] == key), None)


def template_needs_skill(template: dict) -> bool:
    return bool(template.get("needs_skill"))


def _fill(text: str, skill: str) -> str:
    return text.replace(SKILL_PLACEHOLDER, skill)


def goal_template_fill(template: dict, *, skill: str = "", target_skills=(), today: datetime.date) -> dict:
    """The goal a template describes, ready for the goal form or ``goal_create``:
    {title, description, period, priority, start_date, target_date, milestones}. A skill
    template needs ``skill`` to be one of ``target_skills`` (the user's own); raises
    ValueError otherwise, so nothing is ever filled with a skill the user did not name."""
    if template_needs_skill(template):
        known = {s.strip().lower(): s.strip() for s in target_skills if s and s.strip()}
        if skill.strip().lower() not in known:
            raise ValueError("Pick one of the target skills in your profile for this template.")
        skill = known[skill.strip().lower()]
    else:
        skill = ""
    return {
        "title": _fill(template["title"], skill)[:200],
        "description": _fill(template.get("description", ""), skill),
        "period": template.get("period", ""),
        "priority": int(template.get("priority", Goal.Priority.MEDIUM)),
        "start_date": today,
        "target_date": today + datetime.timedelta(days=int(template.get("days", 7))),
        "milestones": [_fill(m, skill)[:200] for m in template.get("milestones", [])],
    }


# --- Matching a goal to a template -------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9][a-z0-9+#.\-]*")


def _words(text: str) -> set[str]:
    return {w.strip(".-") for w in _WORD.findall((text or "").lower())}


def goal_template_match(*, title: str, description: str = "") -> dict | None:
    """The template whose keywords the goal's words hit most (title words count double);
    ties go to the earlier template. None when no keyword matches."""
    title_words, description_words = _words(title), _words(description)
    best, best_score = None, 0
    for template in goal_templates():
        keywords = set(template.get("keywords", []))
        score = 2 * len(keywords & title_words) + len(keywords & description_words)
        if score > best_score:
            best, best_score = template, score
    return best


# --- The user's data the recommendations may use -----------------------------------------------


@dataclass
class GoalGrounding:
    """Everything about the user a recommendation may state (all read from their rows)."""

    today: datetime.date
    days_left: int | None
    open_milestones: list[str] = field(default_factory=list)
    milestones_total: int = 0
    interested: list[dict] = field(default_factory=list)  # {title, company, deadline}
    interested_count: int = 0
    skill: str = ""
    jobs_with_skill: list[dict] = field(default_factory=list)  # {title, company}
    upcoming_interviews: list[dict] = field(default_factory=list)  # {title, company, date, type}
    stale_applications: list[dict] = field(default_factory=list)  # {title, company, days}
    referral_jobs: list[dict] = field(default_factory=list)  # {title, company}
    missing_skills: list[tuple[str, int]] = field(default_factory=list)  # (skill, how many jobs)
    target_skills: list[str] = field(default_factory=list)


def _job_label(job: dict) -> str:
    return f"{job['title']} at {job['company']}"


def _labels(jobs: list[dict], limit: int = 3) -> str:
    names = [_job_label(j) for j in jobs[:limit]]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _mentions(skill: str, text: str) -> bool:
    return re.search(r"(?<![a-z0-9])" + re.escape(skill.lower()) + r"(?![a-z0-9])", (text or "").lower()) is not None


def _job_asks_for(job, skill: str) -> bool:
    from jobs.matching.taxonomy import canonical, skill_set

    analysis = job.ai_analysis or {}
    listed = [str(s) for s in list(analysis.get("matched") or []) + list(analysis.get("missing") or [])]
    if any(s.strip().lower() == skill.lower() for s in listed):
        return True
    requirements = list(job.posting.requirements) if job.posting_id and job.posting else []
    text = "\n".join([job.description or "", *requirements])
    name = canonical(skill)
    if name and name in skill_set(text):
        return True
    return _mentions(skill, text)


def goal_grounding(*, goal: Goal, today: datetime.date, kind: str = "") -> GoalGrounding:
    """Read what the recommendations for ``goal`` may say about its owner (scoped to them)."""
    from accounts.models import Profile
    from jobs.models import Interview, Job, JobStatus

    user = goal.user
    milestones = list(goal.milestones.all())
    grounding = GoalGrounding(
        today=today,
        days_left=(goal.target_date - today).days if goal.target_date else None,
        open_milestones=[m.title for m in milestones if not m.is_done],
        milestones_total=len(milestones),
    )
    profile = Profile.objects.filter(user=user).only("target_skills").first()
    grounding.target_skills = list(profile.target_skills) if profile else []

    if kind in ("apply", "referral", "network", "research", "cover_letter", "routine", ""):
        interested = Job.objects.filter(user=user, status=JobStatus.INTERESTED).order_by(
            "application_deadline", "position", "created_at", "id"
        )
        grounding.interested_count = interested.count()
        grounding.interested = [
            {"title": j.title, "company": j.company, "deadline": j.application_deadline,
             "referral": j.referral}
            for j in interested.only("title", "company", "application_deadline", "referral")[:3]
        ]
    if kind in ("referral", "network"):
        grounding.referral_jobs = [
            {"title": j.title, "company": j.company}
            for j in Job.objects.filter(user=user).exclude(referral="").order_by("created_at", "id")
            .only("title", "company")[:3]
        ]
    if kind == "skill":
        grounding.skill = _goal_skill(goal, grounding.target_skills)
        if grounding.skill:
            open_jobs = (
                Job.objects.filter(user=user)
                .exclude(status__in=[JobStatus.REJECTED, JobStatus.WITHDRAWN])
                .select_related("posting").order_by("created_at", "id")
            )
            grounding.jobs_with_skill = [
                {"title": j.title, "company": j.company} for j in open_jobs if _job_asks_for(j, grounding.skill)
            ]
    if kind in ("interview", "offer", "routine"):
        tz = zoneinfo.ZoneInfo(user.timezone or "UTC")
        start = datetime.datetime.combine(today, datetime.time.min, tzinfo=tz)
        grounding.upcoming_interviews = [
            {"title": i.job.title, "company": i.job.company, "date": i.scheduled_at.astimezone(tz).date(),
             "type": i.get_type_display()}
            for i in Interview.objects.filter(user=user, scheduled_at__gte=start)
            .select_related("job").order_by("scheduled_at", "id")[:3]
        ]
    if kind in ("follow_up", "routine"):
        cutoff = datetime.datetime.combine(
            today - datetime.timedelta(days=FOLLOW_UP_AFTER_DAYS), datetime.time.min, tzinfo=datetime.UTC
        )
        applied = Job.objects.filter(user=user, status=JobStatus.APPLIED).order_by("status_changed_at", "created_at", "id")
        grounding.stale_applications = [
            {"title": j.title, "company": j.company,
             "days": (today - (j.status_changed_at or j.created_at).date()).days}
            for j in applied.only("title", "company", "status_changed_at", "created_at")
            if (j.status_changed_at or j.created_at) < cutoff
        ]
    if kind in ("resume", "portfolio", "profile"):
        counts: dict[str, tuple[str, int]] = {}
        for analysis in Job.objects.filter(user=user).exclude(
            status__in=[JobStatus.REJECTED, JobStatus.WITHDRAWN]
        ).values_list("ai_analysis", flat=True):
            for skill in (analysis or {}).get("missing") or []:
                key = str(skill).strip().lower()
                if key:
                    name, n = counts.get(key, (str(skill).strip(), 0))
                    counts[key] = (name, n + 1)
        grounding.missing_skills = sorted(counts.values(), key=lambda item: (-item[1], item[0].lower()))[:3]
    return grounding


def _goal_skill(goal: Goal, target_skills: list[str]) -> str:
    """The skill a goal is about: one of the user's target skills named in it, else a
    known skill its title names (the user's own words)."""
    from jobs.matching.taxonomy import skill_set

    text = f"{goal.title}\n{goal.description}"
    for skill in target_skills:
        if skill and _mentions(skill, text):
            return skill
    named = sorted(skill_set(goal.title))
    return named[0] if named else ""


# --- Recommendations -----------------------------------------------------------------------------


def _plural(n: int, word: str, plural: str = "") -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _time_item(goal: Goal, g: GoalGrounding) -> str:
    if g.days_left is None:
        return (
            "Give this goal a target date: a deadline makes it concrete, and you get a reminder shortly before it."
        )
    when = goal.target_date.strftime("%-d %B %Y")
    if g.days_left < 0:
        return (
            f"The target date ({when}) passed {_plural(-g.days_left, 'day')} ago: move it to a date you can keep, "
            "or split the goal into something smaller."
        )
    if g.days_left == 0:
        left = f" with {_plural(len(g.open_milestones), 'milestone')} still open" if g.open_milestones else ""
        return f"Today is the target date{left}: finish what you can today, then decide whether to complete or move it."
    if g.open_milestones:
        per = max(1, g.days_left // len(g.open_milestones))
        return (
            f"{_plural(g.days_left, 'day')} left until {when} for {_plural(len(g.open_milestones), 'open milestone')}: "
            f"plan on finishing one about every {_plural(per, 'day')}."
        )
    return f"{_plural(g.days_left, 'day')} left until {when}."


def _milestone_item(goal: Goal, g: GoalGrounding) -> str:
    points = achievement_points(goal.priority)
    if not g.milestones_total:
        return "Break the goal into 3–5 milestones you can tick off: progress then follows them."
    if not g.open_milestones:
        done = "Its only milestone is" if g.milestones_total == 1 else f"All {g.milestones_total} milestones are"
        return f"{done} done: mark the goal complete to earn {points} points."
    done = g.milestones_total - len(g.open_milestones)
    return f"Next milestone: “{g.open_milestones[0]}” ({done} of {g.milestones_total} done)."


def _data_items(kind: str, g: GoalGrounding) -> list[str]:
    items: list[str] = []
    if kind == "apply" or (kind in ("cover_letter", "research", "routine") and g.interested_count):
        if g.interested_count:
            line = (
                f"You have {_plural(g.interested_count, 'job')} in Interested on your board right now, "
                f"e.g. {_labels(g.interested)}."
            )
            due = [j for j in g.interested if j["deadline"] and j["deadline"] >= g.today]
            if due:
                first = due[0]
                line += f" {_job_label(first)} has the nearest deadline ({first['deadline'].strftime('%-d %B')}): start there."
            items.append(line)
        elif kind == "apply":
            items.append(
                "Your board has no jobs in Interested: save a few roles from the job catalog first, then apply to them."
            )
    if kind in ("referral", "network"):
        if g.interested:
            items.append(f"Ask for referrals or introductions at the companies you are interested in: {_labels(g.interested)}.")
        if g.referral_jobs:
            items.append(
                f"{_plural(len(g.referral_jobs), 'tracked job')} on your board already note a referral "
                f"({_labels(g.referral_jobs)}): ask those contacts whom else they know."
            )
    if kind == "skill":
        if g.skill and g.jobs_with_skill:
            items.append(
                f"{_plural(len(g.jobs_with_skill), 'of your tracked jobs', 'of your tracked jobs')} "
                f"{'asks' if len(g.jobs_with_skill) == 1 else 'ask'} for {g.skill}: {_labels(g.jobs_with_skill)}. "
                "Practise with the tasks those roles describe."
            )
        elif g.skill:
            items.append(
                f"None of your tracked jobs mention {g.skill} yet: check that it matters for the roles you want, "
                "or track a few roles that ask for it."
            )
    if kind in ("interview", "offer", "routine"):
        if g.upcoming_interviews:
            first = g.upcoming_interviews[0]
            others = len(g.upcoming_interviews) - 1
            more = f" and {_plural(others, 'more')} after it" if others else ""
            items.append(
                f"Your next interview: {first['type'].lower()} for {first['title']} at {first['company']} on "
                f"{first['date'].strftime('%-d %B')}{more}. Practise for that role first."
            )
        elif kind == "interview":
            items.append("No interviews are scheduled on your board yet: practise now, so you are ready when one comes.")
    if kind in ("follow_up", "routine"):
        if g.stale_applications:
            items.append(
                f"{_plural(len(g.stale_applications), 'application')} in Applied "
                f"{'has' if len(g.stale_applications) == 1 else 'have'} not moved for {FOLLOW_UP_AFTER_DAYS}+ days: "
                f"{_labels(g.stale_applications)}. Send a short follow-up."
            )
        elif kind == "follow_up":
            items.append(
                f"None of your applications has been waiting for more than {FOLLOW_UP_AFTER_DAYS} days: check again next week."
            )
    if kind in ("resume", "portfolio", "profile") and g.missing_skills:
        listed = ", ".join(f"{name} ({_plural(n, 'job')})" for name, n in g.missing_skills)
        verb = "Show" if kind == "portfolio" else "Address"
        items.append(f"Skills your tracked jobs ask for that your resume lacks: {listed}. {verb} them where you can.")
    if kind == "portfolio" and g.target_skills:
        items.append(f"Build it with a skill you want to grow: {', '.join(g.target_skills[:2])} (your target skills).")
    return items


def goal_recommendations(*, goal: Goal, today: datetime.date) -> list[str]:
    """3–6 concrete recommendations for ``goal`` from its owner's data (see the module docstring)."""
    template = goal_template_match(title=goal.title, description=goal.description)
    kind = template["kind"] if template else ""
    g = goal_grounding(goal=goal, today=today, kind=kind)
    items = [_time_item(goal, g), *_data_items(kind, g), _milestone_item(goal, g)]
    advice = [line for line in (template.get("advice", []) if template else []) if line not in items]
    items += advice[: min(2, MAX_ITEMS - len(items))]
    for line in general_advice():
        if len(items) >= MIN_ITEMS:
            break
        items.append(line)
    return items[:MAX_ITEMS]
