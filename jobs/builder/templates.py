"""The resume builder's templates. Each one styles the same markdown three ways:
the HTML preview (a CSS class in static/css/builder.css), the PDF and the DOCX.

All of them are single-column, text-only layouts with no tables, images, text
boxes or headers/footers, so applicant tracking systems read them in order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ResumeTemplate:
    key: str
    label: str
    description: str
    # PDF: "serif" or "sans" for headings and body (see jobs/builder/pdf.py fonts).
    heading_family: str
    body_family: str
    # RGB of headings and the rule under section headings; None: no rule.
    heading_color: tuple[int, int, int]
    rule_color: tuple[int, int, int] | None
    # DOCX font names (Word substitutes a close font when one is missing).
    docx_heading_font: str
    docx_body_font: str

    @property
    def css_class(self) -> str:
        return f"resume-template-{self.key}"

    @property
    def heading_hex(self) -> str:
        return "{:02X}{:02X}{:02X}".format(*self.heading_color)


TEMPLATES: dict[str, ResumeTemplate] = {
    template.key: template
    for template in (
        ResumeTemplate(
            key="classic",
            label="Classic",
            description="Single column, serif headings, black on white. Suits any field.",
            heading_family="serif",
            body_family="serif",
            heading_color=(0, 0, 0),
            rule_color=None,
            docx_heading_font="Times New Roman",
            docx_body_font="Times New Roman",
        ),
        ResumeTemplate(
            key="modern",
            label="Modern",
            description="Single column, clean sans-serif text with a coloured rule under each section.",
            heading_family="sans",
            body_family="sans",
            heading_color=(31, 78, 121),
            rule_color=(31, 78, 121),
            docx_heading_font="Arial",
            docx_body_font="Arial",
        ),
    )
}
DEFAULT_TEMPLATE = "classic"


def template_get(key: str) -> ResumeTemplate:
    """The template called ``key``, or the default one for an unknown key (old rows)."""
    return TEMPLATES.get(key) or TEMPLATES[DEFAULT_TEMPLATE]


def template_choices() -> list[tuple[str, str]]:
    return [(template.key, template.label) for template in TEMPLATES.values()]
