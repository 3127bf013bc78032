"""The mock interview score trend: a server-rendered SVG line chart (no JavaScript).

One line per score (overall, technical, communication, problem solving) over the user's
completed interviews, oldest left; points are evenly spaced (one per interview) and
labelled with their date. Colours are the design tokens, so the chart follows dark mode."""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from careercoach.lib.svg import css_color
from coaching.selectors.interviews import ScorePoint

SERIES = (
    ("overall", "Overall", "--color-primary", 3),
    ("technical", "Technical", "--color-info", 1.5),
    ("communication", "Communication", "--color-success", 1.5),
    ("problem_solving", "Problem solving", "--color-warning", 1.5),
)


def _fmt(number: float) -> str:
    text = f"{number:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def score_trend_svg(points: list[ScorePoint], *, width: int = 680, height: int = 260) -> SafeString:
    left, right, top, bottom = 40, 16, 16, 58
    plot_w, plot_h = width - left - right, height - top - bottom
    title = "Mock interview scores over time"
    if points:
        desc = (f"{len(points)} completed interview{'s' if len(points) != 1 else ''}; latest overall score "
                f"{_fmt(points[-1].overall)} out of 100.")
    else:
        desc = "No completed interviews yet."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="score-trend" role="img" viewBox="0 0 {width} {height}"'
        ' preserveAspectRatio="xMinYMin meet" aria-labelledby="score-trend-title score-trend-desc"'
        ' font-family="inherit" font-size="12">',
        f'<title id="score-trend-title">{escape(title)}</title><desc id="score-trend-desc">{escape(desc)}</desc>',
    ]
    muted, border = css_color("--color-text-muted"), css_color("--color-border-strong")
    for value in (0, 25, 50, 75, 100):
        y = top + plot_h * (1 - value / 100)
        dash = "" if value == 0 else ' stroke-dasharray="3 4"'
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{_fmt(y)}" y2="{_fmt(y)}" style="stroke: {border}"'
            f' stroke-width="1"{dash}/>'
            f'<text x="{left - 6}" y="{_fmt(y)}" text-anchor="end" dominant-baseline="middle"'
            f' style="fill: {muted}">{value}</text>'
        )
    if not points:
        parts.append(
            f'<text x="{_fmt(left + plot_w / 2)}" y="{_fmt(top + plot_h / 2)}" text-anchor="middle"'
            f' dominant-baseline="middle" style="fill: {muted}">Finish a mock interview to see your scores here.</text>'
        )
        parts.append("</svg>")
        return mark_safe("".join(parts))  # all text escaped

    def x_at(index: int) -> float:
        return left + plot_w / 2 if len(points) == 1 else left + plot_w * index / (len(points) - 1)

    def y_at(value: float) -> float:
        return top + plot_h * (1 - max(0.0, min(100.0, value)) / 100)

    step = max(1, len(points) // 8)  # at most ~8 date labels
    for index, point in enumerate(points):
        if index % step == 0 or index == len(points) - 1:
            parts.append(
                f'<text x="{_fmt(x_at(index))}" y="{top + plot_h + 16}" text-anchor="middle" style="fill: {muted}">'
                f"{escape(timezone.localtime(point.completed_at).strftime('%-d %b'))}</text>"
            )
    for key, label, color, stroke in SERIES:
        coords = [(x_at(i), y_at(getattr(p, key))) for i, p in enumerate(points) if getattr(p, key) is not None]
        parts.append(f'<g class="series series-{key}" data-series="{key}">')
        if len(coords) > 1:
            d = " ".join(f"{'M' if i == 0 else 'L'}{_fmt(x)},{_fmt(y)}" for i, (x, y) in enumerate(coords))
            parts.append(f'<path d="{d}" fill="none" stroke-width="{stroke}" stroke-linejoin="round"'
                         f' style="stroke: {css_color(color)}"/>')
        for point, (x, y) in zip((p for p in points if getattr(p, key) is not None), coords, strict=True):
            parts.append(
                f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="{4 if key == "overall" else 3}"'
                f' style="fill: {css_color(color)}"><title>{escape(point.title)}: {label} {_fmt(getattr(point, key))}'
                "</title></circle>"
            )
        parts.append("</g>")
    legend_y = height - 14
    x = left
    for _key, label, color, _stroke in SERIES:
        parts.append(
            f'<rect x="{x}" y="{legend_y - 5}" width="12" height="4" style="fill: {css_color(color)}"/>'
            f'<text x="{x + 16}" y="{legend_y}" dominant-baseline="middle" style="fill: {css_color("--color-text")}">'
            f"{escape(label)}</text>"
        )
        x += 24 + 7 * len(label) + 16
    parts.append("</svg>")
    return mark_safe("".join(parts))  # all text escaped
