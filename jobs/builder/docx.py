"""Builder resume → DOCX with python-docx, from the blocks of jobs/builder/render.py.

Plain Word structure that ATS read well: real Heading styles, body paragraphs,
List Bullet / List Number paragraphs, bold and italic runs; links come out as
their text followed by the address when the two differ. No tables, text boxes or
headers/footers.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Pt, RGBColor

from careercoach.lib.markdown import clean_text
from jobs.builder.render import Block, Run, document_blocks
from jobs.builder.templates import ResumeTemplate, template_get

_HEADING_SIZES = {1: 20, 2: 13, 3: 11.5, 4: 11, 5: 11, 6: 11}


def _add_runs(paragraph, runs: list[Run], *, template: ResumeTemplate, bold=False, italic=False) -> None:
    for run in runs:
        if run.text == "\n":
            paragraph.add_run().add_break(WD_BREAK.LINE)
            continue
        text = run.text
        if run.href:
            address = run.href.removeprefix("mailto:")
            if address.strip() != text.strip():
                text = f"{text} ({address})"
        added = paragraph.add_run(text)
        added.bold = bold or run.bold or None
        added.italic = italic or run.italic or None
        if run.code:
            added.font.name = "Courier New"


def _style_document(document, template: ResumeTemplate) -> None:
    normal = document.styles["Normal"]
    normal.font.name = template.docx_body_font
    normal.font.size = Pt(10.5)
    color = RGBColor.from_string(template.heading_hex)
    for level, size in _HEADING_SIZES.items():
        style = document.styles["Title" if level == 0 else f"Heading {level}"]
        style.font.name = template.docx_heading_font
        style.font.size = Pt(size)
        style.font.color.rgb = color
        style.font.bold = True


def resume_docx(content: str, *, template_key: str, title: str = "Resume", author: str = "") -> bytes:
    """The builder's markdown ``content`` as a Word document in the template ``template_key``."""
    template = template_get(template_key)
    document = Document()
    _style_document(document, template)
    document.core_properties.title = clean_text(title)[:255]
    document.core_properties.author = clean_text(author)[:255]
    for block in document_blocks(content):
        _add_block(document, block, template)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_block(document, block: Block, template: ResumeTemplate) -> None:
    if block.kind == "heading":
        paragraph = document.add_heading(level=block.level)
        runs = block.runs
        if block.level == 2:
            runs = [Run(run.text.upper(), run.bold, run.italic, run.code, run.href) for run in runs]
        _add_runs(paragraph, runs, template=template)
    elif block.kind == "item":
        style = "List Number" if block.ordered else "List Bullet"
        if block.level > 1:
            style += f" {min(block.level, 3)}"
        _add_runs(document.add_paragraph(style=style), block.runs, template=template)
    elif block.kind == "quote":
        _add_runs(document.add_paragraph(style="Quote"), block.runs, template=template)
    elif block.kind == "code":
        paragraph = document.add_paragraph()
        run = paragraph.add_run(block.text)
        run.font.name = "Courier New"
        run.font.size = Pt(9)
    elif block.kind == "table":
        for index, row in enumerate(block.rows):
            paragraph = document.add_paragraph()
            _add_runs(paragraph, [Run(" | ".join(row), bold=block.header and index == 0)], template=template)
    elif block.kind == "rule":
        document.add_paragraph()
    else:
        _add_runs(document.add_paragraph(), block.runs, template=template)
