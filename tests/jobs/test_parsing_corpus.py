"""The labelled corpus (bench/resume_corpus.py) parses within the accuracy targets: a regression guard."""

from __future__ import annotations

import json

from bench.resume_corpus import generate
from bench.resume_parse import score
from jobs.parsing.extract import extract_document
from jobs.parsing.parse import parse_resume_text


def test_generated_corpus_meets_accuracy_targets(tmp_path):
    files = generate(tmp_path, count=15, seed=7)  # every layout three times
    assert {p.suffix for p in files} == {".pdf", ".docx"}
    totals: dict[str, int] = {}
    for path in files:
        truth = json.loads(path.with_suffix(".json").read_text())["truth"]
        extraction = extract_document(path.read_bytes(), filename=path.name)
        got = parse_resume_text(extraction.text, links=extraction.links)
        for key, value in score(truth, got, []).items():
            totals[key] = totals.get(key, 0) + value
    assert totals["contact_ok"] / totals["contact_n"] >= 0.97
    assert totals["exp_ok"] / totals["exp_n"] >= 0.90
    assert totals["edu_ok"] / totals["edu_n"] >= 0.90
    tp, fp, fn = totals["skills_tp"], totals["skills_fp"], totals["skills_fn"]
    assert 2 * tp / (2 * tp + fp + fn) >= 0.90


def test_corpus_is_deterministic(tmp_path):
    a = generate(tmp_path / "a", count=5, seed=3)
    b = generate(tmp_path / "b", count=5, seed=3)
    for x, y in zip(a, b, strict=True):
        assert x.with_suffix(".json").read_text() == y.with_suffix(".json").read_text()
