"""careercoach.lib.markdown: user markdown becomes HTML with nothing dangerous left."""

from __future__ import annotations

import pytest
from django.utils.safestring import SafeString

from careercoach.lib.markdown import LINK_REL, clean_text, render_markdown


def test_renders_markdown_structure():
    html = render_markdown("# Name\n\n## Experience\n\n- **Led** a team of *five*\n- Shipped\n\n1. one\n2. two\n")
    assert isinstance(html, SafeString)
    for fragment in ("<h1>Name</h1>", "<h2>Experience</h2>", "<ul>", "<strong>Led</strong>", "<em>five</em>", "<ol>"):
        assert fragment in html


def test_tables_code_blockquote_and_rule_survive():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nx = 1\n```\n\n> quote\n\n---\n\nline  \nbreak")
    for tag in ("<table>", "<th>", "<td>", "<pre>", "<code>", "<blockquote>", "<hr>", "<br>"):
        assert tag in html


def test_links_get_rel_and_keep_http_and_mailto():
    html = render_markdown("[site](https://example.com) [mail](mailto:a@example.com)")
    assert 'href="https://example.com"' in html
    assert 'href="mailto:a@example.com"' in html
    assert html.count(f'rel="{LINK_REL}"') == 2


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<style>body{display:none}</style>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)></svg>",
        "<iframe src='https://evil.example'></iframe>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        "[x](javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="vbscript:msgbox(1)">x</a>',
        '<p onclick="alert(1)" style="color:red">x</p>',
        '[x](https://ok.example){: onclick="alert(1)" }',
        "<form action='https://evil.example'><input name=a></form>",
        "<object data=x></object><embed src=x>",
    ],
)
def test_xss_payloads_are_removed(payload):
    html = str(render_markdown(payload)).lower()
    for needle in (
        "<script",
        "<style",
        "<img",
        "<svg",
        "<iframe",
        "javascript:",
        "vbscript:",
        "data:",
        "onerror",
        "onload",
        "onclick",
        "style=",
        "<form",
        "<input",
        "<object",
        "<embed",
        "alert(1)",
    ):
        assert needle not in html, (payload, html)


def test_relative_links_lose_their_href():
    assert "href" not in render_markdown("[x](/admin/) [y](#top)")


def test_attributes_outside_the_allow_list_are_dropped():
    html = render_markdown('<h2 id="x" class="y">T</h2>')
    assert "<h2>T</h2>" in html


def test_control_characters_are_removed():
    assert clean_text("a\x00b\x07c\r\nd") == "abc\nd"
    assert "\x00" not in render_markdown("a\x00b")


def test_empty_text():
    assert render_markdown("") == ""


def test_character_references_to_control_characters_are_removed():
    html = render_markdown("a &#11; &#x1; &#xFFFE; b")
    assert "\x0b" not in html and "\x01" not in html and "\ufffe" not in html


def test_many_brackets_render_quickly():
    import time

    started = time.monotonic()
    html = render_markdown("[" * 100_000)
    assert time.monotonic() - started < 5
    assert "\uff3b" in html
    assert 'href="https://x.example"' in render_markdown("[a](https://x.example) " * 100)
