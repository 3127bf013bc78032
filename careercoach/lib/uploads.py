"""User file uploads (job documents, resumes): what a file *is*, judged by its content.

A file's name and the Content-Type the browser sent are both chosen by the uploader,
so neither is trusted: the kind comes from the bytes (magic numbers, and for zip
containers the entries inside), and the stored name gets an extension that matches
that kind. Every check runs before anything is written.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat


@dataclass(frozen=True)
class FileKind:
    name: str
    label: str  # for messages: "a PDF", "a Word document"
    mime_type: str
    extensions: tuple[str, ...]  # accepted on the stored name; the first is the one added when missing


PDF = FileKind("pdf", "a PDF", "application/pdf", (".pdf",))
DOCX = FileKind(
    "docx", "a Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)
)
ODT = FileKind("odt", "an OpenDocument text document", "application/vnd.oasis.opendocument.text", (".odt",))
PNG = FileKind("png", "a PNG image", "image/png", (".png",))
JPEG = FileKind("jpeg", "a JPEG image", "image/jpeg", (".jpg", ".jpeg"))
TEXT = FileKind("text", "a text file", "text/plain", (".txt", ".text", ".csv", ".log", ".rst"))
MARKDOWN = FileKind("markdown", "a Markdown file", "text/markdown", (".md", ".markdown"))

DOCUMENT_KINDS = (PDF, DOCX, ODT, TEXT, MARKDOWN, PNG, JPEG)
RESUME_KINDS = (PDF, DOCX)

DOCUMENT_ACCEPT = ".pdf,.docx,.odt,.txt,.md,.markdown,.png,.jpg,.jpeg"
RESUME_ACCEPT = ".pdf,.docx"
DOCUMENT_FORMATS_TEXT = "PDF, Word (.docx), OpenDocument (.odt), plain text, Markdown, PNG or JPEG"
RESUME_FORMATS_TEXT = "PDF or Word (.docx)"

# Zip containers are opened to look inside: refuse archives whose entries would
# inflate to absurd sizes (zip bombs) before reading any entry.
_ZIP_MAX_ENTRIES = 5000
_ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

# The tags WHATWG's MIME sniffing treats as HTML, plus XML/SVG: such a file is a web
# page, not a text document, and would run scripts if ever opened by a browser.
_MARKUP_START = re.compile(
    rb"^\s*<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--|\?xml|svg)[\s>/]",
    re.IGNORECASE,
)
# Text may hold tabs, newlines, carriage returns and form feeds; other control
# characters mean a binary file that happens to decode.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed its checks: its bytes, what it is, and a safe name."""

    data: bytes
    kind: FileKind
    filename: str

    @property
    def mime_type(self) -> str:
        return self.kind.mime_type

    @property
    def size(self) -> int:
        return len(self.data)


def read_limited(upload, *, max_bytes: int) -> bytes:
    """All of ``upload``'s bytes, refusing anything over ``max_bytes`` or empty."""
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            "That file is %(size)s; the limit is %(limit)s.",
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            "That file is larger than the %(limit)s limit.",
            code="too_large",
            params={"limit": filesizeformat(max_bytes)},
        )
    if not data:
        raise ValidationError("That file is empty.", code="empty")
    return data


def sniff(data: bytes, *, filename: str = "") -> FileKind | None:
    """The kind of file ``data`` is, or None when it is none we accept.

    ``filename`` is only a hint between plain text and Markdown, which the bytes
    cannot tell apart.
    """
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if _is_text(data):
        return MARKDOWN if filename.lower().endswith((".md", ".markdown")) else TEXT
    return None


def _sniff_zip(data: bytes) -> FileKind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > _ZIP_MAX_ENTRIES or sum(info.file_size for info in infos) > _ZIP_MAX_UNCOMPRESSED:
                return None
            names = {info.filename for info in infos}
            if "mimetype" in names and archive.read("mimetype").strip() == _ODT_MIMETYPE and "content.xml" in names:
                archive.read("content.xml")  # inflates it: a corrupt entry fails here (CRC check)
                return ODT
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                content_types = archive.read("[Content_Types].xml")
                # .docm: the same container with VBA macros inside.
                if "word/vbaProject.bin" in names or b"macroEnabled" in content_types:
                    return None
                archive.read("word/document.xml")
                return DOCX
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        OSError,
        ValueError,
        EOFError,
        KeyError,
        NotImplementedError,  # an unsupported compression method
        RuntimeError,  # an encrypted entry
    ):
        return None
    return None


