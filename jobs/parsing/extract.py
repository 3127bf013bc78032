"""Text out of an uploaded resume (PDF or DOCX), in reading order.

`extract_document(data, filename=...)` returns an `Extraction` or raises
`ExtractionError` with a message a job seeker can act on. Nothing is guessed: a PDF
with no extractable text (a scan) is an error, never an empty or invented resume.

PDF: word positions from PDFium (pypdfium2; pdfplumber was ~20x slower per page and
missed the speed target). Per page, a vertical gutter that most lines leave clear
means two columns (or a sidebar): the left column is read before the right one
instead of interleaving their lines. Lines repeated at the top or bottom of several
pages (running headers, "Page 1 of 2" footers) are dropped after their first use.

DOCX: body paragraphs and tables in document order (a table with one-line cells
becomes one "a | b | c" line per row; a layout table with paragraphs in its cells is
read cell by cell). Headers and footers are not body text; they are only used when
they hold contact details the body lacks (Word resumes often put them there).
"""

from __future__ import annotations

import io
import logging
import re
import threading
import zipfile
from dataclasses import dataclass, field

# A DOCX is a zip: refuse archives that would inflate past these before reading any entry.
DOCX_MAX_UNCOMPRESSED = 50 * 1024 * 1024
DOCX_MAX_RATIO = 200  # a single entry inflating more than 200x its compressed size is not a resume
DOCX_MAX_ENTRIES = 2000

NO_TEXT_SCANNED = "No text could be extracted from this PDF (it looks scanned); OCR is not available."
NO_TEXT = "No text could be extracted from this document; OCR is not available."
ENCRYPTED = "This PDF is encrypted (password-protected). Save an unprotected copy and upload that."
DAMAGED_PDF = "The file is damaged and could not be read as a PDF."
DAMAGED_DOCX = "The file is damaged and could not be read as a Word document."
NOT_SUPPORTED = "Not a PDF or Word document (.docx)."
EMPTY = "The file is empty."
ZIP_BOMB = "This Word document expands to an unreasonable size and was refused."


class ExtractionError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass
class Extraction:
    text: str
    page_count: int
    links: list[str] = field(default_factory=list)
    layout: dict = field(default_factory=dict)


def _layout(**flags) -> dict:
    base = {"multi_column": False, "tables": False, "images_only": False, "has_header_footer": False}
    base.update(flags)
    return base


def _max_pages() -> int:
    try:
        from django.conf import settings

        return int(getattr(settings, "RESUME_MAX_PAGES", 10))
    except Exception:  # settings not configured (stand-alone scripts)
        return 10


def extract_document(data: bytes, *, filename: str = "", max_pages: int | None = None) -> Extraction:
    if not data:
        raise ExtractionError(EMPTY)
    limit = max_pages if max_pages is not None else _max_pages()
    head = data[:1024]
    if b"%PDF-" in head:
        return _extract_pdf(data, max_pages=limit)
    if data[:4] == b"PK\x03\x04":
        return _extract_docx(data)
    raise ExtractionError(NOT_SUPPORTED)


# ----------------------------------------------------------------------------- PDF

_DIGITS = re.compile(r"\d+")


# PDFium is not thread-safe: one document at a time per process (threaded dev server, tests).
_PDFIUM_LOCK = threading.Lock()


def _extract_pdf(data: bytes, *, max_pages: int) -> Extraction:
    with _PDFIUM_LOCK:
        page_count, page_lines, multi_column, has_images = _read_pdf_pages(data, max_pages=max_pages)
    if not any(line.text.strip() for lines in page_lines for line in lines):
        raise ExtractionError(NO_TEXT_SCANNED if has_images else NO_TEXT)
    texts, header_footer = _drop_running_lines(page_lines)
    text = "\n\n".join(t for t in texts if t).translate(_LIGATURES)
    # A scan with a typed line or two on it: keep the text, but flag it for the ATS report.
    images_only = has_images and len(text.strip()) < 200
    return Extraction(
        text=text,
        page_count=page_count,
        links=_pdf_links(data),
        layout=_layout(multi_column=multi_column, has_header_footer=header_footer, images_only=images_only),
    )


