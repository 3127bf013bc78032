"""Builder resume → PDF, drawn with fpdf2 from the blocks of jobs/builder/render.py.

No headless browser: text is laid out by fpdf2 directly, one column, real text
(selectable, and read in order by applicant tracking systems).

Fonts: fpdf2's built-in fonts only cover latin-1, so TrueType fonts found on the
system (Liberation, DejaVu) are embedded when present and cover the rest
(“quotes”, dashes, Ø, ł, …). Without them (a bare container), text is reduced to
latin-1: typographic punctuation becomes its plain equivalent, accents that
latin-1 lacks are dropped (ł → l), and anything else becomes "?" — the export
never fails on a character.
"""

from __future__ import annotations

import functools
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from careercoach.lib.markdown import clean_text
from jobs.builder.render import Block, Run, document_blocks
from jobs.builder.templates import ResumeTemplate, template_get

# Searched, in order, for the TrueType files below. A module constant so a
# deployment (or a test) can point elsewhere.
FONT_DIRS: tuple[str, ...] = ("/usr/share/fonts", "/usr/local/share/fonts", "/usr/X11R6/lib/X11/fonts")

# Per family: candidate sets of (regular, bold, italic, bold italic) files.
_FONT_FILES: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "serif": (
        (
            "LiberationSerif-Regular.ttf",
            "LiberationSerif-Bold.ttf",
            "LiberationSerif-Italic.ttf",
            "LiberationSerif-BoldItalic.ttf",
        ),
        ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf"),
    ),
    "sans": (
        (
            "LiberationSans-Regular.ttf",
            "LiberationSans-Bold.ttf",
            "LiberationSans-Italic.ttf",
            "LiberationSans-BoldItalic.ttf",
        ),
        ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"),
    ),
    "mono": (
        (
            "LiberationMono-Regular.ttf",
            "LiberationMono-Bold.ttf",
            "LiberationMono-Italic.ttf",
            "LiberationMono-BoldItalic.ttf",
        ),
        (
            "DejaVuSansMono.ttf",
            "DejaVuSansMono-Bold.ttf",
            "DejaVuSansMono-Oblique.ttf",
            "DejaVuSansMono-BoldOblique.ttf",
        ),
    ),
}
_CORE_FONTS = {"serif": "Times", "sans": "Helvetica", "mono": "Courier"}
_STYLES = ("", "B", "I", "BI")

# Plain equivalents of typographic characters latin-1 lacks.
_LATIN1_REPLACEMENTS = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "–": "-",
        "—": "-",
        "―": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
        "•": "·",
        "◦": "·",
        "▪": "·",
        "‣": "·",
        "…": "...",
        "€": "EUR",
        "™": "TM",
        "\u00a0": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u200b": "",
        "→": "->",
        "←": "<-",
        "≥": ">=",
        "≤": "<=",
        # Letters NFKD does not decompose to a base letter.
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ħ": "h",
        "ı": "i",
        "œ": "oe",
        "Œ": "OE",
        "ŋ": "n",
    }
)

PAGE_FORMAT = "A4"
MARGIN = 18  # mm
BODY_SIZE = 10.5
LINE = 5.0  # mm per body line
_HEADING_SIZES = {1: 20, 2: 13, 3: 11.5, 4: 10.5, 5: 10.5, 6: 10.5}


def to_latin1(text: str) -> str:
    """``text`` reduced to what fpdf2's core fonts can draw."""
    text = text.translate(_LATIN1_REPLACEMENTS)
    out = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
            continue
        # Drop accents latin-1 does not have (ł → l, č → c); else a visible "?".
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if ord(c) < 128 and c.isprintable())
        out.append(base or "?")
    return "".join(out)


@functools.lru_cache(maxsize=8)
def _find_font_files(family: str, dirs: tuple[str, ...]) -> tuple[str, str, str, str] | None:
    """Paths of a complete set of TrueType files for ``family``, or None."""
    found: dict[str, str] = {}
    wanted = {name for candidates in _FONT_FILES[family] for name in candidates}
    for directory in dirs:
        if not os.path.isdir(directory):
            continue
        for root, _dirs, files in os.walk(directory):
            for name in files:
                if name in wanted and name not in found:
                    found[name] = str(Path(root) / name)
    for candidates in _FONT_FILES[family]:
        if all(name in found for name in candidates):
            return tuple(found[name] for name in candidates)  # type: ignore[return-value]
    return None


@dataclass
class _Fonts:
    unicode: bool
    names: dict[str, str]  # family key → fpdf family name


def _load_fonts(pdf: FPDF, families: set[str]) -> _Fonts:
    files = {family: _find_font_files(family, FONT_DIRS) for family in families}
    if not all(files.values()):
        return _Fonts(unicode=False, names=_CORE_FONTS)
    names = {}
    for family, paths in files.items():
        name = f"cc-{family}"
        for style, path in zip(_STYLES, paths, strict=True):
            pdf.add_font(name, style, path)
        names[family] = name
    return _Fonts(unicode=True, names=names)


