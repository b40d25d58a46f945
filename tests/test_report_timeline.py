"""`unionparse report` writes a timeline: `timeline/index.html` and a page per union.

tests/corpus/timeline/ (see tests/test_timeline.py): the Công đoàn Viên chức of Hà Tĩnh over
2016-2022 from two papers, 2019 missing, 2018 reported alike by both, 2021's membership
reported differently (5210 by Báo Hà Tĩnh, 5120 by Lao Động), its 2018-2023 term; and the
Công đoàn Giáo dục of Quảng Trị over three school years, 2021-2022 missing. The chart's
geometry: tests/test_report_chart.py; the page in a real browser: tests/test_report_browser.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_inputs import hostile_pred
from selectolax.lexbor import LexborHTMLParser

from unionparse.cli import cli
from unionparse.report import build_report, entries_from_records
from unionparse.report.render import page_name

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "timeline"
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))
SEEDS = ROOT / "seeds"
HA_TINH = "cdvc_ha-tinh.html"
QUANG_TRI = "cd-giao-duc_quang-tri.html"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def page(path: Path) -> LexborHTMLParser:
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def article(stem: str) -> str:
    """The article page of the corpus file whose name starts with `stem`."""
    for n, f in enumerate(CORPUS_FILES, 1):
        if f.name.startswith(stem):
            return page_name(n, str(f))
    raise KeyError(stem)


@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "timeline"
    result = run("report", str(CORPUS), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def rows_of(union_page: LexborHTMLParser) -> list[tuple[str, str]]:
    """(period, cell texts joined) of each row of a union's table."""
    return [
        (tr.attributes["data-period"], " ".join(tr.text(separator=" ").split()))
        for tr in union_page.css("#timeline tbody tr")
    ]


def cell(union_page: LexborHTMLParser, period: str, name: str):
    (tr,) = [
        t for t in union_page.css("#timeline tbody tr") if t.attributes["data-period"] == period
    ]
    return tr.css_first(f'td[data-field="{name}"]')


def test_the_timeline_index_lists_each_union_with_its_rows_and_links_its_page(
    corpus_report: Path,
) -> None:
    folder = corpus_report / "timeline"
    assert sorted(p.name for p in folder.iterdir()) == sorted(["index.html", HA_TINH, QUANG_TRI])
    index = page(folder / "index.html")
    unions = {
        tr.attributes["data-key"]: (
            tr.css_first("[data-rows]").text(strip=True),
            tr.css_first("td a").attributes["href"],
        )
        for tr in index.css("#unions tbody tr")
    }
    assert unions == {"cd-giao-duc/quang-tri": ("3", QUANG_TRI), "cdvc/ha-tinh": ("7", HA_TINH)}
    report_index = page(corpus_report / "index.html")
    link = report_index.css_first("header a[data-timeline]")
    assert link.attributes["href"] == "timeline/index.html"
    assert "2 unions" in link.text()


def test_the_ha_tinh_page_lists_its_periods_with_the_missing_year(corpus_report: Path) -> None:
    union = page(corpus_report / "timeline" / HA_TINH)
    rows = rows_of(union)
    assert [p for p, _ in rows] == [
        "2016",
        "2017",
        "2018",
        "2019",
        "2020",
        "2021",
        "2022",
        "2018-2023 (term)",
    ]
    gaps = [tr.attributes["data-period"] for tr in union.css("#timeline tr.gap")]
    assert gaps == ["2019"]
    assert dict(rows)["2019"] == "2019 no article"
    assert cell(union, "2016", "members.total").text(strip=True) == "4850"
    assert cell(union, "2016", "grassroots_unions").text(strip=True) == "78"
    assert cell(union, "2020", "ratings.vung_manh_xuat_sac").text(strip=True) == "57"
    assert cell(union, "2022", "ratings.hoan_thanh_xuat_sac").text(strip=True) == "44"
    assert "Bằng khen (provincial federation): 4 / 9" in dict(rows)["2016"]


def test_the_conflict_shows_both_values_and_both_sources(corpus_report: Path) -> None:
    union = page(corpus_report / "timeline" / HA_TINH)
    members = cell(union, "2021", "members.total")
    assert "conflicted" in members.attributes["class"]
    assert [v.text() for v in members.css(".val")] == ["5210", "5120"]
    refs = [a.attributes["href"] for a in members.css("a.conflict-ref")]
    assert refs == ["../" + article("06_"), "../" + article("07_")]
    (tr,) = [t for t in union.css("#timeline tbody tr") if t.attributes["data-period"] == "2021"]
    sources = [a.attributes["href"] for a in tr.css("td.refs a.conflict-ref")]
    assert sources == refs
    (item,) = union.css(".conflicts li")
    text = item.text(separator=" ", strip=True)
    assert "2021" in text and "5210" in text and "5120" in text
    assert (
        "06_cdvc_ha_tinh_2021_baohatinh.txt" in text and "07_cdvc_ha_tinh_2021_laodong.txt" in text
    )
    # a field the two 2021 articles agree on is one value, not a conflict
    assert cell(union, "2021", "grassroots_unions").text(strip=True) == "83"