def _read_pdf_pages(data: bytes, *, max_pages: int) -> tuple[int, list[list[_Line]], bool, bool]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise ExtractionError(ENCRYPTED) from e
        raise ExtractionError(DAMAGED_PDF) from e
    try:
        page_count = len(pdf)
        if page_count > max_pages:
            raise ExtractionError(f"More than {max_pages} pages ({page_count}); a resume should be much shorter.")
        if not page_count:
            raise ExtractionError(DAMAGED_PDF)
        page_lines: list[list[_Line]] = []
        multi_column = False
        has_images = False
        try:
            for index in range(page_count):
                page = pdf[index]
                width, height = page.get_size()
                textpage = page.get_textpage()
                words = _pdfium_words(textpage, height)
                lines, split = _page_lines(words, float(width), float(height))
                multi_column = multi_column or split
                page_lines.append(lines)
                if not has_images:
                    has_images = any(True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2))
                textpage.close()
                page.close()
        except ExtractionError:
            raise
        except Exception as e:  # pdfium raises for pages it cannot render
            raise ExtractionError(DAMAGED_PDF) from e
    finally:
        pdf.close()
    return page_count, page_lines, multi_column, has_images


_LIGATURES = str.maketrans({"ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})


def _pdfium_words(textpage, page_height: float) -> list[dict]:
    """Words with positions (pdfplumber's shape: x0, x1, top, bottom, text).

    PDFium groups characters into text segments ("rects") with exact boxes; words
    inside a segment get positions in proportion to their characters. Only a
    segment's outer edges matter for finding columns, and those are exact.
    PDFium is used rather than pdfplumber because it is ~20x faster per page.
    """
    words: list[dict] = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top)
        text = text.replace("\r", " ").replace("\n", " ").replace("\x02", "-").replace("\ufffe", "")
        if not text.strip():
            continue
        step = (right - left) / max(1, len(text))
        for m in re.finditer(r"\S+", text):
            words.append({
                "text": m.group(0),
                "x0": left + m.start() * step,
                "x1": left + m.end() * step if m.end() < len(text.rstrip()) else right,
                "top": page_height - top,
                "bottom": page_height - bottom,
                # The segment's edges: a segment is never split between columns.
                "sx0": left,
                "sx1": right,
            })
    return words


def _pdf_links(data: bytes) -> list[str]:
    """URIs of link annotations (clickable LinkedIn/GitHub/portfolio links)."""
    links: list[str] = []
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)  # damaged xref tables are PDFium's business, not log noise
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        for page in reader.pages:
            for ref in page.get("/Annots") or []:
                annot = ref.get_object()
                action = annot.get("/A")
                action = action.get_object() if action is not None else None
                uri = action.get("/URI") if action is not None else None
                if uri:
                    uri = str(uri)
                    if uri not in links:
                        links.append(uri)
    except Exception:  # links are a bonus: a broken annotation must not fail the extraction
        return links
    finally:
        pypdf_log.setLevel(level)
    return links


@dataclass
class _Line:
    top: float
    bottom: float
    words: list[dict]
    page_height: float

    @property
    def text(self) -> str:
        out = []
        prev = None
        for w in self.words:
            if prev is not None:
                gap = w["x0"] - prev["x1"]
                size = max(1.0, (prev["bottom"] - prev["top"]))
                # A wide gap inside a line (title … right-aligned dates) is kept visible
                # as a double space so the parser can treat both sides separately.
                out.append("  " if gap > size * 1.5 else " ")
            out.append(w["text"])
            prev = w
        return "".join(out)


def _group_lines(words: list[dict], page_height: float) -> list[_Line]:
    lines: list[_Line] = []
    for w in sorted(words, key=lambda w: (round(w["top"], 1), w["x0"])):
        mid = (w["top"] + w["bottom"]) / 2
        for line in reversed(lines[-3:]):
            if line.top - 1 <= mid <= line.bottom + 1:
                line.words.append(w)
                line.top = min(line.top, w["top"])
                line.bottom = max(line.bottom, w["bottom"])
                break
        else:
            lines.append(_Line(w["top"], w["bottom"], [w], page_height))
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    lines.sort(key=lambda line: line.top)
    return lines


