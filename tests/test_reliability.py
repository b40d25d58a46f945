"""Reliability (issue 13): no hang on an early stop, `-o` never replaces what is not a regular
file, no temporary file left behind by a signal, a per-file time limit.

Real processes, FIFOs, symlinks, devices and signals in a temporary folder; every subprocess has
a timeout, so a hang fails the test instead of stalling the suite.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_FILES = sorted((ROOT / "seeds").glob("*.txt"))

posix = pytest.mark.skipif(os.name != "posix", reason="POSIX FIFOs, devices and signals")


def unionparse(*args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "unionparse", *args],
        capture_output=True,
        timeout=timeout,
        **kwargs,
    )


def many(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in SEED_FILES]
    for i in range(n):
        (folder / f"{i:05d}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
    return folder


def _reap(*procs: subprocess.Popen) -> None:
    for p in procs:
        if p.poll() is None:
            p.kill()
            p.wait(timeout=10)


# ---------------------------------------------------------------- 1. early stop with --jobs


def test_closing_the_pool_early_never_hangs() -> None:
    """Workers blocked on results larger than a pipe holds, the consumer stops after one:
    multiprocessing.Pool.terminate waited forever on a queue lock here."""
    script = textwrap.dedent(
        """
        import multiprocessing
        from unionparse.parallel import ordered_map

        def init(in_child=True):
            pass

        def func(chunk):
            return ["x" * 200_000 for _ in chunk]

        for _ in range(5):
            gen = ordered_map(func, range(10_000), 2, init, (), chunk_size=4)
            assert next(gen) == "x" * 200_000
            gen.close()
            assert multiprocessing.active_children() == [], multiprocessing.active_children()
        print("closed 5 times")
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "closed 5 times\n"


