"""The offline coach chat: intent-based answers grounded only in the user's own data.

No model is involved. The user's message is matched against a few intents (keywords);
each intent reads the user's board, resumes, goals and profile and answers in markdown:

- next steps: stale applications to follow up, interviews coming up, deadlines, offers;
- skills gaps: missing skills across the scored jobs (from the match analysis);
- interview questions for a tracked job (its requirements, missing skills, behavioral);
- resume: the ATS score and feedback of the chosen (or primary) resume;
- goals: progress, milestones, what is overdue;
- salary: the desired salary against the jobs' salary ranges, negotiation checklist.

Anything that does not match gets the help answer. Every name, skill and number printed
about the user comes from their rows; the curated text around them contains no facts or
figures. Deterministic for a given database state and ``now``.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.models import Profile, User
from coaching.ai.context import UserFacts
from jobs.models import AtsReport, Interview, Job, JobStatus, Resume

OFFLINE_NOTE = "_Offline coach — based on your board and profile; no AI model was used._"
STALE_AFTER_DAYS = 14
INTERVIEW_WINDOW_DAYS = 14
DEADLINE_WINDOW_DAYS = 7
LIST_LIMIT = 5
TITLE_LENGTH = 60

CLOSED = (JobStatus.REJECTED, JobStatus.WITHDRAWN, JobStatus.ACCEPTED)


@dataclass(frozen=True)
class Intent:
    key: str
    label: str
    stems: tuple[str, ...]


INTENTS: tuple[Intent, ...] = (
    Intent("next_steps", "Next steps on my board", (
        "next", "board", "follow", "stale", "deadline", "to do", "todo", "priorit", "what should i do",
        "what now", "plan", "pipeline", "overview", "this week", "today", "focus", "applications", "applied",
        "status", "chase", "heard back", "hear back",
    )),
    Intent("skills", "My skills gaps", (
        "skill", "gap", "learn", "missing", "upskill", "course", "study", "technolog", "certif", "tool",
    )),
    Intent("interview", "Interview preparation", (
        "interview", "question", "prepar", "prep ", "mock", "practi",
    )),
    Intent("resume", "My resume", ("resume", "résumé", "cv", "ats", "keyword")),
    Intent("goals", "My goals", ("goal", "progress", "milestone", "objective")),
    Intent("salary", "Salary and negotiation", (
        "salar", "negotiat", "offer", "pay", "compensation", "money", "raise", "counter", "package", "bonus",
        "equity",
    )),
)
HELP = Intent("help", "What the coach can do", ())
INTENTS_BY_KEY = {intent.key: intent for intent in (*INTENTS, HELP)}

BEHAVIORAL_QUESTIONS = (
    "Tell me about a time you disagreed with a teammate. How did you resolve it?",
    "Describe a project that did not go as planned. What did you change afterwards?",
    "Tell me about something you delivered that you are proud of. What was your part in it?",
)

NEGOTIATION_CHECKLIST = (
    "Ask for the full offer in writing before you answer: base, bonus, equity, benefits, start date.",
    "Thank them and ask for a few days to decide; a good employer expects it.",
    "Anchor on the value you bring (the role's requirements you meet), not on what you need.",
    "Negotiate the whole package: if the base is fixed, ask about signing bonus, title, remote days or learning budget.",
    "Name one clear number or range and stop talking; then let them answer.",
)


@dataclass
class ChatScope:
    """What the offline coach may read for one conversation (the user's choices)."""

    user: User
    facts: UserFacts
    job: Job | None = None
    resume: Resume | None = None
    include_profile: bool = True
    include_goals: bool = True


@dataclass
class OfflineAnswer:
    text: str
    intents: list[str]
    actions: list[dict] = field(default_factory=list)  # {"label", "url"} links shown under the answer


# --- Intent detection and titles -------------------------------------------------------------------


def _normalise(text: str) -> str:
    return " ".join((text or "").lower().split())


def detect_intents(text: str, *, limit: int = 2) -> list[str]:
    """The best-matching intents (at most ``limit``), strongest first; ["help"] when none match."""
    lowered = f" {_normalise(text)} "
    scored = []
    for index, intent in enumerate(INTENTS):
        score = sum(1 for stem in intent.stems if re.search(r"(?<![a-z])" + re.escape(stem), lowered))
        if score:
            scored.append((-score, index, intent.key))
    scored.sort()
    return [key for _, _, key in scored[:limit]] or [HELP.key]


def title_from_message(text: str) -> str:
    """A conversation title from its first message: the first sentence, cut at a word
    boundary to about 60 characters."""
    flat = " ".join((text or "").split())
    sentence = re.split(r"(?<=[.!?])\s", flat, maxsplit=1)[0].strip()
    if not sentence:
        return "New conversation"
    if len(sentence) <= TITLE_LENGTH:
        return sentence
    cut = sentence[:TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return (cut or sentence[:TITLE_LENGTH]) + "…"


# --- Formatting helpers ----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def md(value) -> str:
    """User data in markdown: characters markdown would interpret are escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(value))


_LIST_ITEM = re.compile(r"^(- |\d+\. |  )")


def join_markdown(lines: list[str]) -> str:
    """Lines as markdown: list items stay together, everything else is its own paragraph
    (markdown only starts a list after a blank line)."""
    out: list[str] = []
    for line in lines:
        if not line:
            continue
        if out and _LIST_ITEM.match(line) and _LIST_ITEM.match(out[-1].rsplit("\n", 1)[-1]):
            out[-1] += "\n" + line
        else:
            out.append(line)
    return "\n\n".join(out)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _money(amount: int | None, currency: str) -> str:
    return f"{amount:,} {currency}" if amount is not None else ""


def _range(low: int | None, high: int | None, currency: str) -> str:
    if low is not None and high is not None:
        return f"{low:,}–{high:,} {currency}"
    if low is not None:
        return f"from {_money(low, currency)}"
    if high is not None:
        return f"up to {_money(high, currency)}"
    return ""


def _job_label(job: Job) -> str:
    return f"**{md(job.company)}** ({md(job.title)})"


def _more(count: int) -> str:
    return f"- …and {count} more." if count > 0 else ""


def _url(name: str, *, args=(), query: str = "") -> str | None:
    try:
        return reverse(name, args=args) + (f"?{query}" if query else "")
    except NoReverseMatch:  # a coach tool that is not installed
        return None


def _action(label: str, name: str, *, args=(), query: str = "") -> list[dict]:
    url = _url(name, args=args, query=query)
    return [{"label": label, "url": url}] if url else []


def _in_days(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


# --- Reading the user's data -------------------------------------------------------------------------


class _Data:
    """The user's rows, each loaded at most once per answer."""

    def __init__(self, scope: ChatScope, now: datetime.datetime):
        self.scope = scope
        self.user = scope.user
        self.now = now
        try:
            self.tz = zoneinfo.ZoneInfo(self.user.timezone or "UTC")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            self.tz = zoneinfo.ZoneInfo("UTC")
        self.today = now.astimezone(self.tz).date()
        self._jobs: list[Job] | None = None
        self._profile: Profile | None | bool = False

    def local_date(self, moment: datetime.datetime) -> datetime.date:
        return moment.astimezone(self.tz).date()

    @property
    def jobs(self) -> list[Job]:
        if self._jobs is None:
            self._jobs = list(
                Job.objects.filter(user=self.user)
                .only(
                    "id", "title", "company", "status", "applied_at", "status_changed_at", "application_deadline",
                    "match_score", "ai_analysis", "salary_min", "salary_max", "currency", "created_at", "posting_id",
                )
                .order_by("created_at", "id")
            )
        return self._jobs

    def upcoming_interviews(self) -> list[Interview]:
        until = self.now + datetime.timedelta(days=INTERVIEW_WINDOW_DAYS)
        return list(
            Interview.objects.filter(
                user=self.user, scheduled_at__gte=self.now, scheduled_at__lte=until, outcome=Interview.Outcome.PENDING
            )
            .select_related("job")
            .order_by("scheduled_at", "id")
        )

    @property
    def profile(self) -> Profile | None:
        if self._profile is False:
            self._profile = Profile.objects.filter(user=self.user).first() if self.scope.include_profile else None
        return self._profile

    def mentioned_job(self, text: str) -> Job | None:
        """A tracked job the message names by company (longest name first, then oldest)."""
        lowered = _normalise(text)
        candidates = [job for job in self.jobs if job.company and job.company.lower() in lowered]
        candidates.sort(key=lambda job: (-len(job.company), job.created_at, str(job.pk)))
        return candidates[0] if candidates else None

    def focus_job(self, text: str) -> Job | None:
        """The job the question is about: one named in the message, else the conversation's job."""
        mentioned = self.mentioned_job(text)
        if mentioned is not None:
            return mentioned
        if self.scope.job is not None:
            return next((job for job in self.jobs if job.pk == self.scope.job.pk), self.scope.job)
        return None


def _missing(job: Job) -> list[str]:
    return [str(s) for s in (job.ai_analysis or {}).get("missing") or [] if str(s).strip()]


def _matched(job: Job) -> list[str]:
    return [str(s) for s in (job.ai_analysis or {}).get("matched") or [] if str(s).strip()]


def _is_scored(job: Job) -> bool:
    return isinstance((job.ai_analysis or {}).get("missing"), list)


# --- Intents ------------------------------------------------------------------------------------------


def _next_steps(data: _Data, text: str) -> tuple[list[str], list[dict]]:
    lines = ["### What to do next on your board"]
    jobs = data.jobs
    if not jobs:
        lines.append("Your board is empty. Add the jobs you are considering (from the job catalog or a link) and "
                     "I can tell you what to follow up, prepare and apply to.")
        return lines, _action("Open your board", "jobs:board")

    stale = []
    for job in jobs:
        if job.status != JobStatus.APPLIED:
            continue
        since = job.status_changed_at or job.applied_at
        if since is None:
            continue
        days = (data.today - data.local_date(since)).days
        if days > STALE_AFTER_DAYS:
            stale.append((days, job))
    stale.sort(key=lambda item: (-item[0], item[1].company.lower(), str(item[1].pk)))
    if stale:
        lines.append("**Follow up** — applications with no movement for more than two weeks:")
        for days, job in stale[:LIST_LIMIT]:
            lines.append(f"- Follow up with {_job_label(job)}: applied {days} days ago, no answer recorded since.")
        lines.append(_more(len(stale) - LIST_LIMIT))

    interviews = data.upcoming_interviews()
    if interviews:
        lines.append("**Prepare** — interviews in the next two weeks:")
        for interview in interviews[:LIST_LIMIT]:
            local = interview.scheduled_at.astimezone(data.tz)
            days = (local.date() - data.today).days
            lines.append(
                f"- {interview.get_type_display()} with {_job_label(interview.job)} on "
                f"{local:%a %d %b at %H:%M} ({_in_days(days)}). Review the job's requirements and prepare two "
                "stories for them."
            )
        lines.append(_more(len(interviews) - LIST_LIMIT))

    deadlines = []
    for job in jobs:
        if job.status == JobStatus.INTERESTED and job.application_deadline is not None:
            days = (job.application_deadline - data.today).days
            if 0 <= days <= DEADLINE_WINDOW_DAYS:
                deadlines.append((days, job))
    deadlines.sort(key=lambda item: (item[0], item[1].company.lower(), str(item[1].pk)))
    if deadlines:
        lines.append("**Apply** — deadlines within a week:")
        for days, job in deadlines[:LIST_LIMIT]:
            lines.append(f"- Apply to {_job_label(job)} by {job.application_deadline:%a %d %b} ({_in_days(days)}).")
        lines.append(_more(len(deadlines) - LIST_LIMIT))

    offers = [job for job in jobs if job.status == JobStatus.OFFER_RECEIVED]
    if offers:
        lines.append("**Decide** — offers waiting for your answer:")
        for job in offers[:LIST_LIMIT]:
            salary = _range(job.salary_min, job.salary_max, job.currency)
            lines.append(f"- Offer from {_job_label(job)}{f', listed at {salary}' if salary else ''}. "
                         "Ask me about salary to compare it with what you want.")
        lines.append(_more(len(offers) - LIST_LIMIT))

    best = sorted(
        (job for job in jobs if job.status == JobStatus.INTERESTED and job.match_score is not None),
        key=lambda job: (-job.match_score, job.company.lower(), str(job.pk)),
    )[:3]
    if best:
        lines.append("**Best matches you have not applied to yet:**")
        lines.extend(f"- {_job_label(job)}: match score {job.match_score}." for job in best)

    if not (stale or interviews or deadlines or offers):
        counts = Counter(job.status for job in jobs)
        summary = ", ".join(
            f"{label.lower()}: {counts[value]}" for value, label in JobStatus.choices if counts.get(value)
        )
        lines.append(f"Nothing is urgent right now. Your board has {_plural(len(jobs), 'job')} ({summary}).")
        if not best:
            lines.append("Pick the jobs you like most in the Interested column and apply to them this week.")
    actions = _action("Open your board", "jobs:board")
    if interviews:
        actions += _action(
            f"Mock interview for {interviews[0].job.company}", "coaching:interview_new", query=f"job={interviews[0].job.pk}"
        )
    return [line for line in lines if line], actions


def _skills(data: _Data, text: str) -> tuple[list[str], list[dict]]:
    lines = ["### Your skills gaps"]
    scored = [job for job in data.jobs if _is_scored(job) and job.status not in CLOSED]
    if scored:
        counts: Counter[str] = Counter()
        spelling: dict[str, str] = {}
        for job in scored:
            for skill in dict.fromkeys(s.strip().lower() for s in _missing(job)):
                counts[skill] += 1
        for job in scored:
            for skill in _missing(job):
                spelling.setdefault(skill.strip().lower(), skill.strip())
        top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:LIST_LIMIT]
        if top:
            lines.append(f"Across your {_plural(len(scored), 'open scored job')}, these skills come up most often "
                         "in the requirements but not in your resume:")
            lines.extend(f"- **{md(spelling[key])}** is asked by {count} of your {len(scored)} scored jobs."
                         for key, count in top)
        else:
            lines.append(f"Your resume covers the skills your {_plural(len(scored), 'scored job')} ask for. "
                         "Keep the evidence (projects, numbers) up to date.")
    else:
        lines.append("None of your open jobs has a match score yet. Scores come from your primary resume: upload "
                     "one (or mark one primary) and each tracked job is scored against it.")

    job = data.focus_job(text)
    if job is not None and _is_scored(job):
        missing, matched = _missing(job), _matched(job)
        lines.append(f"**For {md(job.title)} at {md(job.company)}**"
                     f"{f' (match score {job.match_score})' if job.match_score is not None else ''}:")
        if missing:
            lines.append("- Missing: " + ", ".join(md(s) for s in missing[:10]) + ".")
        if matched:
            lines.append("- You already show: " + ", ".join(md(s) for s in matched[:10]) + ".")
    elif job is not None:
        lines.append(f"{md(job.title)} at {md(job.company)} has no match analysis yet (it needs a job description "
                     "and a primary resume).")

    profile = data.profile
    if profile is not None and profile.target_skills:
        targets = [s for s in profile.target_skills if s.strip()]
        if targets:
            lines.append("**Skills you said you want to learn:** " + ", ".join(md(s) for s in targets) + ".")
            if scored:
                asked = []
                for skill in targets:
                    count = sum(1 for job in scored if skill.strip().lower() in {s.lower() for s in _missing(job)})
                    if count:
                        asked.append(f"{md(skill)} ({count} of {len(scored)})")
                if asked:
                    lines.append("Of these, your jobs ask for: " + ", ".join(asked) + ". Start there.")
    lines.append("Learn one skill at a time with a small project you can show, then add it to your resume "
                 "with the result it produced.")
    actions = _action("Take a quiz", "coaching:quiz_new")
    return lines, actions


def _interview(data: _Data, text: str) -> tuple[list[str], list[dict]]:
    job = data.focus_job(text)
    if job is None:
        upcoming = data.upcoming_interviews()
        job = upcoming[0].job if upcoming else None
    if job is None:
        lines = ["### Interview questions",
                 "Tell me which job to prepare for: choose one of your tracked jobs in this conversation's "
                 "context (or name its company in your message) and I will build questions from its requirements.",
                 "Meanwhile, three behavioral questions almost every interview asks:"]
        lines.extend(f"{i}. {q}" for i, q in enumerate(BEHAVIORAL_QUESTIONS, 1))
        return lines, _action("Start a mock interview", "coaching:interview_new")

    facts_job = data.scope.facts.job if data.scope.facts.job and data.scope.facts.job.id == str(job.pk) else None
    requirements = list(facts_job.requirements) if facts_job else list(job.posting.requirements) if (
        job.posting_id and job.posting) else []
    missing, matched = _missing(job), _matched(job)
    lines = [f"### Interview questions for {md(job.title)} at {md(job.company)}"]
    questions = []
    for requirement in requirements[:4]:
        questions.append(f"The role asks for “{md(requirement.strip())}”. Tell me about a time your work showed it.")
    for skill in matched[:3]:
        questions.append(f"Walk me through a project where you used {md(skill)}. What was your part, and what changed "
                         "because of it?")
    for skill in missing[:3]:
        questions.append(f"We use {md(skill)} here, and your resume does not mention it. How would you get up to "
                         "speed, and what have you used that is close to it?")
    questions.extend(BEHAVIORAL_QUESTIONS)
    lines.extend(f"{i}. {q}" for i, q in enumerate(questions, 1))
    lines.append("Answer each one out loud with STAR (situation, task, action, result) and end with a measurable "
                 "result from your own experience.")
    if not requirements and not _is_scored(job):
        lines.append("_This job has no listed requirements or match analysis yet, so the questions are general. "
                     "Add the job description to get questions about the role itself._")
    lines.append("You can run a full mock interview for this job, with feedback on every answer — use the link below.")
    return lines, _action(f"Mock interview for {job.company}", "coaching:interview_new", query=f"job={job.pk}")


def _resume(data: _Data, text: str) -> tuple[list[str], list[dict]]:
    resume = data.scope.resume
    if resume is None:
        resume = Resume.objects.filter(user=data.user, is_primary=True).only(
            "id", "title", "ats_score", "feedback", "status").first()
    lines = ["### Your resume"]
    if resume is None:
        lines.append("You have no primary resume yet. Upload one (PDF or Word) or write one in the builder; then "
                     "I can tell you its ATS score and what it misses.")
        return lines, _action("Your resumes", "jobs:resume_list")
    feedback = resume.feedback or {}
    if resume.ats_score is None:
        lines.append(f"“{md(resume.title)}” has not been checked against a job yet. Run an ATS check against one "
                     "of your tracked jobs to see its score, the missing keywords and what would raise it.")
        return lines, _action("Your resumes", "jobs:resume_list")
    against = feedback.get("job_title")
    lines.append(f"“{md(resume.title)}” scored **{round(resume.ats_score)} / 100** in its latest ATS check"
                 f"{f' against {md(against)}' if against else ''}.")
    missing = [str(s) for s in feedback.get("missing") or []][:8]
    if missing:
        lines.append("**Missing keywords:** " + ", ".join(md(s) for s in missing) + ".")
    improvements = [item.get("text", "") for item in feedback.get("improvements") or [] if isinstance(item, dict)]
    improvements = [t for t in improvements if t][:4] or [str(t) for t in feedback.get("explanation") or []][:4]
    if improvements:
        lines.append("**What would raise the score most:**")
        lines.extend(f"- {md(t)}" for t in improvements)
    absent = [s.get("name") for s in feedback.get("sections") or [] if isinstance(s, dict) and not s.get("present")]
    if absent:
        lines.append("**Sections an ATS looks for and did not find:** " + ", ".join(md(s) for s in absent) + ".")
    history = list(AtsReport.objects.filter(user=data.user, resume=resume).order_by("-created_at").values_list(
        "score", flat=True)[:20])
    if len(history) > 1:
        lines.append(f"You have checked it {len(history)} times; best score {max(history)}, lowest {min(history)}.")
    return lines, _action("Your resumes", "jobs:resume_list")


def _goals(data: _Data, text: str) -> tuple[list[str], list[dict]]:
    from coaching.models import Goal

    lines = ["### Your goals"]
    if not data.scope.include_goals:
        lines.append("Your goals are not shared in this conversation. Tick “Goals” in the context to let me "
                     "read them.")
        return lines, []
    goals = list(
        Goal.objects.filter(user=data.user).prefetch_related("milestones").order_by("target_date", "-priority", "created_at", "id")
    )
    open_goals = [goal for goal in goals if goal.is_open]
    done = [goal for goal in goals if goal.status == Goal.Status.COMPLETED]
    if not goals:
        lines.append("You have no goals yet. Set one or two for the next weeks (for example an application or "
                     "learning goal) with a target date and milestones, and I will track them with you.")
        return lines, _action("Set a goal", "coaching:goal_list")
    if done:
        lines.append(f"You have completed {_plural(len(done), 'goal')} so far.")
    if open_goals:
        lines.append("**Open goals:**")
        for goal in open_goals[:LIST_LIMIT + 3]:
            milestones = list(goal.milestones.all())
            parts = [f"{goal.progress}%"]
            if milestones:
                parts.append(f"{sum(1 for m in milestones if m.is_done)} of {len(milestones)} milestones done")
            if goal.target_date:
                days = (goal.target_date - data.today).days
                parts.append(f"overdue since {goal.target_date:%d %b}" if days < 0 else f"due {_in_days(days)}")
            lines.append(f"- **{md(goal.title)}** — " + ", ".join(parts) + ".")
            next_milestone = next((m for m in milestones if not m.is_done), None)
            if next_milestone is not None:
                lines.append(f"  Next milestone: {md(next_milestone.title)}.")
        overdue = [g for g in open_goals if g.target_date and g.target_date < data.today]
        if overdue:
            lines.append("For an overdue goal, either finish its next milestone this week or move its target date "
                         "to something realistic.")
    else:
        lines.append("You have no open goals. Set the next one while you have momentum.")
    return lines, _action("Your goals", "coaching:goal_list")


def _salary(data: _Data, text: str) -> tuple[list[str], list[dict]]:
    lines = ["### Salary and negotiation"]
    profile = data.profile
    desired = ""
    if profile is not None:
        desired = _range(profile.desired_salary_min, profile.desired_salary_max, profile.salary_currency)
    if desired:
        lines.append(f"Your profile says you want **{desired}**.")
    elif not data.scope.include_profile:
        lines.append("Your profile is not shared in this conversation, so I do not know your desired salary. "
                     "Tick “Profile” in the context to compare with it.")
    else:
        lines.append("Your profile has no desired salary yet. Add it to your profile so I can compare jobs with it.")

    def compare(job: Job) -> str:
        listed = _range(job.salary_min, job.salary_max, job.currency)
        if not listed:
            return f"- {_job_label(job)}: no salary listed — ask the recruiter for the range early."
        line = f"- {_job_label(job)}: listed at {listed}"
        if profile is not None and desired and job.currency == profile.salary_currency:
            if profile.desired_salary_min is not None and job.salary_max is not None \
                    and job.salary_max < profile.desired_salary_min:
                line += " — below your desired minimum."
            elif profile.desired_salary_max is not None and job.salary_min is not None \
                    and job.salary_min > profile.desired_salary_max:
                line += " — above your desired range."
            else:
                line += " — overlaps your desired range."
        else:
            line += "."
        return line

    job = data.focus_job(text)
    offers = [j for j in data.jobs if j.status == JobStatus.OFFER_RECEIVED]
    if job is not None:
        lines.append("**The job in this conversation:**")
        lines.append(compare(job))
    if offers:
        lines.append("**Offers waiting for your answer:**")
        lines.extend(compare(j) for j in offers[:LIST_LIMIT])
    if job is None and not offers:
        listed = [j for j in data.jobs if j.status not in CLOSED and (j.salary_min or j.salary_max)]
        if listed:
            lows = [j.salary_min for j in listed if j.salary_min is not None]
            highs = [j.salary_max for j in listed if j.salary_max is not None]
            currencies = sorted({j.currency for j in listed})
            if len(currencies) == 1 and lows and highs:
                lines.append(f"Your {_plural(len(listed), 'open job')} with a listed salary range from "
                             f"{min(lows):,} to {max(highs):,} {currencies[0]}.")
        lines.append("Choose a tracked job in this conversation's context to compare it with what you want.")
    lines.append("**Before you negotiate:**")
    lines.extend(f"- {tip}" for tip in NEGOTIATION_CHECKLIST)
    return lines, _action("Industry insights", "coaching:insight_list")


def _help(data: _Data, text: str) -> tuple[list[str], list[dict]]:
    lines = [
        "### What I can help with",
        "I am the offline coach: I answer from your board, resumes, goals and profile. Ask me for example:",
        "- “What should I do next?” — applications to follow up, interviews to prepare, deadlines, offers.",
        "- “What skills am I missing?” — the gaps across your scored jobs.",
        "- “Interview questions for this job” — choose a tracked job in the context first.",
        "- “How is my resume doing?” — its ATS score and what would raise it.",
        "- “How are my goals going?” — progress and what is overdue.",
        "- “How should I negotiate the salary?” — your desired salary against the job's range.",
        "Other coach tools: mock interviews with feedback, quizzes on a skill, cover letters, goals and "
        "industry insights.",
    ]
    actions = (
        _action("Mock interviews", "coaching:interview_list") + _action("Quizzes", "coaching:quiz_list")
        + _action("Cover letters", "coaching:cover_letter_list")
    )
    return lines, actions


SECTIONS = {
    "next_steps": _next_steps, "skills": _skills, "interview": _interview, "resume": _resume,
    "goals": _goals, "salary": _salary, "help": _help,
}


def offline_answer(*, scope: ChatScope, text: str, now: datetime.datetime | None = None) -> OfflineAnswer:
    """The offline coach's answer to ``text`` (markdown), with the intents it used."""
    data = _Data(scope, now or timezone.now())
    intents = detect_intents(text)
    parts: list[str] = []
    actions: list[dict] = []
    for key in intents:
        lines, more = SECTIONS[key](data, text)
        parts.append(join_markdown(lines))
        actions.extend(a for a in more if a not in actions)
    body = "\n\n".join(parts)
    return OfflineAnswer(text=f"{body}\n\n{OFFLINE_NOTE}", intents=intents, actions=actions)


def board_facts(*, scope: ChatScope, now: datetime.datetime | None = None) -> str:
    """The next-steps overview of the user's board as plain facts for a model's prompt."""
    data = _Data(scope, now or timezone.now())
    lines, _ = _next_steps(data, "")
    return join_markdown(lines[1:])
