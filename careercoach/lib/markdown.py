"""Markdown written by users, rendered to HTML that is safe to put in a page.

Markdown itself lets raw HTML through, so its output is always passed through an
allow-list sanitiser (nh3, the Rust ``ammonia`` library): only the tags and
attributes below survive, links may only point at http(s) or mailto addresses and
get ``rel="noopener noreferrer nofollow"``, and the content of script/style is
dropped. Used by the resume builder and community posts.
"""

from __future__ import annotations

import re

import markdown as _markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "br",
        "hr",
        "blockquote",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "b",
        "i",
        "a",
        "code",
        "pre",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}}
LINK_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
EXTENSIONS = ("extra", "sane_lists")

# C0 control characters other than tab/newline/carriage return (and two
# non-characters): no valid use in text, and they make XML writers (DOCX) fail.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def clean_text(text: str) -> str:
    """``text`` without control characters, with Unix line endings."""
    return _CONTROL_CHARS.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))


# Python-Markdown's inline processing is quadratic in "[" (20,000 of them take
# most of a minute, escaped or as character references too). No resume or post
# needs this many: past the limit they become the look-alike fullwidth bracket,
# which markdown does not scan, so the text still reads as typed.
MAX_BRACKETS = 500


def _defuse_brackets(text: str) -> str:
    if text.count("[") <= MAX_BRACKETS:
        return text
    return text.replace("[", "\uff3b")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        # Absolute http(s)/mailto links only: relative and fragment links in a
        # resume or post point nowhere useful, and refusing them leaves no room
        # for scheme tricks (ammonia already drops javascript: and friends).
        match = _SCHEME.match(value.strip())
        if not match or match.group(1).lower() not in LINK_SCHEMES:
            return None
    return value


def sanitize_html(html: str) -> str:
    """``html`` reduced to the allow-list. Plain ``str``: callers decide when it is safe."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        url_schemes=set(LINK_SCHEMES),
        link_rel=LINK_REL,
        clean_content_tags={"script", "style"},
        strip_comments=True,
        generic_attribute_prefixes=set(),
    )


def render_markdown(text: str) -> SafeString:
    """``text`` (markdown) as sanitised HTML, ready for a template."""
    source = _defuse_brackets(clean_text(text))
    html = _markdown.markdown(source, extensions=list(EXTENSIONS), output_format="html")
    # Cleaned again after: character references such as &#11; decode to control characters.
    return mark_safe(clean_text(sanitize_html(html)))  # noqa: S308 - sanitised by the allow-list above
