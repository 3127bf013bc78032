"""Generator: growth stories (Generation.Kind.STORY → Story.title/content/facts).

The facts of the period (coaching/selectors/stories.py) are gathered in the worker. Offline,
coaching/offline/story.py writes the story from them; a model gets them as JSON with the
instruction to use nothing else, and streams its markdown."""

from __future__ import annotations

import json

from django.urls import reverse
from django.utils import timezone

from billing.models import UsageRecord
from coaching.ai import providers
from coaching.ai.generation import GeneratorSpec, offline_text, register
from coaching.models import Generation, Story
from coaching.offline.story import compose
from coaching.selectors.stories import Period, facts_are_empty, story_facts

SYSTEM_PROMPT = (
    "You are a warm, honest career coach writing the user's growth story for one period of their job search. "
    "Use ONLY the facts given as JSON: never invent a company, job, interview, score, number or feeling that is "
    "not in them. If the facts show no activity, say so plainly and encourage one small next step — do not "
    "pretend anything happened. Write markdown: start with a one-line heading '# <headline>', then sections "
    "'## What happened', '## Wins' and '## Carry into next <week or month>'. At most about 300 words, "
    "second person, specific and encouraging, no placeholders."
)


def _split_title(text: str, fallback: str) -> tuple[str, str]:
    lines = text.strip().splitlines()
    if lines and lines[0].startswith("# "):
        return lines[0][2:].strip()[:200] or fallback, "\n".join(lines[1:]).strip()
    return fallback, text.strip()


def produce(generation: Generation, provider: providers.Provider, on_delta):
    story = Story.objects.select_related("user").get(pk=generation.target_id, user=generation.user)
    period = Period(story.period_kind, story.period_start, story.period_end)
    facts = story_facts(user=story.user, start=story.period_start, end=story.period_end)
    noun = "month" if story.period_kind == Story.PeriodKind.MONTHLY else "week"
    if provider.is_offline:
        title, text = compose(facts=facts, period_label=period.label, period_noun=noun, first_name=story.user.first_name)
        output = offline_text(text, on_delta)
    else:
        messages = [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": (
                f"Period: {period.label} (a {noun}, {story.period_start} to {story.period_end}).\n"
                f"User's first name: {story.user.first_name or '(not given)'}\n"
                f"No recorded activity: {'yes' if facts_are_empty(facts) else 'no'}\n"
                f"Facts (JSON):\n{json.dumps(facts, ensure_ascii=False, default=str)}\n\nWrite the story now."
            )},
        ]
        output = provider.complete_text(messages=messages, on_delta=on_delta, max_tokens=700)
        title = ""
    output.facts = facts  # handed to apply(), so the story shows exactly what it was written from
    output.title = title
    return output


def apply(generation: Generation, output) -> None:
    story = Story.objects.select_for_update().filter(pk=generation.target_id).first()
    if story is None:  # deleted while it was being written
        return
    fallback = getattr(output, "title", "") or str(story)
    story.title, story.content = _split_title(output.text or "", fallback)
    story.content = story.content[: Story._meta.get_field("content").max_length]
    story.facts = getattr(output, "facts", None) or story_facts(
        user=story.user, start=story.period_start, end=story.period_end)
    story.status = Story.Status.READY
    story.provider = output.provider
    story.generated_at = timezone.now()
    story.full_clean()
    story.save()


def fail(generation: Generation) -> None:
    Story.objects.filter(pk=generation.target_id, status=Story.Status.GENERATING).update(
        status=Story.Status.FAILED, updated_at=timezone.now()
    )


def restart(generation: Generation) -> None:
    Story.objects.filter(pk=generation.target_id).update(status=Story.Status.GENERATING, updated_at=timezone.now())


def result_url(generation: Generation) -> str:
    return reverse("coaching:story_detail", args=[generation.target_id])


register(GeneratorSpec(
    kind=Generation.Kind.STORY, usage_action=UsageRecord.Action.AI_STORY, produce=produce, apply=apply,
    fail=fail, restart=restart, result_url=result_url,
))
