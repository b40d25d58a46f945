"""Benchmark `unionparse extract` against the floor and two reference extractors, start-up apart.

Run from the repository root (about 3 minutes on 2 cores; `--quick` about 25 s):

    python bench/benchmark.py                      # N=1,500 articles per corpus, 3 rounds
    python bench/benchmark.py --n 20000 --rss      # bigger; RSS at N and 4N padded articles
    python bench/benchmark.py --quick              # smoke run: N=300, 1 round

Two corpora of N articles each, built in a temporary folder (`--keep DIR` keeps and reuses them):
- natural: the press corpus (../shared/corpus/press, `--press DIR`) and the seeds at their own
  length, ~1.9 KB an article (seeds only, with a note, when the press corpus is absent);
- padded: the seeds and tests/corpus/dev/*.txt, short ones padded with their own paragraphs to
  5 KB (`--pad-to`), the corpus of the earlier sessions' figures.
Every article has its numbers re-drawn (shape kept), years shifted together, provinces and union
bodies swapped, so rules cannot be served by a cache of identical texts and the mix of phrasings
stays the real one.

On each corpus, side by side: the floor (read + decode UTF-8 + NFC + write a one-line record, in
process), `unionparse extract DIR --format jsonl` with `--jobs 1` and `--jobs 2`, the naive script
of ~30 `re` patterns (`bench/naive_re.py`), and `dateparser.search_dates` on the first
`--dateparser-n` articles (`bench/dateparser_ref.py`; skipped with a note when dateparser is not
installed). Start-up is measured in the same run as one-file runs of each command on one
article (`--startup-runs` of them in each round, 5 by default: a 0.3 s figure is noisier than a
corpus run), and subtracted from that command's corpus run: the net time covers N - 1 articles.
`startup_s` is `unionparse extract one.txt` minus `python3 -c pass`, as a user meets it: with
the package's bytecode and the pattern cache written by earlier runs (the benchmark's own cache
folder, warmed by the output check; PYTHONDONTWRITEBYTECODE is dropped for the commands timed).
The first run after an install or upgrade compiles every rule: `startup_cold_s` (the same run
with UNIONPARSE_NO_CACHE=1) is printed beside it.

Why it is built this way:
- All commands (the start-up runs too) run round-robin inside each round and the start rotates
  per round, so drift of the machine (thermal, page cache, neighbours) hits all alike; medians
  are reported. Outputs go to /dev/null.
- Before timing, the outputs of `--jobs 1` and `--jobs 2` on the first `--check-n` articles of
  each corpus are written to files and compared line by line (same records, same order).
- Peak RSS (`--rss`) is the extract process's own high-water mark (VmHWM, read from /proc by a
  tiny wrapper as the process exits) and the largest ru_maxrss of its reaped workers.

The last line printed is always the natural corpus's
`ratio_to_floor=<x> vs_naive=<y> jobs2_speedup=<z> startup_s=<s>` (the padded corpus's line and
`startup_cold_s` come before it). vs_naive is unionparse's articles/s over the naive script's, jobs2_speedup one
process's net time over `--jobs 2`'s. Exit status 1 when `--jobs 1` and `--jobs 2` differ, 2
when a command fails (its stderr is shown).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import BinaryIO

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SEEDS = REPO / "seeds"
PADDED_DIRS = (SEEDS, REPO / "tests" / "corpus" / "dev")  # bases of the padded corpus
PRESS = REPO.parent / "shared" / "corpus" / "press"  # bases of the natural-length corpus
MANIFEST = "manifest.json"
GENERATOR_VERSION = 1

PROVINCES = (
    "Nghệ An",
    "Hà Tĩnh",
    "Thanh Hóa",
    "Quảng Bình",
    "Quảng Trị",
    "Thừa Thiên Huế",
    "Bắc Ninh",
    "Hải Dương",
    "Thái Bình",
    "Nam Định",
    "Đồng Nai",
    "Bình Dương",
    "Long An",
    "Đắk Lắk",
    "Lâm Đồng",
    "Gia Lai",
    "Khánh Hòa",
    "Đà Nẵng",
)
OLD_SPELLINGS = ("Thanh Hoá", "Khánh Hoà")  # old tone placement, matched too
# Sector that follows "Công đoàn" in the name of a union body ("Công đoàn Viên chức tỉnh").
SECTORS = (
    "Viên chức",
    "Giáo dục",
    "Y tế",
    "Công Thương",
    "Giao thông vận tải",
    "Xây dựng",
    "Nông nghiệp và Phát triển nông thôn",
    "Khu kinh tế",
)

_PROVINCE_RE = re.compile(
    "|".join(re.escape(p) for p in sorted(PROVINCES + OLD_SPELLINGS, key=len, reverse=True))
)
_SECTOR_RE = re.compile(
    r"([Cc]ông đoàn) (?:"
    + "|".join(re.escape(s) for s in sorted(SECTORS, key=len, reverse=True))
    + r"|viên chức)\b"
)
_NUMBER_RE = re.compile(  # the lookahead lets `re` skip non-digits fast
    r"(?=\d)(?:(?P<time>\b(?P<hh>\d{1,2}):(?P<mm>\d{2})\b)"
    r"|(?P<date>\b(?P<d>\d{1,2})(?P<sep>[/-])(?P<m>\d{1,2})(?:(?P=sep)(?P<y>\d{4}))?\b)"
    r"|(?P<year>\b(?:20[0-2]\d|2030)\b)"
    r"|(?P<num>\d+))"
)


def _redraw(rng: random.Random, digits: str, *, group: bool, percent: bool) -> str:
    """A new digit run with the same length (so thousands groups keep their shape)."""
    n = len(digits)
    if group:  # "764" in "4.764": any three digits
        return "".join(rng.choice("0123456789") for _ in range(n))
    v = int(digits)
    if n > 1 and digits[0] == "0":  # zero-padded: keep the width
        return str(rng.randint(0, 10 ** (n - 1) - 1)).zfill(n)
    lo = max(10 ** (n - 1) if n > 1 else 1, v // 2) if v else 0
    hi = min(10**n - 1, v + v // 2 + 1) if v else 0
    if percent:
        hi = min(hi, 100)
        lo = min(lo, hi)
    return str(rng.randint(lo, hi))


def _vary_numbers(text: str, rng: random.Random, year_shift: int) -> str:
    def width(orig: str, value: int) -> str:
        return str(value).zfill(len(orig)) if orig.startswith("0") else str(value)

    def year(y: str) -> str:
        v = int(y)
        return str(v + year_shift) if 2000 <= v <= 2030 else y

    def sub(m: re.Match[str]) -> str:
        if m["time"]:
            return f"{rng.randint(0, 23):0{len(m['hh'])}d}:{rng.randint(0, 59):02d}"
        if m["date"]:
            d, mo = int(m["d"]), int(m["m"])
            if 1 <= d <= 31 and 1 <= mo <= 12:
                out = (
                    width(m["d"], rng.randint(1, 28)) + m["sep"] + width(m["m"], rng.randint(1, 12))
                )
                return out + (m["sep"] + year(m["y"]) if m["y"] else "")
            # not a date (a ratio such as 33/37): vary both sides, keep numerator <= denominator
            a = int(_redraw(rng, m["d"], group=False, percent=False))
            b = int(_redraw(rng, m["m"], group=False, percent=False))
            a, b = min(a, b), max(a, b)
            return f"{a}{m['sep']}{b}" + (m["sep"] + year(m["y"]) if m["y"] else "")
        if m["year"]:
            return year(m["year"])
        s, start, end = m.string, m.start(), m.end()
        if start and (s[start - 1].isalpha() or s[start - 1] == "-" and s[start - 2].isalpha()):
            return m["num"]  # part of a name (COVID-19, H5N1): not a quantity
        group = (
            len(m["num"]) == 3 and start >= 2 and s[start - 1] in ".," and s[start - 2].isdigit()
        )
        percent = end < len(s) and s[end] == "%"
        return _redraw(rng, m["num"], group=group, percent=percent)

    return _NUMBER_RE.sub(sub, text)


def make_article(base: str, i: int, seed: int, pad_to: int) -> str:
    """Article number `i`: `base` with numbers, years, province and union body re-drawn."""
    rng = random.Random(seed * 1_000_003 + i)
    province = rng.choice(PROVINCES)
    sector = rng.choice(SECTORS)
    text = _PROVINCE_RE.sub(province, base)
    text = _SECTOR_RE.sub(lambda m: f"{m[1]} {sector}", text)
    text = _vary_numbers(text, rng, year_shift=rng.randint(-8, 2))
    if len(text.encode("utf-8")) < pad_to:  # pad short bases by repeating body paragraphs
        paras = [p for p in text.split("\n\n")[1:] if p.strip()] or [text]
        k = 0
        while len(text.encode("utf-8")) < pad_to:
            text += "\n\n" + paras[k % len(paras)]
            k += 1
    return unicodedata.normalize("NFC", text)


def load_bases(paths: Sequence[Path] | None = None) -> list[str]:
    """The texts of `paths` (default: the padded corpus's bases, seeds and tests/corpus/dev)."""
    if paths is None:
        paths = txt_files(PADDED_DIRS)
    if not paths:
        sys.exit(f"benchmark: no base articles found in {', '.join(map(str, PADDED_DIRS))}")
    return [unicodedata.normalize("NFC", p.read_text(encoding="utf-8")) for p in paths]


def txt_files(dirs: Sequence[Path]) -> list[Path]:
    """The .txt files of `dirs` and their sub-folders, sorted within each folder."""
    return [p for d in dirs if d.is_dir() for p in sorted(d.rglob("*.txt"))]


def build_pool(
    pool: Path, count: int, seed: int, pad_to: int, bases: list[str] | None = None
) -> None:
    """Write `count` articles made from `bases` (default: `load_bases()`) into `pool`, or reuse
    them if a matching manifest is there."""
    bases = load_bases() if bases is None else bases
    want = {
        "version": GENERATOR_VERSION,
        "count": count,
        "seed": seed,
        "pad_to": pad_to,
        "bases": hashlib.sha256("\0".join(bases).encode()).hexdigest(),
    }
    mf = pool / MANIFEST
    if mf.is_file() and json.loads(mf.read_text()) == want:
        print(f"reusing corpus in {pool}", flush=True)
        return
    if pool.exists():
        shutil.rmtree(pool)
    pool.mkdir(parents=True)
    t0 = time.perf_counter()
    for i in range(count):
        text = make_article(bases[i % len(bases)], i, seed, pad_to)
        (pool / f"a{i:07d}.txt").write_bytes(text.encode("utf-8"))
    mf.write_text(json.dumps(want))
    print(f"built {count} articles from {len(bases)} bases in {time.perf_counter() - t0:.1f}s")


def corpus_of(root: Path, pool: Path, k: int) -> tuple[Path, list[Path]]:
    """A folder with the first `k` pool articles (hard links: no extra disk, same bytes)."""
    d = root / f"n{k}"
    d.mkdir(exist_ok=True)
    files = []
    for i in range(k):
        dst = d / f"a{i:07d}.txt"
        src = pool / dst.name
        if dst.exists() and not os.path.samefile(src, dst):  # pool rebuilt since (--keep)
            dst.unlink()
        if not dst.exists():
            os.link(src, dst)
        files.append(dst)
    extra = sorted(set(d.iterdir()) - set(files))
    for p in extra:  # left over from a larger run with --keep
        p.unlink()
    return d, files


# ---------------------------------------------------------------- measurements


@dataclass
class Corpus:
    name: str  # "natural" or "padded"
    folder: Path
    files: list[Path]
    mb: float
    subset: Path  # the first --dateparser-n articles, for the slow reference
    check: Path  # the first --check-n articles, for the --jobs 1 / --jobs 2 comparison
    check_n: int


class CliError(RuntimeError):
    pass


def unionparse_cmd(target: Path, jobs: int) -> list[str]:
    """`unionparse extract TARGET --format jsonl --jobs N`, through the installed script if any."""
    script = Path(sys.executable).with_name("unionparse")
    head = [str(script)] if script.is_file() else [sys.executable, "-m", "unionparse"]
    return [*head, "extract", str(target), "--format", "jsonl", "--jobs", str(jobs)]


def naive_cmd(target: Path) -> list[str]:
    return [sys.executable, str(BENCH / "naive_re.py"), str(target)]


def dateparser_cmd(target: Path) -> list[str]:
    return [sys.executable, str(BENCH / "dateparser_ref.py"), str(target)]


@dataclass
class Time:
    wall: float
    cpu: float  # user + system, of the child and the workers it reaped


def timed(cmd: list[str], stdout: BinaryIO | None = None) -> Time:
    """Wall and CPU time of `cmd` as a child process, its stdout to /dev/null (or `stdout`)."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL if stdout is None else stdout,
            stderr=err,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen quiet
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-15:]
            raise CliError(
                f"`{' '.join(cmd)}` exited with {proc.returncode}:\n  " + "\n  ".join(tail)
            )
    return Time(wall, usage.ru_utime + usage.ru_stime)


def floor_pass(folder: Path) -> Time:
    """Read every file, decode UTF-8, NFC-normalize and write a one-line record for it to
    /dev/null: what any extractor must pay at least (in-process, so no start-up)."""
    t0, c0 = time.perf_counter(), time.process_time()
    with open(os.devnull, "w", encoding="utf-8") as out:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.name.endswith(".txt"):
                with open(entry.path, "rb") as f:
                    text = unicodedata.normalize("NFC", f.read().decode("utf-8"))
                out.write(json.dumps({"source": entry.path, "chars": len(text)}) + "\n")
    return Time(time.perf_counter() - t0, time.process_time() - c0)


# Runs `python -m unionparse ARGS` and, at exit, writes its own VmHWM (KiB) and the largest
# ru_maxrss of its reaped children (workers) to the file named by UNIONPARSE_BENCH_RSS.
# Not os.wait4's ru_maxrss of the child: Linux carries the pre-exec high-water mark over exec,
# so a child spawned by this script would report this script's own size as its peak.
_RSS_WRAPPER = """
import atexit, os, resource, runpy, sys
def _report():
    try:
        with open("/proc/self/status") as f:
            hwm = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(os.environ["UNIONPARSE_BENCH_RSS"], "w") as f:
        f.write(f"{hwm} {kids}")
atexit.register(_report)
sys.argv = ["unionparse", *sys.argv[1:]]
runpy.run_module("unionparse", run_name="__main__", alter_sys=True)
"""


def peak_rss_kb(folder: Path, jobs: int) -> int:
    """Peak RSS (KiB) of `unionparse extract FOLDER` and of its workers, whichever is larger."""
    cmd = [sys.executable, "-c", _RSS_WRAPPER, *unionparse_cmd(folder, jobs)[-6:]]
    with tempfile.NamedTemporaryFile("r") as rss, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env={**os.environ, "UNIONPARSE_BENCH_RSS": rss.name},
        )
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen quiet
        if proc.returncode != 0:
            err.seek(0)
            raise CliError(f"`{' '.join(cmd[3:])}` exited with {proc.returncode}: {err.read()!r}")
        reported = rss.read().split()
    if len(reported) == 2:
        return max(int(reported[0]), int(reported[1]))
    return usage.ru_maxrss  # where /proc is missing; in KiB on Linux


def _around(a: bytes, b: bytes, width: int = 240) -> tuple[str, str]:
    """Both lines cut to a window around their first difference."""
    x, y = (t.decode("utf-8", "replace").rstrip("\n") for t in (a, b))
    i = next((k for k, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y)))
    lo = max(0, i - width // 3)

    def cut(t: str) -> str:
        return ("..." if lo else "") + t[lo : lo + width] + ("..." if len(t) > lo + width else "")

    return cut(x), cut(y)


def compare_jobs(root: Path, folder: Path, n: int) -> tuple[bool, str]:
    """Run `--jobs 1` and `--jobs 2` into files and compare them line by line."""
    outs = [root / "jobs1.jsonl", root / "jobs2.jsonl"]
    for jobs, out in zip((1, 2), outs, strict=True):
        with open(out, "wb") as f:
            timed(unionparse_cmd(folder, jobs), stdout=f)
    digest = hashlib.sha256()
    count = 0
    with open(outs[0], "rb") as one, open(outs[1], "rb") as two:
        for count, (a, b) in enumerate(zip_longest(one, two, fillvalue=b""), start=1):
            if a != b:
                x, y = _around(a, b)
                return (
                    False,
                    f"DIFFERENT at record {count} of {n}:\n  --jobs 1: {x}\n  --jobs 2: {y}",
                )
            digest.update(a)
    for out in outs:
        out.unlink()
    if count != n:
        return False, f"{count} records for {n} inputs"
    return True, f"identical: {n} records in input order (sha256 {digest.hexdigest()[:16]})"


# ---------------------------------------------------------------- archive mode (--archive)


def archive_cmd(folder: Path, db: Path) -> list[str]:
    return [*unionparse_cmd(folder, 1)[:-4], "-o", str(db), "--jobs", "1"]


def archive_run(folder: Path, db: Path, fresh: bool) -> Time:
    """`extract FOLDER -o DB`: into a new archive (`fresh`), or again over an unchanged one."""
    if fresh:
        for leftover in db.parent.glob(db.name + "*"):
            leftover.unlink()
    return timed(archive_cmd(folder, db))


def jsonl_digest(folder: Path) -> str:
    """sha256 of `unionparse extract FOLDER --format jsonl`."""
    with tempfile.TemporaryFile() as out:
        timed(unionparse_cmd(folder, 1), stdout=out)
        out.seek(0)
        return hashlib.file_digest(out, "sha256").hexdigest()


def export_digest(db: Path) -> str:
    """sha256 of `unionparse export DB -f jsonl`: must equal that of extract's JSON Lines."""
    proc = subprocess.run(
        [sys.executable, "-m", "unionparse", "export", str(db), "-f", "jsonl"],
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        raise CliError(f"export exited with {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return hashlib.sha256(proc.stdout).hexdigest()


# ---------------------------------------------------------------- report

FLOOR = "floor (read+decode+write)"
JOBS1 = "unionparse --jobs 1"
JOBS2 = "unionparse --jobs 2"
NAIVE = "naive re (31 patterns)"
DATEPARSER = "dateparser.search_dates"
COLD = "... with no pattern cache"
ARCHIVE_FIRST = "archive, first run --jobs 1"
ARCHIVE_RERUN = "archive, re-run unchanged"
ARCHIVE_START = "archive, start-up (no files)"


@dataclass
class Row:
    label: str
    wall: float  # median wall time of the corpus run
    startup: float  # the one-file run subtracted from it (0 for the in-process floor)
    cpu: float  # median CPU time of the corpus run, less the one-file run's
    articles: int  # articles the net time covers
    mb: float

    @property
    def net(self) -> float:
        return max(self.wall - self.startup, 1e-9)

    @property
    def per_article(self) -> float:
        return self.net / self.articles


@dataclass
class Summary:
    ratio_to_floor: float
    vs_naive: float
    jobs2_speedup: float
    dateparser_speedup: float | None  # unionparse articles/s over dateparser's
    cpu_ratio_to_floor: float  # the same two ratios in CPU time per article, which moves
    cpu_vs_naive: float  # less than wall time when other work shares the machine

    def line(self, startup_s: float) -> str:
        return (
            f"ratio_to_floor={self.ratio_to_floor:.2f} vs_naive={self.vs_naive:.2f} "
            f"jobs2_speedup={self.jobs2_speedup:.2f} startup_s={startup_s:.3f}"
        )


def report(corpus: Corpus, rows: list[Row]) -> Summary:
    by = {r.label.split(" on ")[0]: r for r in rows}
    floor = by[FLOOR]
    print(
        f"\n{corpus.name} corpus: {len(corpus.files)} articles, {corpus.mb:.1f} MB "
        f"({corpus.mb * 1e3 / len(corpus.files):.1f} KB/article); medians; net = wall - "
        "that command's one-file run"
    )
    print(
        f"  {'':<44}{'wall s':>8}{'start s':>9}{'net s':>8}{'articles/s':>12}{'MB/s':>8}"
        f"{'x floor':>9}{'CPU ms/art':>12}"
    )
    for r in rows:
        print(
            f"  {r.label:<44}{r.wall:>8.2f}{r.startup:>9.2f}{r.net:>8.2f}"
            f"{1 / r.per_article:>12,.0f}{r.mb / r.net:>8.1f}"
            f"{r.per_article / floor.per_article:>9.1f}{r.cpu * 1e3 / r.articles:>12.2f}"
        )
    one, two, naive = by[JOBS1], by[JOBS2], by[NAIVE]
    dp = by.get(DATEPARSER)
    return Summary(
        ratio_to_floor=one.per_article / floor.per_article,
        vs_naive=naive.per_article / one.per_article,
        jobs2_speedup=one.net / two.net,
        dateparser_speedup=dp.per_article / one.per_article if dp else None,
        cpu_ratio_to_floor=one.cpu / one.articles / (floor.cpu / floor.articles),
        cpu_vs_naive=naive.cpu / naive.articles / (one.cpu / one.articles),
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1_500, help="articles in each timed corpus")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved timing rounds")
    ap.add_argument(
        "--startup-runs",
        type=int,
        default=5,
        help="one-file runs of each command per round (a 0.3 s figure needs more samples)",
    )
    ap.add_argument(
        "--dateparser-n",
        type=int,
        default=30,
        help="articles given to dateparser (the first of each corpus; it reads 5-30/s)",
    )
    ap.add_argument(
        "--check-n",
        type=int,
        default=500,
        help="articles (the first of each corpus) whose --jobs 1 and --jobs 2 outputs are compared",
    )
    ap.add_argument(
        "--press",
        type=Path,
        default=PRESS,
        help="press corpus, the natural-length articles' bases (default: ../shared/corpus/press)",
    )
    ap.add_argument(
        "--rss",
        action="store_true",
        help="also measure peak RSS of one extract process at N and 4N padded articles",
    )
    ap.add_argument(
        "--archive",
        action="store_true",
        help="also time the SQLite archive on the padded corpus: a first run (-o a.db) and a "
        "re-run over the unchanged corpus (needs sqlite-utils)",
    )
    ap.add_argument("--keep", type=Path, help="build (or reuse) the corpora in DIR and keep them")
    ap.add_argument("--seed", type=int, default=5, help="corpus random seed")
    ap.add_argument("--pad-to", type=int, default=5000, help="padded corpus: bytes per article")
    ap.add_argument("--quick", action="store_true", help="smoke run: N=300, 1 round")
    args = ap.parse_args(argv)
    if args.quick:
        args.n, args.rounds, args.dateparser_n = 300, 1, 15
    if args.n < 2 or args.rounds < 1 or args.dateparser_n < 2 or args.check_n < 1:
        ap.error("--n and --dateparser-n must be at least 2, --rounds and --check-n positive")

    root = args.keep or Path(tempfile.mkdtemp(prefix="unionparse-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    # what a user's runs have: bytecode (pip writes it at install) and a pattern cache of their
    # own (here a fresh one in the work folder, warmed by the first runs)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ.pop("UNIONPARSE_NO_CACHE", None)
    os.environ["UNIONPARSE_CACHE_DIR"] = str(root / "pattern-cache")
    try:
        return _bench(root, args)
    except CliError as e:
        print(f"benchmark: a command failed: {e}", file=sys.stderr)
        return 2
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


def _corpus(root: Path, name: str, bases: list[str], args: argparse.Namespace, pad: int) -> Corpus:
    pool = root / name / "pool"
    count = max(args.n, 4 * args.n if args.rss and name == "padded" else 0)
    build_pool(pool, count, args.seed, pad, bases)
    folder, files = corpus_of(root / name, pool, args.n)
    subset, _ = corpus_of(root / name, pool, min(args.dateparser_n, args.n))
    check_n = min(args.check_n, args.n)
    check, _ = corpus_of(root / name, pool, check_n)
    mb = sum(f.stat().st_size for f in files) / 1e6
    return Corpus(name, folder, files, mb, subset, check, check_n)


def _bench(root: Path, args: argparse.Namespace) -> int:
    n, rounds = args.n, args.rounds
    press = txt_files([args.press])
    seeds = txt_files([SEEDS])
    if not seeds:
        sys.exit(f"benchmark: no seed articles in {SEEDS}")
    if press:
        note = f"{len(press)} press articles ({args.press}) and {len(seeds)} seeds"
    else:
        note = f"{len(seeds)} seeds only: no press corpus at {args.press} (see --press)"
    print(f"natural-length corpus (no padding) from {note}")
    corpora = [
        _corpus(root, "natural", load_bases(press + seeds), args, 0),
        _corpus(root, "padded", load_bases(), args, args.pad_to),
    ]
    one_file = corpora[0].files[0]
    have_dateparser = importlib.util.find_spec("dateparser") is not None
    print(f"python: {sys.executable}; cores: {os.cpu_count()}; rounds: {rounds}")
    if not have_dateparser:
        print("dateparser is not installed: its column is skipped (pip install dateparser)")

    # Correctness first (it also warms the page cache and the .pyc files).
    same = True
    for c in corpora:
        ok, detail = compare_jobs(root, c.check, c.check_n)
        same &= ok
        print(f"{c.name}: --jobs 2 vs --jobs 1 output: {detail}", flush=True)

    # One-file runs: what each command pays before any work (the start-up subtracted below).
    starts: dict[str, list[str]] = {
        "python3 -c pass": [sys.executable, "-c", "pass"],
        "unionparse extract one.txt": unionparse_cmd(one_file, 1),
        COLD: ["env", "UNIONPARSE_NO_CACHE=1", *unionparse_cmd(one_file, 1)],
        "naive_re.py one.txt": naive_cmd(one_file),
    }
    if have_dateparser:
        starts["dateparser_ref.py one.txt"] = dateparser_cmd(one_file)

    variants: dict[str, Callable[[], Time | list[Time]]] = {}
    for name, cmd in starts.items():
        variants[name] = lambda cmd=cmd: [timed(cmd) for _ in range(args.startup_runs)]
    for c in corpora:
        variants[f"{FLOOR} on {c.name}"] = lambda c=c: floor_pass(c.folder)
        variants[f"{JOBS1} on {c.name}"] = lambda c=c: timed(unionparse_cmd(c.folder, 1))
        variants[f"{JOBS2} on {c.name}"] = lambda c=c: timed(unionparse_cmd(c.folder, 2))
        variants[f"{NAIVE} on {c.name}"] = lambda c=c: timed(naive_cmd(c.folder))
        if have_dateparser:
            variants[f"{DATEPARSER} on {c.name}"] = lambda c=c: timed(dateparser_cmd(c.subset))
    if args.archive:
        padded = corpora[1]
        rerun_db = root / "rerun.db"
        archive_run(padded.folder, rerun_db, fresh=True)
        same_export = export_digest(rerun_db) == jsonl_digest(padded.folder)
        same &= same_export
        print(
            "padded: archive export vs extract --jobs 1 output: "
            + ("identical" if same_export else "DIFFERENT"),
            flush=True,
        )
        empty = root / "empty"
        empty.mkdir(exist_ok=True)
        variants[ARCHIVE_FIRST] = lambda: archive_run(padded.folder, root / "a.db", True)
        variants[ARCHIVE_RERUN] = lambda: archive_run(padded.folder, rerun_db, False)
        variants[ARCHIVE_START] = lambda: archive_run(empty, rerun_db, False)
    names = list(variants)
    times: dict[str, list[Time]] = {k: [] for k in names}
    for r in range(rounds):
        shift = r * len(names) // rounds  # rotate the start so drift hits all alike
        for name in names[shift:] + names[:shift]:
            got = variants[name]()
            times[name].extend(got if isinstance(got, list) else [got])
        print(f"round {r + 1}/{rounds} done", flush=True)
    med = {k: statistics.median(t.wall for t in v) for k, v in times.items()}
    cpu = {k: statistics.median(t.cpu for t in v) for k, v in times.items()}

    print(
        f"\nstart-up (one-file runs of {one_file.name}), medians of {args.startup_runs} runs"
        f" in each of {rounds} rounds:"
    )
    base = med["python3 -c pass"]
    for name in starts:
        print(f"  {name:<30}{med[name]:>7.3f} s  {med[name] / base:>6.1f}x python3 -c pass")
    startup_s = med["unionparse extract one.txt"] - base
    startup_cold_s = med[COLD] - base

    summaries = {}
    for c in corpora:
        k = min(args.dateparser_n, n)
        start_of = {  # label: (its one-file run, articles its net time covers)
            FLOOR: (None, n),
            JOBS1: ("unionparse extract one.txt", n - 1),
            JOBS2: ("unionparse extract one.txt", n - 1),
            NAIVE: ("naive_re.py one.txt", n - 1),
        }
        if have_dateparser:
            start_of[DATEPARSER] = ("dateparser_ref.py one.txt", k - 1)
        rows = []
        for label, (start, arts) in start_of.items():
            mb = c.mb * (k / n if label == DATEPARSER else 1.0)
            shown = f"{label} on {k} articles" if label == DATEPARSER else label
            run = f"{label} on {c.name}"
            start_wall, start_cpu = (med[start], cpu[start]) if start else (0.0, 0.0)
            rows.append(Row(shown, med[run], start_wall, cpu[run] - start_cpu, arts, mb))
        summaries[c.name] = report(c, rows)

    if args.rss:
        padded = corpora[1]
        small = peak_rss_kb(padded.folder, 1)
        big_folder, _ = corpus_of(root / "padded", root / "padded" / "pool", 4 * n)
        big = peak_rss_kb(big_folder, 1)
        print(
            f"\npeak RSS, extract --jobs 1 on padded articles: {small / 1024:.1f} MiB at {n}, "
            f"{big / 1024:.1f} MiB at {4 * n} (rss_growth={big / small:.2f}, target <= 1.10)"
        )

    archive_line = ""
    if args.archive:
        one, floor = f"{JOBS1} on padded", f"{FLOOR} on padded"
        write_ratio = med[ARCHIVE_FIRST] / med[one]
        write_cpu = cpu[ARCHIVE_FIRST] / cpu[one]
        per_article = (cpu[ARCHIVE_FIRST] - cpu[one]) / n * 1e3
        rerun_ratio = med[ARCHIVE_RERUN] / med[floor]
        rerun_net = max(med[ARCHIVE_RERUN] - med[ARCHIVE_START], 0.0) / med[floor]
        rerun_net_cpu = max(cpu[ARCHIVE_RERUN] - cpu[ARCHIVE_START], 0.0) / cpu[floor]
        print(
            f"\narchive (padded corpus), first run: {write_ratio:.2f}x JSON Lines wall, "
            f"{write_cpu:.2f}x CPU ({per_article:+.3f} ms CPU per article to write the database)\n"
            f"archive, re-run over the unchanged corpus: {rerun_ratio:.1f}x the floor wall; "
            f"without the start-up ({med[ARCHIVE_START]:.2f} s wall, {cpu[ARCHIVE_START]:.2f} s "
            f"CPU): {rerun_net:.2f}x the floor wall, {rerun_net_cpu:.2f}x CPU"
        )
        archive_line = (
            f"archive: archive_write_cpu_ratio={write_cpu:.2f} "
            f"archive_rerun_to_floor={rerun_net_cpu:.2f}"
        )

    nat = summaries["natural"]
    checks = [
        ("start-up at most 0.25 s over python3 -c pass", startup_s <= 0.25),
        ("unionparse at least 2.5x the naive script's articles/s", nat.vs_naive >= 2.5),
        ("--jobs 2 at least 1.8x one process", nat.jobs2_speedup >= 1.8),
        ("one process within 20x of the floor", nat.ratio_to_floor <= 20),
        (
            "same records, same order with --jobs 2"
            + (" and from the archive" if args.archive else ""),
            same,
        ),
    ]
    if args.archive:
        checks.append(
            ("archive re-run within 2x of the floor, start-up aside (CPU)", rerun_net_cpu <= 2)
        )
    print("\ntargets (natural-length corpus):")
    for label, ok in checks:
        print(f"  [{'ok' if ok else 'MISSED'}] {label}")
    if archive_line:
        print(archive_line)
    for name, s in summaries.items():
        dp = f"{s.dateparser_speedup:.0f}x" if s.dateparser_speedup else "not measured"
        print(
            f"{name}: {s.line(startup_s)} (in CPU time: ratio_to_floor={s.cpu_ratio_to_floor:.2f}"
            f" vs_naive={s.cpu_vs_naive:.2f}; unionparse vs dateparser: {dp})"
        )
    print(
        f"startup_cold_s={startup_cold_s:.3f} (the first run after an install or upgrade, "
        "before the pattern cache holds the rules)"
    )
    print(nat.line(startup_s))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
