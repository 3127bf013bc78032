"""careercoach.lib.svg: the server-rendered Sankey diagram."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from careercoach.lib.svg import SankeyLink, SankeyNode, css_color, sankey_svg, sankey_table

NS = {"svg": "http://www.w3.org/2000/svg"}
NODES = [
    SankeyNode("saved", "Saved", 0, "--color-text-muted"),
    SankeyNode("applied", "Applied", 1, "--color-primary"),
    SankeyNode("interview", "Interview", 2, "--color-info"),
    SankeyNode("rejected", "Rejected", 3, "--color-danger"),
    SankeyNode("withdrawn", "Withdrawn", 3, "--color-warning"),
]
LINKS = [
    SankeyLink("saved", "applied", 8),
    SankeyLink("applied", "interview", 4),
    SankeyLink("applied", "rejected", 2),
    SankeyLink("saved", "withdrawn", 1),
]


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def _links(root: ET.Element) -> list[ET.Element]:
    return root.findall(".//svg:path", NS)


def test_output_is_well_formed_xml_with_accessible_name():
    root = _parse(sankey_svg(NODES, LINKS, title="Search", description="Ten saved, eight applied."))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
    assert title.text == "Search" and desc.text == "Ten saved, eight applied."
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_link_widths_are_proportional_to_counts():
    root = _parse(sankey_svg(NODES, LINKS, title="t", description="d"))
    widths = {int(p.get("data-value")): float(p.get("stroke-width")) for p in _links(root)}
    assert set(widths) == {8, 4, 2, 1}
    per_job = widths[1]
    for value, width in widths.items():
        assert width == pytest.approx(value * per_job, rel=0.01)


def test_links_are_cubic_bezier_curves():
    root = _parse(sankey_svg(NODES, LINKS, title="t", description="d"))
    for path in _links(root):
        assert re.fullmatch(r"M[\d.]+,[\d.]+ C[\d.]+,[\d.]+ [\d.]+,[\d.]+ [\d.]+,[\d.]+", path.get("d"))
        assert path.get("fill") == "none"


def test_node_heights_use_the_same_scale_as_links():
    root = _parse(sankey_svg(NODES, LINKS, title="t", description="d", values={"saved": 10}))
    rects = {r.get("data-value"): float(r.get("height")) for r in root.findall(".//svg:rect", NS)}
    per_job = float(next(p for p in _links(root) if p.get("data-value") == "1").get("stroke-width"))
    # Saved is given 10 (more than flows out of it: 9), Applied is max(in 8, out 6) = 8.
    assert rects["10"] == pytest.approx(10 * per_job, rel=0.01)
    assert rects["8"] == pytest.approx(8 * per_job, rel=0.01)


def test_labels_carry_their_counts():
    root = _parse(sankey_svg(NODES, LINKS, title="t", description="d"))
    labels = {"".join(t.itertext()) for t in root.findall(".//svg:text", NS)}
    assert {"Saved 9", "Applied 8", "Interview 4", "Rejected 2", "Withdrawn 1"} <= labels


def test_colours_are_css_variables_with_fallbacks():
    root = _parse(sankey_svg(NODES, LINKS, title="t", description="d"))
    painted = 0
    for element in root.iter():
        for declaration in (element.get("style") or "").split(";"):
            prop, _, value = declaration.partition(":")
            if prop.strip() in ("fill", "stroke"):
                assert re.fullmatch(r"var\(--color-[\w-]+, #[0-9a-f]{6}\)", value.strip()), value
                painted += 1
        assert element.get("fill") in (None, "none")
    assert painted > len(NODES)
    assert css_color("--color-danger") == "var(--color-danger, #c0262d)"
    with pytest.raises(ValueError):
        css_color("red")


def test_zero_data_draws_an_empty_state():
    root = _parse(sankey_svg(NODES, [], title="t", description="d", empty_text="No jobs yet."))
    assert not _links(root) and not root.findall(".//svg:rect", NS)
    assert "No jobs yet." in "".join(root.itertext())


def test_zero_links_and_nodes_are_left_out():
    links = [*LINKS, SankeyLink("interview", "withdrawn", 0)]
    root = _parse(sankey_svg(NODES, links, title="t", description="d"))
    assert len(_links(root)) == len(LINKS)


def test_text_is_escaped():
    nodes = [SankeyNode("a", "<script>&", 0), SankeyNode("b", "B\"'", 1)]
    markup = str(sankey_svg(nodes, [SankeyLink("a", "b", 1)], title="<b>", description="x & y"))
    root = _parse(markup)
    assert "<script>" not in markup
    assert root.find("svg:title", NS).text == "<b>"


def test_rejects_unknown_nodes_and_negative_values():
    with pytest.raises(ValueError):
        sankey_svg(NODES, [SankeyLink("saved", "nowhere", 1)], title="t", description="d")
    with pytest.raises(ValueError):
        sankey_svg(NODES, [SankeyLink("saved", "applied", -1)], title="t", description="d")


def test_table_has_the_same_numbers_as_text():
    table = _parse(sankey_table(NODES, LINKS, caption="Numbers"))
    assert "sr-only" in table.get("class")
    assert table.find("caption").text == "Numbers"
    rows = {tr.find("th").text: tr.findall("td")[-1].text for tr in table.find("tbody")}
    assert rows["Saved"] == "9"
    assert rows["Applied → Interview"] == "4"
    assert rows["Saved → Withdrawn"] == "1"
