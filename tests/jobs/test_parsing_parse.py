"""parse_resume_text: headings, dates, names, title/company orders, bullets, skills, never inventing."""

from __future__ import annotations

import pytest

from jobs.parsing.dates import find_range
from jobs.parsing.names import clean_name
from jobs.parsing.parse import parse_resume_text
from jobs.parsing.sections import heading_key

KEYS = {"name", "email", "phone", "location", "links", "summary", "experience", "education", "skills",
        "certifications"}
EXP_KEYS = {"company", "title", "start", "end", "current", "location", "bullets"}
EDU_KEYS = {"institution", "degree", "field", "start", "end", "gpa"}

RESUME = """\
JANE O'NEIL, RN
Austin, TX | jane.oneil@example.com | (415) 867-5309 | linkedin.com/in/janeoneil
Summary
Registered nurse with seven years in surgical and emergency care.
Work Experience
Charge Nurse, Pinecrest Hospital    Jan 2020 – Present
• Led a team of 12 nurses on night shifts
• Cut medication errors by 30% with a double-check protocol
Umbrella Health — Registered Nurse
03/2016 - 12/2019 | Denver, CO
- Coordinated care for up to 6 patients per shift
Education
Bachelor of Science in Nursing, University of Texas at Austin, 2015
GPA: 3.8/4.0
Skills
Clinical: Triage, Wound Care, IV Therapy
Tools: Epic; Cerner | Excel
Licenses & Certifications
Basic Life Support (BLS) — American Heart Association, Jun 2021
"""


def test_full_resume_has_exact_contract_keys_and_values():
    r = parse_resume_text(RESUME, links=["https://www.linkedin.com/in/janeoneil/"])
    assert set(r) == KEYS
    assert r["name"] == "Jane O'Neil"
    assert r["email"] == "jane.oneil@example.com"
    assert r["phone"] == "(415) 867-5309"
    assert r["location"] == "Austin, TX"
    assert r["links"] == ["https://linkedin.com/in/janeoneil"]  # text link and annotation deduped
    assert r["summary"] == "Registered nurse with seven years in surgical and emergency care."
    assert [set(e) for e in r["experience"]] == [EXP_KEYS, EXP_KEYS]
    first, second = r["experience"]
    assert (first["title"], first["company"], first["start"], first["end"], first["current"]) == (
        "Charge Nurse", "Pinecrest Hospital", "2020-01", None, True)
    assert first["bullets"] == ["Led a team of 12 nurses on night shifts",
                                "Cut medication errors by 30% with a double-check protocol"]
    assert (second["company"], second["title"], second["start"], second["end"], second["location"]) == (
        "Umbrella Health", "Registered Nurse", "2016-03", "2019-12", "Denver, CO")
    assert r["education"] == [{
        "institution": "University of Texas at Austin", "degree": "Bachelor of Science", "field": "Nursing",
        "start": None, "end": "2015-12", "gpa": "3.8",
    }]
    assert r["skills"] == ["Triage", "Wound Care", "IV Therapy", "Epic", "Cerner", "Excel"]
    assert r["certifications"] == [
        {"name": "Basic Life Support (BLS)", "issuer": "American Heart Association", "date": "2021-06"}]


def test_empty_text_invents_nothing():
    r = parse_resume_text("")
    assert r == {"name": "", "email": "", "phone": "", "location": "", "links": [], "summary": "",
                 "experience": [], "education": [], "skills": [], "certifications": []}


def test_text_without_sections_invents_nothing():
    r = parse_resume_text("just some words here\nand another line")
    assert r["name"] == "" and r["experience"] == [] and r["education"] == [] and r["skills"] == []
    assert r["email"] == "" and r["phone"] == ""


