"""How long `unionparse report` takes beside `extract`, and how the index answers in a browser.

Run from the repository root (needs Debian's chromium and the `test` extra for Playwright):

    python bench/report_bench.py                 # N = 2,000 articles, index check at 5,000
    python bench/report_bench.py --n 500 --index-n 1000 --rounds 1   # quick look

The corpus is `benchmark.py`'s (seeds and tests/corpus/dev with numbers, years, provinces and
unions re-drawn, padded to 5 KB). Each round runs, as child processes writing files, each with
--jobs 1 and 2: `extract -f jsonl -o pred.jsonl`; `report --pred pred.jsonl` (the report alone:
texts read again, sha256 checked, pages written, each union page with its inline SVG chart);
and `report DIR` (extract and report in one go). Medians are printed, with how many union pages
(each with its chart) a report writes. Then Chromium opens the index of `--index-n` inputs and
times, inside the page, each action from the event to the next painted frame: sorting by every
column, typing a search, choosing a province and a year, ticking "has warnings", turning a
page. It is not part of the test run (no timing is asserted anywhere).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchmark import build_pool, corpus_of  # noqa: E402

REPO = Path(__file__).resolve().parent.parent

# an action's cost as the user feels it: from the event to the frame after it is painted
_TIMED = """async ([selector, action, value]) => {
    const el = document.querySelector(selector);
    const t0 = performance.now();
    if (action === 'click') el.click();
    else if (action === 'check') { el.checked = !el.checked; el.dispatchEvent(new Event('change', {bubbles: true})); }
    else { el.value = value; el.dispatchEvent(new Event('input', {bubbles: true})); }
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
    return [performance.now() - t0, window.UNIONPARSE_LAST_MS, document.querySelectorAll('#rows tbody tr').length];
}"""


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and the workers it reaped)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"report_bench: {' '.join(cmd)} failed:\n{proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "unionparse", *args, "-q"]


def commands(folder: Path, work: Path, jobs: int) -> dict[str, list[str]]:
    pred = work / f"pred-j{jobs}.jsonl"
    return {
        f"extract -j{jobs}": cli(
            "extract", str(folder), "-f", "jsonl", "-o", str(pred), "-j", str(jobs)
        ),
        f"report --pred -j{jobs}": cli(
            "report", "--pred", str(pred), "-o", str(work / "rp"), "-j", str(jobs)
        ),
        f"report DIR -j{jobs}": cli("report", str(folder), "-o", str(work / "rd"), "-j", str(jobs)),
    }


def browser_check(index: Path, chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(index.as_uri())
        page.wait_for_function("window.UNIONPARSE_LAST_MS !== undefined")
        nav = page.evaluate(
            "(() => { const n = performance.getEntriesByType('navigation')[0];"
            " return [n.domContentLoadedEventEnd, n.loadEventEnd]; })()"
        )
        rows = page.evaluate("window.UNIONPARSE_ROWS.length")
        print(
            f"index of {rows} inputs: DOMContentLoaded {nav[0]:.0f} ms, load {nav[1]:.0f} ms,"
            f" first render by the script {page.evaluate('window.UNIONPARSE_LAST_MS'):.1f} ms"
        )
        results: list[tuple[str, float, float, int]] = []

        def act(label: str, selector: str, action: str, value: str = "") -> None:
            frame, script, shown = page.evaluate(_TIMED, [selector, action, value])
            results.append((label, frame, script, shown))

        for key in ("n", "title", "org", "prov", "pkey", "gu", "mem", "rat", "awd", "warn", "err"):
            act(f"sort {key}", f'th[data-sort="{key}"] button', "click")
            act(f"sort {key} again", f'th[data-sort="{key}"] button', "click")
        for term in ("n", "ng", "nghe", "nghe an", "cong doan"):
            act(f"search '{term}'", "#filters input[name=q]", "input", term)
        act("search cleared", "#filters input[name=q]", "input", "")
        provinces = page.eval_on_selector_all(
            "#filters select[name=prov] option", "o => o.map(x => x.value)"
        )
        years = page.eval_on_selector_all(
            "#filters select[name=year] option", "o => o.map(x => x.value)"
        )
        act(f"province {provinces[1]}", "#filters select[name=prov]", "input", provinces[1])
        act("province all", "#filters select[name=prov]", "input", "")
        act(f"year {years[1]}", "#filters select[name=year]", "input", years[1])
        act("year all", "#filters select[name=year]", "input", "")
        act("has warnings", "#filters input[name=warn]", "check")
        act("has warnings off", "#filters input[name=warn]", "check")
        act("next page", "#pager button:nth-of-type(3)", "click")
        browser.close()

    width = max(len(r[0]) for r in results)
    print(f"{'action':<{width}}  to next frame   script   rows shown")
    for label, frame, script, shown in results:
        print(f"{label:<{width}}  {frame:8.1f} ms  {script:6.1f} ms  {shown:5d}")
    frames = [r[1] for r in results]
    print(
        f"{len(results)} actions: median {statistics.median(frames):.1f} ms, "
        f"slowest {max(frames):.1f} ms (to the next painted frame)"
    )


def copy_pool(pool: Path, count: int, folders: list[str]) -> None:
    """`count` articles copied round-robin from `folders`, numbered like benchmark.py's pool."""
    bases = sorted(p for d in folders for p in Path(d).rglob("*.txt"))
    if not bases:
        sys.exit(f"report_bench: no *.txt in {', '.join(folders)}")
    pool.mkdir(parents=True)
    for i in range(count):
        text = bases[i % len(bases)].read_text(encoding="utf-8").rstrip("\n")
        (pool / f"a{i:07d}.txt").write_text(f"{text}\n\n(bản {i})\n", encoding="utf-8")
    print(f"copied {count} articles from {len(bases)} files")


