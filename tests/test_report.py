"""`unionparse report`: the highlights, the pages it writes, re-reading sources, escaping.

The same report in a real browser (sorting, filtering, scrolling, scripts that must not run):
tests/test_report_browser.py.
"""

from __future__ import annotations

import json
import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from report_inputs import HOSTILE_MESSAGE, HOSTILE_TITLE, hostile_pred
from selectolax.lexbor import LexborHTMLParser

from unionparse.cli import cli
from unionparse.models import Evidence
from unionparse.report.highlight import Mark, highlight, quotes_of
from unionparse.report.render import PAGE_SIZE, css_id, page_name, scalar_paths

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def extract(*paths: Path) -> list[dict]:
    result = run("extract", *map(str, paths), "--format", "jsonl")
    return [json.loads(line) for line in result.stdout.splitlines()]


def ev(text: str, start: int, end: int) -> Evidence:
    return Evidence(start=start, end=end, quote=text[start:end])


def flat(tokens: list) -> str:
    return "".join(value for kind, value in tokens if kind == "text")


def marks_of(tokens: list) -> list[Mark]:
    return [value for kind, value in tokens if kind == "open"]


def nesting(tokens: list) -> list[tuple[str, str | None]]:
    """(key, key of the highlight it sits in) for every highlight, in document order."""
    out, open_keys = [], []
    for kind, value in tokens:
        if kind == "open":
            out.append((value.key, open_keys[-1] if open_keys else None))
            open_keys.append(value.key)
        elif kind == "close":
            open_keys.pop()
    return out


def page(path: Path) -> LexborHTMLParser:
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def highlighted(tree: LexborHTMLParser) -> dict[str, str]:
    """Evidence key -> the text of its highlight elements, joined in document order."""
    out: dict[str, str] = {}
    for node in tree.css("mark[data-field]"):
        key = node.attributes["data-field"]
        out[key] = out.get(key, "") + node.text(deep=True)
    return out


# ---------------------------------------------------------------- highlight


def test_nested_and_equal_spans_nest_and_keep_their_quotes() -> None:
    text = "Năm 2018 có 5 CĐCS đạt loại khá (5,9%)."
    evidence = {
        "report_year": ev(text, 4, 8),
        "period": ev(text, 4, 8),
        "ratings[0]": ev(text, 12, 38),
        "grassroots_unions": ev(text, 12, 13),
    }
    hl = highlight(text, evidence)
    assert flat(hl.tokens) == text and hl.missing == {}
    assert quotes_of(hl.tokens) == {k: e.quote for k, e in evidence.items()}
    assert nesting(hl.tokens) == [
        ("report_year", None),
        ("period", "report_year"),  # equal span: the later key inside
        ("ratings[0]", None),
        ("grassroots_unions", "ratings[0]"),
    ]
    heights = {m.key: m.height for m in marks_of(hl.tokens)}
    assert heights == {"report_year": 1, "period": 0, "ratings[0]": 1, "grassroots_unions": 0}


def test_crossing_spans_are_cut_into_parts_that_join_to_the_quote() -> None:
    text = "Công đoàn Viên chức tỉnh Nghệ An tổ chức hội nghị"
    evidence = {"title": ev(text, 0, 24), "organization": ev(text, 10, 32)}
    hl = highlight(text, evidence)
    assert quotes_of(hl.tokens) == {"title": text[:24], "organization": text[10:32]}
    parts = [m for m in marks_of(hl.tokens) if m.key == "organization"]
    assert [m.part for m in parts] == [0, 1]  # part 0 (inside the title) is the link target
    assert (parts[0].start, parts[0].end, parts[1].start, parts[1].end) == (10, 24, 24, 32)
    assert nesting(hl.tokens) == [
        ("title", None),
        ("organization", "title"),
        ("organization", None),
    ]
    assert flat(hl.tokens) == text


def test_a_span_whose_text_is_not_its_quote_is_not_highlighted() -> None:
    text = "4.609 đoàn viên"
    evidence = {
        "members.total": Evidence(start=0, end=5, quote="4.610"),
        "grassroots_unions": Evidence(start=10, end=99, quote="x"),
    }
    hl = highlight(text, evidence)
    assert hl.tokens == [("text", text)]
    assert set(hl.missing) == {"members.total", "grassroots_unions"}


