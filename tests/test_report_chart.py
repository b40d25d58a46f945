"""The union page's chart: its geometry as plain data (unionparse/report/chart_svg.py), and the
SVG the template draws of it. The live page in Chromium: tests/test_report_browser.py."""

from __future__ import annotations

import subprocess
import sys

import pytest
from selectolax.lexbor import LexborHTMLParser

from unionparse.report import chart_svg
from unionparse.report.chart_svg import count_panel, nice_ticks, panels, ratings_panel
from unionparse.report.render import _environment
from unionparse.timeline import Row


def row(start: int, end: int | None = None, kind: str = "year", **values: int) -> Row:
    """A timeline row; keyword names use `__` for `.` (members__total)."""
    period = {"kind": kind, "start": start, "end": start if end is None else end}
    return Row("cdvc/ha-tinh", period, values={k.replace("__", "."): v for k, v in values.items()})


def conflicted(r: Row, name: str, *values: int) -> Row:
    r.conflicts[name] = [(v, [f"{i}.html"]) for i, v in enumerate(values)]
    return r


# 2016 no article, 2017 an article without a membership figure, 2019 two sources that disagree
SERIES = [
    row(2014, members__total=90),
    row(2015, members__total=100),
    row(2017, grassroots_unions=20),
    row(2018, members__total=110),
    row(2019, members__total=None),
    row(2020, members__total=140),
    row(2021, members__total=140),
]
conflicted(SERIES[4], "members.total", 120, 130)


def by_year(rows: list[Row]) -> dict[int, Row]:
    return {r.period["end"]: r for r in rows}


def x_of(panel: chart_svg.Panel, label: str) -> float:
    (x,) = [t.at for t in panel.x_ticks if t.label == label]
    return x


def value_at(panel: chart_svg.Panel, y: float) -> float:
    """The value a y coordinate stands for, read back through the y ticks."""
    top = int(panel.y_ticks[-1].label)
    return (panel.bottom - y) / (panel.bottom - panel.top) * top


def test_a_year_without_a_figure_or_an_article_breaks_the_line() -> None:
    p = count_panel(by_year(SERIES), "members.total", "#2166ac")
    assert [t.label for t in p.x_ticks] == [str(y) for y in range(2014, 2022)]
    # 2016 (no article), 2017 (no figure) and 2019 (a conflict) each end a line
    assert [[x for x, _ in line] for line in p.lines] == [
        [x_of(p, "2014"), x_of(p, "2015")],
        [x_of(p, "2020"), x_of(p, "2021")],
    ]
    # 2018 stands alone: a point, in no line
    assert [(pt.year, pt.value) for pt in p.points] == [
        ("2014", 90),
        ("2015", 100),
        ("2018", 110),
        ("2020", 140),
        ("2021", 140),
    ]
    for pt in p.points:
        assert pt.x == x_of(p, pt.year)
        assert value_at(p, pt.y) == pytest.approx(pt.value, abs=0.15)
    # only 2016 has no article: one grey slot, around its tick
    ((gx, gw),) = p.gaps
    assert gx < x_of(p, "2016") < gx + gw
    assert gx + gw <= x_of(p, "2017")
    assert "2016: no article" in p.summary and "2017: no figure" in p.summary


def test_a_conflict_year_gets_a_cross_at_each_value_and_both_values_written() -> None:
    p = count_panel(by_year(SERIES), "members.total", "#2166ac")
    (c,) = p.conflicts
    assert c.year == "2019" and c.text == "120 ≠ 130"
    assert [pt.value for pt in c.crosses] == [120, 130]
    for pt in c.crosses:
        assert pt.x == x_of(p, "2019")
        assert value_at(p, pt.y) == pytest.approx(pt.value, abs=0.15)
    assert c.text_y < min(pt.y for pt in c.crosses)  # written above the crosses
    assert p.top < c.text_y  # inside the plot: the y scale made room for it
    assert int(p.y_ticks[-1].label) >= 130
    assert "2019: sources disagree, 120 ≠ 130" in p.summary