def _find_gutter(lines: list[_Line], width: float) -> float | None:
    """An x position that most lines leave clear, with text on both sides of it."""
    if len(lines) < 6:
        return None
    best = None
    step = 2.0
    x = width * 0.15
    while x < width * 0.85:
        crossing = left = right = 0
        for line in lines:
            has_left = has_right = False
            for w in line.words:
                if w.get("sx0", w["x0"]) - 4 < x < w.get("sx1", w["x1"]) + 4:
                    crossing += 1
                    break
                if w["x1"] <= x:
                    has_left = True
                else:
                    has_right = True
            else:
                left += has_left
                right += has_right
        if left >= 3 and right >= 3 and crossing <= max(1, len(lines) // 8):
            score = (crossing, -min(left, right))
            if best is None or score < best[0]:
                best = (score, x)
        x += step
    if best is None:
        return None
    # Right-aligned dates in a single-column resume also leave a gap, but only on the
    # heading lines; a real second column holds words on many lines of its own.
    x = best[1]
    right_lines = [line for line in lines if any(w["x0"] > x for w in line.words)]
    right_words = sum(1 for line in right_lines for w in line.words if w["x0"] > x)
    both = sum(1 for line in lines if any(w["x1"] <= x for w in line.words) and any(w["x0"] > x for w in line.words))
    only_right = len(right_lines) - both
    if only_right < 2 and right_words < len(right_lines) * 4:
        return None
    # Right-aligned dates and places on heading lines ("Acme Corp ....... 2019 – 2021")
    # are not a column either, however many lines have them.
    right_texts = [" ".join(w["text"] for w in line.words if w["x0"] > x) for line in right_lines]
    dated = sum(1 for t in right_texts if _DATE_HINT.search(t))
    if dated >= 0.6 * len(right_texts):
        return None
    return x


_DATE_HINT = re.compile(r"\b(?:19|20)\d\d\b|\b(?:present|current|now)\b", re.IGNORECASE)


def _page_lines(words: list[dict], width: float, height: float) -> tuple[list[_Line], bool]:
    lines = _group_lines(words, height)
    gutter = _find_gutter(lines, width)
    if gutter is None:
        return lines, False
    out: list[_Line] = []
    left: list[_Line] = []
    right: list[_Line] = []

    def flush():
        out.extend(left)
        out.extend(right)
        left.clear()
        right.clear()

    for line in lines:
        if any(w.get("sx0", w["x0"]) - 4 < gutter < w.get("sx1", w["x1"]) + 4 for w in line.words):
            flush()  # a full-width line (banner, footer) separates column regions
            out.append(line)
            continue
        lw = [w for w in line.words if w["x1"] <= gutter]
        rw = [w for w in line.words if w["x0"] > gutter]
        if lw:
            left.append(_Line(line.top, line.bottom, lw, height))
        if rw:
            right.append(_Line(line.top, line.bottom, rw, height))
    flush()
    return out, True


def _running_key(text: str) -> str:
    text = " ".join(text.lower().split())
    # Page numbers differ between copies of a footer: "Page 1 of 2" / "Page 2 of 2".
    if len(text.split()) <= 5 or re.search(r"\bpage\s+\d+\s*(?:of|/)\s*\d+", text):
        return _DIGITS.sub("#", text)
    return text


def _drop_running_lines(page_lines: list[list[_Line]]) -> tuple[list[str], bool]:
    """Drop lines repeated in the top/bottom band of several pages (kept once, on the first)."""
    found = False
    if len(page_lines) >= 2:
        counts: dict[str, int] = {}
        for lines in page_lines:
            keys = {_running_key(line.text) for line in _edge_lines(lines)}
            for key in keys:
                counts[key] = counts.get(key, 0) + 1
        repeated = {k for k, n in counts.items() if n >= 2 and k.strip()}
        if repeated:
            found = True
            kept_once: set[str] = set()
            new_pages = []
            for index, lines in enumerate(page_lines):
                edges = {id(line) for line in _edge_lines(lines)}
                kept = []
                for line in lines:
                    key = _running_key(line.text)
                    if id(line) in edges and key in repeated:
                        # A running header on page one (often the name) is read once;
                        # page numbers and later copies are dropped.
                        is_top = line.top < line.page_height * 0.5
                        if index == 0 and is_top and key not in kept_once and "#" not in key:
                            kept_once.add(key)
                            kept.append(line)
                        continue
                    kept.append(line)
                new_pages.append(kept)
            page_lines = new_pages
    return ["\n".join(line.text for line in lines).strip() for lines in page_lines], found


def _edge_lines(lines: list[_Line]) -> list[_Line]:
    if not lines:
        return []
    height = lines[0].page_height
    top = [line for line in lines[:3] if line.top < height * 0.12]
    bottom = [line for line in lines[-3:] if line.bottom > height * 0.88]
    return top + bottom


# ----------------------------------------------------------------------------- DOCX


def _check_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise ExtractionError(DAMAGED_DOCX) from e
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        raise ExtractionError(NOT_SUPPORTED)
    if len(infos) > DOCX_MAX_ENTRIES:
        raise ExtractionError(ZIP_BOMB)
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > DOCX_MAX_RATIO * max(1, info.compress_size):
            raise ExtractionError(ZIP_BOMB)
    if total > DOCX_MAX_UNCOMPRESSED:
        raise ExtractionError(ZIP_BOMB)
    return archive


def _extract_docx(data: bytes) -> Extraction:
    _check_zip(data)
    try:
        import docx
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        document = docx.Document(io.BytesIO(data))
    except ExtractionError:
        raise
    except Exception as e:
        raise ExtractionError(DAMAGED_DOCX) from e

    try:
        lines: list[str] = []
        state = {"tables": False, "layout_table": False}
        _docx_blocks(document.element.body, lines, state)
        body = "\n".join(lines).strip()

        header_lines: list[str] = []
        for section in document.sections:
            for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
                try:
                    if part.is_linked_to_previous:
                        continue
                    block: list[str] = []
                    _docx_blocks(part._element, block, {"tables": False, "layout_table": False})
                except Exception:
                    continue
                for line in block:
                    if line.strip() and line not in header_lines:
                        header_lines.append(line)
        has_header_footer = bool(header_lines)
        contact = [line for line in header_lines if _CONTACT_HINT.search(line) and line not in body]
        if contact:
            body = "\n".join(contact) + "\n" + body

        links: list[str] = []
        parts = [document.part]
        for section in document.sections:
            for hf in (section.header, section.footer):
                try:
                    if not hf.is_linked_to_previous:
                        parts.append(hf.part)
                except Exception:
                    pass
        for part in parts:
            for rel in part.rels.values():
                if rel.reltype == RT.HYPERLINK and rel.is_external and rel.target_ref not in links:
                    links.append(rel.target_ref)

        multi_column = state["layout_table"] or state.get("text_boxes", False) or _docx_has_columns(document)
    except ExtractionError:
        raise
    except Exception as e:
        raise ExtractionError(DAMAGED_DOCX) from e

    if not body.strip():
        raise ExtractionError(NO_TEXT)
    pages = 1
    try:
        app_xml = zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml").decode("utf-8", "ignore")
        m = re.search(r"<Pages>(\d+)</Pages>", app_xml)
        if m:
            pages = max(1, int(m.group(1)))
    except (KeyError, zipfile.BadZipFile, ValueError):
        pass
    return Extraction(
        text=body,
        page_count=pages,
        links=links,
        layout=_layout(multi_column=multi_column, tables=state["tables"], has_header_footer=has_header_footer),
    )


_CONTACT_HINT = re.compile(r"@|\+?\d[\d ().-]{7,}\d|linkedin|github|https?://", re.IGNORECASE)


def _docx_has_columns(document) -> bool:
    from docx.oxml.ns import qn

    for sect in document.element.body.iter(qn("w:sectPr")):
        cols = sect.find(qn("w:cols"))
        if cols is not None and int(cols.get(qn("w:num"), "1") or 1) > 1:
            return True
    return False


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _paragraph_text(p) -> str:
    from docx.oxml.ns import qn

    parts: list[str] = []
    t_tag, tab_tag, breaks = qn("w:t"), qn("w:tab"), (qn("w:br"), qn("w:cr"))
    skip = (qn("w:txbxContent"), _MC_FALLBACK)  # text boxes are read as blocks of their own

    def walk(node):
        for child in node:
            tag = child.tag
            if tag == t_tag:
                parts.append(child.text or "")
            elif tag == tab_tag:
                parts.append("  ")
            elif tag in breaks:
                parts.append("\n")
            elif tag not in skip:
                walk(child)

    walk(p)
    text = "".join(parts)
    ppr = p.find(qn("w:pPr"))
    if ppr is not None and text.strip():
        style = ppr.find(qn("w:pStyle"))
        style_name = (style.get(qn("w:val")) or "") if style is not None else ""
        if ppr.find(qn("w:numPr")) is not None or "List" in style_name:
            # Word draws the bullet itself; keep the list structure visible.
            text = "• " + text.lstrip()
    return text


def _docx_blocks(parent, lines: list[str], state: dict) -> None:
    from docx.oxml.ns import qn

    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            text = _paragraph_text(child)
            for piece in text.split("\n"):
                if piece.strip():
                    lines.append(piece.rstrip())
            for box in child.iter(qn("w:txbxContent")):
                # Word stores each text box twice (DrawingML and a VML fallback): read one.
                if not any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
                    _docx_blocks(box, lines, state)
                    state["text_boxes"] = True
        elif child.tag == qn("w:tbl"):
            state["tables"] = True
            _docx_table(child, lines, state)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                _docx_blocks(content, lines, state)


def _docx_table(tbl, lines: list[str], state: dict) -> None:
    from docx.oxml.ns import qn

    for tr in tbl.iterchildren(qn("w:tr")):
        cells = []
        for tc in tr.iterchildren(qn("w:tc")):
            cell_lines: list[str] = []
            _docx_blocks(tc, cell_lines, state)
            cells.append(cell_lines)
        cells = [c for c in cells if c]
        if not cells:
            continue
        if all(len(c) == 1 for c in cells):
            row = " | ".join(c[0].strip() for c in cells)
            lines.append(row)
        else:
            # Paragraphs inside cells: a layout table (sidebar); read each cell in turn.
            if len(cells) > 1:
                state["layout_table"] = True
            for c in cells:
                lines.extend(c)
