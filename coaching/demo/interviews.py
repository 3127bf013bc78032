"""Demo data for mock interviews: two completed interviews a week apart (the second from a
tracked job), answered through the services and scored by the offline rubric, so the score
trend chart has points. The answers use only the seeker's own data (their experiences,
achievements and technologies); without experiences they stay general and number-free."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from billing.exceptions import QuotaExceeded
from coaching.ai import providers
from coaching.ai.context import UserFacts, user_facts
from coaching.ai.generation import generation_run
from coaching.models import MockInterview
from coaching.offline.interview import named_skills
from coaching.services import interviews as services
from jobs.models import Job, JobStatus

log = logging.getLogger(__name__)

FIRST_WEAK_ANSWERS = [
    "I usually talk to the people involved and try to find a solution that works for everyone. It generally works out.",
    "We had some problems in the project but we solved them together as a team and it went fine in the end.",
    "I try to do the most important things first and I keep my manager informed about what I am doing.",
    "I read the documentation, try things in a small project and ask colleagues when I get stuck.",
    "I think communication is the most important thing, so I make sure everybody knows what is going on.",
]


SITUATIONS = [
    "At {company}, where I was {title}, our team had to make an important part of the product more reliable.",
    "When I was {title} at {company}, we had a problem that kept coming back and slowed the whole team down.",
    "In my role as {title} at {company}, a deadline was close and the plan we had was not going to make it.",
]
ACTIONS = [
    "First, I measured where the problems were. Then I designed the change, I implemented it with {tools}, "
    "and I reviewed each step with the team before we shipped it.",
    "I wrote down the options with their risks, I talked to the people affected, and then I split the work "
    "into small steps we could ship and check one by one with {tools}.",
    "I proposed a smaller first version, I set up a short daily check-in, and I automated the tests around "
    "the part built with {tools} so we could move faster without breaking it.",
]


def _lower_first(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text else text


def _learning_answer(skill: str, facts: UserFacts) -> str:
    known = ", ".join(facts.skills[:3])
    base = f"I already work with {known}, so I am used to picking up tools around them. " if known else ""
    return (
        f"I have not used {skill} in production yet, and I would say so openly. {base}My task in the first month "
        f"would be to become useful with {skill} without slowing the team down. First, I would pair with the "
        f"person who knows {skill} best and read how the team uses it. Then I would take a small real ticket "
        f"that touches {skill}, ship it with a review, and write down what I learned for the next person. "
        "As a result I would have one change in production and a clear list of what to learn next."
    )


def _strong_answers(facts: UserFacts, turns: list[dict]) -> list[str]:
    """One STAR answer per turn from the seeker's own experiences (facts only); a question
    about a skill the job asks for and the seeker lacks gets an honest learning plan."""
    experiences = [e for e in facts.experiences if e.get("company") and e.get("title")]
    answers = []
    for index, turn in enumerate(turns):
        skill = turn.get("focus", "") if turn.get("competency") == "technical" else ""
        if skill and not facts.knows(skill) and ("not in your profile" in turn["question"] or "The job lists" in turn["question"]):
            answers.append(_learning_answer(skill, facts))
            continue
        if not experiences:
            answers.append(
                "The situation was a project with an unclear goal. My task was to agree on what done meant. I wrote "
                "a one-page plan, I reviewed it with everyone involved, then I split the work into small steps. As a "
                "result the team delivered on time and the plan became our template."
            )
            continue
        matching = [e for e in experiences if skill and skill.lower() in (t.lower() for t in e.get("technologies") or [])]
        exp = (matching or experiences)[index % len(matching or experiences)]
        techs = exp.get("technologies") or facts.skills or []
        tools = skill if skill and facts.knows(skill) else (" and ".join(techs[:2]) if techs else "the tools we had")
        achievements = exp.get("achievements") or []
        result = (f"In the end we {_lower_first(achievements[index % len(achievements)])}."
                  if achievements else "In the end the change went live without incidents.")
        focus = turn.get("focus") or ""
        opener = ""
        if focus and not skill and turn.get("competency") != "communication":
            opener = f"The example I would pick for {focus} comes from {exp['company']}. "
        answers.append(
            f"{opener}{SITUATIONS[index % 3].format(company=exp['company'], title=exp['title'])} My task was to own that work "
            f"from the first idea to the rollout. {ACTIONS[index % 3].format(tools=tools)} {result} "
            "What I learned: agree on how success is measured before starting."
        )
    return answers


def _run(generation) -> None:
    generation_run(
        generation_id=generation.pk, provider=providers.Provider(providers.ProviderConfig(name=providers.OFFLINE))
    )


def _complete(*, seeker: User, answers: list[str] | None, job: Job | None, facts: UserFacts, **setup) -> MockInterview:
    interview, generation = services.interview_start(user=seeker, job=job, enqueue=False, **setup)
    _run(generation)
    interview.refresh_from_db()
    texts = answers or _strong_answers(facts, interview.turns)
    for index in range(len(interview.turns)):
        interview, feedback = services.interview_answer(
            interview=interview, answer=texts[index % len(texts)], turn=index, enqueue=False
        )
    _run(feedback)
    interview.refresh_from_db()
    return interview


def seed_demo_interviews(*, seeker: User) -> None:
    """Does nothing when the seeker has mock interviews already (or today's allowance is
    too low to write them: the seed never fails because of the quota)."""
    if MockInterview.objects.filter(user=seeker).exists():
        return
    jobs = list(Job.objects.filter(user=seeker).order_by("created_at", "id"))
    scheduled = [j for j in jobs if j.status == JobStatus.INTERVIEW_SCHEDULED] or jobs
    # A job whose title names a skill ("Senior Django Developer") gets questions about it.
    job = next((j for j in scheduled if named_skills(j.title)), scheduled[0] if scheduled else None)
    facts = user_facts(user=seeker, include_goals=False)
    role = facts.desired_title or facts.current_title or "Software engineer"
    try:
        with transaction.atomic():
            first = _complete(
                seeker=seeker, answers=FIRST_WEAK_ANSWERS, job=None, facts=facts, target_role=role,
                interview_type=MockInterview.Type.BEHAVIORAL, difficulty=MockInterview.Difficulty.MEDIUM,
                question_count=5,
            )
            # A week earlier, so the trend has two dates.
            earlier = timezone.now() - timedelta(days=7)
            MockInterview.objects.filter(pk=first.pk).update(
                created_at=earlier - timedelta(minutes=25), started_at=earlier - timedelta(minutes=24),
                completed_at=earlier,
            )
            job_facts = user_facts(user=seeker, include_goals=False, job=job) if job else facts
            _complete(
                seeker=seeker, answers=None, job=job, facts=job_facts,
                target_role="" if job else role, interview_type=MockInterview.Type.BEHAVIORAL,
                difficulty=MockInterview.Difficulty.MEDIUM, question_count=5,
            )
    except QuotaExceeded:
        log.warning("Demo mock interviews skipped: the demo seeker's AI allowance is used up today.")
