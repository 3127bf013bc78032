from coaching.templatetags.coaching_format import inline_code, plain_preview


def test_inline_code_escapes_and_marks_backticked_words():
    assert inline_code("Which `JOIN` keeps <all> rows?") == "Which <code>JOIN</code> keeps &lt;all&gt; rows?"


def test_inline_code_leaves_unpaired_backticks():
    assert inline_code("a ` b") == "a ` b"


def test_plain_preview_drops_markdown_marks():
    text = "### What to do next\n\n**Prepare** for [GetYourGuide](/jobs/1/) — `now`"
    assert plain_preview(text) == "What to do next Prepare for GetYourGuide — now"