def test_a_slow_first_chunk_that_fills_the_window_does_not_stall() -> None:
    """Chunks 1-5 come back before chunk 0 and fill the window (3 chunks a worker); once chunk
    0 is back and everything is yielded, the pool must hand out the rest, not wait on nothing."""
    script = textwrap.dedent(
        """
        import time
        from unionparse.parallel import ordered_map

        def init(in_child=True):
            pass

        def func(chunk):
            if chunk[0] == 0:
                time.sleep(1.0)
            return [x * 2 for x in chunk]

        print(sum(ordered_map(func, range(100), 2, init, (), chunk_size=4)))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"{sum(range(100)) * 2}\n"


def test_ordered_map_with_workers_keeps_input_order() -> None:
    from unionparse.parallel import ordered_map

    def init(in_child: bool = True) -> None:
        pass

    def square(chunk: list[int]) -> list[int]:
        return [x * x for x in chunk]

    assert list(ordered_map(square, range(1000), 3, init, (), chunk_size=7)) == [
        x * x for x in range(1000)
    ]


@posix
def test_head_on_a_parallel_run_exits_quietly_every_time(tmp_path: Path) -> None:
    folder = many(tmp_path, 300)
    for _ in range(3):
        cmd = [sys.executable, "-m", "unionparse", "extract", str(folder), "-f", "jsonl", "-j", "2"]
        r, w = os.pipe()
        head = subprocess.Popen(["head", "-c", "100"], stdin=r, stdout=subprocess.PIPE)
        proc = subprocess.Popen(cmd, stdout=w, stderr=subprocess.PIPE)
        os.close(r)
        os.close(w)
        try:
            first, _ = head.communicate(timeout=60)
            _, err = proc.communicate(timeout=60)
        finally:
            _reap(proc, head)
        assert proc.returncode == 0 and err == b"", err.decode()
        assert first.startswith(b'{"source":')


# ---------------------------------------------------------------- 2. -o and what it writes to


@posix
def test_output_to_a_fifo_is_written_into(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        result = unionparse("extract", str(ROOT / "seeds"), "-f", "jsonl", "-o", str(fifo))
        out, _ = reader.communicate(timeout=60)
    finally:
        _reap(reader)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [json.loads(line)["source"]["path"].endswith(".txt") for line in out.splitlines()] == [
        True
    ] * len(SEED_FILES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.fifo"]


@posix
def test_output_to_a_character_device_is_written_into(tmp_path: Path) -> None:
    device = tmp_path / "null"
    try:  # a /dev/null of our own: the test must not risk the machine's
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    result = unionparse("extract", str(ROOT / "seeds"), "-o", str(device))
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert os.lstat(device).st_rdev == os.makedev(1, 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


@posix
def test_output_to_a_link_to_stdout_goes_to_stdout(tmp_path: Path) -> None:
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")  # what /dev/stdout is, in a folder of our own
    result = unionparse("extract", str(ROOT / "seeds"), "-f", "jsonl", "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == len(SEED_FILES)
    assert os.readlink(link) == "/proc/self/fd/1"
    csv_out = unionparse("extract", str(ROOT / "seeds"), "-f", "csv", "-o", str(link))
    assert csv_out.stdout.startswith(b"source_path,")  # no BOM: not a file for a spreadsheet


def test_output_through_a_symlink_replaces_its_target(tmp_path: Path) -> None:
    target = tmp_path / "data" / "real.jsonl"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(target)
    result = unionparse("extract", str(ROOT / "seeds"), "-f", "jsonl", "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(SEED_FILES) and json.loads(lines[0])["source"]["path"]
    assert sorted(p.name for p in target.parent.iterdir()) == ["real.jsonl"]


# ---------------------------------------------------------------- 3. signals and .part files


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def _start_and_wait_for_part(folder: Path, out: Path, jobs: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "unionparse", "extract", str(folder), "-f", "jsonl"]
        + ["-o", str(out), "-j", jobs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    for _ in range(600):  # the temporary file appears once the run is writing
        if _parts(out.parent) or proc.poll() is not None:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be signalled"
    time.sleep(0.1)  # well inside the run: workers started, records being written
    return proc


@posix
@pytest.mark.parametrize(
    ("signum", "code", "word", "jobs"),
    [
        (signal.SIGTERM, 143, "terminated", "1"),
        (signal.SIGTERM, 143, "terminated", "2"),
        (signal.SIGHUP, 129, "terminated", "2"),
        (signal.SIGINT, 130, "interrupted", "2"),
    ],
)
def test_signals_leave_no_temporary_file(
    tmp_path: Path, signum: int, code: int, word: str, jobs: str
) -> None:
    folder = many(tmp_path, 3000)
    outdir = tmp_path / "out"
    outdir.mkdir()
    out = outdir / "out.jsonl"
    proc = _start_and_wait_for_part(folder, out, jobs)
    try:
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=60)
    finally:
        _reap(proc)
    assert proc.returncode == code
    assert err.decode() == f"unionparse: {word}\n"  # no worker traceback
    assert sorted(p.name for p in outdir.iterdir()) == []


@posix
def test_a_hard_kill_leaves_a_part_file_the_next_run_removes(tmp_path: Path) -> None:
    folder = many(tmp_path, 3000)
    outdir = tmp_path / "out"
    outdir.mkdir()
    out = outdir / "out.jsonl"
    proc = _start_and_wait_for_part(folder, out, "1")
    proc.kill()
    proc.wait(timeout=30)
    (left,) = _parts(outdir)
    assert left.startswith(f".out.jsonl.unionparse-{proc.pid}-")  # says whose it is
    someone_elses = outdir / ".out.jsonl.notes.part"
    someone_elses.write_text("keep me", encoding="utf-8")
    result = unionparse("extract", str(ROOT / "seeds"), "-f", "jsonl", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in outdir.iterdir()) == [".out.jsonl.notes.part", "out.jsonl"]


# ---------------------------------------------------------------- 5. a time limit per file

_SLOW_RUN = """
import sys, time
import unionparse.parallel as parallel

real = parallel.extract_text

def extract_text(text, *args, **kwargs):
    if "RUNAWAY" in text:  # stands for an article the rules take minutes over
        while True:
            time.sleep(0.05)
    return real(text, *args, **kwargs)

parallel.extract_text = extract_text  # forked workers inherit it
from unionparse.cli import main
sys.argv = ["unionparse", *sys.argv[1:]]
main()
"""


@posix
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_runaway_article_becomes_a_timeout_record_and_the_batch_goes_on(
    tmp_path: Path, jobs: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in SEED_FILES]
    (folder / "a.txt").write_text(texts[0], encoding="utf-8")
    (folder / "b.txt").write_text(texts[1] + "\nRUNAWAY\n", encoding="utf-8")
    (folder / "c.txt").write_text(texts[2], encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", _SLOW_RUN, "extract", str(folder), "-f", "jsonl"]
        + ["-j", jobs, "--timeout", "2"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    recs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [Path(r["source"]["path"]).name for r in recs] == ["a.txt", "b.txt", "c.txt"]
    assert "error" not in recs[0] and "error" not in recs[2]
    assert recs[1]["error"]["code"] == "timeout"
    assert recs[1]["error"]["message"].endswith("b.txt: gave up after 2 s (--timeout)")
    assert (
        recs[0]["members"]
        == json.loads(unionparse("extract", str(folder / "a.txt"), "-f", "jsonl").stdout)["members"]
    )
    assert proc.stderr.strip().endswith("b.txt: gave up after 2 s (--timeout)")


# ---------------------------------------------------------------- 5. linear time

CORPUS = ROOT / "tests" / "corpus"


def test_bounding_anchored_matches_changes_no_record(monkeypatch) -> None:
    """rules.MATCH_SPAN bounds each anchored try (an unbounded one cost the paragraph's length,
    so a long paragraph took quadratic time); no rule match is that long, so on every corpus
    article the records are those of unbounded tries."""
    from unionparse.extractors import rules
    from unionparse.pipeline import extract_text

    paths = SEED_FILES + sorted(CORPUS.glob("*/*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    assert len(texts) > 50
    bounded = [extract_text(t).model_dump() for t in texts]
    monkeypatch.setattr(rules, "MATCH_SPAN", 10**12)
    assert [extract_text(t).model_dump() for t in texts] == bounded


def test_a_signal_whose_exception_a_finaliser_swallows_still_stops_the_run(capsys) -> None:
    """A signal handled while the garbage collector runs a finaliser (regex's SetBase.__del__
    was one) raises where Python ignores exceptions: the run must stop at the next record all
    the same, with no 'Exception ignored' traceback."""
    import gc
    import io

    from unionparse.cli import Stopped, _InterruptGuard
    from unionparse.writers import Sink, make_formatter

    sink = Sink(io.StringIO(), make_formatter("jsonl"), flush_each=True, binary=False)
    with _InterruptGuard() as guard:

        class Finalised:
            def __del__(self) -> None:
                guard._handler(signal.SIGTERM, None)

        Finalised()  # collected at once: its __del__ raises, and Python swallows it
        gc.collect()
        with pytest.raises(Stopped) as stopped:
            guard.write(sink, "{}\n")
    assert stopped.value.exit_code == 143
    assert "Exception ignored" not in capsys.readouterr().err


def test_text_that_does_not_read_as_vietnamese_gives_a_warning(tmp_path: Path) -> None:
    """Garbage from a legacy encoding read wrongly, or text stripped of its marks, must not pass
    for an article without facts: a warning `not_vietnamese` says the record may miss all."""
    import unicodedata

    seed = SEED_FILES[0].read_text(encoding="utf-8")
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", seed) if not unicodedata.combining(c)
    )
    vni_as_cp1250 = "Coâng ñoaøn vieân chöùc tænh toå chöùc hoäi nghò toång keát naêm 2012. " * 8
    for name, text in (("stripped.txt", stripped), ("vni.txt", vni_as_cp1250)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "good.txt").write_text(seed, encoding="utf-8")
    result = unionparse("extract", str(tmp_path), "-f", "jsonl")
    codes = {
        json.loads(line)["source"]["path"].rsplit("/", 1)[-1]: [
            w["code"] for w in json.loads(line)["warnings"]
        ]
        for line in result.stdout.splitlines()
    }
    assert "not_vietnamese" in codes["stripped.txt"]
    assert "not_vietnamese" in codes["vni.txt"]
    assert "not_vietnamese" not in codes["good.txt"]


def test_a_file_half_utf8_half_cp1258_is_refused_not_read_as_garbage(tmp_path: Path) -> None:
    """Before: decoded whole as VISCII, garbage with exit 0 and no warning."""
    sentence = (
        "Công đoàn viên chức tỉnh tổ chức hội nghị tổng kết năm 2020, triển khai nhiệm vụ "
        "năm 2021. Công đoàn quản lý 52 CĐCS với 3.942 đoàn viên. "
    )
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes(sentence.encode("utf-8") * 6 + sentence.encode("cp1258", "replace") * 6)
    result = unionparse("extract", str(mixed), "-f", "jsonl")
    assert result.returncode == 1
    record = json.loads(result.stdout)
    assert record["error"]["code"] == "undecodable"  # not a VISCII reading of both halves
    assert "mixed encodings" in record["error"]["message"]
    assert result.stderr.decode().startswith(f"unionparse: {mixed}: mixed encodings")
