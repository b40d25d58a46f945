"""Benchmark `unionparse extract` against the floor (read + decode + NFC) on a synthetic corpus.

Run from the repository root:

    python bench/benchmark.py            # N=20,000 articles (~100 MB), 3 rounds, RSS at N and 4N
    python bench/benchmark.py --quick    # smoke run: N=2,000, 2 rounds

Why it is built this way:
- The corpus is made from the seeds (and tests/corpus/dev/*.txt when present), with numbers,
  dates, years, provinces and union bodies varied per article, so rules cannot be served by a
  cache of identical texts and the mix of phrasings stays the real one.
- Variants (floor, one process, `--jobs 2`) run round-robin inside each round and the start
  rotates per round, so drift of the machine (thermal, page cache, neighbours) hits all alike;
  medians are reported.
- Peak RSS is the extract process's own high-water mark (VmHWM, read from /proc by a tiny
  wrapper as the process exits) and, with `--jobs`, the largest ru_maxrss of its reaped
  workers. Not `os.wait4`'s ru_maxrss of the child: Linux carries the pre-exec high-water mark
  over exec, so a child spawned by this script reported this script's own size (~100 MiB after
  building the 4N corpus) as its peak. Where /proc is missing, wait4's value is used.
- Outputs of `--jobs 1` and `--jobs 2` are written to files and compared line by line (same
  records, same order; the first difference is shown); timed runs write to /dev/null.

The last line printed is always `ratio_to_floor=<x> jobs2_speedup=<y> rss_growth=<z>`.
"""

from __future__ import annotations

import argparse
import hashlib
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

REPO = Path(__file__).resolve().parent.parent
SEED_DIRS = (REPO / "seeds", REPO / "tests" / "corpus" / "dev")
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


def load_bases() -> list[str]:
    paths = sorted(p for d in SEED_DIRS if d.is_dir() for p in d.glob("*.txt"))
    if not paths:
        sys.exit(f"benchmark: no base articles found in {', '.join(map(str, SEED_DIRS))}")
    return [unicodedata.normalize("NFC", p.read_text(encoding="utf-8")) for p in paths]


def build_pool(pool: Path, count: int, seed: int, pad_to: int) -> None:
    """Write `count` articles into `pool`, or reuse them if a matching manifest is there."""
    bases = load_bases()
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
class Run:
    wall: float
    maxrss_kb: int
    cpu: float = 0.0  # user + system seconds of the process itself (not of its workers)


def floor_pass(folder: Path) -> Run:
    """Read every file, decode UTF-8, NFC-normalize: what any extractor must pay at least."""
    t0, c0 = time.perf_counter(), time.process_time()
    n = 0
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.endswith(".txt"):
            with open(entry.path, "rb") as f:
                text = unicodedata.normalize("NFC", f.read().decode("utf-8"))
            n += len(text)
    return Run(time.perf_counter() - t0, 0, time.process_time() - c0)


# Runs `python -m unionparse ARGS` and, at exit, writes its own VmHWM (KiB) and the largest
# ru_maxrss of its reaped children (workers) to the file named by UNIONPARSE_BENCH_RSS.
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


JSONL = ("--format", "jsonl")


def extract_cmd(folder: Path, jobs: int, output: Sequence[str] = JSONL) -> list[str]:
    return [
        sys.executable,
        "-c",
        _RSS_WRAPPER,
        "extract",
        str(folder),
        *output,
        "--jobs",
        str(jobs),
    ]


class CliError(RuntimeError):
    pass


def run_cli(
    folder: Path, jobs: int, stdout: BinaryIO | None = None, output: Sequence[str] = JSONL
) -> Run:
    """Run the extract CLI as a child process; its stdout goes to /dev/null or `stdout`."""
    cmd = extract_cmd(folder, jobs, output)
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as rss:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL if stdout is None else stdout,
            stderr=err,
            env={**os.environ, "UNIONPARSE_BENCH_RSS": rss.name},
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
        reported = rss.read().split()
    cpu = usage.ru_utime + usage.ru_stime
    if len(reported) == 2:  # the process's own peak, and its workers'
        return Run(wall, max(int(reported[0]), int(reported[1])), cpu)
    return Run(wall, usage.ru_maxrss, cpu)  # ru_maxrss is in KiB on Linux


