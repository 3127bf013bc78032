"""Server-rendered SVG charts: no JavaScript, readable by screen readers, themed by CSS.

Colours are CSS custom properties (``var(--color-primary)``) with a light-theme
fallback, so a chart drawn inline follows the page into dark mode and still has
colours when opened on its own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

# Fallbacks mirror the light theme of static/css/app.css.
_FALLBACKS = {
    "--color-primary": "#4338ca",
    "--color-info": "#1d5fb8",
    "--color-success": "#13795b",
    "--color-warning": "#8a5300",
    "--color-danger": "#c0262d",
    "--color-text": "#172033",
    "--color-surface": "#ffffff",
    "--color-text-muted": "#5a6478",
    "--color-border": "#dde1eb",
    "--color-border-strong": "#b9c0d0",
}


def css_color(variable: str) -> str:
    """``var(--x, fallback)`` for one of our design tokens."""
    if not variable.startswith("--"):
        raise ValueError(f"Expected a CSS custom property name, got {variable!r}.")
    fallback = _FALLBACKS.get(variable, "#888888")
    return f"var({variable}, {fallback})"


@dataclass(frozen=True)
class SankeyNode:
    key: str
    label: str
    column: int
    color: str = "--color-primary"  # a CSS custom property name


@dataclass(frozen=True)
class SankeyLink:
    source: str
    target: str
    value: int


@dataclass(frozen=True)
class _Box:
    node: SankeyNode
    value: int
    x: float
    y: float
    height: float


def _fmt(number: float) -> str:
    """Short, stable coordinates: 12.5 not 12.500000001, 12 not 12.0."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _node_values(nodes: list[SankeyNode], links: list[SankeyLink], values: dict[str, int]) -> dict[str, int]:
    incoming: dict[str, int] = defaultdict(int)
    outgoing: dict[str, int] = defaultdict(int)
    for link in links:
        outgoing[link.source] += link.value
        incoming[link.target] += link.value
    return {n.key: max(values.get(n.key, 0), incoming[n.key], outgoing[n.key]) for n in nodes}


