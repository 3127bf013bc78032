"""The skills taxonomy: aliases, symbols, and no false positives for plain English words."""

import pytest

from jobs.matching import taxonomy
from jobs.matching.taxonomy import canonical, find_skills, skill_set


def test_taxonomy_is_large_and_covers_many_fields():
    assert taxonomy.SKILL_COUNT >= 250
    assert len(taxonomy.TAXONOMY) >= 10


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("JS", "JavaScript"), ("javascript", "JavaScript"), ("ECMAScript", "JavaScript"),
        ("k8s", "Kubernetes"), ("Postgres", "PostgreSQL"), ("PostgreSQL", "PostgreSQL"),
        ("ML", "Machine Learning"), ("GCP", "GCP"), ("Google Cloud", "GCP"), ("AWS", "AWS"),
        ("C#", "C#"), ("C++", "C++"), (".NET", ".NET"), ("Node.js", "Node.js"), ("NodeJS", "Node.js"),
        ("golang", "Go"), ("Go", "Go"), ("sklearn", "scikit-learn"), ("CI/CD", "CI/CD"),
    ],
)
def test_canonical_resolves_aliases(alias, expected):
    assert canonical(alias) == expected


def test_canonical_of_unknown_is_none():
    assert canonical("Underwater basket weaving") is None
    assert canonical("") is None


def test_aliases_found_in_text_with_symbols():
    found = skill_set("We use JS, ECMAScript and NodeJS; k8s on GCP, Postgres, C++, C# and .NET.")
    assert {"JavaScript", "Node.js", "Kubernetes", "GCP", "PostgreSQL", "C++", "C#", ".NET"} <= found


def test_symbol_skills_do_not_leak_into_plain_c():
    found = skill_set("Built services in C# and C++.")
    assert found == {"C#", "C++"}


@pytest.mark.parametrize(
    "text",
    [
        "Go to market strategy owner",
        "Let's go!",
        "Ready to Go",
        "Go and see the customers",
        "Worked in R&D for years",
        "Reported to John R. Smith",
        "You will excel at planning",
        "Known for swift delivery and a spark of curiosity",
        "We are well-known for the rest of the industry",
    ],
)
def test_no_false_positive_for_plain_words(text):
    found = skill_set(text)
    assert not found & {"Go", "R", "Excel", "Swift", "Apache Spark", "REST APIs"}


@pytest.mark.parametrize(
    "text",
    ["Languages: Python, Go, Rust", "Python and Go.", "Experience in Go", "Go, Python, SQL", "Backend in Go (Golang)"],
)
def test_go_counts_in_skill_context(text):
    assert "Go" in skill_set(text)


def test_r_counts_in_a_list():
    assert "R" in skill_set("Statistics with Python, R and SQL")


def test_phrase_punctuation_blocks_multiword_aliases():
    assert "Machine Learning" not in skill_set("We build machine, learning from mistakes")
    assert "Machine Learning" in skill_set("Machine learning.")


def test_find_skills_returns_evidence_lines():
    text = "Jane Doe\n- Built APIs in Python and Django\n\nSkills: JS, Postgres\n"
    found = find_skills(text)
    assert found["Python"] == ["Built APIs in Python and Django"]
    assert found["JavaScript"] == ["Skills: JS, Postgres"]
    assert found["PostgreSQL"] == ["Skills: JS, Postgres"]
    assert list(found) == sorted(found)


def test_empty_text():
    assert find_skills("") == {}
    assert skill_set("") == frozenset()
