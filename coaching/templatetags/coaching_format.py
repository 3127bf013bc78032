"""Formatting for coaching pages."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

_CODE = re.compile(r"`([^`\n]{1,200})`")


@register.filter
def inline_code(value) -> str:
    """Escape the text, then show `backticked` words as code (quiz questions name SQL
    keywords, Python calls…). Nothing else of markdown is interpreted."""
    return mark_safe(_CODE.sub(r"<code>\1</code>", escape(str(value))))


_MARKUP = re.compile(r"(^|\s)#{1,6}\s+|[*_`>]+|\[([^\]]*)\]\([^)]*\)")


@register.filter
def plain_preview(value) -> str:
    """A one-line preview of markdown: headings marks, emphasis, code ticks and link
    targets dropped (the text stays escaped by the template)."""
    text = _MARKUP.sub(lambda m: (m.group(1) or "") + (m.group(2) or ""), str(value or ""))
    return " ".join(text.split())