@pytest.mark.parametrize("heading,key", [
    ("Work Experience", "experience"), ("Employment History", "experience"), ("CAREER HISTORY", "experience"),
    ("Professional Experience", "experience"), ("EXPERIENCE", "experience"), ("Work History:", "experience"),
    ("E X P E R I E N C E", "experience"),
    ("Core Competencies", "skills"), ("Technical Skills", "skills"), ("Skills & Tools", "skills"),
    ("AREAS OF EXPERTISE", "skills"),
    ("Education", "education"), ("Academic Background", "education"), ("EDUCATION & TRAINING", "education"),
    ("Certifications", "certifications"), ("Licenses & Certifications", "certifications"),
    ("Licenses and Certifications", "certifications"),
    ("Summary", "summary"), ("Profile", "summary"), ("About", "summary"), ("PROFESSIONAL SUMMARY", "summary"),
    ("Projects", "other"), ("Languages", "other"),
])
def test_heading_variants(heading, key):
    assert heading_key(heading) == key


@pytest.mark.parametrize("line", ["Senior Experience Designer at Acme", "Languages: Python, Go", "Education 2015",
                                  "Led skills training for 40 staff members across the region"])
def test_ordinary_lines_are_not_headings(line):
    assert heading_key(line) is None


@pytest.mark.parametrize("heading", ["Employment History", "CAREER HISTORY", "Professional Experience"])
def test_experience_under_any_heading(heading):
    r = parse_resume_text(f"Ann Lee\n{heading}\nData Analyst, Hooli  2019 – 2021\n• Built dashboards\n")
    assert [(e["title"], e["company"]) for e in r["experience"]] == [("Data Analyst", "Hooli")]


@pytest.mark.parametrize("text,start,end,current", [
    ("Jan 2020 – Present", "2020-01", None, True),
    ("January 2020 - Current", "2020-01", None, True),
    ("Feb 2021 to Now", "2021-02", None, True),
    ("03/2019 - 06/2021", "2019-03", "2021-06", False),
    ("2019-03 to 2021-06", "2019-03", "2021-06", False),
    ("Sept. 2019 — June 2021", "2019-09", "2021-06", False),
    ("2018 – 2020", "2018-01", "2020-12", False),
    ("2018-2020", "2018-01", "2020-12", False),
])
def test_date_formats(text, start, end, current):
    rng = find_range(text)
    assert (rng.start, rng.end, rng.current) == (start, end, current)
    r = parse_resume_text(f"Experience\nSoftware Engineer, Acme Corp  {text}\n• Shipped things\n")
    e = r["experience"][0]
    assert (e["start"], e["end"], e["current"]) == (start, end, current)


def test_date_wrapped_onto_next_line_is_joined():
    r = parse_resume_text("Experience\nSoftware Engineer, Acme Corp  July 2021 – April\n2022\n• Shipped\n")
    assert (r["experience"][0]["start"], r["experience"][0]["end"]) == ("2021-07", "2022-04")


@pytest.mark.parametrize("line,name", [
    ("JOHN SMITH", "John Smith"),
    ("MARY-JANE MCDONALD", "Mary-Jane McDonald"),
    ("LUDWIG VAN DER BERG", "Ludwig van der Berg"),
    ("Jane Doe, RN", "Jane Doe"),
    ("JANE DOE, CPA", "Jane Doe"),
    ("Sam Lee, PhD", "Sam Lee"),
    ("Alex Kim, MBA, PMP", "Alex Kim"),
    ("José Álvarez", "José Álvarez"),
    ("JOSÉ ÁLVAREZ", "José Álvarez"),
    ("Zoë Ødegaard", "Zoë Ødegaard"),
    ("Łukasz Wąsowski", "Łukasz Wąsowski"),
    ("Emma Johnson | Product Manager", "Emma Johnson"),
    ("Emma Johnson - Resume", "Emma Johnson"),
    ("Dr. Maria Garcia-Lopez", "Maria Garcia-Lopez"),
])
def test_name_rules(line, name):
    assert clean_name(line) == name
    assert parse_resume_text(f"{line}\nemma@example.com\n")["name"] == name


