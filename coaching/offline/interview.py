"""The offline mock interviewer: questions from a curated bank, answers scored by a rubric.

Both are deterministic and shipped with the project (``coaching/content/``):

* ``interview_bank.json`` — questions per role family (software, data, product, …) and
  interview type, each with a difficulty, a ``focus`` and the competency it shows
  (technical / communication / problem_solving). The role family comes from keywords in
  the target role or the job's title. Questions are ordered by a hash of the setup
  (family, type, difficulty, the job's required skills, how many interviews of that kind
  the user already did), so the same setup always gives the same questions. For a tracked
  job, some questions ask about the job's own requirements; a behavioural interview may
  open with the user's latest role — both only from the user's data (UserFacts).
* ``interview_rubric.json`` — five criteria per answer (STAR structure, specificity,
  measurable results, relevance, length) with cue words and weights per interview type.
  Strengths, areas to improve and suggestions are written from what each answer hit or
  missed and cite the answer they came from; they only quote the user's own words.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from coaching.ai.context import UserFacts

CONTENT = Path(__file__).resolve().parent.parent / "content"
COMPETENCIES = ("technical", "communication", "problem_solving")
CRITERIA = ("structure", "specificity", "measurable", "relevance", "length")
STAR_PARTS = ("situation", "task", "action", "result")
DIFFICULTY_ORDER = {"EASY": 0, "MEDIUM": 1, "HARD": 2}
MAX_ITEMS = 5


@lru_cache(maxsize=1)
def bank() -> dict:
    return json.loads((CONTENT / "interview_bank.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def rubric() -> dict:
    return json.loads((CONTENT / "interview_rubric.json").read_text(encoding="utf-8"))


def _phrase_re(phrases) -> re.Pattern:
    ordered = sorted({p.lower() for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in ordered) + r")(?!\w)")


def _digest(*parts) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()


# --- Questions -------------------------------------------------------------------------------


def role_family(text: str) -> str:
    """The bank's role family for a job title or target role ("general" when none fits).
    Families are tried in the bank's order; the first keyword found wins."""
    lowered = f" {(text or '').lower()} "
    for key, family in bank()["families"].items():
        if family["keywords"] and _phrase_re(family["keywords"]).search(lowered):
            return key
    return "general"


def family_label(key: str) -> str:
    return bank()["families"].get(key, {}).get("label", "General")


def named_skills(text: str) -> list[str]:
    """The taxonomy skills written out in ``text`` (not ones it only implies: "Backend
    Engineer" names no "Backend Development")."""
    from jobs.matching.taxonomy import skill_set

    lowered = (text or "").lower()
    return sorted(s for s in skill_set(text) if s.lower() in lowered)


def job_skills(facts: UserFacts) -> list[str]:
    """The skills the tracked job asks for: its requirement lines, its description and the
    skills match analysis found missing — in that order, without repeats."""
    job = facts.job
    if job is None:
        return []
    found: list[str] = []
    for line in job.requirements:
        found.extend(named_skills(line) or ([line.strip()] if 0 < len(line.strip()) <= 40 else []))
    found.extend(named_skills(job.description))
    found.extend(job.missing_skills)
    # From the title only skills written as such ("Senior Django Developer" → Django), not the
    # taxonomy's categories ("Backend Engineer" → "Backend Development").
    found.extend(named_skills(job.title))
    seen, out = set(), []
    for skill in found:
        if skill and skill.lower() not in seen:
            seen.add(skill.lower())
            out.append(skill)
    return out[:20]


def _pool(family: str, interview_type: str) -> list[dict]:
    data = bank()
    questions = data["questions"]
    own = questions.get(family, {}).get(interview_type, [])
    if not own and family != "general" and interview_type == "SYSTEM_DESIGN":
        own = questions.get(family, {}).get("TECHNICAL", [])
    merged = [dict(q, general=False) for q in own]
    if family != "general" and interview_type in data["merge_general"]:
        merged += [dict(q, general=True) for q in questions["general"].get(interview_type, [])]
    if not merged:  # e.g. system design for a role the bank has none for
        merged = [dict(q, general=False) for q in questions["general"]["TECHNICAL"]]
    return merged


def _ranked(pool: list[dict], *, difficulty: str, seed: str) -> list[dict]:
    """The chosen difficulty first; a general question ranks like the family's own one level
    away, so role-specific questions lead; ties are broken by the setup's hash."""
    target = DIFFICULTY_ORDER.get(difficulty, 1)
    return sorted(pool, key=lambda q: (
        abs(DIFFICULTY_ORDER.get(q["difficulty"], 1) - target) + (1 if q["general"] else 0), _digest(seed, q["id"])
    ))


