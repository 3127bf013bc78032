"""The offline cover letter: structure, grounding (no skill the user lacks is claimed),
tones and determinism."""

from __future__ import annotations

import datetime

import pytest

from coaching.ai.context import user_facts
from coaching.models import CoverLetter
from coaching.offline.cover_letter import LetterJob, banks, compose, required_skills
from jobs.matching.taxonomy import canonical, skill_set
from tests.accounts.factories import EducationFactory, ExperienceFactory, SkillFactory
from tests.jobs.factories import JobFactory, JobPostingFactory, ResumeFactory

pytestmark = pytest.mark.django_db

JOB_DESCRIPTION = (
    "Northwind is hiring a backend engineer. You will build APIs in Python and Django on PostgreSQL. "
    "We also need experience with Go, Kubernetes, AWS and Terraform."
)
LACKING = {"Go", "Kubernetes", "AWS", "Terraform"}


def give_letter_data(user, *, target_skills=(), desired_title="") -> None:
    """A profile with real skills, a current role with achievements, a degree, a resume."""
    profile = user.profile
    profile.current_title = "Backend Engineer"
    profile.current_company = "Acme Analytics"
    profile.industry = "software engineering"
    profile.years_of_experience = 6
    profile.target_skills = list(target_skills)
    profile.desired_title = desired_title
    profile.save()
    for name in ("Python", "Django", "PostgreSQL"):
        SkillFactory(profile=profile, name=name)
    ExperienceFactory(
        profile=profile,
        title="Backend Engineer",
        company="Acme Analytics",
        description="APIs",
        start_date=datetime.date(2021, 1, 1),
        end_date=None,
        is_current=True,
        achievements=[
            "Rewrote the billing service in Rust, cutting costs by 30%",  # Rust: not the user's skill
            "Cut p95 latency of the Django API from 900 ms to 180 ms",
            "Moved 40 services to PostgreSQL 15 without downtime",
        ],
        technologies=["Python"],
    )
    EducationFactory(
        profile=profile, degree="BSc", field_of_study="Computer Science", institution="University of Leeds"
    )
    ResumeFactory(
        user=user,
        title="Backend CV",
        is_primary=True,
        raw_text="Olivia Owner\nPython, Django, PostgreSQL",
        parsed_data={"skills": ["Python", "Django", "PostgreSQL"]},
    )


def _job(user):
    posting = JobPostingFactory(
        title="Backend Engineer",
        company="Northwind",
        description=JOB_DESCRIPTION,
        requirements=["Python", "Go", "Kubernetes"],
    )
    return JobFactory(user=user, title="Backend Engineer", company="Northwind", posting=posting, description="")


def _letter(user, *, tone="PROFESSIONAL", job=None):
    job = job or _job(user)
    facts = user_facts(user=user, include_goals=False, job=job, resume=user.resumes.first())
    target = LetterJob(
        company="Northwind",
        role="Backend Engineer",
        description=JOB_DESCRIPTION,
        requirements=tuple(job.posting.requirements),
    )
    return compose(facts=facts, name=user.get_full_name(), job=target, tone=tone), facts


def _user_skills(facts) -> set[str]:
    return {canonical(s) or s for s in facts.skills}


def claimed_skills(text: str, facts, *, role="Backend Engineer", company="Northwind") -> set[str]:
    """The skills the letter names as the user's: every taxonomy skill in it, except those in
    the greeting (“hiring team” is the addressee), the job's own title and company, and the
    user's own job titles and employers (their data: “Backend Engineer” implies backend
    development, “Acme Analytics” is a name)."""
    body = text.split("\n\n", 1)[1]
    titles = " · ".join(
        [
            facts.current_title,
            facts.current_company,
            facts.desired_title,
            *(e[key] for e in facts.experiences for key in ("title", "company")),
        ]
    )
    return set(skill_set(body)) - set(skill_set(f"{role} · {company}")) - set(skill_set(titles))


def test_the_letter_has_the_structure_of_a_letter(owner):
    give_letter_data(owner)
    text, _ = _letter(owner)
    paragraphs = text.strip().split("\n\n")
    assert paragraphs[0] == "Dear Northwind hiring team,"
    assert "Backend Engineer" in paragraphs[1] and "Northwind" in paragraphs[1]
    assert paragraphs[-1] == "Olivia Owner"
    assert paragraphs[-2] in banks()["tones"]["PROFESSIONAL"]["sign_off"]
    assert any(p in text for p in banks()["tones"]["PROFESSIONAL"]["closing"])
    # The user's real achievements, education and role; no note about how it was written.
    assert "- Cut p95 latency of the Django API from 900 ms to 180 ms" in text
    assert "a BSc in Computer Science from University of Leeds" in text and "Acme Analytics" in text
    assert "offline" not in text.lower() and "review before sending" not in text