def test_a_merged_year_links_both_articles_and_every_link_leads_to_a_page(
    corpus_report: Path,
) -> None:
    folder = corpus_report / "timeline"
    union = page(folder / HA_TINH)
    (tr,) = [t for t in union.css("#timeline tbody tr") if t.attributes["data-period"] == "2018"]
    assert [a.attributes["href"] for a in tr.css("td.refs a")] == [
        "../" + article("03_"),
        "../" + article("04_"),
    ]
    for name in ("index.html", HA_TINH, QUANG_TRI):
        for a in page(folder / name).css("a[href]"):
            href = a.attributes["href"]
            assert (folder / href.split("#")[0]).is_file(), (name, href)
    sources = [li.css_first("a").text() for li in union.css(".sources li")]
    assert len(sources) == 9 and sources[0] == "Công đoàn Viên chức tỉnh tổng kết công tác năm 2016"


def test_the_quang_tri_page_shows_school_years_and_the_missing_one(corpus_report: Path) -> None:
    rows = rows_of(page(corpus_report / "timeline" / QUANG_TRI))
    assert [p for p, _ in rows] == ["2019-2020", "2020-2021", "2021-2022", "2022-2023"]
    assert dict(rows)["2021-2022"] == "2021-2022 no article"


def test_the_chart_is_inline_svg_on_the_union_page(corpus_report: Path) -> None:
    union = page(corpus_report / "timeline" / HA_TINH)
    assert union.css_first("img") is None
    svgs = union.css("#chart svg[role=img]")
    assert [s.attributes["data-chart"] for s in svgs] == [
        "members-total",
        "grassroots_unions",
        "ratings",
    ]
    members = svgs[0]
    title = members.css_first("title").text()
    assert title.startswith("Members by year. 2016: 4850; 2017: 4920;")
    assert "2019: no article" in title and "2021: sources disagree, 5210 ≠ 5120" in title
    assert len(members.css("circle.point")) == 6  # 2016-2018, 2020, 2022, the term
    assert [c.attributes["data-value"] for c in members.css("path.cross")] == ["5210", "5120"]
    assert len(members.css("rect.gap")) == 1
    assert [t.text() for t in svgs[2].css(".x text")][-1] == "2018-2023 (term)"
    quang_tri = page(corpus_report / "timeline" / QUANG_TRI)
    labels = [t.text() for t in quang_tri.css('svg[data-chart="members-total"] .x text')]
    assert labels == ["2019-2020", "2020-2021", "2021-2022", "2022-2023"]


def test_jobs_2_writes_the_same_pages(tmp_path: Path, corpus_report: Path) -> None:
    """Article pages rendered in two worker processes: every file byte for byte alike."""
    out = tmp_path / "j2"
    assert run("report", str(CORPUS), "-o", str(out), "-j", "2").exit_code == 0
    files = sorted(p.relative_to(corpus_report) for p in corpus_report.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    for f in files:
        assert (out / f).read_bytes() == (corpus_report / f).read_bytes(), f


def test_article_pages_link_their_union(corpus_report: Path) -> None:
    for stem, target in (("01_", HA_TINH), ("07_", HA_TINH), ("10_", QUANG_TRI)):
        link = page(corpus_report / article(stem)).css_first("a[data-union]")
        assert link.attributes["href"] == f"timeline/{target}"


def test_without_matplotlib_the_union_page_has_its_chart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pred = tmp_path / "pred.jsonl"
    result = run("extract", str(CORPUS), "-f", "jsonl", "-o", str(pred))
    assert result.exit_code == 0, result.output
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` fails
    from unionparse.evaluate import load_records

    entries = entries_from_records(load_records(str(pred)), (str(ROOT), str(tmp_path)))
    out = tmp_path / "report"
    build_report(entries, str(out))
    union = page(out / "timeline" / HA_TINH)
    assert len(union.css("#chart svg")) == 3
    assert len(rows_of(union)) == 8  # 7 periods and the missing 2019
    assert sorted(p.name for p in (out / "timeline").iterdir()) == sorted(
        ["index.html", HA_TINH, QUANG_TRI]
    )


def test_seeds_give_nghe_an_a_page_and_the_rest_a_line(tmp_path: Path) -> None:
    out = tmp_path / "seeds"
    assert run("report", str(SEEDS), "-o", str(out)).exit_code == 0
    folder = out / "timeline"
    pages = sorted(p.name for p in folder.glob("*.html"))
    assert pages == ["cdvc_nghe-an.html", "index.html"]
    rows = rows_of(page(folder / "cdvc_nghe-an.html"))
    assert rows[0][0] == "2012" and rows[2][0] == "2023"
    assert rows[1] == ("2013..2022", "2013..2022 no article")
    index = page(folder / "index.html")
    for f in sorted(out.glob("0*.html")):
        link = page(f).css_first("a[data-union]")
        if link is None:
            continue
        href = link.attributes["href"]
        target, _, anchor = href.partition("#")
        assert (out / target).is_file(), (f.name, href)
        if anchor:  # a union with one period: its line on the timeline index
            assert index.css_first(f"#{anchor}") is not None, (f.name, href)


def test_a_second_report_into_the_folder_replaces_the_timeline(tmp_path: Path) -> None:
    out = tmp_path / "again"
    assert run("report", str(CORPUS), "-o", str(out)).exit_code == 0
    result = run("report", str(SEEDS), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert not (out / "timeline" / HA_TINH).exists()
    assert (out / "timeline" / "cdvc_nghe-an.html").is_file()


def test_markup_in_a_record_is_escaped_on_the_timeline(tmp_path: Path) -> None:
    pred = hostile_pred(tmp_path)
    out = tmp_path / "hostile-report"
    assert run("report", "--pred", str(pred), "-o", str(out)).exit_code == 0
    html = (out / "timeline" / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
