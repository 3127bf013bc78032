"""Generate a labelled resume corpus: PDF and DOCX files plus their ground truth.

    .venv/bin/python bench/resume_corpus.py [--count 48] [--out bench/out/corpus] [--seed 4]

Each resume is written as <id>.pdf or <id>.docx next to <id>.json (the expected
parse_resume_text output for the fields the benchmark scores). Deterministic for a
given seed. Layouts rotate through: single-column PDF, two-column PDF (sidebar with
contact and skills), two-page PDF with running header and footer, DOCX with
paragraphs, DOCX with a skills table and experience tables. Within those: every date
format of the issue, six title/company arrangements, three education arrangements,
heading words from a list per section (some with a trailing colon), names in capitals,
with credentials, with particles and non-ASCII, and distractor sections (Projects,
Languages, Volunteer Experience…) whose dated lines must not become jobs or skills.

Fonts: PDFs use DejaVu Sans when the system has it (Debian fonts-dejavu-core);
otherwise fpdf2's core Helvetica, which only covers Latin-1, so dashes and bullets
become ASCII ("-", "*") and names outside Latin-1 (Łukasz, Nguyễn) only appear in
DOCX files (python-docx writes any Unicode). Latin-1 names (José, Zoë, Ødegaard)
appear in PDFs either way.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

FIRST = ["Emma", "Liam", "Olivia", "Noah", "Ava", "Mateo", "Sophia", "Lucas", "Mia", "Ethan", "Priya", "Chen",
         "Amara", "Jonas", "Ingrid", "Rafael", "Hannah", "Omar", "Grace", "Daniel"]
LAST = ["Johnson", "Martinez", "Okafor", "Schneider", "Nakamura", "O'Brien", "Kowalski", "Patel", "Andersen",
        "Fischer", "Rossi", "Dubois", "Clarke", "Haddad", "Lindqvist", "McAllister", "Moreau", "Singh"]
LATIN1_NAMES = ["José Álvarez", "Zoë Ødegaard", "François Müller", "Søren Nørgaard", "Inês Conceição", "Björn Åkesson"]
UNICODE_NAMES = ["Łukasz Wąsowski", "Đorđe Petrović", "Nguyễn Văn An", "Ştefan Ţurcanu", "Dvořák Šimon"]
CREDENTIALS = ["RN", "CPA", "PhD", "MBA", "PMP", "CFA"]
CITIES = ["Austin, TX", "Chicago, IL", "Seattle, WA", "Denver, CO", "Boston, MA", "Portland, OR",
          "Berlin, Germany", "Toronto, Canada", "London, United Kingdom", "Madrid, Spain", "Dublin, Ireland",
          "Amsterdam, Netherlands"]
PHONES = ["(415) 867-5309", "+1 212 736 4400", "312-443-7210", "+44 20 7946 0958", "+49 30 901820",
          "(646) 555-3890", "+1 (720) 555-2211", "+353 1 555 0199"]
COMPANIES = ["Acme Corp", "Globex Inc.", "Initech LLC", "Umbrella Health", "Northwind Traders", "Stark Industries",
             "Wayne Enterprises", "Hooli", "Vandelay Industries", "Soylent Foods", "Cyberdyne Systems", "Tyrell Labs",
             "Blue Harbor Bank", "Pinecrest Hospital", "Meridian Analytics", "Atlas Logistics GmbH",
             "Brightpath Software", "Oakridge Consulting Group"]
TITLES = ["Software Engineer", "Senior Software Engineer", "Data Analyst", "Product Manager", "Registered Nurse",
          "Staff Accountant", "Marketing Specialist", "DevOps Engineer", "Project Manager", "UX Designer",
          "Financial Analyst", "Sales Representative", "Operations Manager", "Backend Developer",
          "Data Scientist", "Customer Success Manager", "HR Generalist", "QA Engineer"]
SCHOOLS = ["University of Texas at Austin", "Stanford University", "Technical University of Munich",
           "University of Toronto", "Boston College", "Georgia Institute of Technology", "University of Washington",
           "Trinity College Dublin", "Universidad de Madrid", "Ohio State University"]
DEGREES = [("B.S.", "in"), ("B.A.", "in"), ("Bachelor of Science", "in"), ("Master of Science", ","),
           ("MBA", ","), ("M.S.", "in"), ("BSc", "in"), ("Bachelor of Arts", "in")]
FIELDS = ["Computer Science", "Economics", "Nursing", "Data Science", "Accounting", "Mechanical Engineering",
          "Marketing", "Psychology", "Finance", "Information Systems"]
SKILLS = {
    "Languages": ["Python", "JavaScript", "TypeScript", "Go", "Java", "SQL", "R", "C++", "Rust", "Kotlin"],
    "Frameworks": ["Django", "React", "Node.js", "Spring Boot", "Flask", "Vue.js", "pandas", "FastAPI"],
    "Tools": ["Docker", "Kubernetes", "Git", "Terraform", "AWS", "GCP", "Tableau", "Excel", "Jira", "Figma",
              "PostgreSQL", "Redis", "Salesforce", "SAP", "Power BI", "CI/CD"],
    "Soft skills": ["Stakeholder Management", "Team Leadership", "Public Speaking", "Negotiation", "Mentoring"],
}
CERTS = [("AWS Certified Solutions Architect", "Amazon Web Services"), ("Certified ScrumMaster", "Scrum Alliance"),
         ("Project Management Professional", "PMI"), ("CompTIA Security+", "CompTIA"),
         ("Google Data Analytics Certificate", "Google"), ("Certified Kubernetes Administrator", "CNCF")]
BULLETS = [
    "Reduced page load time by 40% by rewriting the rendering pipeline",
    "Led a team of 5 engineers to deliver the billing platform on schedule",
    "Increased quarterly revenue by $1.2M through a redesigned onboarding funnel",
    "Automated weekly reporting, saving 15 hours of manual work per week",
    "Migrated 120 services to Kubernetes with zero downtime",
    "Mentored 4 junior colleagues, two of whom were promoted within a year",
    "Cut customer churn from 8% to 5% by introducing proactive health checks",
    "Designed the data model for a patient scheduling system used by 30 clinics",
    "Negotiated vendor contracts that lowered annual costs by 18%",
    "Built dashboards in Tableau used daily by the executive team",
    "Improved test coverage from 55% to 90% and halved production incidents",
    "Coordinated care for up to 6 patients per shift in a busy surgical ward",
]
SECTION_WORDS = {
    "summary": ["Summary", "Professional Summary", "PROFILE", "About", "Career Objective", "Executive Summary"],
    "experience": ["Work Experience", "Employment History", "CAREER HISTORY", "Professional Experience",
                   "EXPERIENCE", "Work History", "Relevant Experience"],
    "education": ["Education", "EDUCATION", "Academic Background", "Education & Training"],
    "skills": ["Skills", "Core Competencies", "Technical Skills", "KEY SKILLS", "Areas of Expertise"],
    "certifications": ["Certifications", "Licenses & Certifications", "CERTIFICATIONS", "Certificates"],
}
DISTRACTORS = [
    ("Projects", ["Budget Tracker | React, Firebase | 2021 - 2022", "- Personal finance app with 2,000 users"]),
    ("Languages", ["English (native), Spanish (B2), German (A2)"]),
    ("Volunteer Experience", ["Mentor, Code Club  2019 - 2020", "- Taught Python to 12 teenagers"]),
    ("Interests", ["Trail running, chess, photography"]),
    ("References", ["Available on request."]),
]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHS_LONG = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]
MONTHS_DOT = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
DATE_FORMATS = ["short", "long", "slash", "iso", "dot", "year"]
LAYOUTS = ["pdf_single", "pdf_two_column", "pdf_header_footer", "docx_paragraphs", "docx_tables"]
EXP_STYLES = ["title_company_same_line", "company_dash_title", "company_pipe_city", "title_then_company",
              "title_at_company", "dates_first"]
EDU_STYLES = ["degree_then_school", "school_then_degree", "one_line"]
PARTICLE_NAMES = ["Ludwig van der Berg", "Ana de la Cruz", "Pieter van Dijk"]


def fmt_date(ym: str | None, style: str, *, current_word: str = "Present") -> str:
    if ym is None:
        return current_word
    y, m = int(ym[:4]), int(ym[5:])
    return {
        "short": f"{MONTHS[m - 1]} {y}",
        "long": f"{MONTHS_LONG[m - 1]} {y}",
        "slash": f"{m:02d}/{y}",
        "iso": f"{y}-{m:02d}",
        "dot": f"{MONTHS_DOT[m - 1]} {y}",
        "year": f"{y}",
    }[style]


def fmt_range(start: str, end: str | None, style: str, dash: str, current_word: str) -> str:
    sep = {"iso": " to ", "dot": f" {dash} " if dash != "-" else " - "}.get(style, f" {dash} ")
    return f"{fmt_date(start, style)}{sep}{fmt_date(end, style, current_word=current_word)}"


def make_resume(rng: random.Random, index: int) -> dict:
    layout = LAYOUTS[index % len(LAYOUTS)]
    date_style = DATE_FORMATS[index % len(DATE_FORMATS)]
    pdf = layout.startswith("pdf")
    if index % 7 == 3:
        name = rng.choice(LATIN1_NAMES)
    elif index % 11 == 6:
        name = rng.choice(PARTICLE_NAMES)
    elif index % 7 == 5 and not pdf:
        name = rng.choice(UNICODE_NAMES)
    else:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    display = name.upper() if index % 3 == 0 else name
    if index % 4 == 1:
        display = f"{display}, {rng.choice(CREDENTIALS)}"
    slug = name.split()[0].lower().encode("ascii", "ignore").decode() or "candidate"
    email = f"{slug}.{index}@example.com"
    city = rng.choice(CITIES)
    phone = rng.choice(PHONES)
    link = f"https://www.linkedin.com/in/{slug}-{index}"

    jobs = []
    year = 2025
    for j in range(rng.randint(2, 3)):
        end = None if j == 0 and rng.random() < 0.6 else f"{year}-{rng.randint(1, 12):02d}"
        start_year = year - rng.randint(1, 3)
        start = f"{start_year}-{rng.randint(1, 12):02d}"
        if date_style == "year":
            start = f"{start[:4]}-01"
            end = None if end is None else f"{end[:4]}-12"
        if end is not None and end <= start:
            end = f"{int(start[:4]) + 1}-{end[5:]}"
        jobs.append({
            "company": COMPANIES[(index * 3 + j * 5) % len(COMPANIES)],
            "title": TITLES[(index * 7 + j * 3) % len(TITLES)],
            "start": start, "end": end, "current": end is None,
            "location": rng.choice(CITIES),
            "bullets": rng.sample(BULLETS, rng.randint(2, 4)),
        })
        year = start_year - (1 if rng.random() < 0.5 else 0)
    education = []
    for k in range(rng.randint(1, 2)):
        degree, joiner = DEGREES[(index + k * 3) % len(DEGREES)]
        grad = year - 4 * k
        education.append({
            "institution": SCHOOLS[(index + k * 4) % len(SCHOOLS)],
            "degree": degree, "field": FIELDS[(index * 3 + k) % len(FIELDS)], "joiner": joiner,
            "start": f"{grad - 4}-09" if index % 2 else None, "end": f"{grad}-06" if index % 2 else f"{grad}-12",
            "gpa": f"3.{rng.randint(2, 9)}" if rng.random() < 0.5 else None,
        })
    categories = rng.sample(list(SKILLS), rng.randint(2, 3))
    skills_by_cat = {c: rng.sample(SKILLS[c], min(len(SKILLS[c]), rng.randint(3, 5))) for c in categories}
    certs = []
    for c in rng.sample(CERTS, rng.randint(0, 2)):
        certs.append({"name": c[0], "issuer": c[1], "date": f"{rng.randint(2016, 2024)}-{rng.randint(1, 12):02d}"})
    words = {k: rng.choice(v) + (":" if index % 5 == 2 else "") for k, v in SECTION_WORDS.items()}
    return {
        "id": f"resume-{index:03d}", "layout": layout, "date_style": date_style,
        "exp_style": EXP_STYLES[(index // 2) % len(EXP_STYLES)], "display_name": display,
        "edu_style": EDU_STYLES[(index // 3) % len(EDU_STYLES)],
        "heading_colon": index % 5 == 2,
        "current_word": ["Present", "Current", "Now"][index % 3], "headings": words,
        "truth": {
            "name": name, "email": email, "phone": phone, "location": city, "links": [link],
            "summary": f"{jobs[0]['title']} with {2025 - int(jobs[-1]['start'][:4])} years of experience "
                       "delivering measurable results for customers and teams.",
            "experience": jobs,
            "education": [{k: v for k, v in e.items() if k != "joiner"} for e in education],
            "skills": [s for c in categories for s in skills_by_cat[c]],
            "certifications": certs,
        },
        "education_joiners": [e["joiner"] for e in education],
        # Sections that must not leak into experience or skills.
        "distractors": rng.sample(DISTRACTORS, rng.randint(0, 2)),
        "skills_by_cat": skills_by_cat,
    }


# ----------------------------------------------------------------------------- plain text blocks


def _exp_lines(r: dict, job: dict, dash: str) -> list[tuple[str, str]]:
    """(kind, text) lines for one job: kind is "b" (bold header), "t" (text) or "•" (bullet)."""
    dates = fmt_range(job["start"], job["end"], r["date_style"], dash, r["current_word"])
    style = r["exp_style"]
    if style == "title_company_same_line":
        return [("b", f"{job['title']}, {job['company']}    {dates}"), ("t", job["location"])]
    if style == "company_dash_title":
        return [("b", f"{job['company']} {dash} {job['title']}"), ("t", f"{dates} | {job['location']}")]
    if style == "company_pipe_city":
        return [("b", f"{job['company']} | {job['location']}"), ("t", job["title"]), ("t", dates)]
    if style == "title_at_company":
        return [("b", f"{job['title']} at {job['company']} ({dates})"), ("t", job["location"])]
    if style == "dates_first":
        return [("t", dates), ("b", f"{job['title']} | {job['company']} | {job['location']}")]
    return [("b", job["title"]), ("t", f"{job['company']}, {job['location']}"), ("t", dates)]


def _edu_lines(r: dict, edu: dict, joiner: str, dash: str) -> list[tuple[str, str]]:
    degree = f"{edu['degree']} in {edu['field']}" if joiner == "in" else f"{edu['degree']}, {edu['field']}"
    if edu["start"]:
        when = fmt_range(edu["start"], edu["end"], "short", dash, "Present")
    else:
        when = edu["end"][:4]
    style = r["edu_style"]
    if style == "school_then_degree":
        lines = [("b", f"{edu['institution']} {dash} {when}"), ("t", degree)]
    elif style == "one_line":
        lines = [("b", f"{degree}, {edu['institution']}, {when}")]
    else:
        lines = [("b", degree), ("t", f"{edu['institution']}    {when}")]
    if edu["gpa"]:
        lines.append(("t", f"GPA: {edu['gpa']}/4.0"))
    return lines


def _cert_line(c: dict, dash: str) -> str:
    y, m = c["date"].split("-")
    return f"{c['name']} {dash} {c['issuer']}, {MONTHS[int(m) - 1]} {y}"


def _contact_line(t: dict) -> str:
    return f"{t['location']} | {t['email']} | {t['phone']} | {t['links'][0].removeprefix('https://www.')}"


# ----------------------------------------------------------------------------- PDF


class _Pdf:
    def __init__(self, header: str = "", footer: bool = False):
        from fpdf import FPDF

        self.unicode = DEJAVU.exists() and DEJAVU_BOLD.exists()
        header_text = header

        class Doc(FPDF):
            def header(doc):
                if header_text:
                    doc.set_font(self.family, "", 8)
                    doc.set_xy(10, 6)
                    doc.cell(0, 4, self.safe(header_text))
                    doc.set_y(16)

            def footer(doc):
                if footer:
                    doc.set_y(-12)
                    doc.set_font(self.family, "", 8)
                    doc.cell(0, 4, f"Page {doc.page_no()} of {{nb}}", align="C")

        self.pdf = Doc(format="Letter")
        self.pdf.set_auto_page_break(True, margin=18)
        if self.unicode:
            self.pdf.add_font("DejaVu", "", str(DEJAVU))
            self.pdf.add_font("DejaVu", "B", str(DEJAVU_BOLD))
            self.family = "DejaVu"
        else:
            self.family = "Helvetica"
        self.dash = "–" if self.unicode else "-"
        self.bullet = "•" if self.unicode else "-"
        self.pdf.add_page()

    def safe(self, text: str) -> str:
        if self.unicode:
            return text
        return text.replace("–", "-").replace("—", "-").replace("•", "-").encode("latin-1", "replace").decode("latin-1")

    def line(self, text: str, *, size: float = 10, bold: bool = False, x: float | None = None, w: float = 0,
             link: str = "") -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)
        if x is not None:
            self.pdf.set_x(x)
        self.pdf.multi_cell(w, size * 0.5, self.safe(text), new_x="LMARGIN", new_y="NEXT", link=link)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _render_blocks(doc: _Pdf, r: dict, *, x: float | None = None, w: float = 0, skip: tuple = ()) -> None:
    t = r["truth"]
    h = r["headings"]
    dash = doc.dash

    def heading(text):
        doc.pdf.ln(2)
        doc.line(text, size=12, bold=True, x=x, w=w)

    if "summary" not in skip:
        heading(h["summary"])
        doc.line(t["summary"], x=x, w=w)
    heading(h["experience"])
    for job in t["experience"]:
        for kind, text in _exp_lines(r, job, dash):
            doc.line(text, bold=kind == "b", x=x, w=w)
        for b in job["bullets"]:
            doc.line(f"{doc.bullet} {b}", x=x, w=w)
    if "education" not in skip:
        heading(h["education"])
        for edu, joiner in zip(t["education"], r["education_joiners"], strict=True):
            for kind, text in _edu_lines(r, edu, joiner, dash):
                doc.line(text, bold=kind == "b", x=x, w=w)
    if "skills" not in skip:
        heading(h["skills"])
        for cat, items in r["skills_by_cat"].items():
            doc.line(f"{cat}: {', '.join(items)}", x=x, w=w)
    if t["certifications"] and "certifications" not in skip:
        heading(h["certifications"])
        for c in t["certifications"]:
            doc.line(f"{doc.bullet} {_cert_line(c, dash)}", x=x, w=w)
    for title, lines in r["distractors"]:
        heading(title)
        for line in lines:
            doc.line(line, x=x, w=w)


def render_pdf_single(r: dict) -> bytes:
    doc = _Pdf()
    t = r["truth"]
    doc.line(r["display_name"], size=18, bold=True)
    doc.line(_contact_line(t), size=9, link=t["links"][0])
    _render_blocks(doc, r)
    return doc.output()


def render_pdf_header_footer(r: dict) -> bytes:
    t = r["truth"]
    doc = _Pdf(header=f"{t['name']} {'-'} Resume", footer=True)
    doc.line(r["display_name"], size=18, bold=True)
    doc.line(_contact_line(t), size=9)
    _render_blocks(doc, r)
    if doc.pdf.page_no() < 2:
        doc.pdf.add_page()
        doc.line("References", size=12, bold=True)
        doc.line("Available on request.")
    doc.pdf.alias_nb_pages()
    return doc.output()


def render_pdf_two_column(r: dict) -> bytes:
    doc = _Pdf()
    t = r["truth"]
    pdf = doc.pdf
    doc.line(r["display_name"], size=20, bold=True)
    pdf.ln(2)
    top = pdf.get_y()
    # Sidebar: contact, skills, education.
    side_x, side_w = 10, 58
    doc.line("Contact", size=12, bold=True, x=side_x, w=side_w)
    for value in (t["location"], t["email"], t["phone"], t["links"][0].removeprefix("https://www.")):
        doc.line(value, size=8, x=side_x, w=side_w)
    pdf.ln(2)
    doc.line(r["headings"]["skills"], size=12, bold=True, x=side_x, w=side_w)
    for items in r["skills_by_cat"].values():
        for s in items:
            doc.line(f"{doc.bullet} {s}", size=9, x=side_x, w=side_w)
    pdf.ln(2)
    doc.line(r["headings"]["education"], size=12, bold=True, x=side_x, w=side_w)
    for edu, joiner in zip(t["education"], r["education_joiners"], strict=True):
        degree = f"{edu['degree']} in {edu['field']}" if joiner == "in" else f"{edu['degree']}, {edu['field']}"
        doc.line(degree, size=8, bold=True, x=side_x, w=side_w)
        doc.line(edu["institution"], size=8, x=side_x, w=side_w)
        when = fmt_range(edu["start"], edu["end"], "short", doc.dash, "") if edu["start"] else edu["end"][:4]
        doc.line(when, size=8, x=side_x, w=side_w)
        if edu["gpa"]:
            doc.line(f"GPA {edu['gpa']}", size=8, x=side_x, w=side_w)
    # Main column.
    pdf.set_y(top)
    _render_blocks(doc, r, x=78, w=125, skip=("education", "skills"))
    return doc.output()


# ----------------------------------------------------------------------------- DOCX


def _docx_common(r: dict, *, tables: bool) -> bytes:
    import io

    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    t = r["truth"]
    h = r["headings"]
    doc = Document()
    doc.add_heading(r["display_name"], level=0)
    p = doc.add_paragraph(f"{t['location']} | {t['email']} | {t['phone']} | ")
    # A real hyperlink (relationship + w:hyperlink) like Word writes.
    r_id = doc.part.relate_to(t["links"][0], RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "LinkedIn"
    run.append(text)
    link.append(run)
    p._p.append(link)

    doc.add_heading(h["summary"], level=1)
    doc.add_paragraph(t["summary"])
    doc.add_heading(h["experience"], level=1)
    for job in t["experience"]:
        if tables:
            dates = fmt_range(job["start"], job["end"], r["date_style"], "–", r["current_word"])
            table = doc.add_table(rows=1, cols=3)
            for cell, value in zip(table.rows[0].cells, (job["company"], job["title"], dates), strict=True):
                cell.text = value
        else:
            for kind, line in _exp_lines(r, job, "–"):
                para = doc.add_paragraph()
                para.add_run(line).bold = kind == "b"
        for b in job["bullets"]:
            doc.add_paragraph(b, style="List Bullet")
    doc.add_heading(h["education"], level=1)
    for edu, joiner in zip(t["education"], r["education_joiners"], strict=True):
        for kind, line in _edu_lines(r, edu, joiner, "–"):
            doc.add_paragraph().add_run(line).bold = kind == "b"
    doc.add_heading(h["skills"], level=1)
    if tables:
        table = doc.add_table(rows=0, cols=2)
        for cat, items in r["skills_by_cat"].items():
            cells = table.add_row().cells
            cells[0].text = cat
            cells[1].text = ", ".join(items)
    else:
        for items in r["skills_by_cat"].values():
            doc.add_paragraph(" • ".join(items))
    if t["certifications"]:
        doc.add_heading(h["certifications"], level=1)
        for c in t["certifications"]:
            doc.add_paragraph(_cert_line(c, "—"), style="List Bullet")
    for title, lines in r["distractors"]:
        doc.add_heading(title, level=1)
        for line in lines:
            doc.add_paragraph(line)
    section = doc.sections[0]
    section.footer.paragraphs[0].text = f"{t['name']} — confidential"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


RENDERERS = {
    "pdf_single": (render_pdf_single, "pdf"),
    "pdf_two_column": (render_pdf_two_column, "pdf"),
    "pdf_header_footer": (render_pdf_header_footer, "pdf"),
    "docx_paragraphs": (lambda r: _docx_common(r, tables=False), "docx"),
    "docx_tables": (lambda r: _docx_common(r, tables=True), "docx"),
}


def generate(out: Path, count: int = 50, seed: int = 4) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    files = []
    for index in range(count):
        r = make_resume(rng, index)
        render, ext = RENDERERS[r["layout"]]
        path = out / f"{r['id']}.{ext}"
        path.write_bytes(render(r))
        meta = {k: v for k, v in r.items() if k not in ("skills_by_cat", "education_joiners", "distractors")}
        (out / f"{r['id']}.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False))
        files.append(path)
    return files


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "corpus")
    args = parser.parse_args(argv)
    files = generate(args.out, args.count, args.seed)
    print(f"{len(files)} resumes written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
