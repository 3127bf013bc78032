"""The SVG chart helpers (careercoach/lib/charts.py) and the charts each page builds with
them: billing usage per day, insight columns/bars/ranges, the mock interview score
trend and the quiz scores per category. No database needed."""

from __future__ import annotations

import datetime
import re
from datetime import date, timedelta

import pytest

from billing.models import UsageRecord
from billing.selectors import UsageDay
from billing.views import usage_chart
from careercoach.lib.charts import (
    Bar,
    Column,
    Line,
    Range,
    Reference,
    Series,
    bar_chart,
    column_chart,
    grid_step,
    line_chart,
    number,
    range_chart,
)
from coaching.selectors.interviews import ScorePoint
from coaching.selectors.quizzes import CategoryStats
from coaching.views.interviews import score_trend_chart
from coaching.views.quizzes import category_chart

EVIL = '<script>alert("x")</script>'
A = UsageRecord.Action


def _charts(count: int) -> list[str]:
    """Every kind of chart with ``count`` points."""
    return [
        column_chart([Column(label=f"m{i}", value=i * 3) for i in range(count)], title="Postings",
                     description="Per month"),
        column_chart([Column(label=f"d{i}", value={"a": i, "b": 1}) for i in range(count)], title="Stacked",
                     description="Per day", series=[Series("a", "A"), Series("b", "B", "--color-info")], grid=True),
        line_chart([f"x{i}" for i in range(count)], [Line("s", "Score", [10.0 * i for i in range(count)])],
                   title="Trend", description="Over time"),
        bar_chart([Bar(label=f"Skill {i}", value=i * 3) for i in range(count)], title="Skills", description="Shares"),
        range_chart([Range(label=f"Role {i}", low=100 * i, mid=100 * i + 50, high=100 * i + 90) for i in range(count)],
                    title="Salaries", description="Ranges", unit="EUR"),
    ]


def _table_rows(html: str) -> int:
    return len(re.findall(r'<tr><th scope="row">', html))


# --- every chart -------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1, 12])
def test_every_chart_is_an_accessible_figure_with_its_numbers(count):
    for html in _charts(count):
        assert html.startswith('<figure class="chart chart-') and html.endswith("</figure>")
        assert html.count("<svg") == 1 and html.count("</svg>") == 1
        svg_open = re.search(r"<svg [^>]*>", html).group(0)
        assert 'role="img"' in svg_open and 'aria-label="' in svg_open
        desc_id = re.search(r'aria-describedby="([^"]+)"', svg_open).group(1)
        assert f'<desc id="{desc_id}">' in html
        assert re.search(r"<svg [^>]*><title>[^<]+</title>", html)
        assert '<details class="chart-data"><summary>Show the numbers</summary><table><caption>' in html
        assert _table_rows(html) == count
        assert ("No data." in html) == (count == 0)


def test_every_chart_says_so_when_empty():
    for html in _charts(0):
        assert 'class="chart-empty"' in html and "No data yet" in html
        assert "<circle" not in html and "data-series=\"" not in html.split("</desc>", 1)[1].split("<g class")[0]
    assert "Nothing here" in column_chart([Column("Mon", 0)], title="t", description="d", empty_text="Nothing here")


