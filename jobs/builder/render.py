"""Builder markdown → sanitised HTML (the preview) and → a flat list of blocks that
the PDF and DOCX writers draw.

Both exports start from the same sanitised HTML as the preview, so what the user
sees is what they download, and nothing the sanitiser removed (scripts, images,
unsafe links) can reach a file either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from django.utils.html import format_html
from django.utils.safestring import SafeString

from careercoach.lib.markdown import render_markdown
from jobs.builder.templates import template_get

_SPACES = re.compile(r"\s+")
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BOLD = {"strong", "b", "th"}
_ITALIC = {"em", "i"}
_BLOCK_IN_ITEM = {"p", "ul", "ol", "pre", "blockquote", "table", "hr"} | set(_HEADINGS)


@dataclass
class Run:
    """A piece of inline text with one style. ``text == "\\n"`` is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str = ""


@dataclass
class Block:
    """One block of the document.

    kind: "heading" (level 1–6), "paragraph", "item" (level = list depth from 1,
    ordered, number), "quote", "code" (text), "rule", "table" (rows of cell texts;
    the first row is a header when header=True).
    """

    kind: str
    runs: list[Run] = field(default_factory=list)
    level: int = 0
    ordered: bool = False
    number: int = 0
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    header: bool = False

    @property
    def plain(self) -> str:
        return "".join(run.text for run in self.runs).strip()


def render_html(content: str) -> SafeString:
    """The builder's markdown as sanitised HTML."""
    return render_markdown(content)


def render_preview(content: str, *, template_key: str) -> SafeString:
    """The sanitised HTML wrapped in the chosen template's styles (static/css/builder.css)."""
    template = template_get(template_key)
    return format_html('<div class="resume-paper {}">{}</div>', template.css_class, render_html(content))


# --- Blocks -------------------------------------------------------------------------------------


def _inline(element, *, bold=False, italic=False, code=False, href="", skip_blocks=False) -> list[Run]:
    """The inline runs of ``element``: its text and its inline children, styled."""
    tag = element.tag if isinstance(element.tag, str) else ""
    bold = bold or tag in _BOLD
    italic = italic or tag in _ITALIC
    code = code or tag == "code"
    if tag == "a":
        href = element.get("href", "") or href
    runs: list[Run] = []
    if element.text:
        runs.append(Run(element.text, bold, italic, code, href))
    for child in element:
        child_tag = child.tag if isinstance(child.tag, str) else ""
        if child_tag == "br":
            runs.append(Run("\n"))
        elif skip_blocks and child_tag in _BLOCK_IN_ITEM:
            pass  # the caller turns these into blocks of their own
        elif child_tag:
            runs.extend(_inline(child, bold=bold, italic=italic, code=code, href=href))
        if child.tail:
            runs.append(Run(child.tail, bold, italic, code, href))
    return runs


def _normalise(runs: list[Run]) -> list[Run]:
    """Collapse whitespace as a browser would; drop empty runs; trim the ends."""
    out: list[Run] = []
    for run in runs:
        if run.text == "\n":
            out.append(run)
            continue
        text = _SPACES.sub(" ", run.text)
        if out and out[-1].text.endswith((" ", "\n")) and text.startswith(" "):
            text = text[1:]
        if text:
            out.append(Run(text, run.bold, run.italic, run.code, run.href))
    while out and not out[0].text.strip():
        out.pop(0)
    while out and not out[-1].text.strip():
        out.pop()
    if out:
        out[0].text = out[0].text.lstrip(" ")
        out[-1].text = out[-1].text.rstrip(" ")
    return out


def _list_blocks(element, depth: int) -> list[Block]:
    blocks: list[Block] = []
    ordered = element.tag == "ol"
    number = 0
    for item in element:
        if item.tag != "li":
            continue
        number += 1
        # Loose lists wrap item text in <p>: their paragraphs are the item's text.
        runs = _inline(item, skip_blocks=True)
        nested: list[Block] = []
        for child in item:
            if child.tag == "p":
                if runs and runs[-1].text.strip():
                    runs.append(Run(" "))
                runs.extend(_inline(child))
            elif child.tag in ("ul", "ol"):
                nested.extend(_list_blocks(child, depth + 1))
            elif child.tag in _BLOCK_IN_ITEM:
                nested.extend(_blocks(child))
        blocks.append(Block("item", _normalise(runs), level=depth, ordered=ordered, number=number))
        blocks.extend(nested)
    return blocks


def _blocks(element) -> list[Block]:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _HEADINGS:
        return [Block("heading", _normalise(_inline(element)), level=_HEADINGS[tag])]
    if tag in ("ul", "ol"):
        return _list_blocks(element, 1)
    if tag == "hr":
        return [Block("rule")]
    if tag == "pre":
        return [Block("code", text=element.text_content().rstrip("\n"))]
    if tag == "blockquote":
        quoted = [block for child in element for block in _blocks(child)]
        for block in quoted:
            if block.kind == "paragraph":
                block.kind = "quote"
        return quoted
    if tag == "table":
        rows = [
            [_SPACES.sub(" ", cell.text_content()).strip() for cell in row if cell.tag in ("th", "td")]
            for row in element.iter("tr")
        ]
        header = bool(rows) and element.find(".//th") is not None
        return [Block("table", rows=[row for row in rows if row], header=header)] if rows else []
    runs = _normalise(_inline(element))
    return [Block("paragraph", runs)] if runs else []


def document_blocks(content: str) -> list[Block]:
    """The builder's markdown as blocks, from the same sanitised HTML as the preview."""
    html = str(render_html(content)).strip()
    if not html:
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    blocks: list[Block] = []
    if root.text and root.text.strip():
        blocks.append(Block("paragraph", _normalise([Run(root.text)])))
    for child in root:
        blocks.extend(_blocks(child))
        if child.tail and child.tail.strip():
            blocks.append(Block("paragraph", _normalise([Run(child.tail)])))
    return blocks


def plain_text(blocks: list[Block]) -> str:
    """The document as plain text in reading order (stored as ``Resume.raw_text``)."""
    lines: list[str] = []
    for block in blocks:
        if block.kind == "item":
            marker = f"{block.number}." if block.ordered else "-"
            lines.append(f"{'  ' * (block.level - 1)}{marker} {block.plain}")
        elif block.kind == "code":
            lines.append(block.text)
        elif block.kind == "table":
            lines.extend(" | ".join(row) for row in block.rows)
        elif block.kind == "rule":
            continue
        else:
            lines.append(block.plain)
    return "\n".join(line for line in lines if line.strip())
