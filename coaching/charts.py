"""Server-rendered SVG charts for the coach pages: no JavaScript, themed by CSS tokens.

Each chart is a ``<figure>``: the SVG has ``role="img"``, an ``aria-label`` and a
``<title>``; a "Show the numbers" ``<details>`` holds the same data as a table (the
fallback for screen readers, printing and anyone who prefers numbers). Every text is
escaped; an empty series draws an honest "no data" chart rather than nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from careercoach.lib.svg import css_color


def _fmt(number: float) -> str:
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _short(label: str, limit: int = 30) -> str:
    """A label that fits its column in the chart (the table keeps it whole)."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:,.1f}"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    highlight: bool = False
    note: str = ""  # shown in the table (e.g. "you have this skill")


@dataclass(frozen=True)
class Range:
    label: str
    low: float
    mid: float
    high: float
    note: str = ""


def _figure(svg: str, *, caption: str, headers: tuple[str, ...], rows: list[tuple], chart_class: str) -> SafeString:
    body = "".join(
        "<tr><th scope=\"row\">" + escape(row[0]) + "</th>" + "".join(f"<td>{escape(c)}</td>" for c in row[1:]) + "</tr>"
        for row in rows
    ) or f'<tr><td colspan="{len(headers)}">No data.</td></tr>'
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    return mark_safe(  # every text is escaped above
        f'<figure class="chart {chart_class}">{svg}'
        f"<figcaption>{escape(caption)}</figcaption>"
        f'<details class="chart-data"><summary>Show the numbers</summary>'
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        "</details></figure>"
    )


def _svg_open(width: float, height: float, title: str, description: str) -> str:
    n = hashlib.sha1(f"{title}|{description}".encode()).hexdigest()[:8]  # stable, unique per chart
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_fmt(width)} {_fmt(height)}" width="100%" '
        f'role="img" aria-label="{escape(title)}" aria-describedby="chart-desc-{n}" preserveAspectRatio="xMinYMin meet">'
        f"<title>{escape(title)}</title><desc id=\"chart-desc-{n}\">{escape(description)}</desc>"
    )


def _empty(width: float, height: float) -> str:
    return (
        f'<text x="{_fmt(width / 2)}" y="{_fmt(height / 2)}" text-anchor="middle" '
        f'style="fill: {css_color("--color-text-muted")}">No data yet</text>'
    )


def column_chart(
    bars: list[Bar], *, title: str, description: str, value_label: str = "Value", width: int = 640, height: int = 220
) -> SafeString:
    """Vertical bars (e.g. postings per month), labels under each bar."""
    top, bottom, left, right = 20, 34, 8, 8
    plot_h, plot_w = height - top - bottom, width - left - right
    parts = [_svg_open(width, height, title, description)]
    peak = max((b.value for b in bars), default=0)
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        f'style="stroke: {css_color("--color-border-strong")}"/>'
    )
    if not bars or peak <= 0:
        parts.append(_empty(width, height))
    else:
        slot = plot_w / len(bars)
        bar_w = max(slot * 0.7, 1)
        for i, bar in enumerate(bars):
            h = plot_h * (bar.value / peak) if bar.value > 0 else 0
            x = left + i * slot + (slot - bar_w) / 2
            y = top + plot_h - h
            color = "--color-primary" if not bar.highlight else "--color-success"
            parts.append(
                f'<g class="chart-bar"><rect x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(bar_w)}" height="{_fmt(h)}" '
                f'rx="2" style="fill: {css_color(color)}"><title>{escape(bar.label)}: {escape(_number(bar.value))}</title></rect>'
                f'<text x="{_fmt(x + bar_w / 2)}" y="{_fmt(y - 4)}" text-anchor="middle" font-size="11" '
                f'style="fill: {css_color("--color-text")}">{escape(_number(bar.value))}</text>'
                f'<text x="{_fmt(x + bar_w / 2)}" y="{_fmt(height - 12)}" text-anchor="middle" font-size="11" '
                f'style="fill: {css_color("--color-text-muted")}">{escape(bar.label)}</text></g>'
            )
    parts.append("</svg>")
    rows = [(b.label, _number(b.value)) for b in bars]
    return _figure("".join(parts), caption=description, headers=("", value_label), rows=rows, chart_class="chart-columns")