def test_every_text_is_escaped():
    charts = [
        column_chart([Column(label=EVIL, value={"k": 2}, tooltip=EVIL, note=EVIL, full_label=EVIL)],
                     series=[Series("k", EVIL), Series("j", "J")], reference=Reference(1, EVIL),
                     title=EVIL, description=EVIL, value_label=EVIL, label_header=EVIL, note_header=EVIL),
        line_chart([EVIL, EVIL], [Line("s", EVIL, [1, 2]), Line("t", "T", [3, None])], point_names=[EVIL, EVIL],
                   title=EVIL, description=EVIL, name_header=EVIL, x_header=EVIL),
        bar_chart([Bar(label=EVIL, value=0.5, text=EVIL, highlight=True, note=EVIL, tooltip=EVIL, marker=0.2,
                       marker_text=EVIL)], title=EVIL, description=EVIL, value_label=EVIL),
        range_chart([Range(label=EVIL, low=1, mid=2, high=3, note=EVIL)], title=EVIL, description=EVIL, unit=EVIL),
    ]
    for html in charts:
        assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_caption_is_the_description_unless_told_otherwise():
    html = bar_chart([Bar("a", 1)], title="t", description="About this")
    assert "<figcaption>About this</figcaption>" in html
    assert "<figcaption>" not in bar_chart([Bar("a", 1)], title="t", description="About this", caption="")
    assert "<figcaption>Short</figcaption>" in bar_chart([Bar("a", 1)], title="t", description="d", caption="Short")


def test_table_can_be_left_out_when_the_page_shows_one():
    for html in (column_chart([Column("a", 1)], title="t", description="d", table=False),
                 line_chart(["a"], [Line("s", "S", [1])], title="t", description="d", table=False),
                 bar_chart([Bar("a", 1)], title="t", description="d", table=False),
                 range_chart([Range("a", 1, 2, 3)], title="t", description="d", table=False)):
        assert "<details" not in html and "<table" not in html and 'role="img"' in html


def test_css_class_and_size_are_on_the_svg():
    html = line_chart(["a"], [Line("s", "S", [1])], title="t", description="d", css_class="score-trend",
                      width=500, height=200)
    assert 'class="chart-svg score-trend" viewBox="0 0 500 200"' in html


def test_numbers_and_grid_steps():
    assert [number(v) for v in (3, 3.0, 12.5, 1234, 1234.6, 0.25)] == ["3", "3", "12.5", "1,234", "1,235", "0.2"]
    assert [grid_step(top) for top in (1, 5, 6, 10, 11, 100, 1000, 9000)] == [1, 1, 2, 2, 5, 20, 200, 1800]


# --- column chart ------------------------------------------------------------------------------


def _heights(html: str) -> list[tuple[str, str, float]]:
    return [
        (key, part, float(height))
        for key, body in re.findall(r'<g class="chart-column[^"]*" data-key="([^"]+)">(.*?)</g>', html)
        for height, part in re.findall(r'height="([0-9.]+)" data-series="([^"]+)"', body)
    ]


def test_columns_stack_in_series_order_proportionally():
    series = [Series("a", "A"), Series("b", "B", "var(--x, #123456)")]
    html = column_chart([Column("1", {"b": 2, "a": 4}, key="one"), Column("2", {}, key="two"),
                         Column("3", {"a": 1}, key="three")], series=series, title="t", description="d", grid=True)
    bars = _heights(html)
    assert [(key, part) for key, part, _ in bars] == [("one", "a"), ("one", "b"), ("three", "a")]
    a, b, small = (height for _, _, height in bars)
    assert a == pytest.approx(2 * b, abs=0.05) and a == pytest.approx(4 * small, abs=0.05)
    assert html.count('fill="transparent"') == 3  # every column has a hover area, even an empty one
    assert 'style="fill: var(--x, #123456)"' in html and "var(--color-primary, #4338ca)" in html


def test_column_tooltips_and_value_labels():
    html = column_chart([Column("Jan", 12), Column("Feb", 3, tooltip="February: 3 postings")], title="t",
                        description="d")
    assert re.findall(r'<g class="chart-column"><title>([^<]+)</title>', html) == ["Jan: 12", "February: 3 postings"]
    assert re.findall(r'font-size="11" style="fill: var\(--color-text, #172033\)">(\d+)</text>', html) == ["12", "3"]
    assert ">12</text>" not in column_chart([Column("Jan", 12)], title="t", description="d", value_labels=False)


def test_grid_rounds_up_to_a_whole_gridline():
    html = column_chart([Column("a", 7)], title="t", description="d", grid=True)
    ticks = re.findall(r'text-anchor="end" dominant-baseline="middle" style="[^"]+">(\d+)</text>', html)
    assert ticks == ["0", "2", "4", "6", "8"]