def _is_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not _CONTROL_CHARS.search(text) and not _MARKUP_START.match(data.removeprefix(b"\xef\xbb\xbf"))


def _describe(data: bytes) -> str:
    """Why a file we do not accept was refused, in words its owner recognises."""
    if data.startswith(b"MZ") or data.startswith(b"\x7fELF"):
        return "That file is a program, which cannot be uploaded."
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "Old Word (.doc) files are not accepted. Save it as .docx or PDF and upload that."
    if data.startswith(b"PK\x03\x04"):
        return "That file is a zip archive, not a Word (.docx) or OpenDocument (.odt) document."
    if _MARKUP_START.match(data.removeprefix(b"\xef\xbb\xbf")):
        return "That file is a web page (HTML or XML). Save it as PDF and upload that."
    return "That kind of file is not accepted."


def safe_filename(name: str, *, kind: FileKind, fallback: str = "file") -> str:
    """``name`` made safe to store and to send back in Content-Disposition.

    Drops any directory part, control and formatting characters (including the
    right-to-left override used to disguise "fdp.exe" as "exe.pdf"), characters
    that are special on common filesystems, and gives it an extension that
    matches its content.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[<>:"|?*;%]', "_", name)
    name = " ".join(name.split()).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if dot and f".{extension.lower()}" in kind.extensions:
        extension = extension.lower()
    else:
        stem, extension = name, kind.extensions[0][1:]
    stem = stem.strip(" .")[:150].rstrip(" .") or fallback
    return f"{stem}.{extension}"


def filename_stem(filename: str) -> str:
    """A title made from a (safe) file name: "Jane Doe CV.pdf" → "Jane Doe CV"."""
    stem = filename.rpartition(".")[0] or filename
    return " ".join(stem.replace("_", " ").split())[:200]


def document_check(upload) -> CheckedFile:
    """A job document: PDF, DOCX, ODT, UTF-8 text or Markdown, PNG or JPEG, up to DOCUMENT_MAX_BYTES."""
    data = read_limited(upload, max_bytes=settings.DOCUMENT_MAX_BYTES)
    kind = sniff(data, filename=upload.name or "")
    if kind not in DOCUMENT_KINDS:
        raise ValidationError(
            "%(reason)s Upload a %(formats)s file.",
            code="unsupported_type",
            params={"reason": _describe(data), "formats": DOCUMENT_FORMATS_TEXT},
        )
    if kind in (PNG, JPEG):
        _check_image(data)
    return CheckedFile(data=data, kind=kind, filename=safe_filename(upload.name, kind=kind, fallback="document"))


def resume_check(upload) -> CheckedFile:
    """A resume: a PDF that opens, unencrypted, within RESUME_MAX_PAGES; or a DOCX. Up to RESUME_MAX_BYTES."""
    data = read_limited(upload, max_bytes=settings.RESUME_MAX_BYTES)
    kind = sniff(data, filename=upload.name or "")
    if kind not in RESUME_KINDS:
        reason = _describe(data) if kind is None else f"That file is {kind.label}."
        raise ValidationError(
            "%(reason)s Upload your resume as a PDF or Word (.docx) file.",
            code="unsupported_type",
            params={"reason": reason},
        )
    if kind is PDF:
        pdf_check(data, max_pages=settings.RESUME_MAX_PAGES)
    return CheckedFile(data=data, kind=kind, filename=safe_filename(upload.name, kind=kind, fallback="resume"))


def pdf_check(data: bytes, *, max_pages: int) -> int:
    """Open ``data`` with pypdf and return its page count; refuse encrypted, damaged or long PDFs."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
        pages = None if encrypted else len(reader.pages)
    except Exception:
        # pypdf raises many exception types (and some plain ValueError/KeyError/
        # RecursionError) on malformed input; for an upload they all mean the same.
        raise ValidationError(
            "That PDF is damaged and cannot be opened. Export it again from your editor and upload the new file.",
            code="invalid_pdf",
        ) from None
    if encrypted:
        raise ValidationError(
            "That PDF is encrypted (password-protected or with copy restrictions). "
            "Save or export a copy without protection and upload that.",
            code="encrypted_pdf",
        )
    if not pages:
        raise ValidationError("That PDF has no pages.", code="invalid_pdf")
    if pages > max_pages:
        raise ValidationError(
            "That PDF has %(pages)d pages; a resume can have at most %(max)d.",
            code="too_many_pages",
            params={"pages": pages, "max": max_pages},
        )
    return pages


def _check_image(data: bytes) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()  # truncated or corrupt image data fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError("That image is damaged and cannot be opened.", code="invalid_image") from None