def _around(a: bytes, b: bytes, width: int = 240) -> tuple[str, str]:
    """Both lines cut to a window around their first difference."""
    x, y = (t.decode("utf-8", "replace").rstrip("\n") for t in (a, b))
    i = next((k for k, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y)))
    lo = max(0, i - width // 3)

    def cut(t: str) -> str:
        return ("..." if lo else "") + t[lo : lo + width] + ("..." if len(t) > lo + width else "")

    return cut(x), cut(y)


def compare_jobs(root: Path, folder: Path, n: int) -> tuple[bool, str, str]:
    """Run `--jobs 1` and `--jobs 2` into files and compare them line by line."""
    outs = [root / "jobs1.jsonl", root / "jobs2.jsonl"]
    for jobs, out in zip((1, 2), outs, strict=True):
        with open(out, "wb") as f:
            run_cli(folder, jobs, stdout=f)
    digest = hashlib.sha256()
    count = 0
    with open(outs[0], "rb") as one, open(outs[1], "rb") as two:
        for count, (a, b) in enumerate(zip_longest(one, two, fillvalue=b""), start=1):
            if a != b:
                x, y = _around(a, b)
                return (
                    False,
                    f"DIFFERENT at record {count} of {n}:\n  --jobs 1: {x}\n  --jobs 2: {y}",
                    "",
                )
            digest.update(a)
    for out in outs:
        out.unlink()
    if count != n:
        return False, f"{count} records for {n} inputs", ""
    digest_hex = digest.hexdigest()
    return True, f"identical: {n} records in input order (sha256 {digest_hex[:16]})", digest_hex


# ---------------------------------------------------------------- archive mode (--archive)


def archive_run(folder: Path, db: Path, fresh: bool) -> Run:
    """`extract FOLDER -o DB`: into a new archive (`fresh`), or again over an unchanged one."""
    if fresh:
        for leftover in db.parent.glob(db.name + "*"):
            leftover.unlink()
    return run_cli(folder, 1, output=("-o", str(db)))


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


def fmt_rate(n: int, mb: float, secs: float) -> str:
    return f"{n / secs:>10,.0f} articles/s {mb / secs:>8.1f} MB/s"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=20_000, help="articles in the timed corpus")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved timing rounds")
    ap.add_argument(
        "--rss-n",
        type=int,
        default=None,
        help="base size for the RSS comparison (default: --n; compared with 4x this)",
    )
    ap.add_argument("--keep", type=Path, help="build (or reuse) the corpus in DIR and keep it")
    ap.add_argument("--seed", type=int, default=5, help="corpus random seed")
    ap.add_argument(
        "--pad-to", type=int, default=5000, help="pad shorter articles to this many bytes"
    )
    ap.add_argument("--quick", action="store_true", help="smoke run: N=2000, 2 rounds")
    ap.add_argument(
        "--archive",
        action="store_true",
        help="also time the SQLite archive: a first run (-o bench.db) and a re-run over the "
        "unchanged corpus (needs sqlite-utils)",
    )
    args = ap.parse_args(argv)
    if args.quick:
        args.n, args.rounds = 2_000, 2
    rss_n = args.rss_n or args.n
    if args.n < 1 or args.rounds < 1 or rss_n < 1:
        ap.error("--n, --rounds and --rss-n must be positive")

    root = args.keep or Path(tempfile.mkdtemp(prefix="unionparse-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        return _bench(root, args.n, args.rounds, rss_n, args.seed, args.pad_to, args.archive)
    except CliError as e:
        print(f"benchmark: extract failed: {e}", file=sys.stderr)
        return 2
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


def _bench(
    root: Path, n: int, rounds: int, rss_n: int, seed: int, pad_to: int, archive: bool = False
) -> int:
    pool = root / "pool"
    build_pool(pool, max(n, 4 * rss_n), seed, pad_to)
    folder, files = corpus_of(root, pool, n)
    mb = sum(f.stat().st_size for f in files) / 1e6
    print(f"corpus: {n} articles, {mb:.1f} MB ({mb * 1e3 / n:.1f} KB/article) in {folder}")
    print(f"python: {sys.executable}; cores: {os.cpu_count()}; rounds: {rounds}", flush=True)

    # Correctness first (it also warms the page cache and the .pyc files).
    same, detail, digest = compare_jobs(root, folder, n)
    print(f"--jobs 2 vs --jobs 1 output: {detail}", flush=True)
    if archive:
        rerun_db = root / "rerun.db"
        archive_run(folder, rerun_db, fresh=True)
        exported = export_digest(rerun_db)
        same = same and exported == digest
        print(
            f"archive export vs extract --jobs 1 output: {'identical' if exported == digest else 'DIFFERENT'}"
        )

    variants: dict[str, Callable[[], Run]] = {
        "floor (read+decode+NFC)": lambda: floor_pass(folder),
        "extract --jobs 1": lambda: run_cli(folder, 1),
        "extract --jobs 2": lambda: run_cli(folder, 2),
    }
    if archive:
        variants["archive, first run --jobs 1"] = lambda: archive_run(folder, root / "a.db", True)
        variants["archive, re-run unchanged"] = lambda: archive_run(folder, rerun_db, False)
        empty = root / "empty"
        empty.mkdir(exist_ok=True)
        variants["archive, start-up (no files)"] = lambda: archive_run(empty, rerun_db, False)
    names = list(variants)
    results: dict[str, list[Run]] = {k: [] for k in names}
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            results[name].append(variants[name]())
        line = "  ".join(f"{k.split(' (')[0]}={results[k][-1].wall:.2f}s" for k in names)
        print(f"round {r + 1}/{rounds}: {line}", flush=True)

    med = {k: statistics.median(x.wall for x in v) for k, v in results.items()}
    floor_s, one_s, two_s = (med[k] for k in names[:3])
    print(f"\nmedians over {rounds} rounds, {n} articles, {mb:.1f} MB:")
    for k in names:
        print(f"  {k:<26}{med[k]:>8.2f} s {fmt_rate(n, mb, med[k])}  x{med[k] / floor_s:.1f} floor")
    ratio = one_s / floor_s
    speedup = one_s / two_s

    # Peak RSS of one extract process at N and at 4N (the larger corpus: one run).
    if rss_n == n:
        rss_small = int(statistics.median(x.maxrss_kb for x in results["extract --jobs 1"]))
    else:
        rss_small = run_cli(corpus_of(root, pool, rss_n)[0], 1).maxrss_kb
    big_folder, _ = corpus_of(root, pool, 4 * rss_n)
    big = run_cli(big_folder, 1)
    growth = big.maxrss_kb / rss_small
    jobs2_rss = max(x.maxrss_kb for x in results["extract --jobs 2"])
    print(
        f"\npeak RSS, extract --jobs 1: {rss_small / 1024:.1f} MiB at {rss_n} articles, "
        f"{big.maxrss_kb / 1024:.1f} MiB at {4 * rss_n} ({4 * rss_n / big.wall:,.0f} articles/s)"
    )
    print(f"peak RSS of the largest process with --jobs 2 at {n}: {jobs2_rss / 1024:.1f} MiB")

    checks = [
        ("one process within 20x of the floor", ratio <= 20),
        ("--jobs 2 at least 1.8x one process", speedup >= 1.8),
        ("peak RSS at 4N at most 10% above N", growth <= 1.10),
        (
            "same records, same order with --jobs 2" + (" and from the archive" if archive else ""),
            same,
        ),
    ]
    last = f"ratio_to_floor={ratio:.2f} jobs2_speedup={speedup:.2f} rss_growth={growth:.2f}"
    if archive:
        # CPU seconds as well as wall: on a shared machine the wall clock of one run moves by
        # 20-50%, the CPU time of a one-process run much less
        cpu = {k: statistics.median(x.cpu for x in v) for k, v in results.items()}
        first, rerun = "archive, first run --jobs 1", "archive, re-run unchanged"
        start = "archive, start-up (no files)"
        write_ratio = med[first] / one_s
        write_cpu = cpu[first] / cpu["extract --jobs 1"]
        per_article = (cpu[first] - cpu["extract --jobs 1"]) / n * 1e3
        rerun_ratio = med[rerun] / floor_s
        rerun_net = max(med[rerun] - med[start], 0.0) / floor_s
        rerun_net_cpu = max(cpu[rerun] - cpu[start], 0.0) / cpu[names[0]]
        rss = max(x.maxrss_kb for x in results[first]) / 1024
        print(
            f"\narchive, first run: {write_ratio:.2f}x JSON Lines wall, {write_cpu:.2f}x CPU "
            f"({per_article:+.3f} ms CPU per article to write the database), "
            f"peak RSS {rss:.1f} MiB\n"
            f"archive, re-run over the unchanged corpus: {rerun_ratio:.1f}x the floor wall; "
            f"without the start-up ({med[start]:.2f} s wall, {cpu[start]:.2f} s CPU): "
            f"{rerun_net:.2f}x the floor wall, {rerun_net_cpu:.2f}x CPU"
        )
        checks.append(
            ("archive re-run within 2x of the floor, start-up aside (CPU)", rerun_net_cpu <= 2)
        )
        last += (
            f" archive_write_cpu_ratio={write_cpu:.2f} archive_rerun_to_floor={rerun_net_cpu:.2f}"
        )
    print("\ntargets:")
    for label, ok in checks:
        print(f"  [{'ok' if ok else 'MISSED'}] {label}")
    print(last)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