class _Writer:
    def __init__(self, *, template: ResumeTemplate, title: str, author: str):
        self.template = template
        pdf = FPDF(format=PAGE_FORMAT, unit="mm")
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(True, margin=MARGIN)
        self.fonts = _load_fonts(pdf, {template.heading_family, template.body_family, "mono"})
        pdf.set_title(self.text(title))
        if author:
            pdf.set_author(self.text(author))
        pdf.set_creator("CareerCoach resume builder")
        pdf.add_page()
        self.pdf = pdf

    def text(self, value: str) -> str:
        return value if self.fonts.unicode else to_latin1(value)

    def font(self, family: str, *, bold=False, italic=False, size: float = BODY_SIZE) -> None:
        style = ("B" if bold else "") + ("I" if italic else "")
        self.pdf.set_font(self.fonts.names[family], style, size)

    def runs(
        self, runs: list[Run], *, family: str, size: float = BODY_SIZE, line: float = LINE, bold=False, italic=False
    ) -> None:
        for run in runs:
            if run.text == "\n":
                self.pdf.ln(line)
                continue
            self.font("mono" if run.code else family, bold=bold or run.bold, italic=italic or run.italic, size=size)
            self.pdf.write(line, self.text(run.text), link=run.href or "")
        self.pdf.ln(line)

    def rule(self, color: tuple[int, int, int], width: float = 0.3) -> None:
        pdf = self.pdf
        pdf.set_draw_color(*color)
        pdf.set_line_width(width)
        y = pdf.get_y()
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.set_draw_color(0, 0, 0)

    def heading(self, block: Block) -> None:
        pdf, template = self.pdf, self.template
        size = _HEADING_SIZES.get(block.level, BODY_SIZE)
        if pdf.get_y() > pdf.t_margin + 1:
            pdf.ln({1: 2, 2: 3.5, 3: 2}.get(block.level, 1.5))
        pdf.set_text_color(*template.heading_color)
        runs = block.runs
        if block.level == 2:
            # Section headings in capitals, the convention ATS parsers key on.
            runs = [Run(run.text.upper(), run.bold, run.italic, run.code, run.href) for run in runs]
        self.runs(runs, family=template.heading_family, size=size, line=size * 0.45, bold=block.level <= 4)
        pdf.set_text_color(0, 0, 0)
        if block.level == 2 and template.rule_color:
            self.rule(template.rule_color, 0.5)
            pdf.ln(1.5)
        elif block.level == 2:
            pdf.ln(0.5)

    def item(self, block: Block) -> None:
        pdf = self.pdf
        # Deeper lists stop indenting at level 6: the text must keep room on the line.
        indent = 4 + 5 * (min(block.level, 6) - 1)
        marker_width = 5
        left = pdf.l_margin
        pdf.set_x(left + indent)
        self.font(self.template.body_family)
        if block.ordered:
            marker = f"{block.number}."
        else:
            marker = ("•" if block.level == 1 else "◦") if self.fonts.unicode else "·"
        pdf.cell(marker_width, LINE, self.text(marker))
        # Wrapped lines hang under the text, not under the bullet.
        pdf.set_left_margin(left + indent + marker_width)
        try:
            self.runs(block.runs, family=self.template.body_family)
        finally:
            pdf.set_left_margin(left)

    def code(self, block: Block) -> None:
        self.font("mono", size=9)
        self.pdf.multi_cell(0, 4.2, self.text(block.text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)

    def quote(self, block: Block) -> None:
        pdf = self.pdf
        left = pdf.l_margin
        pdf.set_left_margin(left + 6)
        pdf.set_x(left + 6)
        try:
            self.runs(block.runs, family=self.template.body_family, italic=True)
        finally:
            pdf.set_left_margin(left)

    def table(self, block: Block) -> None:
        # As lines of text, not a grid: ATS-safe and never too wide for the page.
        for index, row in enumerate(block.rows):
            bold = block.header and index == 0
            self.runs([Run(" | ".join(row), bold=bold)], family=self.template.body_family)

    def draw(self, blocks: list[Block]) -> None:
        previous = None
        for block in blocks:
            if previous == "item" and block.kind != "item":
                self.pdf.ln(1)
            if block.kind == "heading":
                self.heading(block)
            elif block.kind == "item":
                self.item(block)
            elif block.kind == "code":
                self.code(block)
            elif block.kind == "quote":
                self.quote(block)
            elif block.kind == "table":
                self.table(block)
            elif block.kind == "rule":
                self.pdf.ln(1)
                self.rule((150, 150, 150), 0.2)
                self.pdf.ln(2)
            else:
                self.pdf.set_x(self.pdf.l_margin)
                self.runs(block.runs, family=self.template.body_family)
                self.pdf.ln(1)
            previous = block.kind


def resume_pdf(content: str, *, template_key: str, title: str = "Resume", author: str = "") -> bytes:
    """The builder's markdown ``content`` as a PDF in the template ``template_key``."""
    writer = _Writer(template=template_get(template_key), title=clean_text(title), author=clean_text(author))
    writer.draw(document_blocks(content))
    return bytes(writer.pdf.output())