@pytest.mark.parametrize("line", ["Berlin, Germany", "Curriculum Vitae", "Professional Summary", "hello world",
                                  "Senior Software Engineer with 10 years"])
def test_non_names(line):
    assert clean_name(line) == ""


@pytest.mark.parametrize("header", [
    "Senior Engineer, Acme Corp    Jan 2020 – Present",
    "Acme Corp — Senior Engineer\nJan 2020 – Present",
    "Acme Corp | Berlin, Germany\nSenior Engineer\nJan 2020 – Present",
    "Acme Corp | Berlin, Germany\nSenior Engineer | Jan 2020 – Present",
    "Senior Engineer\nAcme Corp, Berlin, Germany\nJan 2020 – Present",
    "Senior Engineer at Acme Corp (Jan 2020 – Present)",
    "Acme Corp | Senior Engineer | Jan 2020 – Present",
])
def test_title_and_company_in_any_order(header):
    r = parse_resume_text(f"Experience\n{header}\n• Built the platform\n")
    assert len(r["experience"]) == 1
    e = r["experience"][0]
    assert (e["title"], e["company"], e["start"], e["current"]) == ("Senior Engineer", "Acme Corp", "2020-01", True)
    assert e["bullets"] == ["Built the platform"]
    if "Berlin" in header:
        assert e["location"] == "Berlin, Germany"


@pytest.mark.parametrize("glyph", ["•", "-", "*", "▪", "◦", "–", "1.", "2)"])
def test_bullet_glyphs(glyph):
    r = parse_resume_text(f"Experience\nData Analyst, Hooli  2019 – 2021\n{glyph} Built dashboards\n{glyph} Cut costs\n")
    assert r["experience"][0]["bullets"] == ["Built dashboards", "Cut costs"]


def test_wrapped_bullet_is_joined_and_next_job_starts():
    text = ("Experience\nData Analyst, Hooli  2019 – 2021\n• Built dashboards used daily by the\n"
            "executive team\nQA Engineer, Initech LLC  2017 – 2019\n• Wrote tests\n")
    r = parse_resume_text(text)
    assert [e["company"] for e in r["experience"]] == ["Hooli", "Initech LLC"]
    assert r["experience"][0]["bullets"] == ["Built dashboards used daily by the executive team"]


def test_roles_grouped_under_one_company_linkedin_style():
    text = ("Experience\nAcme Corp\n3 years 2 months\nSenior Engineer\nJanuary 2021 - Present (1 year 3 months)\n"
            "Berlin, Germany\nEngineer\nJanuary 2019 - January 2021 (2 years 1 month)\nGlobex Inc.\nIntern\n"
            "June 2018 - August 2018 (3 months)\n")
    r = parse_resume_text(text)
    assert [(e["company"], e["title"], e["start"], e["end"], e["location"]) for e in r["experience"]] == [
        ("Acme Corp", "Senior Engineer", "2021-01", None, "Berlin, Germany"),
        ("Acme Corp", "Engineer", "2019-01", "2021-01", ""),
        ("Globex Inc.", "Intern", "2018-06", "2018-08", ""),
    ]


def test_education_variants():
    text = ("Education\nB.S. in Computer Science\nStanford University  2011 – 2015\nGPA 3.9/4.0\n"
            "Master of Science, Data Science\nTechnical University of Munich | 2016 - 2018\n")
    r = parse_resume_text(text)
    assert [(e["degree"], e["field"], e["institution"], e["start"], e["end"], e["gpa"]) for e in r["education"]] == [
        ("B.S.", "Computer Science", "Stanford University", "2011-01", "2015-12", "3.9"),
        ("Master of Science", "Data Science", "Technical University of Munich", "2016-01", "2018-12", None),
    ]


def test_skills_split_on_every_separator_and_category_prefixes():
    text = "Technical Skills\nLanguages: Python, Go\nTools | Docker, Kubernetes\n• SQL; Excel | Power BI\nCI/CD · Git\n"
    assert parse_resume_text(text)["skills"] == [
        "Python", "Go", "Docker", "Kubernetes", "SQL", "Excel", "Power BI", "CI/CD", "Git"]


