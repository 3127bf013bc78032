"""Requirements read from a job description: must vs nice, years, degree, seniority."""

from jobs.matching.requirements import extract_requirements, seniority_level

DESCRIPTION = """Senior Backend Engineer
About us: our data platform runs on Kafka.

Requirements:
- 5+ years of experience with Python
- at least 3 years of Django
- Strong PostgreSQL and k8s skills
- Bachelor's degree in Computer Science or equivalent experience

Nice to have:
- Go, Rust
- Terraform

Experience with GraphQL is a plus.
"""


def test_must_and_nice_from_sections_and_phrases():
    reqs = extract_requirements(DESCRIPTION, title="Senior Backend Engineer")
    assert {"Python", "Django", "PostgreSQL", "Kubernetes"} <= set(reqs.must)
    assert {"Go", "Rust", "Terraform", "GraphQL", "Kafka"} <= set(reqs.nice)
    assert not set(reqs.must) & set(reqs.nice)


def test_evidence_is_the_job_line():
    reqs = extract_requirements(DESCRIPTION)
    assert reqs.must["Kubernetes"] == "Strong PostgreSQL and k8s skills"
    assert reqs.nice["GraphQL"] == "Experience with GraphQL is a plus."


def test_inline_nice_to_have_splits_the_sentence():
    reqs = extract_requirements("You need Python and SQL. Nice to have: Airflow, dbt")
    assert set(reqs.must) == {"Python", "SQL"}
    assert set(reqs.nice) == {"Airflow", "dbt"}


def test_bonus_and_preferred_are_nice():
    reqs = extract_requirements("Must have: React\nBonus: Storybook\nPreferred: Figma experience")
    assert set(reqs.must) == {"React"}
    assert set(reqs.nice) == {"Storybook", "Figma"}


def test_without_nice_wording_everything_is_must():
    reqs = extract_requirements("We use Python, Docker and AWS every day.")
    assert set(reqs.must) == {"Python", "Docker", "AWS"}
    assert reqs.nice == {}


def test_requirement_lines_are_must_unless_they_say_otherwise():
    reqs = extract_requirements("", requirements=["3+ years of experience with Java", "Kotlin is a plus"])
    assert set(reqs.must) == {"Java"}
    assert set(reqs.nice) == {"Kotlin"}


def test_years_of_experience():
    reqs = extract_requirements(DESCRIPTION)
    assert {"years": 5, "skill": "Python", "text": "5+ years of experience with Python"} in reqs.years
    assert any(y["years"] == 3 and y["skill"] == "Django" and y["text"].startswith("at least 3 years") for y in reqs.years)
    assert reqs.min_years == 5


def test_years_ignores_non_experience_numbers():
    reqs = extract_requirements("We were founded 12 years ago and have 300 customers.")
    assert reqs.years == []
    assert reqs.min_years is None


def test_degree():
    reqs = extract_requirements(DESCRIPTION)
    assert reqs.degree["level"] == "bachelor"
    assert "Computer Science" in reqs.degree["text"]
    assert extract_requirements("PhD or MSc in Statistics required").degree["level"] == "phd"
    assert extract_requirements("Python and SQL").degree is None


def test_seniority_from_title():
    assert seniority_level("Junior Data Analyst") == 1
    assert seniority_level("Senior Backend Engineer") == 3
    assert seniority_level("Staff Engineer") == 4
    assert seniority_level("Lead Designer") == 4
    assert seniority_level("Principal Architect") == 5
    assert seniority_level("Backend Engineer") is None
    assert extract_requirements("", title="Sr. Engineer").as_dict()["seniority"] == "senior"