def test_highlighted_column_uses_the_success_colour():
    html = column_chart([Column("a", 2, highlight=True), Column("b", 2)], title="t", description="d")
    assert html.count("chart-highlight") == 1 and html.count("--color-success") == 1


def test_reference_line_when_it_fits_the_scale():
    columns = [Column("a", 3)]
    drawn = column_chart(columns, title="t", description="d", reference=Reference(10, "limit 10", css_class="lim"))
    assert '<line class="lim"' in drawn and "limit 10" in drawn and "--color-danger" in drawn
    assert "chart-reference" not in column_chart(columns, title="t", description="d")
    # Far above the columns it would flatten them: left out.
    assert "chart-reference" not in column_chart(columns, title="t", description="d", reference=Reference(100, "x"))
    assert "chart-reference" in column_chart([Column("a", 60)], title="t", description="d",
                                             reference=Reference(100, "x"))


def test_column_labels_fit_or_every_nth_from_the_last():
    days = [Column(f"{i + 1} Nov", i) for i in range(30)]
    every_week = column_chart(days, title="t", description="d", label_every=7, value_labels=False)
    labels = re.findall(r'font-size="11" style="[^"]+">(\d+ Nov)</text>', every_week)
    assert labels == ["2 Nov", "9 Nov", "16 Nov", "23 Nov", "30 Nov"]
    months = [Column(f"M{i:02} 25", i + 1) for i in range(12)]
    assert len(re.findall(r">M\d\d 25</text>", column_chart(months, title="t", description="d", width=860))) == 12
    crowded = column_chart(days, title="t", description="d", width=300, value_labels=False)
    assert 2 <= len(re.findall(r">\d+ Nov</text>", crowded)) < 30


def test_stacked_columns_legend_and_table():
    series = [Series("a", "Apples"), Series("b", "Bananas", "--color-info"), Series("c", "Cherries")]
    html = column_chart([Column("1", {"a": 2, "b": 1}, full_label="Day one", note="1"), Column("2", {"a": 3})],
                        series=series, title="Fruit", description="d", value_label="Eaten", label_header="Day",
                        note_header="Thrown away")
    legend = re.search(r'<ul class="chart-legend">(.*?)</ul>', html).group(1)
    assert re.findall(r"</span>([^<]+) <span class=\"muted\">\((\d+)\)", legend) == [("Apples", "5"), ("Bananas", "1")]
    assert "Cherries" not in html  # never used: not in the legend or the table
    assert ('<thead><tr><th scope="col">Day</th><th scope="col">Apples</th><th scope="col">Bananas</th>'
            '<th scope="col">Eaten</th><th scope="col">Thrown away</th></tr></thead>') in html
    assert '<tr><th scope="row">Day one</th><td>2</td><td>1</td><td>3</td><td>1</td></tr>' in html
    assert '<tr><th scope="row">2</th><td>3</td><td>0</td><td>3</td><td></td></tr>' in html
    assert "chart-legend" not in column_chart([Column("1", 2)], title="t", description="d")  # one series


# --- line chart --------------------------------------------------------------------------------


def test_line_chart_without_points_says_so():
    html = line_chart([], [Line("s", "S", [])], title="t", description="d", empty_text="Finish one first.")
    assert "Finish one first." in html and "<circle" not in html and "<path" not in html


def test_line_chart_with_one_point_draws_dots_but_no_lines():
    html = line_chart(["1 Jan"], [Line("a", "A", [50]), Line("b", "B", [None])], title="t", description="d",
                      point_names=["First"])
    assert html.count("<circle") == 1 and "<path" not in html and "<title>First: A 50</title>" in html


