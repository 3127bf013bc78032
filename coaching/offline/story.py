"""The offline growth story: a short markdown story written only from the facts gathered
for the period (coaching/selectors/stories.py story_facts). Every company, title, count and
score in it comes from those facts; a period without activity says so. Deterministic."""

from __future__ import annotations


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _names(items: list[str], limit: int = 4) -> str:
    unique = list(dict.fromkeys(i for i in items if i))
    if not unique:
        return ""
    shown = unique[:limit]
    rest = len(unique) - len(shown)
    text = ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1] if rest <= 0 else (
        ", ".join(shown) + f" and {_plural(rest, 'other')}")
    return text


def _score(value) -> str:
    return "no score" if value is None else f"{value:g}%"


def job_label(job: dict) -> str:
    return f"{job['title']} at {job['company']}"


def interview_label(interview: dict) -> str:
    return f"{interview['type'].lower()} with {interview['company']}"


def quiz_label(quiz: dict) -> str:
    return f"{quiz['category']} ({_score(quiz['score'])})"


def mock_label(mock: dict) -> str:
    return f"{mock['title']} ({_score(mock['score'])})"


def compose(*, facts: dict, period_label: str, period_noun: str, first_name: str = "") -> tuple[str, str]:
    """(title, markdown) of the story. ``period_noun`` is "week" or "month"."""
    jobs = facts.get("jobs_added", [])
    applied = facts.get("applied", [])
    stage = facts.get("interview_stage", [])
    offers = facts.get("offers", [])
    rejections = facts.get("rejections", [])
    held = facts.get("interviews_held", [])
    goals = facts.get("goals_completed", [])
    milestones = facts.get("milestones_done", [])
    quizzes = facts.get("quizzes", [])
    mocks = facts.get("mock_interviews", [])
    you = first_name.strip() or "you"
    # "Week of 16 Nov 2026" reads as "the week of 16 Nov 2026" inside a sentence.
    when = f"the {period_label[0].lower()}{period_label[1:]}" if period_noun == "week" else period_label
    if not any((jobs, applied, stage, offers, rejections, held, goals, milestones, quizzes, mocks)):
        title = f"A quiet {period_noun}"
        body = [
            f"# {title}",
            f"CareerCoach has no recorded activity for {when}: no jobs added or moved, no interviews, "
            "goals, quizzes or mock interviews.",
            f"That is fine — a quiet {period_noun} happens, and this story only tells what was recorded. "
            "If you did work on your search outside CareerCoach, add it to your board so your next story can count it.",
            "## For next " + period_noun,
            "- Pick one small step: save one interesting job, take a short quiz, or set a goal with a single milestone.",
        ]
        return title, "\n\n".join(body) + "\n"

    # Headline: the strongest signal of the period.
    if offers:
        title = f"An offer from {_names([o['company'] for o in offers], 2)}"
    elif held:
        title = f"{_plural(len(held), 'interview')} this {period_noun}"
    elif applied:
        title = f"{_plural(len(applied), 'application')} sent"
    elif goals:
        title = f"{_plural(len(goals), 'goal')} completed"
    elif jobs:
        title = f"{_plural(len(jobs), 'new opportunity', 'new opportunities')} on the board"
    else:
        title = f"A {period_noun} of practice"

    happened = []
    if jobs:
        happened.append(f"- You added {_plural(len(jobs), 'job')} to your board: "
                        + _names([job_label(j) for j in jobs]) + ".")
    if applied:
        happened.append(f"- You applied to {_plural(len(applied), 'role')}: {_names([a['company'] for a in applied])}.")
    if stage:
        happened.append(f"- {_plural(len(stage), 'application')} moved to the interview stage: "
                        f"{_names([s['company'] for s in stage])}.")
    if held:
        happened.append(f"- You had {_plural(len(held), 'interview')}: "
                        + _names([interview_label(i) for i in held]) + ".")
    if rejections:
        happened.append(f"- {_plural(len(rejections), 'application')} ended in a rejection: "
                        f"{_names([r['company'] for r in rejections])}.")
    if milestones:
        happened.append(f"- You ticked off {_plural(len(milestones), 'milestone')}: "
                        f"{_names([m['title'] for m in milestones])}.")
    if quizzes:
        happened.append(f"- You completed {_plural(len(quizzes), 'quiz', 'quizzes')}: "
                        + _names([quiz_label(q) for q in quizzes]) + ".")
    if mocks:
        happened.append(f"- You finished {_plural(len(mocks), 'mock interview')}: "
                        + _names([mock_label(m) for m in mocks]) + ".")

    wins = []
    if offers:
        wins.append(f"- An offer from {_names([o['company'] for o in offers])} — the result of everything before it.")
    if goals:
        wins.append(f"- Goal{'s' if len(goals) > 1 else ''} completed: {_names(goals)}.")
    best_quiz = max((q for q in quizzes if q.get("score") is not None), key=lambda q: q["score"], default=None)
    if best_quiz and best_quiz["score"] >= 70:
        wins.append(f"- A {_score(best_quiz['score'])} score on the {best_quiz['category']} quiz.")
    if held:
        wins.append(f"- Showing up for {_plural(len(held), 'interview')} takes preparation and nerve.")
    if applied and not wins:
        wins.append(f"- {_plural(len(applied), 'application')} out of the door: each one is a real chance.")
    if not wins:
        wins.append("- You kept your search moving and recorded it — consistency compounds.")

    carry = []
    if rejections:
        carry.append("- A rejection is information, not a verdict: note one thing to change and move on.")
    if stage and not held:
        carry.append("- Prepare for the interviews ahead: a mock interview on the role is a good warm-up.")
    low_quiz = min((q for q in quizzes if q.get("score") is not None), key=lambda q: q["score"], default=None)
    if low_quiz and low_quiz["score"] < 70:
        carry.append(f"- Review the topics you missed in {low_quiz['category']} and retake the quiz.")
    if jobs and not applied:
        carry.append("- Turn the jobs you saved into applications while they are fresh.")
    if applied and not stage and not offers:
        carry.append("- Follow up on applications that have been quiet for more than a week.")
    if not carry:
        carry.append(f"- Keep the rhythm: plan one concrete step for the first day of next {period_noun}.")

    opening = (f"{you}, here is what you did in {when}, as recorded in CareerCoach." if you != "you"
               else f"Here is what you did in {when}, as recorded in CareerCoach.")
    body = [f"# {title}", opening, "## What happened", "\n".join(happened), "## Wins", "\n".join(wins),
            f"## Carry into next {period_noun}", "\n".join(carry)]
    return title, "\n\n".join(body) + "\n"
