"""Reading job postings: real-world-like pages served from a loopback HTTP server,
pasted text, and the import_job_url command."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from careercoach.lib import safe_fetch
from jobs.exceptions import ImportFailed, UnsafeUrl
from jobs.services import url_import
from jobs.services.url_import import (
    POSTING_FIELDS,
    date_posted,
    description_text,
    employment_type,
    job_data_from_text,
    job_import_from_url,
    posting_data_from_html,
)
from tests.loopback_http import LoopbackServer, html_handler, redirect_handler, slow_handler, stream_handler

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> str:
    return (FIXTURES / f"{name}.html").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _defaults(settings):
    settings.JOBS_URL_IMPORT_ALLOW_PRIVATE = False
    settings.JOBS_URL_IMPORT_TIMEOUT = 5.0
    settings.JOBS_URL_IMPORT_MAX_BYTES = 3 * 1024 * 1024
    settings.JOBS_URL_IMPORT_MAX_REDIRECTS = 5


@pytest.fixture
def server():
    """Every fixture page at /fixtures/<name>.html."""
    with LoopbackServer() as s:
        for path in FIXTURES.glob("*.html"):
            s.route(f"/fixtures/{path.name}", html_handler(path.read_bytes()))
        yield s


def import_fixture(server, name: str) -> dict:
    return job_import_from_url(url=server.url(f"/fixtures/{name}.html"), allow_private=True)


# --- Fixture pages, fetched -------------------------------------------------------------

EXPECTED = {
    "plain_jobposting": {
        "title": "Senior Python Engineer", "company": "Northwind Traders", "location": "San Francisco, CA, US",
        "remote": None, "salary_min": 160000, "salary_max": 195000, "currency": "USD",
        "employment_type": "FULL_TIME", "date_posted": "2024-03-05",
    },
    "graph_yoast": {
        # hiringOrganization is an @id reference into the @graph; "Vollzeit" is no type we know.
        "title": "Backend-Entwickler (m/w/d)", "company": "Contoso GmbH", "location": "München, Bayern, Deutschland",
        "remote": None, "salary_min": 65000, "salary_max": 80000, "currency": "EUR",
        "employment_type": None, "date_posted": "2024-02-29",
    },
    "list_of_objects": {
        # 72.50 an hour × 2080 hours; hiringOrganization is a plain string.
        "title": "DevOps Engineer (Contract)", "company": "Fabrikam, Inc.", "location": "Austin, TX, US",
        "remote": None, "salary_min": 150800, "salary_max": 150800, "currency": "USD",
        "employment_type": "CONTRACT", "date_posted": "2024-04-10",
    },
    "remote_telecommute": {
        "title": "Staff Frontend Engineer", "company": "Tailspin Toys", "location": "USA",
        "remote": True, "salary_min": 185000, "salary_max": 185000, "currency": "USD",
        "employment_type": "FULL_TIME", "date_posted": "2024-05-20",
    },
    "multi_location": {
        # 4,000–5,000 a month × 12; "Full-time, Part-time" → the first we know.
        "title": "Data Engineer", "company": "Woodgrove Bank", "location": "London, GB; Dublin, IE",
        "remote": None, "salary_min": 48000, "salary_max": 60000, "currency": "GBP",
        "employment_type": "FULL_TIME", "date_posted": "2024-01-15",
    },
    "malformed_jsonld": {
        "title": "R&D Engineer", "company": "Litware", "location": "Oslo, Norway",
        "remote": None, "salary_min": 600000, "salary_max": 700000, "currency": "NOK",
        "employment_type": "PART_TIME", "date_posted": "2024-06-03",
    },
    "concatenated_jsonld": {
        "title": "Customer Support Specialist", "company": "Adventure Works", "location": "Toronto, ON, CA",
        "remote": None, "salary_min": 52000, "salary_max": 62400, "currency": "CAD",
        "employment_type": "INTERNSHIP", "date_posted": "2024-07-01",
    },
    "nested_jobposting": {
        # JobPosting inside WebPage.mainEntity; salary as a string with salaryCurrency beside it.
        "title": "QA Analyst", "company": "Proseware, Inc.", "location": "Seattle, WA",
        "remote": None, "salary_min": 80000, "salary_max": 100000, "currency": "USD",
        "employment_type": "FULL_TIME", "date_posted": "2024-05-02",
    },
    "microdata_only": {
        "title": "Warehouse Associate", "company": "Wide World Importers", "location": "Columbus, OH",
        "remote": None, "salary_min": 37440, "salary_max": 45760, "currency": "USD",
        "employment_type": "FULL_TIME", "date_posted": "2024-08-12",
    },
    "opengraph_only": {
        "title": "Product Designer", "company": "Globex Corporation", "location": None,
        "remote": None, "salary_min": None, "salary_max": None, "currency": None,
        "employment_type": None, "date_posted": None,
    },
    "title_only": {
        "title": "Data Analyst", "company": None, "location": None,
        "remote": None, "salary_min": None, "salary_max": None, "currency": None,
        "employment_type": None, "date_posted": None, "description": None,
    },
}

DESCRIPTIONS = {
    "plain_jobposting": "Northwind is growing & we need help.\n\nWhat you'll do\n\n• Design APIs\n• Mentor engineers\n\nBenefits & perks included.",
    "graph_yoast": "Wir suchen Verstärkung für unser Team in München.\n\n• Django & PostgreSQL\n• Kubernetes",
    "list_of_objects": "Six-month contract.\n\nYou will:\n- run Terraform\n- own CI",
    "remote_telecommute": "About the role\n\nYou’ll lead our React platform.\n\nRequirements\n\n1. 8+ years of frontend work\n2. TypeScript",
    "multi_location": "Build pipelines in Spark & Airflow.",
    "malformed_jsonld": "First line\nsecond line with a tab\n- point one\n- point two",
    "concatenated_jsonld": "Help customers.",
    "nested_jobposting": "Test everything. Café équipe.",
    "microdata_only": "Pick, pack and ship orders.\n\n• Forklift certification a plus\n• Lift 50 lbs",
    "opengraph_only": "Shape the future of Globex products. Hybrid in Springfield & remote days.",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_reads_fixture_page(server, name):
    data = import_fixture(server, name)
    assert tuple(data) == POSTING_FIELDS
    assert {key: data[key] for key in EXPECTED[name]} == EXPECTED[name]
    if name in DESCRIPTIONS:
        assert data["description"] == DESCRIPTIONS[name]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not_a_job", "couldn't find a job posting"),
        ("login_wall", "sign-in or bot-check page"),
        ("bot_check", "sign-in or bot-check page"),
    ],
)
def test_page_without_a_posting(server, name, message):
    with pytest.raises(ImportFailed, match=message):
        import_fixture(server, name)


def test_malformed_fixtures_really_break_extruct():
    # Guards the point of those fixtures: they must take the repair path.
    import extruct

    for name in ("malformed_jsonld", "concatenated_jsonld"):
        with pytest.raises(ValueError):
            extruct.extract(fixture(name), syntaxes=["json-ld"])


# --- Fetch failures as the service reports them -----------------------------------------


def test_loopback_refused_without_the_setting(server):
    with pytest.raises(UnsafeUrl, match="private network"):
        job_import_from_url(url=server.url("/fixtures/plain_jobposting.html"))
    assert server.requests == []


def test_loopback_allowed_by_the_setting(server, settings):
    settings.JOBS_URL_IMPORT_ALLOW_PRIVATE = True
    assert job_import_from_url(url=server.url("/fixtures/plain_jobposting.html"))["title"] == "Senior Python Engineer"


def test_localhost_refused(server):
    with pytest.raises(UnsafeUrl):
        job_import_from_url(url=server.url("/fixtures/plain_jobposting.html", host="localhost"))
    assert server.requests == []


def test_redirect_to_private_address_refused(server, monkeypatch):
    real = safe_fetch.address_refusal_reason
    monkeypatch.setattr(safe_fetch, "address_refusal_reason", lambda ip: None if str(ip) == "127.0.0.1" else real(ip))
    start = server.route("/go", redirect_handler("http://169.254.169.254/latest/meta-data/iam/"))
    with pytest.raises(UnsafeUrl, match="private network"):
        job_import_from_url(url=start)


def test_redirect_limit(server, settings):
    settings.JOBS_URL_IMPORT_MAX_REDIRECTS = 2
    start = server.route("/loop", redirect_handler("/loop"))
    with pytest.raises(ImportFailed, match="Too many redirects"):
        job_import_from_url(url=start, allow_private=True)


def test_follows_redirect_to_the_posting(server):
    start = server.route("/short", redirect_handler("/fixtures/plain_jobposting.html", 301))
    assert job_import_from_url(url=start, allow_private=True)["company"] == "Northwind Traders"


def test_non_html_refused(server):
    url = server.route("/posting.pdf", html_handler(b"%PDF-1.4", content_type="application/pdf"))
    with pytest.raises(ImportFailed, match=r"not a web page \(application/pdf\)"):
        job_import_from_url(url=url, allow_private=True)


def test_huge_page_refused(server, settings):
    settings.JOBS_URL_IMPORT_MAX_BYTES = 256 * 1024
    url = server.route("/huge", stream_handler(2 * 1024 * 1024))
    with pytest.raises(ImportFailed, match="larger than 256 KB"):
        job_import_from_url(url=url, allow_private=True)


def test_slow_page_times_out(server, settings):
    settings.JOBS_URL_IMPORT_TIMEOUT = 0.5
    url = server.route("/slow", slow_handler(3))
    with pytest.raises(ImportFailed, match="took too long"):
        job_import_from_url(url=url, allow_private=True)


@pytest.mark.parametrize("url", ["", "jobs at acme", "ftp://example.com/job", "http://"])
def test_malformed_url(url):
    with pytest.raises(UnsafeUrl, match="doesn't look like a web address"):
        job_import_from_url(url=url)


def test_decodes_a_latin1_page(server):
    page = fixture("plain_jobposting").replace("Northwind Traders", "Café Niño").replace('charset="utf-8"', "")
    url = server.route("/latin", html_handler(page.encode("iso-8859-1", "replace"), "text/html; charset=iso-8859-1"))
    assert job_import_from_url(url=url, allow_private=True)["company"] == "Café Niño"


# --- Parsing details --------------------------------------------------------------------


def jobposting_page(*objects: dict | str) -> str:
    scripts = "".join(
        f'<script type="application/ld+json">{o if isinstance(o, str) else json.dumps(o)}</script>' for o in objects
    )
    return f"<html><head><title>Page</title>{scripts}</head><body></body></html>"


def test_result_has_exactly_the_keys():
    data = posting_data_from_html(jobposting_page({"@type": "JobPosting", "title": "Cook"}))
    assert data == dict.fromkeys(POSTING_FIELDS) | {"title": "Cook"}


@pytest.mark.parametrize(
    ("unit", "expected"),
    [("YEAR", 52000), ("MONTH", 624000), ("WEEK", 2704000), ("DAY", 13520000), ("HOUR", 108160000), (None, 52000)],
)
def test_salary_units_become_yearly(unit, expected):
    value = {"@type": "QuantitativeValue", "value": 52000}
    if unit:
        value["unitText"] = unit
    page = jobposting_page({"@type": "JobPosting", "title": "X", "baseSalary": {"currency": "EUR", "value": value}})
    data = posting_data_from_html(page)
    assert (data["salary_min"], data["salary_max"], data["currency"]) == (expected, expected, "EUR")


@pytest.mark.parametrize(
    ("base_salary", "expected"),
    [
        (85000, (85000, 85000, None)),
        ("85000", (85000, 85000, None)),
        ("€50k–60k", (50000, 60000, "EUR")),
        ({"@type": "MonetaryAmount", "currency": "USD", "minValue": 10, "maxValue": 20, "unitText": "HOUR"}, (20800, 41600, "USD")),
        ({"currency": "USD", "value": {"minValue": "120,000", "maxValue": "100,000"}}, (100000, 120000, "USD")),
        ([{"currency": "GBP", "value": {"value": 40000, "unitText": "YEAR"}}], (40000, 40000, "GBP")),
        ({"currency": "USD", "value": {"minValue": 0}}, (None, None, None)),
        ({"currency": "dollars", "value": 1}, (1, 1, None)),
    ],
)
def test_salary_shapes(base_salary, expected):
    page = jobposting_page({"@type": "JobPosting", "title": "X", "baseSalary": base_salary})
    data = posting_data_from_html(page)
    assert (data["salary_min"], data["salary_max"], data["currency"]) == expected


def test_estimated_salary_when_no_base_salary():
    page = jobposting_page(
        {"@type": "JobPosting", "title": "X", "salaryCurrency": "AUD",
         "estimatedSalary": [{"@type": "MonetaryAmount", "value": {"minValue": 90000, "maxValue": 110000}}]}
    )
    data = posting_data_from_html(page)
    assert (data["salary_min"], data["salary_max"], data["currency"]) == (90000, 110000, "AUD")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("FULL_TIME", "FULL_TIME"), ("Full-time", "FULL_TIME"), ("full time", "FULL_TIME"), ("PART_TIME", "PART_TIME"),
        ("CONTRACTOR", "CONTRACT"), ("Contract", "CONTRACT"), ("INTERN", "INTERNSHIP"), ("TEMPORARY", "TEMPORARY"),
        (["VOLUNTEER", "PER_DIEM"], "TEMPORARY"), (["OTHER"], None), ("VOLUNTEER", None), (None, None), (42, None),
        ("FULL_TIME, CONTRACTOR", "FULL_TIME"),
    ],
)
def test_employment_type(value, expected):
    assert employment_type(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", "2024-03-05"), ("2024-03-05T10:00:00Z", "2024-03-05"), ("2024-03-05T23:30:00-08:00", "2024-03-05"),
        ("2024-03-05 10:00", "2024-03-05"), ("2024-3-5", "2024-03-05"), ("20240305", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"), ("5 Mar 2024", "2024-03-05"), ("2024-02-30", None), ("yesterday", None),
        ("", None), (None, None), (["2024-01-02"], "2024-01-02"),
    ],
)
def test_date_posted(value, expected):
    assert date_posted(value) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>One</p><p>Two &amp; three</p>", "One\n\nTwo & three"),
        ("&lt;ul&gt;&lt;li&gt;A&lt;/li&gt;&lt;li&gt;B&lt;/li&gt;&lt;/ul&gt;", "• A\n• B"),
        ("<ol><li>First</li><li>Second</li></ol>", "1. First\n2. Second"),
        ("Plain &eacute;t&eacute;\n\n\nNext   paragraph", "Plain été\n\nNext paragraph"),
        ("<p>Line<br>break</p><script>alert(1)</script><style>p{}</style>", "Line\nbreak"),
        ("", None),
        (None, None),
    ],
)
def test_description_text(html, expected):
    assert description_text(html) == expected


def test_type_as_list_and_full_iri():
    page = jobposting_page({"@type": ["Thing", "http://schema.org/JobPosting"], "title": "Baker"})
    assert posting_data_from_html(page)["title"] == "Baker"


def test_first_broken_script_does_not_hide_the_next():
    page = jobposting_page("{not json at all", {"@type": "JobPosting", "title": "Welder"})
    assert posting_data_from_html(page)["title"] == "Welder"


def test_organization_from_graph_reference():
    page = jobposting_page(
        {"@graph": [
            {"@type": "JobPosting", "title": "Nurse", "hiringOrganization": {"@id": "#org"},
             "jobLocation": {"@id": "#place"}},
            {"@type": "Organization", "@id": "#org", "name": "General Hospital"},
            {"@type": "Place", "@id": "#place", "address": {"addressLocality": "Leeds", "addressCountry": "GB"}},
        ]}
    )
    data = posting_data_from_html(page)
    assert (data["company"], data["location"]) == ("General Hospital", "Leeds, GB")


def test_remote_from_applicant_location_requirements():
    page = jobposting_page(
        {"@type": "JobPosting", "title": "Writer",
         "applicantLocationRequirements": [{"@type": "Country", "name": "Canada"}, {"@type": "Country", "name": "USA"}]}
    )
    data = posting_data_from_html(page)
    assert (data["remote"], data["location"]) == (True, "Canada, USA")


def test_remote_job_location_type_list():
    page = jobposting_page({"@type": "JobPosting", "title": "Writer", "jobLocationType": ["telecommute"]})
    assert posting_data_from_html(page)["remote"] is True


def test_job_posting_preferred_over_open_graph():
    page = fixture("remote_telecommute")
    assert posting_data_from_html(page)["title"] == "Staff Frontend Engineer"


def test_xml_declaration_and_bytes():
    data = posting_data_from_html(fixture("nested_jobposting").encode("utf-8"))
    assert data["title"] == "QA Analyst"


@pytest.mark.parametrize("html", ["", "   ", "<html></html>"])
def test_empty_page(html):
    with pytest.raises(ImportFailed, match="couldn't find a job posting"):
        posting_data_from_html(html)


def test_repair_json():
    broken = '{\n // c\n "a": "x\ny", /* c */ "b": [1, 2,],\n}'
    assert json.loads(url_import._repair_json(broken), strict=False) == {"a": "x\ny", "b": [1, 2]}
    kept = '{"url": "http://x.example/a//b", "text": "a, ] /* b */"}'
    assert json.loads(url_import._repair_json(kept)) == json.loads(kept)


@pytest.mark.parametrize(
    "script",
    [
        '{"@type": "JobPosting", "title": "X", "baseSalary": {"value": {"minValue": NaN, "maxValue": Infinity}}}',
        '{"@type": "JobPosting", "title": "X", "hiringOrganization": {"@id": ["not", "a", "string"]}}',
        '{"@type": "JobPosting", "title": "X", "jobLocation": [[], {}, null, 3, {"address": [null]}]}',
        '{"@type": "JobPosting", "title": "X", "datePosted": {"a": 1}, "employmentType": {"b": 2}, "description": 5}',
        '{"@type": "JobPosting", "title": ["X", "Y"], "baseSalary": [null, "", {"value": []}]}',
        "[" * 50_000 + "]" * 50_000,
    ],
)
def test_odd_json_ld_never_crashes(script):
    page = jobposting_page(script, {"@type": "JobPosting", "title": "X"})
    data = posting_data_from_html(page)
    assert data["title"] == "X"


# --- Pasted text ------------------------------------------------------------------------

PASTED = """Senior Backend Engineer at Acme Corp
Location: Berlin, Germany
Employment type: Full-time
Salary: €70,000 – €85,000 per year
Posted: March 5th, 2024