def test_line_chart_draws_a_line_per_series_and_skips_gaps():
    values = [float(v) for v in range(12)]
    html = line_chart([f"{i} Jan" for i in range(12)],
                      [Line("a", "A", values, width=3), Line("b", "B", [None, *values[1:]]), Line("c", "C", [None] * 12)],
                      title="t", description="d", y_max=100, y_step=25)
    assert html.count("<path") == 2 and html.count("<circle") == 23
    assert html.count('r="4"') == 12 and html.count('r="3"') == 11  # the thick line has bigger dots
    assert re.findall(r'dominant-baseline="middle" style="[^"]+">(\d+)</text>', html) == ["0", "25", "50", "75", "100"]
    assert len(re.findall(r">\d+ Jan</text>", html)) <= 9  # at most ~8 x labels (and the last one)


def test_line_chart_clamps_to_the_axis():
    html = line_chart(["a", "b"], [Line("s", "S", [-10, 150])], title="t", description="d", y_max=100)
    ys = [float(y) for y in re.findall(r'cy="([0-9.]+)"', html)]
    assert ys == [202, 16]  # the bottom and the top of the plot (230 high, 16 above and 28 below)


def test_line_chart_table_and_legend():
    html = line_chart(["1 Jan", "2 Jan"], [Line("a", "Alpha", [1, 2.5]), Line("b", "Beta", [None, 3])],
                      title="t", description="d", point_names=["One", "Two"], name_header="Run", x_header="Date",
                      x_full_labels=["1 Jan 2026", "2 Jan 2026"])
    assert ('<thead><tr><th scope="col">Run</th><th scope="col">Date</th><th scope="col">Alpha</th>'
            '<th scope="col">Beta</th></tr></thead>') in html
    assert '<tr><th scope="row">One</th><td>1 Jan 2026</td><td>1</td><td>—</td></tr>' in html
    assert '<tr><th scope="row">Two</th><td>2 Jan 2026</td><td>2.5</td><td>3</td></tr>' in html
    assert re.findall(r'</span>([A-Za-z]+)</li>', html) == ["Alpha", "Beta"]


# --- bar chart ---------------------------------------------------------------------------------


def test_bar_chart_scale_highlight_and_percent_text():
    html = bar_chart([Bar("Python", 0.5, text="50%", highlight=True, note="On your profile"), Bar("Go", 1.5)],
                     title="t", description="d", max_value=1, width=400, label_width=140)
    widths = [float(w) for w in re.findall(r'<rect x="140" y="[0-9.]+" width="([0-9.]+)"', html)]
    assert widths == [100, 200]  # half, and clamped to the full scale (plot 200 wide)
    assert "Python ✓" in html and html.count("--color-success") == 1 and "50%" in html
    assert '<tr><th scope="row">Python</th><td>50%</td><td>On your profile</td></tr>' in html


def test_bar_chart_shortens_long_labels_but_keeps_them_whole_in_tooltips_and_table():
    label = "A very long category name that does not fit"
    html = bar_chart([Bar(label, 3)], title="t", description="d", label_chars=20)
    assert "A very long categor…" in html and f"<title>{label}: 3</title>" in html
    assert f'<th scope="row">{label}</th>' in html


def test_bar_chart_markers_and_ticks():
    html = bar_chart([Bar("SQL", 66.7, text="66.7%", marker=33.3, marker_text="Latest: 33.3%")], title="t",
                     description="d", max_value=100, ticks=(0, 50, 100), marker_header="Latest")
    assert "<title>Latest: 33.3%</title></line>" in html and "--color-warning" in html
    assert html.count('stroke-dasharray="2 3"') == 3 and ">50</text>" in html and ">100</text>" in html
    assert '<tr><th scope="row">SQL</th><td>66.7%</td><td>Latest: 33.3%</td></tr>' in html


@pytest.mark.parametrize(("rows", "height"), [(0, 40), (1, 40), (5, 152)])
def test_bar_chart_grows_a_row_per_bar(rows, height):
    html = bar_chart([Bar(f"b{i}", i + 1) for i in range(rows)], title="t", description="d")
    assert f'viewBox="0 0 640 {height}"' in html