@st.composite
def text_and_spans(draw):
    text = draw(st.text(alphabet="ab đ\n<>&", min_size=1, max_size=40))
    n = draw(st.integers(0, 6))
    evidence = {}
    for i in range(n):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        evidence[f"k{i}"] = ev(text, start, end)
    return text, evidence


@given(text_and_spans())
def test_any_spans_keep_the_text_and_every_quote(case) -> None:
    text, evidence = case
    hl = highlight(text, evidence)
    assert flat(hl.tokens) == text
    assert quotes_of(hl.tokens) == {k: e.quote for k, e in evidence.items()}
    stack = []
    for kind, value in hl.tokens:  # elements nest: each lies within the one it opens in
        if kind == "open":
            if stack:
                assert stack[-1].start <= value.start < value.end <= stack[-1].end
            stack.append(value)
        elif kind == "close":
            stack.pop()
    assert stack == []


# ---------------------------------------------------------------- the command on the seeds


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "seeds"
    result = run("report", str(SEEDS), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out / "index.html")
    return out


def test_seeds_report_has_an_index_and_five_article_pages(seeds_report: Path) -> None:
    pages = sorted(p.name for p in seeds_report.glob("0*.html"))
    assert pages == [page_name(i, str(f)) for i, f in enumerate(SEED_FILES, 1)]
    assert pages[3] == "00004-003_886f1ca231641e4e.html"
    assert (seeds_report / "assets" / "report.css").is_file()
    index = page(seeds_report / "index.html")
    rows = index.css("table.rows tbody tr")
    assert len(rows) == 5
    links = [r.css_first("td.title a").attributes["href"] for r in rows]
    assert links == pages
    assert index.css_first('[data-total="articles"]').text(strip=True) == "5"
    warnings = index.css_first('[data-total="warnings"]').text(separator=" ", strip=True)
    assert warnings.startswith("2") and "percent_mismatch 1" in warnings
    assert "implausible_year 1" in warnings


def test_every_evidence_key_is_highlighted_with_exactly_its_quote(seeds_report: Path) -> None:
    for number, (rec, path) in enumerate(zip(extract(SEEDS), SEED_FILES, strict=True), 1):
        tree = page(seeds_report / page_name(number, str(path)))
        assert highlighted(tree) == {k: e["quote"] for k, e in rec["evidence"].items()}
        for key in rec["evidence"]:  # the link target: one element per key carries the id
            target = tree.css_first(f"#ev-{css_id(key)}")
            assert target is not None and target.attributes["data-field"] == key
            assert target.attributes["title"].startswith(f"{key} = ")


def test_an_article_page_shows_the_record_beside_the_text(seeds_report: Path) -> None:
    (rec,) = extract(SEED_FILES[3])
    tree = page(seeds_report / "00004-003_886f1ca231641e4e.html")
    row = tree.css_first('tr[data-key="members.total"]')
    link = row.css_first("a[data-goto]")
    assert link.text(strip=True) == "4609" and link.attributes["href"] == "#ev-members-total"
    assert len(tree.css("table.ratings tbody tr")) == len(rec["ratings"]) == 3
    assert len(tree.css("table.awards tbody tr")) == len(rec["awards"]) == 6
    # the warning sits next to the value it concerns
    warned = tree.css_first('tr[data-key="ratings[2]"]')
    assert "percent_mismatch" in warned.text() and "0,59%" in warned.text()
    assert tree.css_first("a[rel=prev]").attributes["href"].startswith("00003-")
    assert tree.css_first("a[rel=next]").attributes["href"].startswith("00005-")
    assert tree.css_first("a[data-index]").attributes["href"] == "index.html"
    # every one-value field of the model has a row, null or not
    assert [r.attributes["data-key"] for r in tree.css("table.fields tr")] == scalar_paths()


def test_first_and_last_pages_have_no_prev_and_next(seeds_report: Path) -> None:
    first = page(seeds_report / page_name(1, str(SEED_FILES[0])))
    last = page(seeds_report / page_name(5, str(SEED_FILES[4])))
    assert first.css_first("a[rel=prev]") is None and first.css_first("a[rel=next]") is not None
    assert last.css_first("a[rel=next]") is None