About the role
We build payment APIs in Python. Our team of 5-10 engineers works remote-first.
"""


def test_text_with_labels():
    data = job_data_from_text(text=PASTED)
    assert tuple(data) == POSTING_FIELDS
    assert data == {
        "title": "Senior Backend Engineer", "company": "Acme Corp", "location": "Berlin, Germany", "remote": True,
        "salary_min": 70000, "salary_max": 85000, "currency": "EUR", "employment_type": "FULL_TIME",
        "date_posted": "2024-03-05", "description": PASTED.strip(),
    }


def test_text_never_invents():
    text = "Barista\nMake coffee for 5-10 years of happy customers. Full-time or part-time."
    data = job_data_from_text(text=text)
    assert data == dict.fromkeys(POSTING_FIELDS) | {"title": "Barista", "description": text}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pay: $120,000 - $150,000", (120000, 150000, "USD")),
        ("€60k–70k", (60000, 70000, "EUR")),
        ("60.000 € - 70.000 €", (60000, 70000, "EUR")),
        ("£45,000 to £55,000 a year", (45000, 55000, "GBP")),
        ("$40 - $60 per hour", (83200, 124800, "USD")),
        ("$25/hr", (52000, 52000, "USD")),
        ("CHF 9'000 per month", (108000, 108000, "CHF")),
        ("120k-150k USD", (120000, 150000, "USD")),
        ("Get a $20 voucher", (None, None, None)),
        ("5-10 years", (None, None, None)),
    ],
)
def test_text_salary(text, expected):
    data = job_data_from_text(text=f"Engineer\n{text}")
    assert (data["salary_min"], data["salary_max"], data["currency"]) == expected


def test_text_heading_is_not_a_title():
    data = job_data_from_text(text="About the job\nWe need a gardener. This role is not remote.")
    assert data["title"] is None
    assert data["remote"] is None


def test_text_remote_location():
    data = job_data_from_text(text="Title: Support Agent\nCompany: Initech\nLocation: Remote\nContract position, 6 months")
    assert (data["title"], data["company"], data["location"], data["remote"], data["employment_type"]) == (
        "Support Agent", "Initech", None, True, "CONTRACT",
    )


def test_label_needs_a_separator():
    data = job_data_from_text(text="Role-based access engineer\nWe do RBAC.")
    assert data["title"] == "Role-based access engineer"


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_text(text):
    with pytest.raises(ImportFailed, match="Paste the job description"):
        job_data_from_text(text=text)


# --- Command ----------------------------------------------------------------------------


def run_command(*args) -> tuple[str, int]:
    out = io.StringIO()
    try:
        call_command("import_job_url", *args, stdout=out)
    except SystemExit as e:
        return out.getvalue(), e.code
    return out.getvalue(), 0


def test_command_html_file_json():
    out, code = run_command("--html-file", str(FIXTURES / "graph_yoast.html"), "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == list(POSTING_FIELDS)
    assert data["company"] == "Contoso GmbH"
    assert data["date_posted"] == "2024-02-29"
    assert data["employment_type"] is None


def test_command_loopback_url_json(server):
    out, code = run_command(server.url("/fixtures/remote_telecommute.html"), "--allow-private", "--json")
    assert code == 0
    assert json.loads(out) == EXPECTED["remote_telecommute"] | {"description": DESCRIPTIONS["remote_telecommute"]}


def test_command_refuses_loopback_without_flag(server):
    out, code = run_command(server.url("/fixtures/plain_jobposting.html"), "--json")
    assert code == 1
    assert list(json.loads(out)) == ["error"]
    assert "private network" in json.loads(out)["error"]
    assert server.requests == []


def test_command_error_json_for_page_without_posting():
    out, code = run_command("--html-file", str(FIXTURES / "not_a_job.html"), "--json")
    assert code == 1
    assert json.loads(out) == {"error": url_import.MSG_NO_POSTING}


def test_command_missing_file(tmp_path):
    out, code = run_command("--html-file", str(tmp_path / "nope.html"), "--json")
    assert code == 1
    assert "Cannot read" in json.loads(out)["error"]


def test_command_readable_summary():
    out, code = run_command("--html-file", str(FIXTURES / "plain_jobposting.html"))
    assert code == 0
    assert "Title        Senior Python Engineer" in out
    assert "Salary from  160000" in out
    assert "• Design APIs" in out


def test_command_error_without_json():
    with pytest.raises(CommandError, match="couldn't find a job posting"):
        call_command("import_job_url", "--html-file", str(FIXTURES / "not_a_job.html"), stdout=io.StringIO())