def bar_chart(
    bars: list[Bar], *, title: str, description: str, value_label: str = "Value", percent: bool = False,
    width: int = 640, label_width: int = 170,
) -> SafeString:
    """Horizontal bars (e.g. skill shares), highlighted bars in the success colour."""
    row_h, top = 26, 6
    height = top * 2 + max(len(bars), 1) * row_h
    plot_w = width - label_width - 60
    parts = [_svg_open(width, height, title, description)]
    peak = 1.0 if percent else max((b.value for b in bars), default=0)

    def shown(value: float) -> str:
        return f"{round(value * 100)}%" if percent else _number(value)

    if not bars or peak <= 0:
        parts.append(_empty(width, height))
    else:
        for i, bar in enumerate(bars):
            y = top + i * row_h
            w = plot_w * max(bar.value, 0) / peak
            color = "--color-success" if bar.highlight else "--color-primary"
            mark = " ✓" if bar.highlight else ""
            parts.append(
                f'<g class="chart-hbar{" chart-highlight" if bar.highlight else ""}">'
                f'<text x="{label_width - 8}" y="{_fmt(y + row_h / 2)}" text-anchor="end" dominant-baseline="middle" '
                f'font-size="12" style="fill: {css_color("--color-text")}">{escape(_short(bar.label, 22))}{mark}</text>'
                f'<rect x="{label_width}" y="{_fmt(y + 4)}" width="{_fmt(w)}" height="{row_h - 8}" rx="2" '
                f'style="fill: {css_color(color)}"><title>{escape(bar.label)}: {escape(shown(bar.value))}</title></rect>'
                f'<text x="{_fmt(label_width + w + 6)}" y="{_fmt(y + row_h / 2)}" dominant-baseline="middle" '
                f'font-size="12" style="fill: {css_color("--color-text-muted")}">{escape(shown(bar.value))}</text></g>'
            )
    parts.append("</svg>")
    rows = [(b.label, shown(b.value), b.note) for b in bars]
    return _figure("".join(parts), caption=description, headers=("", value_label, ""), rows=rows, chart_class="chart-bars")


def range_chart(
    ranges: list[Range], *, title: str, description: str, unit: str = "", width: int = 640, label_width: int = 210,
) -> SafeString:
    """Min–max range bars with a median tick (e.g. salary ranges by role)."""
    row_h, top, axis_h = 34, 6, 22
    height = top + max(len(ranges), 1) * row_h + axis_h
    plot_w = width - label_width - 20
    parts = [_svg_open(width, height, title, description)]
    if not ranges:
        parts.append(_empty(width, height))
    else:
        low = min(r.low for r in ranges)
        high = max(r.high for r in ranges)
        span = (high - low) or max(high, 1)
        floor = low - span * 0.05 if high != low else low - span * 0.5
        span = span * 1.1 if high != low else span

        def x(value: float) -> float:
            return label_width + plot_w * (value - floor) / span

        for i, r in enumerate(ranges):
            y = top + i * row_h + row_h / 2
            x1, x2, xm = x(r.low), x(r.high), x(r.mid)
            parts.append(
                f'<g class="chart-range"><text x="{label_width - 8}" y="{_fmt(y)}" text-anchor="end" '
                f'dominant-baseline="middle" font-size="12" style="fill: {css_color("--color-text")}">{escape(_short(r.label, 36))}</text>'
                f'<rect x="{_fmt(x1)}" y="{_fmt(y - 6)}" width="{_fmt(max(x2 - x1, 2))}" height="12" rx="6" '
                f'style="fill: {css_color("--color-info")}; opacity: 0.35"><title>{escape(r.label)}: '
                f'{escape(_number(r.low))}–{escape(_number(r.high))} {escape(unit)}, median {escape(_number(r.mid))}</title></rect>'
                f'<line x1="{_fmt(xm)}" y1="{_fmt(y - 10)}" x2="{_fmt(xm)}" y2="{_fmt(y + 10)}" stroke-width="3" '
                f'style="stroke: {css_color("--color-primary")}"/></g>'
            )
        for value in (low, high):
            parts.append(
                f'<text x="{_fmt(x(value))}" y="{_fmt(height - 6)}" text-anchor="middle" font-size="11" '
                f'style="fill: {css_color("--color-text-muted")}">{escape(_number(value))} {escape(unit)}</text>'
            )
    parts.append("</svg>")
    rows = [(r.label, _number(r.low), _number(r.mid), _number(r.high), r.note) for r in ranges]
    return _figure(
        "".join(parts), caption=description, headers=("Role", f"Min {unit}".strip(), f"Median {unit}".strip(),
                                                      f"Max {unit}".strip(), "Sample"),
        rows=rows, chart_class="chart-ranges",
    )


def sparkline(values: list[float], *, title: str, width: int = 120, height: int = 28) -> SafeString:
    """A small line of a series (no table: put the numbers next to it)."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" class="sparkline"><title>{escape(title)}</title>'
    ]
    if len(values) == 1:
        parts.append(f'<circle cx="{_fmt(width / 2)}" cy="{_fmt(height / 2)}" r="2" '
                     f'style="fill: {css_color("--color-primary")}"/>')
    elif values:
        low, high = min(values), max(values)
        span = (high - low) or 1
        step = width / (len(values) - 1)
        points = " ".join(
            f"{_fmt(i * step)},{_fmt(height - 2 - (height - 4) * (v - low) / span)}" for i, v in enumerate(values)
        )
        parts.append(f'<polyline points="{points}" fill="none" stroke-width="2" '
                     f'style="stroke: {css_color("--color-primary")}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # the only text (title) is escaped
