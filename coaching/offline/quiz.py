"""The offline quiz coach: questions from the shipped bank (coaching/content/quiz_bank.json),
local scoring, and improvement tips curated per topic.

Everything here is deterministic: the same category, difficulty, size and attempt number
always give the same questions, and the same answers always give the same score and tip.
Scoring is used for every quiz, whoever wrote the questions (a model's quiz is scored here too).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

BANK_PATH = Path(__file__).resolve().parent.parent / "content" / "quiz_bank.json"
DIFFICULTIES = ("EASY", "MEDIUM", "HARD")


@dataclass(frozen=True)
class Category:
    name: str
    keywords: tuple[str, ...]
    tips: dict
    questions: tuple[dict, ...]


@lru_cache(maxsize=1)
def bank() -> dict[str, Category]:
    data = json.loads(BANK_PATH.read_text(encoding="utf-8"))
    return {
        c["name"]: Category(c["name"], tuple(c.get("keywords", ())), dict(c.get("tips", {})), tuple(c["questions"]))
        for c in data["categories"]
    }


def category_names() -> list[str]:
    return list(bank())


def _words(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9+#/.]+", " ", text.lower()).strip() + " "


def resolve_category(text: str) -> str | None:
    """The bank category for what the user typed: the same name (any case), else the
    category whose keywords appear most in it (bank order breaks ties), else None."""
    wanted = (text or "").strip().lower()
    if not wanted:
        return None
    for name in bank():
        if name.lower() == wanted:
            return name
    haystack = _words(wanted)
    best, best_hits = None, 0
    for name, category in bank().items():
        terms = {name.lower(), *category.keywords}
        hits = sum(1 for term in terms if _words(term) in haystack)
        if hits > best_hits:
            best, best_hits = name, hits
    return best


def _stable_key(*parts: object) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()


def select_questions(*, category: str, difficulty: str, count: int, attempt: int) -> list[dict]:
    """``count`` questions of ``category``: the chosen difficulty first, then the nearest,
    in a fixed pseudo-random order per (category, difficulty); each further attempt in the
    category starts where the previous one stopped, so retries rotate through the bank."""
    questions = bank()[category].questions
    level = DIFFICULTIES.index(difficulty) if difficulty in DIFFICULTIES else 1

    def order(item):
        index, question = item
        distance = abs(DIFFICULTIES.index(question.get("difficulty", "MEDIUM")) - level)
        return distance, _stable_key(category, difficulty, index)

    ordered = [q for _, q in sorted(enumerate(questions), key=order)]
    start = (attempt * count) % len(ordered)
    chosen = [ordered[(start + i) % len(ordered)] for i in range(min(count, len(ordered)))]
    return [
        {"question": q["question"], "options": list(q["options"]), "correct_index": q["correct_index"],
         "explanation": q["explanation"], "topic": q["topic"]}
        for q in chosen
    ]


@dataclass(frozen=True)
class QuizResult:
    score: float
    correct: int
    total: int
    missed_topics: list[str]
    improvement_tip: str
    recommendations: list[str]


def score_quiz(*, category: str, questions: list[dict], answers: list[int]) -> QuizResult:
    """Score answers (one option index per question) and derive the tip from missed topics."""
    correct = sum(1 for q, a in zip(questions, answers, strict=True) if a == q["correct_index"])
    total = len(questions)
    missed: list[str] = []
    for q, a in zip(questions, answers, strict=True):
        topic = (q.get("topic") or "").strip()
        if a != q["correct_index"] and topic and topic not in missed:
            missed.append(topic)
    score = round(100 * correct / total, 1) if total else 0.0
    tips = bank()[category].tips if category in bank() else {}
    if not missed:
        tip = (
            f"All {total} answers were right. Try the next difficulty level, or a quiz in a neighbouring "
            "category, to keep stretching yourself."
        )
    else:
        lines = []
        for topic in missed[:3]:
            curated = tips.get(topic)
            lines.append(f"{topic.capitalize()}: {curated}" if curated else
                         f"{topic.capitalize()}: re-read the explanations of the questions you missed on it, "
                         "then explain the idea in your own words.")
        tip = " ".join(lines)
    recommendations = [f"Review {topic}" for topic in missed]
    if score < 70:
        recommendations.append("Set a goal to practise these topics this week, then retake this quiz.")
    else:
        recommendations.append("Run a mock interview to practise explaining these topics out loud.")
    return QuizResult(score, correct, total, missed, tip, recommendations)
