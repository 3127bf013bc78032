"""Generator: cover letters (Generation.Kind.COVER_LETTER → CoverLetter.content).

Offline: coaching/offline/cover_letter.py writes the letter from the user's facts. A model
gets the same facts as text plus the job description, with instructions to use nothing
else, and streams its answer."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from coaching.ai import providers
from coaching.ai.context import facts_text, user_facts
from coaching.ai.generation import GeneratorSpec, offline_text, register
from coaching.models import CoverLetter, Generation
from coaching.offline.cover_letter import LetterJob, compose
from jobs.models import Job, Resume

TONE_GUIDE = {
    CoverLetter.Tone.PROFESSIONAL: "professional and confident",
    CoverLetter.Tone.WARM: "warm and personable",
    CoverLetter.Tone.CONCISE: "concise: at most about 180 words",
    CoverLetter.Tone.ENTHUSIASTIC: "enthusiastic and energetic, without exaggerating",
}

SYSTEM_PROMPT = (
    "You are a career coach writing a cover letter for the user, ready to send. Use ONLY the facts about "
    "the user given below: never invent an employer, a job title, a skill, a degree, a number or an "
    "achievement. Do not claim any skill the job asks for that is not in the user's skills; you may say the "
    "user is learning a skill only if it is listed under 'Skills they want to learn'. Structure: a greeting "
    "to the company's hiring team; an opening naming the role and the company; one or two body paragraphs "
    "matching the job's requirements to the user's real skills, experience and achievements; a closing with "
    "availability and a call to action; a sign-off with the user's name. Write plain paragraphs (markdown "
    "allowed, no headings), no placeholders in brackets, no notes or commentary outside the letter."
)


def _inputs(generation: Generation) -> tuple[CoverLetter, Job | None, Resume | None]:
    letter = CoverLetter.objects.get(pk=generation.target_id, user=generation.user)
    data = generation.input or {}
    job = (
        Job.objects.filter(user=generation.user, pk=data["job_id"]).select_related("posting").first()
        if data.get("job_id")
        else None
    )
    resume = (
        Resume.objects.filter(user=generation.user, pk=data["resume_id"]).first() if data.get("resume_id") else None
    )
    return letter, job, resume


def _letter_job(generation: Generation, letter: CoverLetter, job: Job | None) -> LetterJob:
    data = generation.input or {}
    requirements = tuple(job.posting.requirements) if job is not None and job.posting else ()
    return LetterJob(
        company=data.get("company_name") or letter.company_name,
        role=data.get("job_title") or letter.job_title,
        description=data.get("job_description", letter.job_description) or "",
        requirements=requirements,
    )


def signature_name(user: User) -> str:
    return user.get_full_name().strip() or user.first_name.strip()


def produce(generation: Generation, provider: providers.Provider, on_delta):
    letter, job, resume = _inputs(generation)
    facts = user_facts(user=generation.user, include_goals=False, job=job, resume=resume)
    target = _letter_job(generation, letter, job)
    tone = (generation.input or {}).get("tone") or letter.tone
    name = signature_name(generation.user)
    if provider.is_offline:
        return offline_text(compose(facts=facts, name=name, job=target, tone=tone), on_delta)
    job_text = "\n".join(
        line
        for line in (
            f"Role: {target.role}",
            f"Company: {target.company}",
            ("Requirements: " + "; ".join(target.requirements)) if target.requirements else "",
            f"Job description:\n{target.description[:6000]}" if target.description else "",
        )
        if line
    )
    messages = [
        {"role": "system", "content": SYSTEM_PROMPT},
        {
            "role": "user",
            "content": (
                f"Facts about the user:\n{facts_text(facts)}\n\nSign the letter as: {name or facts.first_name}\n\n"
                f"The job:\n{job_text}\n\nTone: {TONE_GUIDE.get(tone, TONE_GUIDE[CoverLetter.Tone.PROFESSIONAL])}.\n"
                "Write the cover letter now."
            ),
        },
    ]
    return provider.complete_text(messages=messages, on_delta=on_delta, max_tokens=900)


def apply(generation: Generation, output) -> None:
    letter = CoverLetter.objects.select_for_update().filter(pk=generation.target_id).first()
    if letter is None:  # deleted while it was being written
        return
    letter.content = (output.text or "").strip()[: CoverLetter._meta.get_field("content").max_length]
    letter.status = CoverLetter.Status.DRAFT
    letter.provider = output.provider
    letter.generated_at = timezone.now()
    letter.full_clean()
    letter.save()


def fail(generation: Generation) -> None:
    CoverLetter.objects.filter(pk=generation.target_id, status=CoverLetter.Status.GENERATING).update(
        status=CoverLetter.Status.FAILED, updated_at=timezone.now()
    )


def restart(generation: Generation) -> None:
    CoverLetter.objects.filter(pk=generation.target_id).update(
        status=CoverLetter.Status.GENERATING, updated_at=timezone.now()
    )


def result_url(generation: Generation) -> str:
    return reverse("coaching:cover_letter_detail", args=[generation.target_id])


SPEC = register(
    GeneratorSpec(
        kind=Generation.Kind.COVER_LETTER,
        usage_action="AI_COVER_LETTER",
        produce=produce,
        apply=apply,
        fail=fail,
        restart=restart,
        result_url=result_url,
    )
)