def test_shares_stack_to_the_printed_values() -> None:
    rows = by_year(
        [
            row(2020, grassroots_unions=80, ratings__vung_manh_xuat_sac=52, ratings__kha=20),
            # no CĐCS count: shares of the graded total
            row(2021, ratings__vung_manh_xuat_sac=1, ratings__vung_manh=2),
            row(2023, grassroots_unions=10),  # an article that reports no grading
        ]
    )
    p = ratings_panel(rows)
    scale = (p.bottom - p.top) / 100
    bars = {(b.year, b.label): b for b in p.bars}
    assert {k: b.percent for k, b in bars.items()} == {
        ("2020", "vững mạnh xuất sắc"): 65.0,
        ("2020", "khá"): 25.0,
        ("2021", "vững mạnh xuất sắc"): 33.3,
        ("2021", "vững mạnh"): 66.7,
    }
    for year in ("2020", "2021"):
        stack = [b for b in p.bars if b.year == year]  # bottom first
        assert stack[0].y + stack[0].height == pytest.approx(p.bottom, abs=0.15)
        for lower, upper in zip(stack, stack[1:], strict=False):
            assert upper.y + upper.height == pytest.approx(lower.y, abs=0.15)
        for b in stack:
            assert b.height == pytest.approx(b.percent * scale, abs=0.15)
            assert b.x < x_of(p, year) < b.x + b.width
            assert f"{b.label} {b.percent:g}%" in p.summary
    assert p.unrated == [x_of(p, "2023")]
    assert "2023: none reported" in p.summary and "2022: no article" in p.summary
    # the legend: the categories drawn, in chart.py's order and colours
    assert [(i.label, i.colour) for i in p.legend] == [
        ("vững mạnh xuất sắc", "#1b7837"),
        ("vững mạnh", "#7fbf7b"),
        ("khá", "#d9f0d3"),
    ]


def test_school_years_are_labelled_as_school_years_even_when_missing() -> None:
    rows = [
        row(2019, 2020, "school_year", members__total=11500),
        row(2020, 2021, "school_year", members__total=11400),
        row(2022, 2023, "school_year", members__total=11000),
        row(2023, kind="part_year", members__total=1),  # a school year's end is preferred
    ]
    members, _, ratings = panels(rows)
    labels = ["2019-2020", "2020-2021", "2021-2022", "2022-2023"]
    assert [t.label for t in members.x_ticks] == labels
    assert [t.label for t in ratings.x_ticks] == labels
    assert [pt.value for pt in members.points] == [11500, 11400, 11000]
    assert len(members.gaps) == 1


def test_a_term_is_labelled_as_one() -> None:
    rows = [row(2022, members__total=5), row(2018, 2023, "term", members__total=7)]
    (p, *_) = panels(rows)
    assert [t.label for t in p.x_ticks] == ["2022", "2018-2023 (term)"]
    # the first label, turned, stays inside the picture
    assert p.left > 0 and p.x_ticks[0].at > len("2022") * chart_svg.FONT * chart_svg.CHAR * 0.7


def test_no_dated_period_no_chart() -> None:
    assert panels([Row("cdvc/ha-tinh", {"kind": "term", "start": None, "end": None})]) == []


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (0, [0, 1]),
        (1.1, [0, 1, 2]),
        (93.5, [0, 20, 40, 60, 80, 100]),
        (5830, [0, 1000, 2000, 3000, 4000, 5000, 6000]),
        (12650, [0, 2500, 5000, 7500, 10000, 12500, 15000]),
        (7, [0, 2, 4, 6, 8]),
    ],
)
def test_nice_ticks(top: float, ticks: list[int]) -> None:
    assert nice_ticks(top) == ticks


def test_the_template_draws_every_mark_of_the_geometry() -> None:
    env = _environment()
    macro = env.get_template("_chart.svg.j2").module.panel
    rows = [*SERIES, row(2022, grassroots_unions=10, ratings__kha=4, ratings__yeu=1)]
    html = "".join(str(macro(p)) for p in panels(rows))
    doc = LexborHTMLParser(f"<body>{html}</body>")
    svgs = doc.css("svg")
    assert [s.attributes["data-chart"] for s in svgs] == [
        "members-total",
        "grassroots_unions",
        "ratings",
    ]
    members, cdcs, ratings = panels(rows)
    for svg, p in zip(svgs, (members, cdcs, ratings), strict=True):
        assert svg.attributes["role"] == "img"
        (title,) = [t for t in svg.css("title") if t.parent == svg]
        assert title.text() == p.summary
        assert svg.attributes["aria-labelledby"] == title.attributes["id"]
        assert len(svg.css("circle.point")) == len(p.points)
        assert len(svg.css(".series polyline")) == len(p.lines)
        assert len(svg.css("rect.bar")) == len(p.bars)
        assert len(svg.css("rect.gap")) == len(p.gaps)
        assert [t.text() for t in svg.css(".x text")] == [t.label for t in p.x_ticks]
    crosses = svgs[0].css("path.cross")
    assert [c.attributes["data-value"] for c in crosses] == ["120", "130"]
    assert svgs[0].css_first(".conflict-mark text").text() == "120 ≠ 130"
    assert [t.text() for t in svgs[2].css("text.legend")] == ["khá", "yếu"]


def test_drawing_the_chart_needs_no_matplotlib() -> None:
    code = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "from unionparse.report import chart_svg, timeline_pages\n"
        "from unionparse.timeline import Row\n"
        "rows = [Row('a/b', {'kind': 'year', 'start': y, 'end': y}, values={'members.total': y})"
        " for y in (2020, 2022)]\n"
        "assert len(chart_svg.panels(rows)) == 3\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
