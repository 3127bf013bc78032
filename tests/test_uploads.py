"""careercoach.lib.uploads: files judged by content, sizes, PDF checks and safe names.

The builders at the top make real files (PDF with pypdf, DOCX/ODT zips, images with
Pillow); the job tests import them.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from careercoach.lib import uploads

# --- Real files ---------------------------------------------------------------------------------

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode."
)
HTML_BYTES = b"<!DOCTYPE html>\n<html><head><title>x</title></head><body><script>alert(1)</script></body></html>"


def pdf_bytes(pages: int = 1, *, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    if password is not None:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _zip(entries: list[tuple[str, bytes]], *, first_stored: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            compress = zipfile.ZIP_STORED if first_stored and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=compress)
    return out.getvalue()


def docx_bytes(*, macros: bool = False) -> bytes:
    main = (
        "application/vnd.ms-word.document.macroEnabled.main+xml"
        if macros
        else ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        "</Relationships>"
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Jane Doe — Senior Engineer</w:t></w:r></w:p></w:body></w:document>"
    )
    entries = [
        ("[Content_Types].xml", content_types.encode()),
        ("_rels/.rels", rels.encode()),
        ("word/document.xml", document.encode()),
    ]
    if macros:
        entries.append(("word/vbaProject.bin", b"\x00" * 64))
    return _zip(entries)


def odt_bytes() -> bytes:
    return _zip(
        [
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            (
                "content.xml",
                b'<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
            ),
            ("META-INF/manifest.xml", b'<?xml version="1.0"?><manifest/>'),
        ],
        first_stored=True,
    )


def plain_zip_bytes() -> bytes:
    return _zip([("notes.txt", b"hello"), ("photo.bin", b"\x00\x01")])


def image_bytes(format: str = "PNG", size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format=format)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- Sniffing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (pdf_bytes(), "cv.pdf", uploads.PDF),
        (docx_bytes(), "cv.docx", uploads.DOCX),
        (odt_bytes(), "cv.odt", uploads.ODT),
        (image_bytes("PNG"), "a.png", uploads.PNG),
        (image_bytes("JPEG"), "a.jpg", uploads.JPEG),
        ("Notes — café ☕\nline two\n".encode(), "notes.txt", uploads.TEXT),
        (b"# Heading\n\n* item\n", "readme.md", uploads.MARKDOWN),
        (b"\xef\xbb\xbfwith a BOM", "bom.txt", uploads.TEXT),
    ],
)
def test_sniff_recognises_accepted_kinds(data, name, kind):
    assert uploads.sniff(data, filename=name) is kind


def test_sniff_ignores_the_name_for_binary_kinds():
    assert uploads.sniff(pdf_bytes(), filename="photo.png") is uploads.PDF
    assert uploads.sniff(image_bytes("PNG"), filename="resume.pdf") is uploads.PNG


@pytest.mark.parametrize(
    "data",
    [
        EXE_BYTES,
        HTML_BYTES,
        b"  <html><body>hi</body></html>",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"\xff\xfeU\x00T\x00F\x00-\x001\x006\x00",  # UTF-16: not UTF-8 text
        b"caf\xe9 latin-1",
        b"text with a \x00 NUL byte",
        plain_zip_bytes(),
        docx_bytes(macros=True),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,  # old .doc (OLE)
        b"PK\x03\x04 truncated zip",
    ],
    ids=["exe", "html", "html-indented", "svg", "utf16", "latin1", "nul", "zip", "docm", "doc", "broken-zip"],
)
def test_sniff_refuses_everything_else(data):
    assert uploads.sniff(data, filename="innocent.pdf") is None


def test_zip_that_would_inflate_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "_ZIP_MAX_UNCOMPRESSED", 1000)
    data = _zip([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b" " * 5000)])
    assert uploads.sniff(data) is None


# --- document_check / resume_check ----------------------------------------------------------------


def test_document_check_returns_data_kind_and_safe_name():
    checked = uploads.document_check(upload("../../etc/Offer Letter.PDF", pdf_bytes()))
    assert checked.kind is uploads.PDF
    assert checked.mime_type == "application/pdf"
    assert checked.filename == "Offer Letter.pdf"
    assert checked.size == len(checked.data) > 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (EXE_BYTES, "program"),
        (HTML_BYTES, "web page"),
        (plain_zip_bytes(), "zip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Old Word"),
        (b"\x00\x01\x02\x03 binary", "not accepted"),
    ],
)
def test_document_check_explains_refusals(data, message):
    with pytest.raises(ValidationError) as exc:
        uploads.document_check(upload("file.pdf", data))
    assert exc.value.code == "unsupported_type"
    assert message in exc.value.messages[0]
    assert "PDF, Word (.docx)" in exc.value.messages[0]


def test_document_check_refuses_too_large_and_empty(settings):
    settings.DOCUMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as exc:
        uploads.document_check(upload("big.txt", b"a" * 101))
    assert exc.value.code == "too_large" and "100\xa0bytes" in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        uploads.document_check(upload("empty.txt", b""))
    assert exc.value.code == "empty"


def test_document_check_refuses_a_truncated_image():
    with pytest.raises(ValidationError) as exc:
        uploads.document_check(upload("a.png", image_bytes("PNG")[:60]))
    assert exc.value.code == "invalid_image"


def test_document_check_keeps_markdown_apart_from_text():
    assert uploads.document_check(upload("plan.md", b"# Plan")).mime_type == "text/markdown"
    assert uploads.document_check(upload("plan.txt", b"# Plan")).mime_type == "text/plain"


def test_resume_check_accepts_pdf_and_docx():
    assert uploads.resume_check(upload("cv.pdf", pdf_bytes(2))).kind is uploads.PDF
    checked = uploads.resume_check(upload("cv", docx_bytes()))
    assert (checked.kind, checked.mime_type, checked.filename) == (uploads.DOCX, DOCX_MIME, "cv.docx")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (odt_bytes(), "OpenDocument"),
        (image_bytes("PNG"), "PNG image"),
        (b"just text", "text file"),
        (EXE_BYTES, "program"),
    ],
)
def test_resume_check_accepts_only_pdf_and_docx(data, message):
    with pytest.raises(ValidationError) as exc:
        uploads.resume_check(upload("cv.pdf", data))
    assert message in exc.value.messages[0] and "PDF or Word (.docx)" in exc.value.messages[0]


def test_resume_check_refuses_encrypted_pdf():
    with pytest.raises(ValidationError) as exc:
        uploads.resume_check(upload("cv.pdf", pdf_bytes(password="secret")))
    assert exc.value.code == "encrypted_pdf"


@pytest.mark.parametrize(
    "data", [b"%PDF-1.7\nthis is not really a pdf", pdf_bytes(3)[:-300]], ids=["garbage", "truncated"]
)
def test_resume_check_refuses_corrupt_pdf(data):
    with pytest.raises(ValidationError) as exc:
        uploads.resume_check(upload("cv.pdf", data))
    assert exc.value.code == "invalid_pdf"
    assert "damaged" in exc.value.messages[0]


def test_resume_check_refuses_too_many_pages(settings):
    settings.RESUME_MAX_PAGES = 2
    uploads.resume_check(upload("cv.pdf", pdf_bytes(2)))
    with pytest.raises(ValidationError) as exc:
        uploads.resume_check(upload("cv.pdf", pdf_bytes(3)))
    assert exc.value.code == "too_many_pages"
    assert exc.value.messages == ["That PDF has 3 pages; a resume can have at most 2."]


def test_resume_check_uses_the_resume_size_limit(settings):
    settings.RESUME_MAX_BYTES = 200
    with pytest.raises(ValidationError) as exc:
        uploads.resume_check(upload("cv.pdf", pdf_bytes()))
    assert exc.value.code == "too_large"


# --- Names -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("Résumé 2024.PDF", uploads.PDF, "Résumé 2024.pdf"),
        ("C:\\Users\\me\\cv.pdf", uploads.PDF, "cv.pdf"),
        ("../../etc/passwd", uploads.TEXT, "passwd.txt"),
        ('evil"; filename="x.pdf', uploads.PDF, "evil__ filename=_x.pdf"),
        ("invoice\u202efdp.exe", uploads.PDF, "invoicefdp.exe.pdf"),
        ("payload.exe", uploads.PDF, "payload.exe.pdf"),
        ("page.html", uploads.TEXT, "page.html.txt"),
        ("photo.jpeg", uploads.JPEG, "photo.jpeg"),
        ("line\nbreak\r.txt", uploads.TEXT, "linebreak.txt"),
        ("", uploads.PDF, "file.pdf"),
        ("...", uploads.PDF, "file.pdf"),
        ("a" * 300 + ".pdf", uploads.PDF, "a" * 150 + ".pdf"),
    ],
)
def test_safe_filename(name, kind, expected):
    assert uploads.safe_filename(name, kind=kind) == expected


def test_filename_stem_makes_a_title():
    assert uploads.filename_stem("Jane_Doe  CV.pdf") == "Jane Doe CV"
    assert uploads.filename_stem("noext") == "noext"