def sankey_svg(
    nodes: list[SankeyNode],
    links: list[SankeyLink],
    *,
    title: str,
    description: str,
    values: dict[str, int] | None = None,
    id_prefix: str = "sankey",
    width: int = 720,
    height: int = 300,
    node_width: int = 14,
    node_gap: int = 18,
    label_space: int = 150,
    empty_text: str = "Nothing to show yet.",
) -> SafeString:
    """A Sankey diagram as an inline ``<svg>``.

    Nodes are rects whose height is proportional to their value (``values[key]``, or
    the larger of what flows in and out); each link is one cubic Bézier curve whose
    stroke width is proportional to its value, on the same scale. Nodes and links
    with a value of 0 are left out; with nothing left, the SVG holds only
    ``empty_text``. Every label carries its count, and the ``<title>``/``<desc>``
    name the chart for assistive technology (pair it with :func:`sankey_table`).
    """
    values = values or {}
    unknown = {link.source for link in links} | {link.target for link in links}
    unknown -= {n.key for n in nodes}
    if unknown:
        raise ValueError(f"Links refer to unknown nodes: {', '.join(sorted(unknown))}.")
    if any(link.value < 0 for link in links) or any(v < 0 for v in values.values()):
        raise ValueError("Sankey values cannot be negative.")

    node_value = _node_values(nodes, links, values)
    shown = [n for n in nodes if node_value[n.key] > 0]
    shown_links = [link for link in links if link.value > 0]
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sankey" role="img" viewBox="0 0 {width} {height}"'
        f' preserveAspectRatio="xMinYMin meet" aria-labelledby="{title_id} {desc_id}"'
        f' font-family="inherit" font-size="13">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]
    if not shown:
        parts.append(
            f'<text x="{width / 2:g}" y="{height / 2:g}" text-anchor="middle" dominant-baseline="middle"'
            f' style="fill: {css_color("--color-text-muted")}">{escape(empty_text)}</text>'
        )
        parts.append("</svg>")
        return mark_safe("".join(parts))  # every text above is escaped

    columns: dict[int, list[SankeyNode]] = defaultdict(list)
    for node in shown:
        columns[node.column].append(node)
    column_keys = sorted(columns)
    pad_y = 8
    inner_height = height - 2 * pad_y
    # One scale for every column (the fullest column fills the height), so that the
    # same count is the same thickness everywhere.
    scale = min(
        max(inner_height - node_gap * (len(col) - 1), inner_height / 4) / sum(node_value[n.key] for n in col)
        for col in columns.values()
    )
    last_x = width - label_space - node_width
    step = last_x / (len(column_keys) - 1) if len(column_keys) > 1 else 0
    boxes: dict[str, _Box] = {}
    for index, column in enumerate(column_keys):
        y = pad_y
        for node in columns[column]:
            h = node_value[node.key] * scale
            boxes[node.key] = _Box(node=node, value=node_value[node.key], x=index * step, y=y, height=h)
            y += h + node_gap

    order = {n.key: i for i, n in enumerate(shown)}
    out_offset: dict[str, float] = defaultdict(float)
    in_offset: dict[str, float] = defaultdict(float)
    # Stack links on each node in the order of the nodes at their other end, which
    # keeps curves from crossing more than they must.
    by_target = sorted(shown_links, key=lambda link: (order.get(link.source, 0), order.get(link.target, 0)))
    link_parts = []
    source_offsets: dict[SankeyLink, float] = {}
    for link in sorted(shown_links, key=lambda link: (order.get(link.target, 0), order.get(link.source, 0))):
        source_offsets[link] = out_offset[link.source]
        out_offset[link.source] += link.value * scale
    for link in by_target:
        src, dst = boxes.get(link.source), boxes.get(link.target)
        if src is None or dst is None:
            continue
        w = link.value * scale
        y0 = src.y + source_offsets[link] + w / 2
        y1 = dst.y + in_offset[link.target] + w / 2
        in_offset[link.target] += w
        x0, x1 = src.x + node_width, dst.x
        xm = (x0 + x1) / 2
        label = f"{src.node.label} → {dst.node.label}: {link.value}"
        link_parts.append(
            f'<path class="sankey-link" d="M{_fmt(x0)},{_fmt(y0)} C{_fmt(xm)},{_fmt(y0)} {_fmt(xm)},{_fmt(y1)}'
            f' {_fmt(x1)},{_fmt(y1)}" fill="none" stroke-width="{_fmt(w)}" data-value="{link.value}"'
            f' style="stroke: {css_color(dst.node.color)}; stroke-opacity: 0.35">'
            f"<title>{escape(label)}</title></path>"
        )
    parts.append('<g class="sankey-links">')
    parts.extend(link_parts)
    parts.append("</g>")

    parts.append('<g class="sankey-nodes">')
    for box in boxes.values():
        label_x = box.x + node_width + 6
        parts.append(
            f'<g class="sankey-node" data-key={quoteattr(box.node.key)}>'
            f'<rect x="{_fmt(box.x)}" y="{_fmt(box.y)}" width="{node_width}" height="{_fmt(max(box.height, 1))}"'
            f' rx="2" data-value="{box.value}" style="fill: {css_color(box.node.color)}"/>'
            f'<text x="{_fmt(label_x)}" y="{_fmt(box.y + box.height / 2)}" dominant-baseline="middle"'
            f' style="fill: {css_color("--color-text")}; paint-order: stroke; stroke: {css_color("--color-surface")};'
            f' stroke-width: 3px; stroke-linejoin: round">{escape(box.node.label)}'
            f' <tspan font-weight="600">{box.value}</tspan></text>'
            "</g>"
        )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # every text above is escaped


def sankey_table(
    nodes: list[SankeyNode], links: list[SankeyLink], *, caption: str, values: dict[str, int] | None = None
) -> SafeString:
    """The chart's numbers as a visually hidden table (class ``sr-only``): each stage
    with its count, then each flow."""
    node_value = _node_values(nodes, links, values or {})
    labels = {n.key: n.label for n in nodes}
    rows = [
        f"<tr><th scope=\"row\">{escape(n.label)}</th><td>Stage</td><td>{node_value[n.key]}</td></tr>" for n in nodes
    ]
    rows += [
        f"<tr><th scope=\"row\">{escape(labels[link.source])} → {escape(labels[link.target])}</th>"
        f"<td>Flow</td><td>{link.value}</td></tr>"
        for link in links
    ]
    return mark_safe(  # every text above is escaped
        f'<table class="sr-only"><caption>{escape(caption)}</caption>'
        '<thead><tr><th scope="col">Stage or flow</th><th scope="col">Kind</th><th scope="col">Jobs</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
