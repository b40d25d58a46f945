"""The report in a real browser: Debian's Chromium, headless, driven by Playwright.

Playwright is pointed at the system's Chromium (`executable_path`); it never downloads one.
Without Chromium (a fresh clone on a machine without `apt-get install chromium`) these tests
skip with a message; in CI (`CI` set) a missing browser fails them, so they cannot go quiet.
Screenshots land in tests/artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_inputs import HOSTILE_TITLE, hostile_pred

from unionparse.cli import cli
from unionparse.models import Article, ErrorInfo, ErrorRecord, Source
from unionparse.report import ReportEntry, build_report
from unionparse.report.render import PAGE_SIZE, page_name

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SEED3 = "00004-003_886f1ca231641e4e.html"


def chromium_path() -> str | None:
    """UNIONPARSE_CHROMIUM, else Debian's chromium (the binary behind its wrapper script)."""
    candidates = [
        os.environ.get("UNIONPARSE_CHROMIUM"),
        "/usr/lib/chromium/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ]
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what}: CI must run the browser tests (.ci/run installs it)")
    pytest.skip(
        f"{what}: browser tests skipped (apt-get install chromium; pip install -e '.[test]')"
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed")
    path = chromium_path()
    if path is None:
        _missing("Chromium is not installed")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=path, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert errors == [], errors  # no script error on any page a test opened


def cli_report(*args: str) -> None:
    """The report through the installed command line, as a user runs it."""
    proc = subprocess.run(
        [sys.executable, "-m", "unionparse", "report", *args, "-q"],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "seeds"
    cli_report("seeds", "-o", str(out))
    return out


@pytest.fixture(scope="module")
def seed_records() -> list[dict]:
    result = CliRunner().invoke(cli, ["extract", str(SEEDS), "-f", "jsonl"])
    return [json.loads(line) for line in result.stdout.splitlines()]


def screenshot(pg, name: str, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


def column(pg, label: str) -> list[str]:
    return pg.locator(f'#rows tbody td[data-label="{label}"]').all_inner_texts()


# ---------------------------------------------------------------- index


def test_index_sorts_filters_and_follows_a_link(page, seeds_report: Path) -> None:
    from playwright.sync_api import expect

    page.goto((seeds_report / "index.html").as_uri())
    rows = page.locator("#rows tbody tr")
    expect(rows).to_have_count(5)
    expect(page.locator("#filters")).to_be_visible()  # the script took over
    expect(page.locator("#count")).to_have_text("5 inputs")
    screenshot(page, "index.png")

    page.click('th[data-sort="mem"] button')  # numbers: largest first, empty last
    assert column(page, "Members") == ["4764", "4609", "3942", "", ""]
    expect(page.locator('th[data-sort="mem"]')).to_have_attribute("aria-sort", "descending")
    page.click('th[data-sort="mem"] button')
    assert column(page, "Members") == ["3942", "4609", "4764", "", ""]
    page.click('th[data-sort="prov"] button')  # Vietnamese order: Nam < Nghệ < Vĩnh
    assert column(page, "Province") == ["Nam Định", "Nghệ An", "Nghệ An", "Vĩnh Phúc", ""]
    page.click('th[data-sort="prov"] button')
    assert column(page, "Province") == ["Vĩnh Phúc", "Nghệ An", "Nghệ An", "Nam Định", ""]

    page.fill("#filters input[name=q]", "vinh phuc")  # without diacritics
    expect(rows).to_have_count(1)
    expect(page.locator("#count")).to_have_text("1 of 5 inputs")
    page.click("#filters button[type=reset]")
    expect(rows).to_have_count(5)
    page.select_option("#filters select[name=prov]", "Nghệ An")
    expect(rows).to_have_count(2)
    page.select_option("#filters select[name=year]", "2023")
    expect(rows).to_have_count(1)
    assert column(page, "Period") == ["year 2023"]
    page.click("#filters button[type=reset]")
    page.check("#filters input[name=warn]")
    expect(rows).to_have_count(2)
    assert sorted(column(page, "Warnings")) == ["1", "1"]
    page.check("#filters input[name=err]")
    expect(rows).to_have_count(0)
    page.click("#filters button[type=reset]")
    page.click('a[data-code="percent_mismatch"]')  # a total is a filter too
    expect(rows).to_have_count(1)
    assert "prov=" not in page.url and "code=percent_mismatch" in page.url

    page.reload()  # the state lives in the address, so a reload or Back keeps it
    expect(rows).to_have_count(1)
    expect(page.locator("#filters select[name=code]")).to_have_value("percent_mismatch")

    title = rows.first.locator("td.title a")
    expected = title.inner_text()
    title.click()
    page.wait_for_url(f"**/{SEED3}")
    assert page.locator("h1").inner_text() == expected
    page.click("a[data-index]")  # back to the index as it was left
    expect(rows).to_have_count(1)


def test_a_large_index_shows_one_page_of_rows_and_sorts_across_all(browser, tmp_path) -> None:
    """1,500 inputs, an error every 100th: the DOM holds one page of rows at a time."""
    from playwright.sync_api import expect

    base = Article.model_validate(
        json.loads(CliRunner().invoke(cli, ["extract", str(SEED_FILES[3]), "-f", "jsonl"]).stdout)
    )
    text = SEED_FILES[3].read_text(encoding="utf-8")
    entries = []
    n = 1500
    for i in range(n):
        source = Source(path=f"batch/{i:05d}.txt")
        if i % 100 == 99:
            error = ErrorInfo(code="binary", message=f"batch/{i:05d}.txt: not a text file")
            entries.append(ReportEntry(ErrorRecord(source=source, error=error), None, "unreadable"))
            continue
        members = base.members.model_copy(update={"total": (i * 7919) % 100_000})
        article = base.model_copy(update={"source": source, "members": members})
        entries.append(ReportEntry(article, text))
    out = tmp_path / "large"
    summary = build_report(entries, str(out))
    assert (summary.articles, summary.errors) == (n - 15, 15)

    pg = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        pg.goto((out / "index.html").as_uri())
        rows = pg.locator("#rows tbody tr")
        expect(rows).to_have_count(PAGE_SIZE)
        expect(pg.locator("#pager")).to_contain_text(f"page 1 of {n // PAGE_SIZE}")
        pg.click('th[data-sort="mem"] button')
        largest = max((i * 7919) % 100_000 for i in range(n) if i % 100 != 99)
        assert column(pg, "Members")[0] == str(largest)
        pg.click("#pager button:has-text('Last')")
        assert column(pg, "Members")[-1] == ""  # error rows have no members: last
        pg.check("#filters input[name=err]")
        expect(rows).to_have_count(15)
        pg.fill("#filters input[name=q]", "01234")
        expect(rows).to_have_count(0)
        pg.uncheck("#filters input[name=err]")
        expect(rows).to_have_count(1)
        assert rows.first.locator("small.path").inner_text() == "batch/01234.txt"
        print(f"last render: {pg.evaluate('window.UNIONPARSE_LAST_MS'):.1f} ms")
    finally:
        pg.close()


# ---------------------------------------------------------------- article pages


def test_every_evidence_key_has_a_highlight_whose_text_is_its_quote(
    page, seeds_report: Path, seed_records: list[dict]
) -> None:
    for number, (rec, path) in enumerate(zip(seed_records, SEED_FILES, strict=True), 1):
        page.goto((seeds_report / page_name(number, str(path))).as_uri())
        seen = page.evaluate(
            """() => {
                const out = {};
                for (const el of document.querySelectorAll('[data-field]')) {
                    if (el.tagName !== 'MARK') continue;
                    const key = el.dataset.field;
                    const colour = getComputedStyle(el).backgroundColor;
                    out[key] = out[key] || {text: '', colours: []};
                    out[key].text += el.textContent;
                    out[key].colours.push(colour);
                }
                return out;
            }"""
        )
        assert set(seen) == set(rec["evidence"]), path.name
        for key, evidence in rec["evidence"].items():
            assert seen[key]["text"] == evidence["quote"], (path.name, key)
            assert "rgba(0, 0, 0, 0)" not in seen[key]["colours"], (path.name, key)


def test_clicking_a_value_scrolls_its_span_into_view_and_flashes_it(page, seeds_report) -> None:
    from playwright.sync_api import expect

    page.goto((seeds_report / SEED3).as_uri())
    span = page.locator("#ev-awards-5")
    expect(span).not_to_be_in_viewport()
    page.click('a[data-goto="awards[5]"]')
    expect(span).to_be_in_viewport()
    expect(span).to_have_class("f-awards h0 flash")
    assert page.url.endswith("#ev-awards-5")
    screenshot(page, "article.png")

    page.click('a[data-goto="members.total"]')  # and back up to the top of the text
    expect(page.locator("#ev-members-total")).to_be_in_viewport()
    expect(page.locator("#ev-awards-5")).not_to_be_in_viewport()
    hover = page.locator("#ev-members-total").get_attribute("title")
    assert hover == "members.total = 4609"


def test_a_phone_width_reads_and_scrolls(browser, seeds_report: Path) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        pg = context.new_page()
        pg.goto((seeds_report / SEED3).as_uri())
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= 390  # nothing runs off the side
        pg.click('a[data-goto="ratings[2]"]')
        expect(pg.locator("#ev-ratings-2")).to_be_in_viewport()
        screenshot(pg, "article-phone.png")
        pg.goto((seeds_report / "index.html").as_uri())
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(pg, "index-phone.png")
    finally:
        context.close()


def test_pages_read_without_javascript(browser, seeds_report: Path) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 800}
    )
    try:
        pg = context.new_page()
        pg.goto((seeds_report / "index.html").as_uri())
        expect(pg.locator("#rows tbody tr")).to_have_count(5)
        expect(pg.locator("#filters")).to_be_hidden()  # it needs the script: not offered
        pg.goto((seeds_report / SEED3).as_uri())
        pg.click('a[data-goto="awards[5]"]')  # a plain link to the span's id
        expect(pg.locator("#ev-awards-5")).to_be_in_viewport()
    finally:
        context.close()


# ---------------------------------------------------------------- hostile input


def test_a_hostile_articles_markup_never_runs(page, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    out = tmp_path / "r"
    cli_report("--pred", str(hostile_pred(tmp_path)), "-o", str(out))
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((out / "index.html").as_uri())
    expect(page.locator("#rows tbody tr")).to_have_count(1)
    assert page.locator("#rows td.title a").inner_text() == HOSTILE_TITLE  # as text, by the script
    assert page.evaluate("window.__pwned") is None
    page.click("#rows td.title a")
    expect(page.locator("h1")).to_have_text(HOSTILE_TITLE)
    assert "<script>window.__pwned = 1</script>" in page.locator(".article-text").inner_text()
    assert page.locator("script:not([src])").count() == 0
    assert page.locator("img, svg, iframe").count() == 0
    page.click('a[data-goto="members.total"]')
    assert page.evaluate("window.__pwned") is None and dialogs == []


def test_a_union_timeline_page_shows_its_chart(browser, tmp_path: Path) -> None:
    """The report's timeline page of a union (tests/test_report_timeline.py): its inline SVG
    chart is drawn, at a desktop's width and within a phone's."""
    out = tmp_path / "timeline-report"
    result = CliRunner().invoke(
        cli, ["report", str(ROOT / "tests/corpus/timeline"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    pg = browser.new_page(viewport={"width": 1280, "height": 1000})
    try:
        pg.goto((out / "timeline" / "cdvc_ha-tinh.html").as_uri())
        pg.wait_for_load_state("load")
        panels = pg.locator("#chart svg[role=img]")
        assert panels.count() == 3
        members = pg.locator('#chart svg[data-chart="members-total"]')
        assert members.locator("circle.point").count() == 6  # 2019 no article, 2021 conflict
        assert members.locator("path.cross").count() == 2
        ratings = pg.locator('#chart svg[data-chart="ratings"]')
        # 6 graded years: 3 categories in 2016-2018 and 2020, 3 in 2021 and 2022
        assert ratings.locator("rect.bar").count() == 18
        assert ratings.locator("text.legend").count() == 6
        box = members.bounding_box()
        assert box is not None and box["width"] > 300  # drawn, at its size, not collapsed
        # every label lies inside its panel: nothing clipped at the picture's edges
        outside = pg.evaluate(
            """() => [...document.querySelectorAll('#chart svg')].flatMap(svg => {
                const box = svg.getBoundingClientRect();
                return [...svg.querySelectorAll('text')].filter(t => {
                    const r = t.getBoundingClientRect();
                    return r.left < box.left - 1 || r.right > box.right + 1
                        || r.top < box.top - 1 || r.bottom > box.bottom + 1;
                }).map(t => t.textContent);
            })"""
        )
        assert outside == []
        conflict = pg.locator('#timeline tr[data-period="2021"] td[data-field="members.total"]')
        assert " ".join(conflict.inner_text().split()) == "5210 [6] ≠ 5120 [7]"
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / "timeline-cdvc_ha-tinh.png"), full_page=True)
        pg.click("text=↑ Timeline: all unions")
        assert pg.locator("#unions tbody tr").count() == 2
    finally:
        pg.close()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        pg = context.new_page()
        pg.goto((out / "timeline" / "cdvc_ha-tinh.html").as_uri())
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        for svg in pg.locator("#chart svg").all():
            box = svg.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        screenshot(pg, "timeline-cdvc_ha-tinh-phone.png", full_page=True)
    finally:
        context.close()
