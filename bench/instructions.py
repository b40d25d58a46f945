"""CPU instructions per article, counted by callgrind: a speed measure that does not move with
the machine.

Run from the repository root (needs valgrind; ~1 minute per target):

    python bench/instructions.py                 # extract_text, 20 benchmark articles
    python bench/instructions.py make_doc ratings.ratings --n 40 --top 10

Why: wall clock on a shared 2-core machine moves by 20-50% between runs of the same code, so
two versions of the engine are compared by what they execute instead. The script runs itself
under `valgrind --tool=callgrind` with collection off, builds the articles as bench/benchmark.py
does, runs every target once over other articles (lazy compiles and set-up are not per-article
work, but the memos of names and words must not know the counted articles: until session 7 the
warm-up read the same articles, which hid ~11% of the cost), then switches collection on around
a run over the counted articles only. Same code, same inputs, same count, whatever else the
machine is doing.

Targets: `extract_text` (the whole pure function), `make_doc`, or `MODULE.FUNCTION` of
`unionparse.extractors` (e.g. `awards.awards`), which is called with each article's Doc.

`startup` counts a whole one-file run instead: `unionparse extract seeds/<first>.txt` minus
`python -c pass`, both under callgrind, after a run that writes the bytecode and the pattern
cache (as a user's runs have them; the cache lives in a temporary folder). It is the start-up
figure that does not move with the machine:

    python bench/instructions.py startup
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

BENCH = Path(__file__).resolve().parent
_TOTAL = re.compile(r"([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS")
_ROW = re.compile(r"\s*([\d,]+) \(\s*([\d.]+)%\)\s+(\S.*)")


def _target(name: str, articles: list[str]) -> Callable[[], None]:
    """A callable running `name` over the articles (an extractor's Docs are built before)."""
    from unionparse.pipeline import extract_text
    from unionparse.text import make_doc

    if name == "extract_text":
        fn: Callable = extract_text
    elif name == "make_doc":
        fn = make_doc
    else:
        module, _, func = name.rpartition(".")
        if not module:
            raise SystemExit(f"unknown target {name!r}: extract_text, make_doc or MODULE.FUNCTION")
        extractor = getattr(importlib.import_module(f"unionparse.extractors.{module}"), func)

        def run_docs() -> None:
            for doc in docs:
                extractor(doc)

        docs = [make_doc(a) for a in articles]
        return run_docs

    def run() -> None:
        for article in articles:
            fn(article)

    return run


def _child(name: str, n: int, flag: str) -> None:
    """Under valgrind: warm up, then run once more between the parent's `go` and `done`."""
    sys.path.insert(0, str(BENCH))
    import benchmark

    from unionparse.pipeline import warm_up

    bases = benchmark.load_bases()
    articles = [benchmark.make_article(bases[i % len(bases)], i, 7, 5400) for i in range(n)]
    # the warm-up reads other articles (other numbers, unions and provinces): the rules are
    # compiled and set up, but no memo of names or words holds an answer for the counted ones
    others = [
        benchmark.make_article(bases[(i + 7) % len(bases)], n + i, 11, 5400) for i in range(n)
    ]
    warm_up()
    _target(name, others)()
    run = _target(name, articles)
    Path(flag + ".ready").touch()
    while not os.path.exists(flag + ".go"):
        time.sleep(0.02)
    run()
    Path(flag + ".done").touch()
    while os.path.exists(flag + ".go"):
        time.sleep(0.02)


def _wait_for(path: str, child: subprocess.Popen[bytes], log: Path) -> None:
    while not os.path.exists(path):
        if child.poll() is not None:
            raise SystemExit("the counted run failed:\n" + log.read_text()[-3000:])
        time.sleep(0.1)


def count(name: str, n: int, top: int) -> tuple[float, list[tuple[str, str]]]:
    """(M instructions per article, the top C functions with their share)."""
    with tempfile.TemporaryDirectory() as tmp:
        flag, out, log = f"{tmp}/flag", f"{tmp}/callgrind.out", Path(tmp) / "log"
        cmd = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={out}",
            sys.executable,
            __file__,
            "--child",
            flag,
            "--n",
            str(n),
            name,
        ]
        with log.open("w") as err:
            child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
            _wait_for(flag + ".ready", child, log)
            subprocess.run(["callgrind_control", "-i", "on", str(child.pid)], capture_output=True)
            Path(flag + ".go").touch()
            _wait_for(flag + ".done", child, log)
            subprocess.run(["callgrind_control", "-i", "off", str(child.pid)], capture_output=True)
            os.remove(flag + ".go")
            child.wait()
        report = subprocess.run(
            ["callgrind_annotate", out], capture_output=True, text=True, check=True
        ).stdout
    total = _TOTAL.search(report)
    if total is None:
        raise SystemExit("callgrind_annotate printed no total:\n" + report[:2000])
    rows = []
    for line in report.splitlines():
        m = _ROW.match(line)
        if m and "PROGRAM TOTALS" not in line:
            where = m.group(3).split(" [")[0].rsplit(":", 1)[-1]
            rows.append((m.group(2), where))
    return int(total.group(1).replace(",", "")) / n / 1e6, rows[:top]


def _total(cmd: list[str], env: dict[str, str]) -> int:
    """Instructions of a whole process, counted by callgrind."""
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    found = re.search(r"Collected : (\d+)", run.stderr)
    if run.returncode != 0 or found is None:
        raise SystemExit(f"`{' '.join(cmd)}` under callgrind failed:\n{run.stderr[-3000:]}")
    return int(found.group(1))


def count_startup() -> float:
    """M instructions of a one-file extract over those of `python -c pass`."""
    one = sorted((BENCH.parent / "seeds").glob("*.txt"))[0]
    extract = [sys.executable, "-m", "unionparse", "extract", str(one)]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "UNIONPARSE_CACHE_DIR": cache}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("UNIONPARSE_NO_CACHE", None)
        subprocess.run(extract, env=env, capture_output=True, check=True)  # bytecode, cache
        return (_total(extract, env) - _total([sys.executable, "-c", "pass"], env)) / 1e6


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("targets", nargs="*", default=["extract_text"])
    ap.add_argument("--n", type=int, default=20, help="articles counted (default 20)")
    ap.add_argument("--top", type=int, default=0, help="also list the top C functions")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(args.targets[0], args.n, args.child)
        return 0
    missing = [
        t for t in ("valgrind", "callgrind_control", "callgrind_annotate") if not shutil.which(t)
    ]
    if missing:
        print(f"instructions.py: needs valgrind ({', '.join(missing)} not found)", file=sys.stderr)
        return 2
    for name in args.targets:
        if name == "startup":
            print(f"startup: {count_startup():.0f} M instructions over python -c pass")
            continue
        per_article, rows = count(name, args.n, args.top)
        print(f"{name}: {per_article:.3f} M instructions per article (n={args.n})")
        for share, where in rows:
            print(f"  {share:>6}%  {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