def _turn(question: str, focus: str, competency: str, source: str) -> dict:
    return {"question": question, "focus": focus, "competency": competency, "source": source,
            "answer": "", "answered_at": None}


def questions_offline(
    *, facts: UserFacts, interview_type: str, difficulty: str, count: int, role: str, rotation: int = 0
) -> list[dict]:
    """``count`` turns (unanswered) for this setup; the same arguments give the same turns."""
    data = bank()
    family = role_family(role or (facts.job.title if facts.job else "") or facts.desired_title or facts.current_title)
    skills = job_skills(facts)
    seed = _digest(family, interview_type, difficulty, ",".join(sorted(s.lower() for s in skills)), rotation)
    turns: list[dict] = []

    # A behavioural or mixed interview opens with the user's latest role, when we know it.
    if interview_type in ("BEHAVIORAL", "MIXED") and count >= 4 and facts.experiences:
        latest = facts.experiences[0]
        if latest.get("title") and latest.get("company"):
            template = data["experience_templates"][0]
            turns.append(_turn(template.format(title=latest["title"], company=latest["company"]),
                               "your experience", "communication", "profile"))

    # Questions about the job's own requirements (skills from the job, known ones from the user's data).
    if skills and interview_type in ("BEHAVIORAL", "TECHNICAL", "SYSTEM_DESIGN", "MIXED"):
        wanted = min(len(skills), max(1, count // 3))
        for skill in skills[:wanted]:
            kind = "known" if facts.knows(skill) else "missing"
            templates = data["requirement_templates"][kind]
            template = templates[int(_digest(seed, skill), 16) % len(templates)]
            turns.append(_turn(template.format(skill=skill), skill, "technical", "job"))

    if interview_type == "MIXED":
        pools = [_ranked(_pool(family, t), difficulty=difficulty, seed=seed) for t in data["mixed_order"]]
        picked: list[dict] = []
        depth = 0
        while len(picked) < count and depth < 50:
            for ranked in pools:
                if depth < len(ranked) and ranked[depth]["question"] not in {p["question"] for p in picked}:
                    picked.append(ranked[depth])
            depth += 1
    else:
        picked = _ranked(_pool(family, interview_type), difficulty=difficulty, seed=seed)
    for question in picked:
        if len(turns) >= count:
            break
        turns.append(_turn(question["question"], question["focus"], question["competency"], "bank"))
    return turns[:count]


# --- Scoring ---------------------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*\d|(?<![\w.])\d")


@lru_cache(maxsize=1)
def _patterns() -> dict:
    criteria = rubric()["criteria"]
    measurable = criteria["measurable"]
    units = sorted(measurable["units"], key=len, reverse=True)
    unit_alt = "|".join(re.escape(u) for u in units)
    currency = "|".join(re.escape(c) for c in sorted(measurable["currency"], key=len, reverse=True))
    spec = criteria["specificity"]
    return {
        "star": {part: _phrase_re(cues) for part, cues in criteria["structure"]["cues"].items()},
        "measured": re.compile(
            rf"(?:(?<!\w)(?:{currency})\s?\d[\d,.]*(?:\s?(?:k|m|million|thousand|bn))?(?!\w))"
            rf"|(?:(?<![\w.])\d[\d,.]*\s?(?:{unit_alt})(?!\w))"
            rf"|(?:(?<![\w.])\d[\d,.]*\s?(?:{currency}))",
            re.IGNORECASE,
        ),
        "time": re.compile(r"(?<![\w.])\d[\d,.]*\s+(?:" + "|".join(spec["time_words"]) + r")(?!\w)", re.IGNORECASE),
        "vague": _phrase_re(spec["vague_words"]),
    }


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'%$€£.-]+", text or "")


def _focus_terms(focus: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z+#.-]*", focus or "") if len(w) > 3]


def _distinct(values) -> list[str]:
    seen, out = set(), []
    for value in values:
        key = value.lower().strip()
        if key and key not in seen:
            seen.add(key)
            out.append(value.strip())
    return out


def score_answer(*, turn: dict, interview_type: str, job_terms: list[str]) -> dict:
    """One answer against the rubric: {"score", "criteria": {name: {"score", ...evidence}}, "notes"}."""
    rules = rubric()
    pats = _patterns()
    answer = (turn.get("answer") or "").strip()
    lowered = " ".join(answer.lower().split())
    words = _words(answer)
    count = len(words)

    parts = [part for part in STAR_PARTS if pats["star"][part].search(lowered)]
    structure = {"score": 25 * len(parts), "present": parts, "missing": [p for p in STAR_PARTS if p not in parts]}

    measured = _distinct(m.group(0) for m in pats["measured"].finditer(answer))[:4]
    tools = named_skills(answer)
    numbers = _distinct(m.group(0) for m in _NUMBER.finditer(answer))
    times = _distinct(m.group(0) for m in pats["time"].finditer(answer))
    vague = _distinct(m.group(0) for m in pats["vague"].finditer(lowered))
    spec_score = 25 * len(tools) + 15 * len(numbers) + 10 * len(times) - 10 * len(vague)
    specificity = {"score": max(0, min(100, spec_score)), "tools": tools[:6], "numbers": numbers[:6],
                   "vague": vague[:4]}

    measurable = {"score": 0 if not measured else 70 if len(measured) == 1 else 100, "evidence": measured}

    answer_skills = {s.lower() for s in tools}
    job_hits = [t for t in job_terms if t.lower() in answer_skills or (
        len(t) > 2 and re.search(rf"(?<!\w){re.escape(t.lower())}(?!\w)", lowered))]
    answer_stems = {w.lower()[:5] for w in words if len(w) > 3}
    focus_hits = [t for t in _focus_terms(turn.get("focus", "")) if t[:5] in answer_stems]
    hits = _distinct(job_hits + focus_hits)
    hit_scores = rules["criteria"]["relevance"]["hit_scores"]
    relevance = {"score": hit_scores[min(len(hits), 2)], "hits": hits[:6], "job_hits": _distinct(job_hits)[:6]}

    length_score = next(score for low, high, score in rules["criteria"]["length"]["bands"] if low <= count < high)
    length = {"score": length_score, "words": count}

    criteria = {"structure": structure, "specificity": specificity, "measurable": measurable,
                "relevance": relevance, "length": length}
    weights = rules["weights"].get(interview_type, rules["weights"]["MIXED"])
    total = sum(weights[name] * criteria[name]["score"] for name in CRITERIA) / sum(weights.values())
    return {"score": int(round(total)), "criteria": criteria, "notes": _turn_notes(criteria)}


def _join(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _turn_notes(c: dict) -> list[str]:
    notes = []
    s = c["structure"]
    if s["present"]:
        notes.append(f"STAR: {_join(s['present'])} {'is' if len(s['present']) == 1 else 'are'} there"
                     + (f"; {_join(s['missing'])} missing." if s["missing"] else "."))
    else:
        notes.append("STAR: no situation, task, action or result cue found.")
    if c["specificity"]["tools"]:
        notes.append(f"Named tools/skills: {_join(c['specificity']['tools'])}.")
    if c["measurable"]["evidence"]:
        notes.append(f"Measured results: {_join(c['measurable']['evidence'])}.")
    else:
        notes.append("No measured result (number, %, money or time).")
    if c["relevance"]["hits"]:
        notes.append(f"On topic: {_join(c['relevance']['hits'])}.")
    words = c["length"]["words"]
    if words < 25:
        notes.append(f"Too short ({words} words).")
    elif words >= 400:
        notes.append(f"Very long ({words} words).")
    else:
        notes.append(f"{words} words.")
    if c["specificity"]["vague"]:
        notes.append(f"Vague words: {_join(c['specificity']['vague'])}.")
    return notes


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def evaluate_offline(*, turns: list[dict], interview_type: str, job_terms: list[str]) -> dict:
    """Score every answered turn and the interview. Returns {"turns": [per turn or None],
    "scores": {overall, technical, communication, problem_solving}, "strengths", "areas_to_improve",
    "suggestions"} — each item {"text", "turn"} with the 0-based index of its turn."""
    rules = rubric()
    per_turn: list[dict | None] = []
    for turn in turns:
        per_turn.append(score_answer(turn=turn, interview_type=interview_type, job_terms=job_terms)
                        if (turn.get("answer") or "").strip() else None)
    answered = [(i, r) for i, r in enumerate(per_turn) if r is not None]

    scores: dict[str, float] = {}
    fallback = rules["competency_fallback"]
    for competency in COMPETENCIES:
        own = [r["score"] for i, r in answered if turns[i].get("competency") == competency]
        value = _mean(own)
        if value is None:
            value = _mean(_mean(r["criteria"][name]["score"] for name in fallback[competency]) for _, r in answered)
        scores[competency] = round(value or 0, 1)
    weights = rules["overall_weights"].get(interview_type, rules["overall_weights"]["MIXED"])
    scores["overall"] = round(sum(weights[c] * scores[c] for c in COMPETENCIES) / sum(weights[c] for c in COMPETENCIES), 1)

    strengths, areas, suggestions = _feedback_items(answered, turns, job_terms)
    return {"turns": per_turn, "scores": scores, "strengths": strengths, "areas_to_improve": areas,
            "suggestions": suggestions}


def _feedback_items(answered, turns, job_terms):
    strong, weak = rubric()["thresholds"]["strong"], rubric()["thresholds"]["weak"]
    strengths, areas, suggestions = [], [], []
    for index, result in answered:
        n = index + 1
        c = result["criteria"]
        if c["measurable"]["evidence"]:
            strengths.append((0, index, f"In answer {n} you quantified the result ({_join(c['measurable']['evidence'][:3])})."))
        if len(c["structure"]["present"]) == 4:
            strengths.append((1, index, f"Answer {n} follows the STAR structure: situation, task, action and result are all there."))
        if c["specificity"]["tools"] and c["specificity"]["score"] >= strong:
            strengths.append((2, index, f"In answer {n} you named what you worked with ({_join(c['specificity']['tools'][:4])})."))
        if c["relevance"]["job_hits"]:
            strengths.append((3, index, f"Answer {n} connects your experience to what the job asks for ({_join(c['relevance']['job_hits'][:4])})."))

        words = c["length"]["words"]
        focus = turns[index].get("focus") or "the question"
        if words < 25:
            areas.append((result["score"], index, f"Answer {n} is too short ({words} words) to show how you work."))
            suggestions.append((result["score"], index, f"Expand answer {n} to about a minute (60–250 words) around one concrete example."))
        elif words >= 400:
            areas.append((result["score"], index, f"Answer {n} runs long ({words} words); the main point gets lost."))
            suggestions.append((result["score"], index, f"Cut answer {n} to under two minutes: keep what you did and what came of it, drop the background."))
        if not c["measurable"]["evidence"]:
            areas.append((result["score"] + 1, index, f"Answer {n} does not say what changed in the end: there is no measured result."))
            suggestions.append((result["score"] + 1, index, f"End answer {n} with the outcome in numbers if you have them: time saved, % change, money, people or customers affected."))
        if c["structure"]["score"] <= 50 and words >= 25:
            areas.append((result["score"] + 2, index, f"Answer {n} is missing the {_join(c['structure']['missing'])} of a STAR answer."))
            suggestions.append((result["score"] + 2, index, f"Rebuild answer {n} as STAR: one sentence of situation, one of your task, two or three of what you did, one of the result."))
        if c["relevance"]["score"] <= 25 and words >= 25:
            areas.append((result["score"] + 3, index, f"Answer {n} drifts from the question's focus ({focus})."))
            missing = [t for t in job_terms if t not in c["relevance"]["job_hits"]][:3]
            tie = f"the job's requirements ({_join(missing)})" if missing else focus
            suggestions.append((result["score"] + 3, index, f"Tie answer {n} back to {tie} in its first and last sentence."))
        if c["specificity"]["vague"] and c["specificity"]["score"] < weak:
            areas.append((result["score"] + 4, index, f"Answer {n} leans on vague words ({_join(c['specificity']['vague'][:3])})."))
            suggestions.append((result["score"] + 4, index, f"In answer {n}, replace general words with the names of the systems, tools and people involved."))

    def pick(items, *, round_robin=False):
        if round_robin:  # strengths: one of each kind first, so five strengths are not one repeated
            seen: dict[int, int] = {}
            ranked = []
            for kind, index, text in sorted(items, key=lambda item: (item[0], item[1])):
                seen[kind] = seen.get(kind, 0) + 1
                ranked.append((seen[kind], kind, index, text))
            items = [(nth * 10 + kind, index, text) for nth, kind, index, text in ranked]
        chosen, used = [], set()
        for _, index, text in sorted(items, key=lambda item: (item[0], item[1])):
            if text not in used:
                used.add(text)
                chosen.append({"text": text, "turn": index})
            if len(chosen) >= MAX_ITEMS:
                break
        return chosen

    return pick(strengths, round_robin=True), pick(areas), pick(suggestions)
