"""extract_document on real generated PDFs and DOCX files, and every kind of bad input."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader, PdfWriter

from jobs.parsing.extract import Extraction, ExtractionError, extract_document
from jobs.parsing.parse import parse_resume_text


def _pdf(pages: int = 1) -> FPDF:
    pdf = FPDF(format="Letter")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=10)
    for _ in range(pages):
        pdf.add_page()
    return pdf


def _bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())


def _single_column_pdf() -> bytes:
    pdf = _pdf()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 8, "Ann Lee", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 6, "Austin, TX | ann@example.com | linkedin.com/in/annlee", new_x="LMARGIN", new_y="NEXT",
             link="https://www.linkedin.com/in/annlee")
    pdf.cell(0, 6, "Experience", new_x="LMARGIN", new_y="NEXT")
    for title, company, dates in (("Data Analyst", "Hooli", "Jan 2020 - Present"),
                                  ("QA Engineer", "Initech LLC", "2017 - 2019")):
        y = pdf.get_y()
        pdf.cell(100, 6, f"{title}, {company}")
        pdf.set_xy(150, y)  # right-aligned dates leave a gap, but this is still one column
        pdf.cell(50, 6, dates, align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 6, "- Built dashboards in Tableau used daily by the executive team across the company",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 6, "- Automated weekly reporting, saving fifteen hours of manual work every week",
                       new_x="LMARGIN", new_y="NEXT")
    return _bytes(pdf)


LEFT = ["Contact", "ann@example.com", "(415) 867-5309", "Austin, TX", "Skills", "Python", "SQL", "Tableau"]
RIGHT = ["Summary", "Analyst with six years of experience in retail", "Experience",
         "Data Analyst, Hooli  2019 - 2021", "- Built dashboards for the executive team", "- Cut reporting time",
         "QA Engineer, Initech LLC  2017 - 2019", "- Wrote automated tests"]


def _two_column_pdf() -> bytes:
    pdf = _pdf()
    pdf.set_font("Helvetica", "B", 18)
    pdf.set_xy(10, 10)
    pdf.cell(0, 10, "Ann Lee")
    pdf.set_font("Helvetica", size=10)
    for i, (left, right) in enumerate(zip(LEFT, RIGHT, strict=True)):
        y = 25 + i * 7  # the same baselines on both sides: a naive reader interleaves them
        pdf.set_xy(10, y)
        pdf.cell(55, 6, left)
        pdf.set_xy(80, y)
        pdf.cell(120, 6, right)
    return _bytes(pdf)


def test_single_column_pdf_reads_line_by_line_with_links():
    result = extract_document(_single_column_pdf(), filename="cv.pdf")
    assert isinstance(result, Extraction)
    assert result.page_count == 1
    assert result.layout == {"multi_column": False, "tables": False, "images_only": False,
                             "has_header_footer": False}
    assert result.links == ["https://www.linkedin.com/in/annlee"]
    lines = result.text.splitlines()
    assert lines[0] == "Ann Lee"
    assert any(line.startswith("Data Analyst, Hooli") and line.endswith("Jan 2020 - Present") for line in lines)
    parsed = parse_resume_text(result.text, links=result.links)
    assert [(e["title"], e["company"]) for e in parsed["experience"]] == [
        ("Data Analyst", "Hooli"), ("QA Engineer", "Initech LLC")]


def test_two_column_pdf_reads_left_column_then_right():
    result = extract_document(_two_column_pdf())
    assert result.layout["multi_column"] is True
    lines = [line.strip() for line in result.text.splitlines() if line.strip()]
    assert lines[0] == "Ann Lee"
    assert lines[1:9] == LEFT  # the whole sidebar first, not interleaved with the main column
    assert [line.replace("  ", " ") for line in lines[9:]] == [r.replace("  ", " ") for r in RIGHT]
    parsed = parse_resume_text(result.text)
    assert parsed["email"] == "ann@example.com"
    assert parsed["skills"] == ["Python", "SQL", "Tableau"]
    assert [e["company"] for e in parsed["experience"]] == ["Hooli", "Initech LLC"]


def test_right_aligned_dates_without_bullets_stay_on_their_lines():
    pdf = _pdf()
    rows = [("Data Analyst, Hooli", "Jan 2020 - Present"), ("QA Engineer, Initech LLC", "2017 - 2019"),
            ("Support Engineer, Globex Inc.", "2015 - 2017"), ("Intern, Acme Corp", "2014 - 2015"),
            ("B.S. in Computer Science, Ohio State University", "2010 - 2014"),
            ("Teaching Assistant, Ohio State University", "2012 - 2014")]
    for i, (left, right) in enumerate(rows):
        pdf.set_xy(10, 20 + i * 8)
        pdf.cell(120, 6, left)
        pdf.set_xy(150, 20 + i * 8)
        pdf.cell(50, 6, right, align="R")
    result = extract_document(_bytes(pdf))
    assert result.layout["multi_column"] is False
    lines = [" ".join(line.split()) for line in result.text.splitlines()]
    assert lines == [f"{left} {right}" for left, right in rows]


def test_repeated_header_and_footer_are_dropped():
    pdf = FPDF(format="Letter")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=10)
    for page in (1, 2):
        pdf.add_page()
        pdf.set_xy(10, 5)
        pdf.cell(0, 5, "Ann Lee - Resume")
        pdf.set_xy(10, 30)
        pdf.cell(0, 6, f"Body text of page {page} with enough words to be real")
        pdf.set_xy(10, 265)
        pdf.cell(0, 5, f"Page {page} of 2", align="C")
    result = extract_document(_bytes(pdf))
    assert result.page_count == 2
    assert result.layout["has_header_footer"] is True
    assert "Page 1 of 2" not in result.text and "Page 2 of 2" not in result.text
    assert result.text.count("Ann Lee - Resume") == 1  # kept once, at the top of page one
    assert "Body text of page 1" in result.text and "Body text of page 2" in result.text


def test_image_only_pdf_is_refused_without_inventing_text(tmp_path):
    image = tmp_path / "scan.png"
    Image.new("RGB", (600, 800), "white").save(image)
    pdf = _pdf()
    pdf.image(str(image), x=10, y=10, w=190)
    with pytest.raises(ExtractionError) as exc:
        extract_document(_bytes(pdf))
    assert str(exc.value) == "No text could be extracted from this PDF (it looks scanned); OCR is not available."


def test_encrypted_pdf_is_refused():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_single_column_pdf())))
    writer.encrypt("secret")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(ExtractionError, match="encrypted"):
        extract_document(buf.getvalue())


def test_pdf_with_empty_user_password_is_read():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_single_column_pdf())))
    writer.encrypt(user_password="", owner_password="owner")
    buf = io.BytesIO()
    writer.write(buf)
    assert "Ann Lee" in extract_document(buf.getvalue()).text


@pytest.mark.parametrize("data", [b"%PDF-1.4\n1 0 obj garbage", _single_column_pdf.__call__()[:300]])
def test_corrupt_pdf_is_refused(data):
    with pytest.raises(ExtractionError, match="damaged"):
        extract_document(data)


def test_empty_file_is_refused():
    with pytest.raises(ExtractionError, match="empty"):
        extract_document(b"")


@pytest.mark.parametrize("data", [b"plain text resume", b"\x89PNG\r\n\x1a\n0000", b"PK\x03\x04broken zip"])
def test_other_content_is_refused(data):
    with pytest.raises(ExtractionError):
        extract_document(data, filename="resume.pdf")


def test_zip_without_document_is_not_a_word_file():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ExtractionError, match="Not a PDF or Word document"):
        extract_document(buf.getvalue())


def test_too_many_pages(settings):
    settings.RESUME_MAX_PAGES = 3
    with pytest.raises(ExtractionError, match="More than 3 pages"):
        extract_document(_bytes(_pdf(pages=4)))
    with pytest.raises(ExtractionError, match="More than 2 pages"):
        extract_document(_bytes(_pdf(pages=4)), max_pages=2)


# ----------------------------------------------------------------------------- DOCX


def _docx_bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _docx_resume() -> bytes:
    doc = Document()
    doc.add_heading("Zoë Ødegaard", level=0)
    p = doc.add_paragraph("Oslo, Norway | zoe@example.no | ")
    r_id = doc.part.relate_to("https://github.com/zoe", RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "GitHub"
    run.append(text)
    link.append(run)
    p._p.append(link)
    doc.add_heading("Employment History", level=1)
    table = doc.add_table(rows=1, cols=3)
    for cell, value in zip(table.rows[0].cells, ("Hooli", "Data Analyst", "03/2019 - 06/2021"), strict=True):
        cell.text = value
    doc.add_paragraph("Built dashboards for the executive team", style="List Bullet")
    doc.add_heading("Core Competencies", level=1)
    skills = doc.add_table(rows=0, cols=2)
    for cat, items in (("Languages", "Python, Go"), ("Tools", "Docker, Git")):
        cells = skills.add_row().cells
        cells[0].text = cat
        cells[1].text = items
    doc.sections[0].header.paragraphs[0].text = "Confidential"
    doc.sections[0].footer.paragraphs[0].text = "Page footer"
    return _docx_bytes(doc)


def test_docx_paragraphs_tables_links_and_header_footer():
    result = extract_document(_docx_resume(), filename="cv.docx")
    assert result.layout["tables"] is True
    assert result.layout["has_header_footer"] is True
    assert "Confidential" not in result.text and "Page footer" not in result.text
    assert "Hooli | Data Analyst | 03/2019 - 06/2021" in result.text  # table cells in row order
    assert "• Built dashboards for the executive team" in result.text
    assert result.links == ["https://github.com/zoe"]
    parsed = parse_resume_text(result.text, links=result.links)
    assert parsed["name"] == "Zoë Ødegaard"
    assert parsed["location"] == "Oslo, Norway"
    assert parsed["links"] == ["https://github.com/zoe"]
    assert parsed["skills"] == ["Python", "Go", "Docker", "Git"]
    [job] = parsed["experience"]
    assert (job["company"], job["title"], job["start"], job["end"]) == ("Hooli", "Data Analyst", "2019-03", "2021-06")
    assert job["bullets"] == ["Built dashboards for the executive team"]


def test_docx_layout_table_is_read_cell_by_cell():
    doc = Document()
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "Contact"
    left.add_paragraph("ann@example.com")
    right.text = "Experience"
    right.add_paragraph("Data Analyst, Hooli  2019 - 2021")
    result = extract_document(_docx_bytes(doc))
    assert result.text.splitlines() == ["Contact", "ann@example.com", "Experience", "Data Analyst, Hooli  2019 - 2021"]
    assert result.layout["multi_column"] is True


def test_docx_contact_only_in_header_is_used():
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "ann@example.com | (415) 867-5309"
    doc.add_paragraph("Ann Lee")
    doc.add_paragraph("Skills")
    doc.add_paragraph("Python")
    result = extract_document(_docx_bytes(doc))
    parsed = parse_resume_text(result.text)
    assert (parsed["email"], parsed["phone"], parsed["name"]) == ("ann@example.com", "(415) 867-5309", "Ann Lee")


def test_docx_zip_bomb_by_ratio_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document/>")
        z.writestr("word/media/bomb.bin", b"\0" * (5 * 1024 * 1024))
    with pytest.raises(ExtractionError, match="unreasonable size"):
        extract_document(buf.getvalue())


def test_docx_zip_bomb_by_total_size_is_refused():
    buf = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document/>")
        for i in range(51):
            z.writestr(f"word/media/part{i}.bin", chunk)
    with pytest.raises(ExtractionError, match="unreasonable size"):
        extract_document(buf.getvalue())


def test_corrupt_docx_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", b"<not really xml")
    with pytest.raises(ExtractionError, match="damaged"):
        extract_document(buf.getvalue())


def test_empty_docx_has_no_text():
    with pytest.raises(ExtractionError, match="No text could be extracted"):
        extract_document(_docx_bytes(Document()))


def test_docx_with_pdf_extension_is_read_by_content():
    assert "Hooli" in extract_document(_docx_resume(), filename="resume.pdf").text


def _text_box_paragraph(texts: list[str]) -> str:
    paras = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in texts)
    return (
        '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml">'
        "<w:r><w:t>Before box</w:t></w:r>"
        "<w:r><mc:AlternateContent>"
        f"<mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>{paras}</w:txbxContent></wps:txbx>"
        "</w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:textbox><w:txbxContent>{paras}</w:txbxContent></v:textbox></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
        "<w:r><w:t> after box</w:t></w:r></w:p>"
    )


def test_docx_text_box_sidebar_is_read_once():
    from lxml import etree

    doc = Document()
    doc.add_paragraph("Ann Lee")
    box = etree.fromstring(_text_box_paragraph(["Skills", "Python", "SQL"]))
    doc.element.body.insert(1, box)
    result = extract_document(_docx_bytes(doc))
    assert result.text.splitlines() == ["Ann Lee", "Before box after box", "Skills", "Python", "SQL"]
    assert result.layout["multi_column"] is True
    assert parse_resume_text(result.text)["skills"] == ["Python", "SQL"]