def test_heading_with_content_on_the_same_line():
    text = ("Ann Lee\nSummary: Analyst with six years in retail.\nExperience\nData Analyst, Hooli  2019 - 2021\n"
            "• Built dashboards\nSkills: Python, SQL\nTools: Tableau\nEducation\nB.A. in Economics, Boston College, 2015\n")
    r = parse_resume_text(text)
    assert r["summary"] == "Analyst with six years in retail."
    assert r["skills"] == ["Python", "SQL", "Tableau"]
    assert [e["company"] for e in r["experience"]] == ["Hooli"]
    assert r["experience"][0]["bullets"] == ["Built dashboards"]
    assert r["education"][0]["institution"] == "Boston College"


def test_labelled_detail_line_stays_with_its_job():
    text = ("Experience\nData Analyst, Hooli  2019 - 2021\n• Built dashboards\nTools: Python, Tableau\n"
            "QA Engineer, Initech LLC  2017 - 2019\n• Wrote tests\n")
    r = parse_resume_text(text)
    assert [e["company"] for e in r["experience"]] == ["Hooli", "Initech LLC"]
    assert r["experience"][0]["bullets"] == ["Built dashboards", "Tools: Python, Tableau"]
    assert r["skills"] == []


def test_certifications():
    text = ("Certifications\nAWS Certified Solutions Architect – Associate, Amazon Web Services, 2022\n"
            "Certified ScrumMaster | Scrum Alliance | Mar 2020\nPMP\n")
    r = parse_resume_text(text)
    assert r["certifications"] == [
        {"name": "AWS Certified Solutions Architect – Associate", "issuer": "Amazon Web Services", "date": "2022-01"},
        {"name": "Certified ScrumMaster", "issuer": "Scrum Alliance", "date": "2020-03"},
        {"name": "PMP", "issuer": "", "date": None},
    ]


def test_contact_in_sidebar_section_and_international_phone():
    text = "Zoë Ødegaard\nContact\nOslo, Norway\nzoe@example.no\n+47 22 12 34 56\nSkills\nPython\n"
    r = parse_resume_text(text)
    assert (r["name"], r["location"], r["email"], r["phone"]) == (
        "Zoë Ødegaard", "Oslo, Norway", "zoe@example.no", "+47 22 12 34 56")
    assert r["skills"] == ["Python"]


def test_unlabelled_summary_paragraph_under_contact_lines():
    text = ("Ann Lee\nann@example.com | 415-867-5309\nProduct manager with ten years of experience building B2B\n"
            "software for logistics companies in Europe\nand the US.\nExperience\nProduct Manager, Hooli  2019 - 2021\n")
    assert parse_resume_text(text)["summary"] == (
        "Product manager with ten years of experience building B2B software for logistics companies in Europe "
        "and the US.")


def test_location_drops_zip_code():
    r = parse_resume_text("John Smith\nSan Francisco, CA 94105 • john@smith.dev • 415.867.5309\n")
    assert (r["location"], r["phone"]) == ("San Francisco, CA", "415.867.5309")


def test_dates_are_not_phone_numbers():
    r = parse_resume_text("Ann Lee\nExperience\nData Analyst, Hooli  2019-03 to 2021-06\n")
    assert r["phone"] == ""


def test_input_is_bounded_before_parsing():
    from jobs.parsing.parse import MAX_CHARS, parse_resume_text

    # Text far past the bound is ignored (a resume is a few thousand characters).
    text = "Jane Doe\n" + ("lorem ipsum " * 10) + "\n" + "x" * (MAX_CHARS + 10) + "\njane@example.com\n"
    assert parse_resume_text(text)["email"] in ("", None)
    # A single enormous line is cut, not fed whole to the patterns.
    assert parse_resume_text("a" * 1_000_000)["experience"] == []