# --- range chart -------------------------------------------------------------------------------


def test_range_chart_places_the_median_between_min_and_max():
    html = range_chart([Range(label="A", low=100, mid=150, high=200), Range(label="B", low=150, mid=160, high=300)],
                       title="t", description="d", unit="EUR", label_header="Role")
    assert "<td>150</td>" in html and "<td>300</td>" in html
    assert '<th scope="col">Min EUR</th><th scope="col">Median EUR</th><th scope="col">Max EUR</th>' in html
    for (x1, width), xm in zip(re.findall(r'<rect x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)"', html),
                               re.findall(r'<line x1="([0-9.]+)"', html), strict=True):
        assert float(x1) < float(xm) < float(x1) + float(width)
    assert ">100 EUR</text>" in html and ">300 EUR</text>" in html


def test_range_chart_with_one_value_everywhere():
    html = range_chart([Range(label="A", low=5, mid=5, high=5)], title="t", description="d")
    assert "<title>A: 5–5, median 5</title>" in html


# --- the billing page's usage chart -------------------------------------------------------------


def _days(*counts: dict, start: date = date(2026, 11, 1), refunded: int = 0) -> list[UsageDay]:
    return [UsageDay(day=start + timedelta(days=i), counts=c, refunded=refunded) for i, c in enumerate(counts)]


def test_usage_bars_are_stacked_in_a_fixed_action_order_and_proportional():
    html = usage_chart(_days({A.AI_QUIZ: 2, A.AI_CHAT: 4}, {}, {A.AI_CHAT: 1}), limit=None, days=3)
    bars = _heights(html)
    assert [(day, action) for day, action, _ in bars] == [
        ("2026-11-01", "AI_CHAT"), ("2026-11-01", "AI_QUIZ"), ("2026-11-03", "AI_CHAT")
    ]
    chat, quiz, small = (height for _, _, height in bars)
    assert chat == pytest.approx(2 * quiz, abs=0.05) and chat == pytest.approx(4 * small, abs=0.05)
    assert html.count('<g class="chart-column" data-key=') == 3  # an empty day still has its slot (and tooltip)
    assert 'data-series="AI_CHAT" data-value="4" style="fill: var(--usage-chat, #4338ca)"' in html


def test_usage_day_titles_are_readable():
    html = usage_chart(_days({A.AI_CHAT: 1}, {}, {A.AI_CHAT: 2, A.AI_INTERVIEW: 1}), limit=None, days=3)
    assert re.findall(r'<g class="chart-column" data-key="[^"]+"><title>([^<]+)</title>', html) == [
        "Sun 1 Nov: 1 generation (1 coach chat answer)",
        "Mon 2 Nov: no AI generations",
        "Tue 3 Nov: 3 generations (2 coach chat answer, 1 mock interview)",
    ]
    refunded = usage_chart(_days({A.AI_CHAT: 1}, refunded=2), limit=None, days=1)
    assert "<title>Sun 1 Nov: 1 generation (1 coach chat answer), 2 refunded</title>" in refunded


def test_usage_limit_line_when_it_fits_the_scale():
    series = _days({A.AI_CHAT: 3})
    assert 'class="usage-limit"' in usage_chart(series, limit=10, days=1)
    assert "daily limit 10" in usage_chart(series, limit=10, days=1)
    assert "usage-limit" not in usage_chart(series, limit=None, days=1)  # unlimited
    assert "usage-limit" not in usage_chart(series, limit=100, days=1)  # would flatten the bars


def test_usage_chart_of_an_empty_period_still_draws_an_axis():
    html = usage_chart(_days(*[{}] * 30), limit=10, days=30)
    assert "data-series" not in html and "No AI generations in this period" in html
    assert "30 days, 0 AI generations counted in all." in html
    assert re.search(r"<svg [^>]*><title>AI generations per day, last 30 days</title>", html)
    assert len(re.findall(r'font-size="11" style="[^"]+">\d+ (?:Oct|Nov|Dec)</text>', html)) == 5  # weekly labels