def _chromium() -> str | None:
    for path in ("/usr/lib/chromium/chromium", shutil.which("chromium")):
        if path and os.access(path, os.X_OK):
            return path
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="articles timed (default 2,000)")
    ap.add_argument("--index-n", type=int, default=5000, help="inputs in the browser's index")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument(
        "--copies-of",
        nargs="+",
        metavar="DIR",
        help="instead of the synthetic corpus: copies of the *.txt in these folders (e.g. the "
        "press corpus), each with a line of its own appended so no two files are the same",
    )
    ap.add_argument("--chromium", default=_chromium(), help="the browser binary")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="report-bench-") as tmp:
        root = Path(tmp)
        pool = root / "pool"
        if args.copies_of:
            copy_pool(pool, max(args.n, args.index_n), args.copies_of)
        else:
            build_pool(pool, max(args.n, args.index_n), seed=1, pad_to=5000)
        folder, _ = corpus_of(root, pool, args.n)
        work = root / "work"
        work.mkdir()
        runs = {**commands(folder, work, 1), **commands(folder, work, 2)}  # in this order
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
        unions = 0
        for _ in range(args.rounds):
            for name, cmd in runs.items():  # each report --pred reads the extract just before it
                for target in ("rp", "rd"):
                    shutil.rmtree(work / target, ignore_errors=True)
                times[name].append(timed(cmd))
                if name.startswith("report --pred"):
                    unions = len(list((work / "rp" / "timeline").glob("*.html"))) - 1
        print(f"{args.n} articles, {args.rounds} rounds, medians (child processes; CPU counts")
        print("the workers too, and is what a shared machine disturbs least):")
        med: dict[str, tuple[float, float]] = {}
        for name, values in times.items():
            wall = statistics.median(v[0] for v in values)
            cpu = statistics.median(v[1] for v in values)
            med[name] = (wall, cpu)
            print(
                f"  {name:<28} wall {wall:6.2f} s ({wall / args.n * 1000:5.2f} ms/article)"
                f"  CPU {cpu:6.2f} s ({cpu / args.n * 1000:5.2f} ms/article)"
            )
        print(f"a report of them writes {unions} union pages, each with its chart")
        for jobs in (1, 2):
            ex, rp = med[f"extract -j{jobs}"], med[f"report --pred -j{jobs}"]
            print(
                f"report alone / extract, --jobs {jobs}: wall {rp[0] / ex[0]:.2f}, "
                f"CPU {rp[1] / ex[1]:.2f}"
            )
        print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")

        if not args.chromium or not os.path.exists(args.chromium):
            print("no chromium: browser check skipped")
            return 0
        big, _ = corpus_of(root, pool, args.index_n)
        pred = work / "big.jsonl"
        timed(cli("extract", str(big), "-f", "jsonl", "-o", str(pred), "-j", "2"))
        wall, cpu = timed(cli("report", "--pred", str(pred), "-o", str(work / "big")))
        print(f"report --pred of {args.index_n} inputs: wall {wall:.2f} s, CPU {cpu:.2f} s")
        browser_check(work / "big" / "index.html", args.chromium)
    return 0


if __name__ == "__main__":
    sys.exit(main())
