"""Match scores on known pairs, the fast path used for many postings, and the match_score CLI."""

import json

import pytest
from django.core.management import call_command

from jobs.matching.match import experience_years, job_profile, match, match_profiles, resume_profile, score_profiles
from jobs.postings_generator import postings_generate

RESUME = """Jane Doe
Senior Software Engineer at Paybright
- Built payment APIs in Python and Django on Postgres
- Ran services on k8s with Docker
Skills: Python, Django, PostgreSQL, Docker, JS
"""
PARSED = {"experience": [{"title": "Senior Software Engineer", "company": "Paybright", "start": "2019-01", "end": None, "current": True}], "skills": ["Python", "JS"]}
JOB = "Requirements: Python, Django, PostgreSQL, Kubernetes and Terraform.\nNice to have: Go, GraphQL"


def test_matched_and_missing_on_a_known_pair():
    result = match(resume_text=RESUME, parsed=PARSED, description=JOB, job_title="Senior Backend Engineer")
    assert result.matched == ["Django", "Kubernetes", "PostgreSQL", "Python"]
    assert result.missing == ["Terraform", "Go", "GraphQL"]  # must-have first
    assert result.details["must"]["missing"] == ["Terraform"]
    assert result.details["seniority"] == {"job": "senior", "resume": "senior", "fit": 1.0}
    assert 0 <= result.score <= 100


def test_alias_in_resume_matches_canonical_requirement():
    result = match(resume_text="Skills: JS, k8s, Postgres", parsed={}, description="JavaScript, Kubernetes and PostgreSQL required")
    assert result.matched == ["JavaScript", "Kubernetes", "PostgreSQL"]
    assert result.missing == []


def test_better_resume_scores_higher():
    weak = match(resume_text="Jane Doe\nBarista\nLatte art, customer service", parsed={}, description=JOB, job_title="Senior Backend Engineer")
    strong = match(resume_text=RESUME, parsed=PARSED, description=JOB, job_title="Senior Backend Engineer")
    assert strong.score > weak.score + 30


def test_must_have_weighs_twice_nice_to_have():
    desc = "Must have: Python\nNice to have: Go"
    with_must = match(resume_text="Skills: Python", parsed={}, description=desc)
    with_nice = match(resume_text="Skills: Go, SQL", parsed={}, description=desc)
    assert with_must.details["coverage"] == pytest.approx(2 / 3, abs=0.001)
    assert with_nice.details["coverage"] == pytest.approx(1 / 3, abs=0.001)


def test_seniority_distance_lowers_title_fit():
    junior = match(resume_text=RESUME, parsed={"experience": [{"title": "Junior Developer"}]}, description=JOB, job_title="Principal Engineer")
    senior = match(resume_text=RESUME, parsed={"experience": [{"title": "Principal Engineer"}]}, description=JOB, job_title="Principal Engineer")
    assert junior.details["seniority"]["fit"] < senior.details["seniority"]["fit"]
    assert junior.score < senior.score


def test_requirements_argument_counts():
    result = match(resume_text="Skills: Java", parsed={}, description="", requirements=["3+ years of Java", "Kotlin"])
    assert result.matched == ["Java"]
    assert result.missing == ["Kotlin"]


def test_experience_years_merges_overlaps():
    parsed = {"experience": [
        {"start": "2018-01", "end": "2019-12"}, {"start": "2019-06", "end": "2020-12"}, {"start": None, "end": "2021-01"},
    ]}
    assert experience_years(parsed) == 3.0
    assert experience_years({}) is None


def test_fast_score_equals_full_match():
    profile = resume_profile(resume_text=RESUME, parsed=PARSED)
    for posting in postings_generate(count=50, seed=3):
        job = job_profile(description=posting["description"], job_title=posting["title"], requirements=posting["requirements"])
        assert score_profiles(profile, job) == match_profiles(profile, job).score
        full = match(resume_text=RESUME, parsed=PARSED, description=posting["description"], job_title=posting["title"], requirements=posting["requirements"])
        assert full.score == score_profiles(profile, job)


def test_cli_json(tmp_path, capsys):
    resume = tmp_path / "resume.json"
    resume.write_text(json.dumps({"text": RESUME, "parsed": PARSED}))
    job_md = tmp_path / "job.md"
    job_md.write_text("# Senior Backend Engineer\n" + JOB)
    job_html = tmp_path / "job.html"
    job_html.write_text("<html><body><h1>Data Engineer</h1><ul><li>Python</li><li>Airflow</li></ul></body></html>")
    call_command("match_score", "--resume", str(resume), "--job", str(job_md), "--job", str(job_html), "--job", str(tmp_path / "missing.md"), "--json")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["job"] for line in lines] == [str(job_md), str(job_html), str(tmp_path / "missing.md")]
    assert set(lines[0]) == {"job", "score", "matched", "missing"}
    assert lines[0]["matched"] == ["Django", "Kubernetes", "PostgreSQL", "Python"]
    assert "Terraform" in lines[0]["missing"]
    assert lines[1]["matched"] == ["Python"] and lines[1]["missing"] == ["Airflow"]
    assert isinstance(lines[0]["score"], int) and 0 <= lines[0]["score"] <= 100
    assert "error" in lines[2]


def test_cli_plain_text_resume(tmp_path, capsys):
    resume = tmp_path / "resume.txt"
    resume.write_text(RESUME)
    job = tmp_path / "job.txt"
    job.write_text(JOB)
    call_command("match_score", "--resume", str(resume), "--job", str(job), "--json")
    line = json.loads(capsys.readouterr().out)
    assert "Python" in line["matched"]
