"""Server-rendered SVG charts: column (stacked, with a reference line), line, bar and range.

No JavaScript. Every chart is a ``<figure class="chart chart-…">``:

- the ``<svg>`` has ``role="img"``, an ``aria-label`` (the title), a ``<title>`` and a
  ``<desc>`` (the description, linked with ``aria-describedby``); every mark has its own
  ``<title>`` tooltip;
- a ``<figcaption>`` with the caption (the description unless told otherwise) and, for
  several series, an HTML legend;
- a "Show the numbers" ``<details>`` with the same data as a table: the fallback for
  screen readers, printing and anyone who prefers numbers (``table=False`` leaves it out
  when the page already shows that table).

Every text is escaped. Colours are design tokens (``"--color-primary"``, drawn as
``var(--color-primary, #4338ca)`` so the chart follows dark mode and still has colours
when opened on its own) or any CSS colour (``"var(--usage-chat, #4338ca)"``).
static/css/charts.css styles the figure, the legend and the table.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from careercoach.lib.svg import css_color

# --- data -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One stacked part of the columns of :func:`column_chart`."""

    key: str
    label: str
    color: str = "--color-primary"


@dataclass(frozen=True)
class Column:
    """One column: a single value, or one value per :class:`Series` key (stacked)."""

    label: str  # under the column
    value: float | Mapping[str, float]
    full_label: str = ""  # the table's row header (defaults to ``label``)
    tooltip: str = ""  # defaults to "label: total"
    note: str = ""  # an extra table cell (e.g. "2 refunded")
    key: str = ""  # ``data-key`` of the column's group
    highlight: bool = False

    def values(self) -> dict[str, float]:
        return dict(self.value) if isinstance(self.value, Mapping) else {"value": self.value}

    @property
    def total(self) -> float:
        return sum(self.values().values())


@dataclass(frozen=True)
class Reference:
    """A dashed horizontal line across the columns (e.g. a daily limit)."""

    value: float
    label: str
    color: str = "--color-danger"
    css_class: str = "chart-reference"


@dataclass(frozen=True)
class Line:
    """One series of :func:`line_chart`; ``None`` values are gaps (no point)."""

    key: str
    label: str
    values: Sequence[float | None]
    color: str = "--color-primary"
    width: float = 1.5


@dataclass(frozen=True)
class Bar:
    """One row of :func:`bar_chart`; ``marker`` draws a tick at another value (e.g. the latest score)."""

    label: str
    value: float
    text: str = ""  # the value as shown (defaults to the number)
    highlight: bool = False  # success colour and a ✓ after the label
    note: str = ""  # an extra table cell (e.g. "you have this skill")
    tooltip: str = ""
    marker: float | None = None
    marker_text: str = ""


@dataclass(frozen=True)
class Range:
    label: str
    low: float
    mid: float
    high: float
    note: str = ""


@dataclass(frozen=True)
class _Table:
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]] = field(default_factory=list)


# --- shared pieces ----------------------------------------------------------------------------


def _fmt(number: float) -> str:
    """Short, stable coordinates: 12.5 not 12.500000001, 12 not 12.0."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def number(value: float) -> str:
    """A value as people read it: 1,234 / 12.5 / 3."""
    return f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:,.1f}"


def _short(label: str, limit: int) -> str:
    """A label that fits the chart (the table keeps it whole)."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _paint(color: str) -> str:
    return css_color(color) if color.startswith("--") else color