def test_usage_legend_and_table():
    html = usage_chart(_days({A.AI_STORY: 1, A.AI_CHAT: 2}, {A.AI_QUIZ: 2}, refunded=1), limit=10, days=2)
    legend = re.search(r'<ul class="chart-legend">(.*?)</ul>', html).group(1)
    assert re.findall(r'background: ([^"]+)".*?</span>([^<]+) <span class="muted">\((\d+)\)', legend) == [
        ("var(--usage-chat, #4338ca)", "Coach chat answer", "2"), ("var(--usage-quiz, #13795b)", "Quiz", "2"),
        ("var(--usage-story, #7c3aed)", "Growth story", "1"),
    ]
    assert ('<thead><tr><th scope="col">Day</th><th scope="col">Coach chat answer</th><th scope="col">Quiz</th>'
            '<th scope="col">Growth story</th><th scope="col">Counted</th><th scope="col">Refunded</th></tr></thead>'
            ) in html
    assert '<tr><th scope="row">Mon 2 Nov</th><td>0</td><td>2</td><td>0</td><td>2</td><td>1</td></tr>' in html


# --- the mock interview score trend -------------------------------------------------------------


def _point(day, overall, technical=50.0, title=None):
    return ScorePoint(completed_at=datetime.datetime(2026, 1, day, 12, tzinfo=datetime.UTC),
                      title=title or f"Mock {day}", overall=overall, technical=technical, communication=60.0,
                      problem_solving=None)


def test_score_trend_without_points_says_so():
    html = str(score_trend_chart([]))
    assert 'class="chart-svg score-trend"' in html and "Finish a mock interview" in html and "<circle" not in html
    assert "No completed interviews yet." in html


def test_score_trend_with_one_point_draws_dots_but_no_lines():
    html = str(score_trend_chart([_point(3, 64)]))
    assert html.count("<circle") == 3  # overall, technical, communication (problem solving missing)
    assert "<path" not in html and "Mock 3: Overall 64" in html
    assert "1 completed interview; latest overall score 64 out of 100." in html


def test_score_trend_with_many_points_draws_a_line_per_score():
    html = str(score_trend_chart([_point(day, 40 + day, technical=30 + day) for day in range(1, 13)]))
    assert html.count("<path") == 3 and html.count("<circle") == 36
    assert "12 completed interviews; latest overall score 52 out of 100" in html
    assert '<tr><th scope="row">Mock 12</th><td>12 Jan 2026</td><td>52</td><td>42</td><td>60</td><td>—</td></tr>' in html
    assert ">12 Jan</text>" in html  # the last point always has its date


def test_score_trend_escapes_titles():
    html = str(score_trend_chart([_point(1, 50, title="<b>x</b>")]))
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


# --- the quiz scores per category ---------------------------------------------------------------


def test_quiz_chart_with_no_category_is_empty():
    assert category_chart([]) == ""


def test_quiz_chart_with_one_category():
    html = category_chart([CategoryStats(category="SQL", average=100.0, latest=100.0, count=1)])
    assert html.count("<rect") == 1 and "SQL" in html and "100%" in html
    assert "<title>SQL: average 100% over 1 quiz</title>" in html and "<title>Latest: 100%</title>" in html
    assert "<table" not in html  # the page shows the numbers in its own table


def test_quiz_chart_with_many_categories():
    html = category_chart([CategoryStats("Python", 66.7, 66.7, 1), CategoryStats("SQL", 66.7, 33.3, 2)])
    assert html.count("<rect") == 2 and html.count('class="chart-bar"') == 2
    assert "<title>SQL: average 66.7% over 2 quizzes</title>" in html and ">66.7%</text>" in html
    assert 'class="chart-svg quiz-chart"' in html and html.count('stroke-dasharray="2 3"') == 3
