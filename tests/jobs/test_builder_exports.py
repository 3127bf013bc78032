"""Builder exports: PDF (fpdf2) and DOCX (python-docx) open cleanly and hold the content."""

from __future__ import annotations

import io

import docx
import pypdf
import pytest

from jobs.builder import pdf as pdf_module
from jobs.builder.compare import line_diff
from jobs.builder.docx import resume_docx
from jobs.builder.pdf import resume_pdf, to_latin1
from jobs.builder.render import document_blocks, plain_text, render_preview

UNICODE_NAME = "José Ødegaard — “quotes”"
CONTENT = f"""# {UNICODE_NAME}
jose@example.com · [LinkedIn](https://linkedin.com/in/jose)

## Experience

### Senior Engineer — Acme Corp
*Jan 2020 – Present*

- Cut build time by **40%**
- Led a team of _five_
    - mentoring

## Skills

Python, Django, PostgreSQL, Zażółć 漢字
"""


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("template", ["classic", "modern"])
def test_pdf_opens_and_contains_the_content(template):
    text = _pdf_text(resume_pdf(CONTENT, template_key=template, title="CV"))
    # Without TrueType fonts on the machine (a bare CI image) the text is reduced to latin-1.
    has_fonts = pdf_module._find_font_files("serif", pdf_module.FONT_DIRS) is not None
    reduce = (lambda value: value) if has_fonts else to_latin1
    assert reduce(UNICODE_NAME) in text
    assert "EXPERIENCE" in text
    assert reduce("Senior Engineer — Acme Corp") in text
    assert "Cut build time by 40%" in text


def test_pdf_without_system_fonts_falls_back_to_latin1(monkeypatch):
    monkeypatch.setattr(pdf_module, "FONT_DIRS", ())
    pdf_module._find_font_files.cache_clear()
    try:
        text = _pdf_text(resume_pdf(CONTENT, template_key="modern", title=UNICODE_NAME))
    finally:
        pdf_module._find_font_files.cache_clear()
    assert 'José Ødegaard - "quotes"' in text
    assert "Zazólc ??" in text  # ó is latin-1; ż, ł and the CJK characters are not


def test_latin1_reduction():
    assert to_latin1("“a” — b… ł €") == '"a" - b... l EUR'
    assert to_latin1("漢") == "?"
    assert to_latin1("José Ø") == "José Ø"


def test_pdf_of_empty_content_is_a_valid_document():
    assert len(pypdf.PdfReader(io.BytesIO(resume_pdf("", template_key="classic"))).pages) == 1


def test_long_content_flows_onto_more_pages():
    content = "## Experience\n\n" + "\n".join(f"- Achievement number {i} with some words" for i in range(200))
    assert len(pypdf.PdfReader(io.BytesIO(resume_pdf(content, template_key="classic"))).pages) > 1


@pytest.mark.parametrize("template", ["classic", "modern"])
def test_docx_opens_with_headings_lists_and_styles(template):
    document = docx.Document(io.BytesIO(resume_docx(CONTENT, template_key=template, title="CV")))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Heading 1", UNICODE_NAME) in paragraphs
    assert ("Heading 2", "EXPERIENCE") in paragraphs
    assert ("List Bullet", "Cut build time by 40%") in paragraphs
    assert ("List Bullet 2", "mentoring") in paragraphs
    assert any("LinkedIn (https://linkedin.com/in/jose)" in text for _, text in paragraphs)
    bold = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    italic = [run.text for p in document.paragraphs for run in p.runs if run.italic]
    assert "40%" in bold and "five" in italic


def test_exports_never_carry_unsafe_markup():
    content = "# Name\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n\x00\x07bad"
    document = docx.Document(io.BytesIO(resume_docx(content, template_key="classic")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "alert" not in text and "javascript" not in text
    assert "alert" not in _pdf_text(resume_pdf(content, template_key="classic"))


def test_preview_uses_the_template_class_and_sanitises():
    html = render_preview("# A\n\n<script>x()</script>", template_key="modern")
    assert 'class="resume-paper resume-template-modern"' in html
    assert "<script" not in html
    assert "resume-template-classic" in render_preview("# A", template_key="no-such")


def test_plain_text_follows_reading_order():
    text = plain_text(document_blocks(CONTENT))
    assert text.splitlines()[0] == UNICODE_NAME
    assert "- Cut build time by 40%" in text
    assert "  - mentoring" in text


def test_line_diff_marks_added_removed_and_changed():
    rows = line_diff("a\nb\nc\n", "a\nB\nc\nd\n")
    assert [row.kind for row in rows] == ["equal", "changed", "equal", "added"]
    assert rows[1].left == "b" and rows[1].right == "B"
    assert rows[3].left_number is None and rows[3].right_number == 4
    assert [row.kind for row in line_diff("x\ny", "x")] == ["equal", "removed"]


@pytest.mark.parametrize(
    "content",
    [
        "# a &#11; &#0; &#x1; &#xFFFE; b\n\n- &#x7f;",  # character references of control characters
        "\n".join(("    " * depth) + f"- level {depth}" for depth in range(40)),  # deeper than the page is wide
        "- https://example.com/" + "a" * 600,  # one word longer than a line
        "| " + " | ".join(f"c{i}" for i in range(60)) + " |\n|" + "---|" * 60,  # a very wide table
        "# \u200d\u202e عربي 😀👍🏽 \U0010ffff",
        "```\n" + "y" * 3000 + "\n```",
        "> " * 50 + "deep quote",
    ],
)
def test_exports_never_fail_on_odd_content(content):
    title = "Title \x0b with \x00 control characters"
    assert pypdf.PdfReader(io.BytesIO(resume_pdf(content, template_key="modern", title=title))).pages
    docx.Document(io.BytesIO(resume_docx(content, template_key="classic", title=title)))