def test_grounding_no_skill_the_user_lacks_is_in_the_letter(owner):
    give_letter_data(owner)
    text, facts = _letter(owner)
    assert LACKING <= set(required_skills(LetterJob("Northwind", "Backend Engineer", JOB_DESCRIPTION)))
    claimed = claimed_skills(text, facts)
    assert claimed, "the letter names the user's matching skills"
    assert claimed <= _user_skills(facts)
    assert not claimed & LACKING
    assert {"Python", "Django", "PostgreSQL"} <= claimed
    assert "Rust" not in text  # the achievement naming a skill they lack is not quoted


@pytest.mark.parametrize("tone", CoverLetter.Tone.values)
def test_grounding_holds_in_every_tone(owner, tone):
    give_letter_data(owner)
    text, facts = _letter(owner, tone=tone)
    assert claimed_skills(text, facts) <= _user_skills(facts)
    assert not skill_set(text) & LACKING


def test_a_skill_being_learned_is_named_as_learning_not_claimed(owner):
    give_letter_data(owner, target_skills=["Kubernetes"])
    text, facts = _letter(owner)
    extra = claimed_skills(text, facts) - _user_skills(facts)
    assert extra == {"Kubernetes"}
    sentence = next(s for s in text.replace("\n", " ").split(".") if "Kubernetes" in s)
    assert "learning" in sentence.lower()
    assert not (skill_set(text) & (LACKING - {"Kubernetes"}))


def test_same_input_gives_the_same_letter(owner):
    give_letter_data(owner)
    job = _job(owner)
    first, _ = _letter(owner, job=job)
    second, _ = _letter(owner, job=job)
    assert first == second


def test_tones_change_the_phrasing(owner):
    give_letter_data(owner)
    job = _job(owner)
    letters = {tone: _letter(owner, tone=tone, job=job)[0] for tone in CoverLetter.Tone.values}
    assert len(set(letters.values())) == len(letters)
    assert len(letters["CONCISE"]) < len(letters["ENTHUSIASTIC"])


def test_a_user_without_matching_skills_gets_their_general_strengths(owner):
    give_letter_data(owner)
    facts = user_facts(user=owner, include_goals=False)
    text = compose(
        facts=facts,
        name="Olivia Owner",
        job=LetterJob("Globex", "Site Reliability Engineer", "Kubernetes, Terraform and AWS every day."),
        tone="PROFESSIONAL",
    )
    assert not skill_set(text) & {"Kubernetes", "Terraform", "AWS"}
    assert claimed_skills(text, facts, role="Site Reliability Engineer", company="Globex") <= _user_skills(facts)
    assert skill_set(text) & {"Python", "Django", "PostgreSQL"}


def test_one_matching_skill_reads_in_the_singular(owner):
    give_letter_data(owner)
    facts = user_facts(user=owner, include_goals=False)
    for tone in CoverLetter.Tone.values:
        text = compose(
            facts=facts, name="Olivia Owner", job=LetterJob("Globex", "Engineer", "Python, Go and Rust."), tone=tone
        )
        body = text.split("\n\n")[2]
        assert "Python" in body and " them" not in body and "these skills" not in body, body


def test_an_empty_profile_still_gives_a_sendable_letter(stranger):
    facts = user_facts(user=stranger, include_goals=False)
    text = compose(facts=facts, name="Sam Stranger", job=LetterJob("Initech", "Analyst", "SQL and Excel"), tone="WARM")
    assert text.split("\n\n")[0] in ("Dear Initech hiring team,", "Hello Initech hiring team,")
    assert text.strip().endswith("Sam Stranger")
    assert not claimed_skills(text, facts, role="Analyst", company="Initech")
    assert "{" not in text


def test_no_sentence_bank_names_a_skill_by_itself():
    for tone, sections in banks()["tones"].items():
        for section, variants in sections.items():
            for variant in variants:
                blank = variant.format_map(_Blank())
                # The greeting addresses the company's hiring team (“hiring” is in the taxonomy).
                allowed = {"Hiring"} if section == "greeting" else set()
                assert skill_set(blank) <= allowed, (tone, section, variant)


class _Blank(dict):
    def __missing__(self, key):
        return "x"


@pytest.mark.parametrize(
    ("degree", "expected"),
    [
        ("BSc", "a BSc"),
        ("MSc", "an MSc"),
        ("MBA", "an MBA"),
        ("Master of Science", "a Master of Science"),
        ("Associate degree", "an Associate degree"),
        ("High School Diploma", "a High School Diploma"),
    ],
)
def test_degree_article(degree, expected):
    from coaching.offline.cover_letter import _with_article

    assert _with_article(degree) == expected
