"""The billing page's usage chart: one stacked bar per day, one colour per kind of AI
generation, drawn on the server as inline SVG (no JavaScript), with a hidden table of
the same numbers for screen readers."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

from billing.models import UsageRecord
from billing.selectors import UsageDay

# Each action's colour: a CSS custom property (static/css/billing.css sets the dark-mode
# values) with a light-theme fallback for the SVG opened on its own.
ACTION_COLORS: dict[str, tuple[str, str]] = {
    UsageRecord.Action.AI_CHAT: ("--usage-chat", "#4338ca"),
    UsageRecord.Action.AI_INTERVIEW: ("--usage-interview", "#1d5fb8"),
    UsageRecord.Action.AI_QUIZ: ("--usage-quiz", "#13795b"),
    UsageRecord.Action.AI_COVER_LETTER: ("--usage-cover-letter", "#8a5300"),
    UsageRecord.Action.AI_GOAL: ("--usage-goal", "#c0262d"),
    UsageRecord.Action.AI_STORY: ("--usage-story", "#7c3aed"),
    UsageRecord.Action.AI_INSIGHT: ("--usage-insight", "#0e7490"),
}
ACTION_LABELS = dict(UsageRecord.Action.choices)


def action_color(action: str) -> str:
    variable, fallback = ACTION_COLORS.get(action, ("--usage-other", "#5a6478"))
    return f"var({variable}, {fallback})"


@dataclass(frozen=True)
class LegendItem:
    action: str
    label: str
    color: str
    total: int


def usage_legend(series: list[UsageDay]) -> list[LegendItem]:
    """The actions that appear in the chart, in a fixed order, with their totals."""
    totals: dict[str, int] = {}
    for day in series:
        for action, count in day.counts.items():
            totals[action] = totals.get(action, 0) + count
    return [
        LegendItem(action=action, label=label, color=action_color(action), total=totals[action])
        for action, label in UsageRecord.Action.choices
        if totals.get(action)
    ]


def _fmt(number: float) -> str:
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _day_summary(day: UsageDay) -> str:
    label = day.day.strftime("%a %-d %b")
    if not day.total:
        text = f"{label}: no AI generations"
    else:
        parts = [f"{count} {ACTION_LABELS.get(action, action).lower()}" for action, count in _ordered(day.counts)]
        noun = "generation" if day.total == 1 else "generations"
        text = f"{label}: {day.total} {noun} ({', '.join(parts)})"
    if day.refunded:
        text += f", {day.refunded} refunded"
    return text


def _ordered(counts: dict[str, int]) -> list[tuple[str, int]]:
    order = {action: index for index, action in enumerate(UsageRecord.Action.values)}
    return sorted(counts.items(), key=lambda item: order.get(item[0], len(order)))


def usage_chart_svg(
    series: list[UsageDay],
    *,
    limit: int | None = None,
    title: str = "AI generations per day",
    description: str = "",
    width: int = 720,
    height: int = 220,
) -> SafeString:
    """Stacked bars (one per day, oldest left), a y axis with a few gridlines and, when
    it fits the scale, a dashed line at the plan's daily limit. Every bar has a
    ``<title>`` with the day's numbers."""
    pad_left, pad_right, pad_top, pad_bottom = 32, 8, 10, 26
    plot_w, plot_h = width - pad_left - pad_right, height - pad_top - pad_bottom
    peak = max((day.total for day in series), default=0)
    top = max(peak, 1)
    show_limit = limit is not None and 0 < limit <= max(top * 2, 10)
    if show_limit:
        top = max(top, limit)
    step = _grid_step(top)
    top = -(-top // step) * step  # round up to a whole gridline
    scale = plot_h / top
    description = description or (
        f"{len(series)} days, {sum(day.total for day in series)} AI generations counted in all."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="usage-chart" role="img" viewBox="0 0 {width} {height}"'
        ' preserveAspectRatio="xMinYMin meet" aria-labelledby="usage-chart-title usage-chart-desc"'
        ' font-family="inherit" font-size="11">',
        f'<title id="usage-chart-title">{escape(title)}</title>',
        f'<desc id="usage-chart-desc">{escape(description)}</desc>',
    ]
    muted, grid = "var(--color-text-muted, #5a6478)", "var(--color-border, #dde1ea)"
    for value in range(0, top + 1, step):
        y = pad_top + plot_h - value * scale
        parts.append(
            f'<line x1="{pad_left}" x2="{width - pad_right}" y1="{_fmt(y)}" y2="{_fmt(y)}"'
            f' style="stroke: {grid}" stroke-width="1"/>'
            f'<text x="{pad_left - 6}" y="{_fmt(y)}" text-anchor="end" dominant-baseline="middle"'
            f' style="fill: {muted}">{value}</text>'
        )
    label_every = 1 if len(series) <= 10 else 7 if len(series) <= 45 else 14
    slot = plot_w / max(len(series), 1)
    bar_w = max(slot * 0.7, 1)
    for index, day in enumerate(series):
        x = pad_left + index * slot + (slot - bar_w) / 2
        y = pad_top + plot_h
        parts.append(f'<g class="usage-bar" data-day="{day.day.isoformat()}">')
        parts.append(f"<title>{escape(_day_summary(day))}</title>")
        # An invisible full-height hit area so the tooltip works on empty days too.
        parts.append(
            f'<rect x="{_fmt(x)}" y="{pad_top}" width="{_fmt(bar_w)}" height="{plot_h}" fill="transparent"/>'
        )
        for action, count in _ordered(day.counts):
            h = count * scale
            y -= h
            parts.append(
                f'<rect x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(bar_w)}" height="{_fmt(h)}"'
                f' data-action={quoteattr(action)} data-count="{count}" style="fill: {action_color(action)}"/>'
            )
        parts.append("</g>")
        if (len(series) - 1 - index) % label_every == 0:  # today and every n-th day before it
            parts.append(
                f'<text x="{_fmt(x + bar_w / 2)}" y="{height - 8}" text-anchor="middle"'
                f' style="fill: {muted}">{escape(day.day.strftime("%-d %b"))}</text>'
            )
    if show_limit:
        y = pad_top + plot_h - limit * scale
        parts.append(
            f'<line class="usage-limit" x1="{pad_left}" x2="{width - pad_right}" y1="{_fmt(y)}" y2="{_fmt(y)}"'
            ' style="stroke: var(--color-danger, #c0262d)" stroke-width="1.5" stroke-dasharray="5 4"/>'
            # The label sits above the line, or below it when the line is at the top.
            f'<text x="{width - pad_right}" y="{_fmt(y - 4 if y - 4 > pad_top + 10 else y + 12)}" text-anchor="end"'
            f' style="fill: var(--color-danger, #c0262d)">daily limit {limit}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped


def _grid_step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 5:
            return step
    return -(-top // 5)


def usage_table(series: list[UsageDay], *, caption: str = "AI generations per day") -> SafeString:
    """The chart's numbers as a visually hidden table."""
    rows = [
        f'<tr><th scope="row">{escape(day.day.strftime("%a %-d %b"))}</th><td>{day.total}</td>'
        f"<td>{escape(', '.join(f'{count} {ACTION_LABELS.get(a, a)}' for a, count in _ordered(day.counts)))}</td>"
        f"<td>{day.refunded}</td></tr>"
        for day in series
    ]
    return mark_safe(  # every text above is escaped
        f'<table class="sr-only"><caption>{escape(caption)}</caption>'
        '<thead><tr><th scope="col">Day</th><th scope="col">Counted</th><th scope="col">By kind</th>'
        '<th scope="col">Refunded</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