def test_index_data_is_the_rows_as_json(seeds_report: Path) -> None:
    script = (seeds_report / "index-data.js").read_text(encoding="utf-8")
    rows = json.loads(script.removeprefix("window.UNIONPARSE_ROWS = ").rstrip().rstrip(";"))
    assert [r["n"] for r in rows] == [1, 2, 3, 4, 5]
    by_name = {Path(r["path"]).name: r for r in rows}
    seed3 = by_name["003_886f1ca231641e4e.txt"]
    assert (seed3["prov"], seed3["gu"], seed3["mem"], seed3["rat"], seed3["awd"]) == (
        "Vĩnh Phúc",
        84,
        4609,
        3,
        6,
    )
    assert seed3["years"] == [2018] and seed3["codes"] == ["percent_mismatch"]
    assert "vinh phuc" in seed3["q"]  # search without diacritics


def test_jobs_2_writes_the_same_report(tmp_path: Path, seeds_report: Path) -> None:
    out = tmp_path / "j2"
    assert run("report", str(SEEDS), "-o", str(out), "-j", "2").exit_code == 0
    for path in seeds_report.rglob("*"):
        if path.is_file():
            assert (out / path.relative_to(seeds_report)).read_bytes() == path.read_bytes()


# ---------------------------------------------------------------- --pred and changed sources