def grid_step(top: float) -> int:
    """A round gridline step that gives at most five lines up to ``top``."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 5:
            return step
    return math.ceil(top / 5)


def _svg_open(width: float, height: float, *, title: str, description: str, css_class: str, extra: str = "") -> str:
    n = hashlib.sha1(f"{css_class}|{title}|{description}|{extra}".encode()).hexdigest()[:8]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{escape(css_class)}" viewBox="0 0 {_fmt(width)} {_fmt(height)}"'
        f' role="img" aria-label="{escape(title)}" aria-describedby="chart-desc-{n}"'
        ' preserveAspectRatio="xMinYMin meet" font-family="inherit" font-size="12">'
        f'<title>{escape(title)}</title><desc id="chart-desc-{n}">{escape(description)}</desc>'
    )


def _text(x: float, y: float, text: str, *, color: str = "--color-text-muted", anchor: str = "middle",
          middle: bool = False, size: int | None = None, css_class: str = "") -> str:
    attrs = f' class="{css_class}"' if css_class else ""
    attrs += ' dominant-baseline="middle"' if middle else ""
    attrs += f' font-size="{size}"' if size else ""
    return (f'<text x="{_fmt(x)}" y="{_fmt(y)}" text-anchor="{anchor}"{attrs} style="fill: {_paint(color)}">'
            f"{escape(text)}</text>")


def _legend(items: list[tuple[str, str, str]]) -> str:
    """An HTML legend: (label, colour, extra text) per series."""
    if not items:
        return ""
    lis = "".join(
        f'<li><span class="chart-swatch" style="background: {_paint(color)}" aria-hidden="true"></span>'
        + escape(label) + (f' <span class="muted">({escape(extra)})</span>' if extra else "") + "</li>"
        for label, color, extra in items
    )
    return f'<ul class="chart-legend">{lis}</ul>'


def _figure(svg: str, *, kind: str, caption: str, legend: str, table: _Table | None, table_caption: str) -> SafeString:
    parts = [f'<figure class="chart {kind}">', svg]
    if caption or legend:
        parts.append(f"<figcaption>{escape(caption)}{legend}</figcaption>")
    if table is not None:
        head = "".join(f'<th scope="col">{escape(h)}</th>' for h in table.headers)
        body = "".join(
            f'<tr><th scope="row">{escape(row[0])}</th>' + "".join(f"<td>{escape(c)}</td>" for c in row[1:]) + "</tr>"
            for row in table.rows
        ) or f'<tr><td colspan="{len(table.headers)}">No data.</td></tr>'
        parts.append(
            '<details class="chart-data"><summary>Show the numbers</summary>'
            f"<table><caption>{escape(table_caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
            "</table></details>"
        )
    parts.append("</figure>")
    return mark_safe("".join(parts))  # every text above is escaped


def _empty(x: float, y: float, text: str) -> str:
    return _text(x, y, text, middle=True, css_class="chart-empty")


# --- column chart -----------------------------------------------------------------------------


def column_chart(
    columns: Sequence[Column],
    *,
    title: str,
    description: str,
    series: Sequence[Series] = (),
    reference: Reference | None = None,
    value_label: str = "Value",
    label_header: str = "",
    note_header: str = "",
    caption: str | None = None,
    grid: bool = False,
    value_labels: bool = True,
    label_every: int | None = None,
    empty_text: str = "No data yet",
    css_class: str = "",
    table: bool = True,
    width: int = 640,
    height: int = 220,
) -> SafeString:
    """Vertical columns, oldest left (e.g. postings per month, AI generations per day).

    With ``series`` the columns are stacked in the series' order, one colour each, with
    a legend of the series that occur (and their totals). ``grid`` draws a y axis with at
    most five round gridlines; ``value_labels`` writes each total above its column. The
    ``reference`` line is drawn when it does not flatten the columns (up to twice the
    highest column, or 10). Labels under the columns: every ``label_every``-th counted
    from the last one (by default as many as fit)."""
    series = list(series) or [Series(key="value", label=value_label)]
    colors = {s.key: s.color for s in series}
    order = {s.key: i for i, s in enumerate(series)}
    left, right = (32 if grid else 8), 8
    top_pad, bottom = (10 if grid else 20), 28
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    peak = max((c.total for c in columns), default=0)
    top = max(peak, 1)
    show_reference = reference is not None and 0 < reference.value <= max(top * 2, 10)
    if show_reference:
        top = max(top, reference.value)
    step = grid_step(top) if grid else 0
    if grid:
        top = math.ceil(top / step) * step  # up to a whole gridline
    scale = plot_h / top
    base = top_pad + plot_h
    parts = [_svg_open(width, height, title=title, description=description,
                       css_class=" ".join(filter(None, ("chart-svg", css_class))))]
    if grid:
        for value in range(0, int(top) + 1, step):
            y = base - value * scale
            parts.append(f'<line x1="{left}" x2="{width - right}" y1="{_fmt(y)}" y2="{_fmt(y)}"'
                         f' style="stroke: {css_color("--color-border")}" stroke-width="1"/>')
            parts.append(_text(left - 6, y, str(value), anchor="end", middle=True))
    else:
        parts.append(f'<line x1="{left}" y1="{_fmt(base)}" x2="{width - right}" y2="{_fmt(base)}"'
                     f' style="stroke: {css_color("--color-border-strong")}"/>')
    slot = plot_w / max(len(columns), 1)
    bar_w = max(slot * 0.7, 1)
    if label_every is None:
        longest = max((len(c.label) for c in columns), default=0)
        label_every = max(1, math.ceil((longest * 7 + 8) / slot))
    for index, column in enumerate(columns):
        x = left + index * slot + (slot - bar_w) / 2
        y = base
        total = column.total
        tooltip = column.tooltip or f"{column.label}: {number(total)}"
        key = f' data-key="{escape(column.key)}"' if column.key else ""
        parts.append(f'<g class="chart-column{" chart-highlight" if column.highlight else ""}"{key}>'
                     f"<title>{escape(tooltip)}</title>"
                     # A full-height hit area, so the tooltip works on short and empty columns too.
                     f'<rect x="{_fmt(x)}" y="{top_pad}" width="{_fmt(bar_w)}" height="{_fmt(plot_h)}"'
                     ' fill="transparent"/>')
        for part, value in sorted(column.values().items(), key=lambda item: order.get(item[0], len(order))):
            if value <= 0:
                continue
            h = value * scale
            y -= h
            color = "--color-success" if column.highlight and len(series) == 1 else colors.get(part, "--color-text-muted")
            parts.append(f'<rect x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(bar_w)}" height="{_fmt(h)}"'
                         f' data-series="{escape(part)}" data-value="{_fmt(value)}" style="fill: {_paint(color)}"/>')
        parts.append("</g>")
        if value_labels and total > 0:
            parts.append(_text(x + bar_w / 2, y - 4, number(total), color="--color-text", size=11))
        if (len(columns) - 1 - index) % label_every == 0:
            parts.append(_text(x + bar_w / 2, height - 10, column.label, size=11))
    if peak <= 0:
        parts.append(_empty(left + plot_w / 2, top_pad + plot_h / 2, empty_text))
    if show_reference:
        y = base - reference.value * scale
        color = _paint(reference.color)
        parts.append(
            f'<line class="{escape(reference.css_class)}" x1="{left}" x2="{width - right}" y1="{_fmt(y)}"'
            f' y2="{_fmt(y)}" style="stroke: {color}" stroke-width="1.5" stroke-dasharray="5 4"/>'
            # The label sits above the line, or below it when the line is at the top.
            + _text(width - right, y - 4 if y - 4 > top_pad + 10 else y + 12, reference.label,
                    color=reference.color, anchor="end")
        )
    parts.append("</svg>")

    totals = {s.key: sum(c.values().get(s.key, 0) for c in columns) for s in series}
    used = [s for s in series if totals[s.key]] if len(series) > 1 else []
    legend = _legend([(s.label, s.color, number(totals[s.key])) for s in used])
    notes = any(c.note for c in columns) or note_header
    headers = (label_header, *(s.label for s in used), value_label, *((note_header,) if notes else ()))
    rows = [
        (c.full_label or c.label, *(number(c.values().get(s.key, 0)) for s in used), number(c.total),
         *((c.note,) if notes else ()))
        for c in columns
    ]
    return _figure("".join(parts), kind="chart-columns", caption=description if caption is None else caption,
                   legend=legend, table=_Table(headers, rows) if table else None, table_caption=title)


# --- line chart -------------------------------------------------------------------------------


def line_chart(
    x_labels: Sequence[str],
    lines: Sequence[Line],
    *,
    title: str,
    description: str,
    point_names: Sequence[str] = (),
    name_header: str = "",
    x_header: str = "",
    x_full_labels: Sequence[str] = (),
    y_max: float | None = None,
    y_step: float | None = None,
    caption: str | None = None,
    empty_text: str = "No data yet",
    max_labels: int = 8,
    css_class: str = "",
    table: bool = True,
    width: int = 680,
    height: int = 230,
) -> SafeString:
    """Several series over the same evenly spaced points (oldest left): one line each
    (a single point is a dot), a y axis from 0 to ``y_max`` (by default the rounded-up
    highest value) with a gridline every ``y_step``, at most ``max_labels`` x labels and a legend. ``point_names`` name
    the points in the tooltips and the table (e.g. each interview's title); the table
    shows ``x_full_labels`` (e.g. dates with their year) when given."""
    left, right, top_pad, bottom = 40, 16, 16, 28
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    count = len(x_labels)
    values = [v for line in lines for v in line.values if v is not None]
    peak = y_max if y_max is not None else max(values, default=0) or 1
    step = y_step or grid_step(peak)
    top = y_max if y_max is not None else math.ceil(peak / step) * step
    parts = [_svg_open(width, height, title=title, description=description,
                       css_class=" ".join(filter(None, ("chart-svg", css_class))))]
    value = 0.0
    while value <= top + 1e-9:
        y = top_pad + plot_h * (1 - value / top)
        dash = "" if value == 0 else ' stroke-dasharray="3 4"'
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{_fmt(y)}" y2="{_fmt(y)}"'
                     f' style="stroke: {css_color("--color-border-strong")}" stroke-width="1"{dash}/>')
        parts.append(_text(left - 6, y, number(value), anchor="end", middle=True))
        value += step

    def x_at(index: int) -> float:
        return left + plot_w / 2 if count == 1 else left + plot_w * index / (count - 1)

    def y_at(v: float) -> float:
        return top_pad + plot_h * (1 - max(0.0, min(top, v)) / top)

    if not count:
        parts.append(_empty(left + plot_w / 2, top_pad + plot_h / 2, empty_text))
    every = max(1, math.ceil(count / max_labels))
    for index, label in enumerate(x_labels):
        if index % every == 0 or index == count - 1:
            parts.append(_text(x_at(index), top_pad + plot_h + 16, label))
    names = list(point_names) or list(x_labels)
    for line in lines:
        points = [(i, v) for i, v in enumerate(line.values[:count]) if v is not None]
        parts.append(f'<g class="chart-line" data-series="{escape(line.key)}">')
        if len(points) > 1:
            d = " ".join(f"{'M' if n == 0 else 'L'}{_fmt(x_at(i))},{_fmt(y_at(v))}" for n, (i, v) in enumerate(points))
            parts.append(f'<path d="{d}" fill="none" stroke-width="{_fmt(line.width)}" stroke-linejoin="round"'
                         f' style="stroke: {_paint(line.color)}"/>')
        radius = 4 if line.width >= 2.5 else 3
        for i, v in points:
            parts.append(f'<circle cx="{_fmt(x_at(i))}" cy="{_fmt(y_at(v))}" r="{radius}"'
                         f' style="fill: {_paint(line.color)}"><title>{escape(names[i])}: {escape(line.label)}'
                         f" {escape(number(v))}</title></circle>")
        parts.append("</g>")
    parts.append("</svg>")

    legend = _legend([(line.label, line.color, "") for line in lines]) if len(lines) > 1 else ""
    with_names = bool(point_names)
    headers = ((name_header,) if with_names else ()) + (x_header, *(line.label for line in lines))
    rows = [
        ((names[i],) if with_names else ())
        + ((list(x_full_labels) or list(x_labels))[i], *("—" if i >= len(line.values) or line.values[i] is None else number(line.values[i])
                          for line in lines))
        for i in range(count)
    ]
    return _figure("".join(parts), kind="chart-lines", caption=description if caption is None else caption,
                   legend=legend, table=_Table(headers, rows) if table else None, table_caption=title)


# --- horizontal bar chart ---------------------------------------------------------------------


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    description: str,
    value_label: str = "Value",
    label_header: str = "",
    note_header: str = "",
    marker_header: str = "",
    max_value: float | None = None,
    ticks: Sequence[float] = (),
    caption: str | None = None,
    empty_text: str = "No data yet",
    label_chars: int = 22,
    css_class: str = "",
    table: bool = True,
    width: int = 640,
    label_width: int = 170,
) -> SafeString:
    """Horizontal bars, one row each, on a scale up to ``max_value`` (by default the
    longest bar); highlighted bars in the success colour with a ✓, an optional marker
    tick per bar and dashed ``ticks`` with their values under the bars."""
    row_h, top_pad = 28, 6
    axis_h = 20 if ticks else 0
    height = top_pad * 2 + max(len(bars), 1) * row_h + axis_h
    plot_w = width - label_width - 60
    peak = max_value if max_value is not None else max((b.value for b in bars), default=0)
    parts = [_svg_open(width, height, title=title, description=description,
                       css_class=" ".join(filter(None, ("chart-svg", css_class))))]
    if not bars or peak <= 0:
        parts.append(_empty(width / 2, height / 2, empty_text))
        peak = peak or 1
    else:
        for tick in ticks:
            x = label_width + plot_w * tick / peak
            parts.append(f'<line x1="{_fmt(x)}" y1="0" x2="{_fmt(x)}" y2="{_fmt(height - axis_h)}"'
                         f' style="stroke: {css_color("--color-border-strong")}" stroke-dasharray="2 3"/>')
            parts.append(_text(x, height - 5, number(tick), size=11))
        for index, bar in enumerate(bars):
            y = top_pad + index * row_h
            w = plot_w * max(0.0, min(bar.value, peak)) / peak
            text = bar.text or number(bar.value)
            color = "--color-success" if bar.highlight else "--color-primary"
            parts.append(
                f'<g class="chart-bar{" chart-highlight" if bar.highlight else ""}">'
                + _text(label_width - 8, y + row_h / 2, _short(bar.label, label_chars) + (" ✓" if bar.highlight else ""),
                        color="--color-text", anchor="end", middle=True)
                + f'<rect x="{label_width}" y="{_fmt(y + 5)}" width="{_fmt(w)}" height="{row_h - 10}" rx="3"'
                f' style="fill: {css_color(color)}"><title>{escape(bar.tooltip or f"{bar.label}: {text}")}</title></rect>'
                + _text(label_width + w + 6, y + row_h / 2, text, color="--color-text", anchor="start", middle=True)
            )
            if bar.marker is not None:
                mx = label_width + plot_w * max(0.0, min(bar.marker, peak)) / peak
                parts.append(
                    f'<line x1="{_fmt(mx)}" y1="{_fmt(y + 2)}" x2="{_fmt(mx)}" y2="{_fmt(y + row_h - 2)}"'
                    f' stroke-width="2" style="stroke: {css_color("--color-warning")}">'
                    f"<title>{escape(bar.marker_text or number(bar.marker))}</title></line>"
                )
            parts.append("</g>")
    parts.append("</svg>")
    notes = any(b.note for b in bars) or note_header
    markers = any(b.marker is not None for b in bars)
    headers = (label_header, value_label, *((marker_header,) if markers else ()), *((note_header,) if notes else ()))
    rows = [
        (b.label, b.text or number(b.value),
         *((b.marker_text or ("" if b.marker is None else number(b.marker)),) if markers else ()),
         *((b.note,) if notes else ()))
        for b in bars
    ]
    return _figure("".join(parts), kind="chart-bars", caption=description if caption is None else caption,
                   legend="", table=_Table(headers, rows) if table else None, table_caption=title)


# --- range chart ------------------------------------------------------------------------------


def range_chart(
    ranges: Sequence[Range],
    *,
    title: str,
    description: str,
    unit: str = "",
    label_header: str = "",
    note_header: str = "",
    caption: str | None = None,
    empty_text: str = "No data yet",
    css_class: str = "",
    table: bool = True,
    width: int = 640,
    label_width: int = 210,
) -> SafeString:
    """Low–high bars with a tick at the middle value (e.g. salary ranges with their median)."""
    row_h, top_pad, axis_h = 34, 6, 22
    height = top_pad + max(len(ranges), 1) * row_h + axis_h
    plot_w = width - label_width - 20
    parts = [_svg_open(width, height, title=title, description=description,
                       css_class=" ".join(filter(None, ("chart-svg", css_class))))]
    if not ranges:
        parts.append(_empty(width / 2, height / 2, empty_text))
    else:
        low = min(r.low for r in ranges)
        high = max(r.high for r in ranges)
        span = (high - low) or max(abs(high), 1)
        floor = low - span * 0.05 if high != low else low - span * 0.5
        span = span * 1.1 if high != low else span

        def x(value: float) -> float:
            return label_width + plot_w * (value - floor) / span

        suffix = f" {unit}" if unit else ""
        for i, r in enumerate(ranges):
            y = top_pad + i * row_h + row_h / 2
            x1, x2, xm = x(r.low), x(r.high), x(r.mid)
            parts.append(
                '<g class="chart-range">'
                + _text(label_width - 8, y, _short(r.label, 36), color="--color-text", anchor="end", middle=True)
                + f'<rect x="{_fmt(x1)}" y="{_fmt(y - 6)}" width="{_fmt(max(x2 - x1, 2))}" height="12" rx="6"'
                f' style="fill: {css_color("--color-info")}; opacity: 0.35"><title>{escape(r.label)}:'
                f" {escape(number(r.low))}–{escape(number(r.high))}{escape(suffix)}, median {escape(number(r.mid))}"
                "</title></rect>"
                f'<line x1="{_fmt(xm)}" y1="{_fmt(y - 10)}" x2="{_fmt(xm)}" y2="{_fmt(y + 10)}" stroke-width="3"'
                f' style="stroke: {css_color("--color-primary")}"/></g>'
            )
        for value in (low, high):
            parts.append(_text(x(value), height - 6, f"{number(value)}{suffix}", size=11))
    parts.append("</svg>")
    notes = any(r.note for r in ranges) or note_header
    headers = (label_header, f"Min {unit}".strip(), f"Median {unit}".strip(), f"Max {unit}".strip(),
               *((note_header,) if notes else ()))
    rows = [(r.label, number(r.low), number(r.mid), number(r.high), *((r.note,) if notes else ())) for r in ranges]
    return _figure("".join(parts), kind="chart-ranges", caption=description if caption is None else caption,
                   legend="", table=_Table(headers, rows) if table else None, table_caption=title)
