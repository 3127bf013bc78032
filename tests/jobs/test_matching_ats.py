"""ATS report on known resume/job pairs: evidence, aliases, sections, formatting, impact, determinism."""

import copy

import pytest

from jobs.matching.ats import WEIGHTS, ats_report, impact_share

RESUME = """Jane Doe
jane.doe@example.com | +1 415 555 0100 | Berlin

Summary
Backend engineer who ships reliable Python services.

Experience
Senior Software Engineer, Paybright — Jan 2019 – Present
- Built payment APIs in Python and Django on Postgres, serving 2M requests a day
- Reduced deploy time by 60% with GitHub Actions
- Mentored the team

Education
B.Sc. Computer Science, TU Berlin, 2012 – 2016

Skills
Python, Django, Postgres, JS, Docker
"""

PARSED = {
    "name": "Jane Doe", "email": "jane.doe@example.com", "phone": "+1 415 555 0100", "location": "Berlin", "links": [],
    "summary": "Backend engineer who ships reliable Python services.",
    "experience": [{
        "company": "Paybright", "title": "Senior Software Engineer", "start": "2019-01", "end": None, "current": True,
        "location": "", "bullets": [
            "Built payment APIs in Python and Django on Postgres, serving 2M requests a day",
            "Reduced deploy time by 60% with GitHub Actions",
            "Mentored the team",
        ],
    }],
    "education": [{"institution": "TU Berlin", "degree": "B.Sc.", "field": "Computer Science", "start": "2012-01", "end": "2016-12", "gpa": None}],
    "skills": ["Python", "Django", "Postgres", "JS", "Docker"],
    "certifications": [],
}

JOB = """Senior Backend Engineer
Requirements:
- 4+ years of experience with Python
- PostgreSQL and JavaScript
- Kubernetes in production
Nice to have: Terraform
"""


def _report(**overrides):
    args = dict(resume_text=RESUME, parsed=PARSED, layout={}, description=JOB, job_title="Senior Backend Engineer")
    args.update(overrides)
    return ats_report(**args)


def _req(report, name):
    return next(r for r in report["requirements"] if r["name"] == name)


def test_missing_skill_is_found_with_the_job_line():
    report = _report()
    k8s = _req(report, "Kubernetes")
    assert k8s["present"] is False
    assert k8s["importance"] == "must"
    assert k8s["job_evidence"] == "Kubernetes in production"
    assert report["explanation"][0].startswith("Add Kubernetes")


def test_alias_matched_with_resume_evidence():
    report = _report()
    postgres = _req(report, "PostgreSQL")
    assert postgres["present"] is True
    assert postgres["evidence"] == "Built payment APIs in Python and Django on Postgres, serving 2M requests a day"
    js = _req(report, "JavaScript")
    assert js["present"] is True
    assert js["evidence"] == "Python, Django, Postgres, JS, Docker"


def test_nice_to_have_weighs_less():
    report = _report()
    terraform = _req(report, "Terraform")
    assert terraform["importance"] == "nice" and terraform["weight"] == 1
    points = {i["text"].split(":")[0]: i["points"] for i in report["improvements"]}
    assert points["Add Kubernetes"] == pytest.approx(2 * points["Add Terraform"], abs=0.11)


def test_years_requirement_from_dated_experience():
    years = _req(_report(), "4+ years of experience")
    assert years["present"] is True
    assert years["evidence"].startswith("About ")


def test_sections_complete():
    report = _report()
    assert [s["name"] for s in report["sections"]] == ["contact", "summary", "experience", "education", "skills"]
    assert all(s["present"] for s in report["sections"])


def test_sections_fall_back_to_headings_without_parsed_data():
    report = _report(parsed={})
    assert {s["name"]: s["present"] for s in report["sections"]} == {
        "contact": True, "summary": True, "experience": True, "education": True, "skills": True,
    }


def test_formatting_risks_from_layout_flags():
    report = _report(layout={"multi_column": True, "tables": True, "has_header_footer": True, "images_only": False})
    codes = {r["code"] for r in report["formatting_risks"]}
    assert {"multi_column", "tables", "header_footer"} <= codes
    clean = _report(layout={"multi_column": False, "tables": False})
    assert not {"multi_column", "tables", "header_footer"} & {r["code"] for r in clean["formatting_risks"]}
    assert report["score"] < clean["score"]


def test_images_only_caps_the_score():
    report = _report(resume_text="", parsed={}, layout={"images_only": True})
    assert report["score"] <= 10
    assert report["formatting_risks"][0]["code"] == "images_only"
    assert "no readable text" in report["explanation"][0]


def test_missing_contact_and_undated_experience():
    parsed = copy.deepcopy(PARSED)
    parsed["email"] = parsed["phone"] = ""
    parsed["experience"][0]["start"] = None
    text = RESUME.replace("jane.doe@example.com | +1 415 555 0100 | ", "")
    codes = {r["code"] for r in _report(resume_text=text, parsed=parsed)["formatting_risks"]}
    assert {"missing_email", "missing_phone", "undated_experience"} <= codes


def test_length_risk():
    codes = {r["code"] for r in _report()["formatting_risks"]}
    assert "too_short" in codes  # the sample is ~90 words
    long_text = RESUME + ("Delivered projects on time. " * 400)
    assert "too_long" in {r["code"] for r in _report(resume_text=long_text)["formatting_risks"]}


def test_impact_share():
    impact = impact_share([
        "Increased revenue by 20%", "Saved $40k a year", "Cut build time from 30 to 5 minutes",
        "Worked on the website", "Joined in 2019", "Improved onboarding by rewriting the guide",
    ])
    assert impact["bullets"] == 6
    assert impact["with_impact"] == 4
    assert impact["without"] == ["Worked on the website", "Joined in 2019"]


def test_report_impact_from_parsed_bullets():
    impact = _report()["impact"]
    assert (impact["bullets"], impact["with_impact"]) == (3, 2)


def test_score_is_the_documented_weighted_sum():
    report = _report()
    assert sum(WEIGHTS.values()) == 100
    assert abs(report["score"] - sum(report["parts"].values())) <= 1
    assert 0 <= report["score"] <= 100


def test_deterministic():
    assert _report() == _report()
    assert _report(parsed=copy.deepcopy(PARSED)) == _report()


def test_improvements_most_valuable_first():
    points = [i["points"] for i in _report()["improvements"]]
    assert points == sorted(points, reverse=True)


def test_no_requirements_found():
    report = _report(description="Join our friendly team in a sunny office.")
    assert report["requirements"] == []
    assert 0 <= report["score"] <= 100