def test_pred_reads_texts_again_and_shows_a_changed_file_as_changed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for f in SEED_FILES[:3]:
        (folder / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    pred = tmp_path / "out.jsonl"
    pred.write_text(run("extract", str(folder), "-f", "jsonl").stdout, encoding="utf-8")
    changed = folder / SEED_FILES[1].name
    changed.write_text("Tin mới\n\n" + changed.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / SEED_FILES[2].name).unlink()

    out = tmp_path / "report"
    result = run("report", "--pred", str(pred), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "1 sources changed" in result.stderr
    recs = [json.loads(line) for line in pred.read_text(encoding="utf-8").splitlines()]

    same = page(out / page_name(1, recs[0]["source"]["path"]))
    assert highlighted(same) == {k: e["quote"] for k, e in recs[0]["evidence"].items()}
    assert same.css_first(".banner") is None

    moved = page(out / page_name(2, recs[1]["source"]["path"]))
    assert moved.css("mark") == []  # offsets would point at the wrong words now
    assert "changed" in moved.css_first(".banner.status-changed").text()
    assert "Tin mới" in moved.css_first(".article-text").text()  # today's text, plain
    assert moved.css("a[data-goto]") == []
    assert moved.css_first('tr[data-key="members.total"] .val').text() == "3942"

    gone = page(out / page_name(3, recs[2]["source"]["path"]))
    assert "not found" in gone.css_first(".banner").text() and gone.css("mark") == []
    statuses = [
        r.css_first("td:last-child").text(strip=True)
        for r in page(out / "index.html").css("tbody tr")
    ]
    assert statuses == ["", "source changed", "no text"]


def test_pred_finds_relative_paths_beside_the_output_file(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.txt").write_text(SEED_FILES[0].read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    pred = tmp_path / "out.jsonl"
    pred.write_text(run("extract", "a.txt", "-f", "jsonl").stdout, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert run("report", "--pred", str(pred), "-o", "r").exit_code == 0
    assert page(elsewhere / "r" / page_name(1, "a.txt")).css("mark[data-field]")


def test_pred_of_a_json_lines_input_finds_each_text_by_its_line(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    lines = [
        json.dumps({"id": str(i), "text": f.read_text(encoding="utf-8")})
        for i, f in enumerate(SEED_FILES[:2])
    ]
    Path("in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pred = Path("out.json")
    pred.write_text(run("extract", "in.jsonl", "-f", "json").stdout, encoding="utf-8")
    recs = json.loads(pred.read_text(encoding="utf-8"))
    assert [r["source"]["path"] for r in recs] == ["in.jsonl:1", "in.jsonl:2"]
    assert run("report", "--pred", str(pred), "-o", "r").exit_code == 0
    for n, rec in enumerate(recs, 1):
        tree = page(Path("r") / page_name(n, rec["source"]["path"]))
        assert highlighted(tree) == {k: e["quote"] for k, e in rec["evidence"].items()}


def test_pred_that_is_not_records_is_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"source": {}, "title": 5}\n', encoding="utf-8")
    result = run("report", "--pred", str(bad), "-o", str(tmp_path / "r"))
    assert result.exit_code == 1
    assert result.stderr.startswith("unionparse: record 1: not an unionparse record (title")


# ---------------------------------------------------------------- failures, escaping, folders


def test_a_failed_input_gets_an_error_page_and_exit_1(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(SEED_FILES[0].read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    out = tmp_path / "r"
    result = run("report", str(folder), "-o", str(out))
    assert result.exit_code == 1
    assert "b.txt" in result.stderr  # one line per failed input, as `extract` says it
    error_page = page(out / page_name(2, str(folder / "b.txt")))
    assert error_page.css_first("[data-error-code]").text() == "binary"
    assert "PNG" in error_page.css_first(".error-box").text()
    index = page(out / "index.html")
    assert index.css_first('[data-total="errors"]').text(strip=True).startswith("1")
    assert index.css("tbody tr")[1].css_first(".badge.err").text() == "binary"


def test_html_in_an_article_and_its_record_is_escaped_everywhere(tmp_path: Path) -> None:
    out = tmp_path / "r"
    result = run("report", "--pred", str(hostile_pred(tmp_path)), "-o", str(out))
    assert result.exit_code == 0, result.output
    own_scripts = ['<script src="index-data.js">', '<script src="assets/report.js">']
    for path in out.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for tag in ("<script>", "<img", "<svg", "<iframe", "<b>", "</textarea>"):
            assert tag not in html, (path.name, tag)
        assert all(s in own_scripts for s in re.findall(r"<script\b[^>]*>", html))
    data = (out / "index-data.js").read_text(encoding="utf-8")
    assert "<" not in data and "\\u003cscript\\u003e" in data
    (article,) = [page(p) for p in out.glob("0*.html")]
    assert article.css_first("h1").text() == HOSTILE_TITLE  # shown as text
    assert "<script>window.__pwned = 1</script>" in article.css_first(".article-text").text()
    assert HOSTILE_MESSAGE in article.css_first('tr[data-key="members.total"]').text()
    assert highlighted(article)["members.total"] == "4.764"


def test_report_refuses_a_folder_of_other_files_and_replaces_an_earlier_report(
    tmp_path: Path,
) -> None:
    other = tmp_path / "mine"
    other.mkdir()
    (other / "thesis.docx").write_text("keep me", encoding="utf-8")
    result = run("report", str(SEEDS), "-o", str(other))
    assert result.exit_code == 1 and "not an earlier report" in result.stderr
    assert (other / "thesis.docx").read_text(encoding="utf-8") == "keep me"

    out = tmp_path / "r"
    assert run("report", str(SEEDS), "-o", str(out)).exit_code == 0
    assert run("report", str(SEED_FILES[0]), "-o", str(out)).exit_code == 0
    assert sorted(p.name for p in out.glob("*.html")) == [
        page_name(1, str(SEED_FILES[0])),
        "index.html",
    ]


def test_a_long_batch_is_paged_in_static_index_pages(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    text = SEED_FILES[3].read_text(encoding="utf-8")
    n = PAGE_SIZE * 2 + 5
    for i in range(n):
        (folder / f"{i:04d}.txt").write_text(text.replace("4.609", f"{4000 + i}"), encoding="utf-8")
    out = tmp_path / "r"
    assert run("report", str(folder), "-o", str(out), "-q").exit_code == 0
    sizes = [
        len(page(out / name).css("tbody tr"))
        for name in ("index.html", "index-2.html", "index-3.html")
    ]
    assert sizes == [PAGE_SIZE, PAGE_SIZE, 5]
    assert not (out / "index-4.html").exists()
    last = page(out / page_name(n, str(folder / f"{n - 1:04d}.txt")))
    assert last.css_first("a[data-index]").attributes["href"] == "index-3.html"
    assert last.css_first('tr[data-key="members.total"] a').text() == str(4000 + n - 1)


def test_usage_needs_paths_or_pred(tmp_path: Path) -> None:
    assert run("report", "-o", str(tmp_path / "r")).exit_code == 2
    pred = tmp_path / "p.jsonl"
    pred.write_text("", encoding="utf-8")
    assert run("report", str(SEEDS), "--pred", str(pred), "-o", str(tmp_path / "r")).exit_code == 2


def test_templates_and_assets_are_package_data() -> None:
    """A wheel carries only files matched by [tool.setuptools.package-data]."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["unionparse"]
    package = ROOT / "unionparse"
    for sub in ("report/templates", "report/static"):
        files = [p for p in (package / sub).iterdir() if p.is_file()]
        assert files
        for f in files:
            rel = f.relative_to(package).as_posix()
            assert any(fnmatch(rel, g) for g in globs), rel
