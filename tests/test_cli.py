"""The `unionparse` command line: inputs, output shapes, exit codes, failure handling, --jobs."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import unionparse.parallel as parallel
from unionparse import __version__
from unionparse.cli import Progress, _InterruptGuard, cli
from unionparse.writers import ARTICLE_COLUMNS, Sink, make_formatter

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def records(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def seed_copy(i: int) -> str:
    """A seed article with its numbers changed, so that every file is different."""
    text = SEED_FILES[i % len(SEED_FILES)].read_text(encoding="utf-8")
    return text.replace("20", str(10 + i % 80)).replace("năm", f"năm {i % 7}", 1)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """a.txt, sub/b.txt, sub/deeper/c.txt, sub/notes.md, .hidden.txt"""
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "a.txt").write_text(seed_copy(0), encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text(seed_copy(1), encoding="utf-8")
    (tmp_path / "sub" / "deeper" / "c.txt").write_text(seed_copy(2), encoding="utf-8")
    (tmp_path / "sub" / "notes.md").write_text(seed_copy(3), encoding="utf-8")
    return tmp_path


def many(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:05d}.txt").write_text(seed_copy(i), encoding="utf-8")
    return folder


# ---------------------------------------------------------------- basics


def test_version_and_help() -> None:
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output
    for command in ("extract", "eval", "schema"):
        assert run(command, "--help").exit_code == 0


def test_extract_seeds_jsonl_one_record_per_file_in_order() -> None:
    result = run("extract", str(SEEDS), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    recs = records(result.stdout)
    assert [Path(r["source"]["path"]).name for r in recs] == [p.name for p in SEED_FILES]
    assert all("error" not in r and len(r["source"]["sha256"]) == 64 for r in recs)
    assert result.stderr == ""


def test_json_is_one_array_and_jsonl_one_line_each() -> None:
    as_json = run("extract", str(SEEDS), "--format", "json")
    as_jsonl = run("extract", str(SEEDS), "--format", "jsonl")
    assert as_json.exit_code == as_jsonl.exit_code == 0
    array = json.loads(as_json.stdout)
    assert isinstance(array, list) and len(array) == len(SEED_FILES)
    assert as_json.stdout.count("\n") == 1  # not a terminal: compact
    assert array == records(as_jsonl.stdout)
    pretty = run("extract", str(SEEDS), "--format", "json", "--pretty")
    assert pretty.stdout == json.dumps(array, ensure_ascii=False, indent=2) + "\n"


def test_default_format_is_json() -> None:
    result = run("extract", str(SEED_FILES[0]))
    assert isinstance(json.loads(result.stdout), list)


def test_folders_are_walked_recursively_with_glob(tree: Path) -> None:
    result = run("extract", str(tree), "-f", "jsonl")
    paths = [r["source"]["path"] for r in records(result.stdout)]
    assert [Path(p).relative_to(tree).as_posix() for p in paths] == [
        "a.txt",
        "sub/b.txt",
        "sub/deeper/c.txt",
    ]
    md = run("extract", str(tree), "-f", "jsonl", "--glob", "*.md")
    assert [Path(r["source"]["path"]).name for r in records(md.stdout)] == ["notes.md"]


def test_a_file_named_explicitly_is_read_whatever_its_ending(tree: Path) -> None:
    result = run("extract", str(tree / "sub" / "notes.md"), "-f", "jsonl")
    assert result.exit_code == 0
    assert len(records(result.stdout)) == 1


def test_stdin_dash() -> None:
    text = SEED_FILES[1].read_text(encoding="utf-8")
    result = run("extract", "-", "-f", "jsonl", input=text.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    (rec,) = records(result.stdout)
    assert "error" not in rec and rec["source"]["bytes"] == len(text.encode("utf-8"))


def test_missing_path_gives_an_error_record_in_place_and_exit_1(tree: Path) -> None:
    missing = str(tree / "nope.txt")
    result = run(
        "extract", str(tree / "a.txt"), missing, str(tree / "sub" / "b.txt"), "-f", "jsonl"
    )
    assert result.exit_code == 1
    recs = records(result.stdout)
    assert len(recs) == 3
    assert "error" not in recs[0] and "error" not in recs[2]
    assert recs[1]["source"]["path"] == missing
    assert recs[1]["error"]["code"] == "not_found"
    assert missing in recs[1]["error"]["message"]
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"unionparse: {missing}: ")
    assert "Traceback" not in result.stderr


def test_errors_skip_leaves_error_records_out_but_still_fails(tree: Path) -> None:
    result = run(
        "extract", str(tree / "a.txt"), str(tree / "nope"), "-f", "jsonl", "--errors", "skip"
    )
    assert result.exit_code == 1
    assert [("error" in r) for r in records(result.stdout)] == [False]
    assert result.stderr.count("\n") == 1


def test_quiet_hides_per_file_messages(tree: Path) -> None:
    result = run("extract", str(tree / "nope"), "-f", "jsonl", "--quiet")
    assert result.exit_code == 1 and result.stderr == ""
    assert records(result.stdout)[0]["error"]["code"] == "not_found"


def test_bad_inputs_never_show_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "ok.txt").write_text(seed_copy(4), encoding="utf-8")
    result = run("extract", str(tmp_path), "-f", "jsonl")
    assert result.exit_code == 1
    recs = records(result.stdout)
    assert [Path(r["source"]["path"]).name for r in recs] == ["empty.txt", "image.txt", "ok.txt"]
    assert [r.get("error", {}).get("code") for r in recs] == ["empty", "binary", None]
    assert len(result.stderr.splitlines()) == 2 and "Traceback" not in result.stderr


# ---------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    "args",
    [
        ["extract"],  # no PATH
        ["extract", "x", "--format", "xml"],
        ["extract", "x", "--format", "json", "--table", "awards"],
        ["extract", "x", "--jobs", "-1"],
        ["extract", "x", "--input-format", "pdf"],
        ["eval", str(SEED_FILES[0])],  # neither PATH nor --pred
        ["nosuchcommand"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- extraction bugs


def _explode_on_marker(text: str, path=None, source=None):
    if "BOOM" in text:
        raise RuntimeError("rule exploded\nover two lines")
    return _real_extract(text, path=path, source=source)


_real_extract = parallel.extract_text


def test_an_extraction_bug_becomes_an_internal_error_record(tree: Path, monkeypatch) -> None:
    (tree / "boom.txt").write_text("BOOM " + seed_copy(5), encoding="utf-8")
    monkeypatch.setattr(parallel, "extract_text", _explode_on_marker)
    result = run("extract", str(tree), "-f", "jsonl")
    assert result.exit_code == 1
    recs = records(result.stdout)
    assert len(recs) == 4
    (bad,) = [r for r in recs if "error" in r]
    assert bad["source"]["path"].endswith("boom.txt") and bad["source"]["sha256"]
    assert bad["error"]["code"] == "internal_error"
    assert "RuntimeError: rule exploded over two lines" in bad["error"]["message"]
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "boom.txt: internal error: RuntimeError" in lines[0]

    debug = run("extract", str(tree / "boom.txt"), "-f", "jsonl", "--debug")
    assert debug.exit_code == 1
    assert "Traceback" in debug.stderr and "_explode_on_marker" in debug.stderr


# ---------------------------------------------------------------- CSV


def test_csv_one_row_per_article_with_stable_columns(tree: Path) -> None:
    result = run("extract", str(tree), str(tree / "missing.txt"), "-f", "csv")
    assert result.exit_code == 1
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert rows[0] == ARTICLE_COLUMNS
    assert len(rows) == 1 + 4 and all(len(r) == len(ARTICLE_COLUMNS) for r in rows)
    assert rows[-1][ARTICLE_COLUMNS.index("error_code")] == "not_found"
    assert not result.stdout.startswith("\ufeff")  # no BOM on stdout unless asked


def test_csv_to_file_has_a_bom_unless_refused(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "articles.csv"
    assert run("extract", str(tree), "-f", "csv", "-o", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfsource_path,")
    assert run("extract", str(tree), "-f", "csv", "-o", str(out), "--no-bom").exit_code == 0
    assert out.read_bytes().startswith(b"source_path,")
    jsonl = tmp_path / "a.jsonl"
    assert run("extract", str(tree), "-f", "jsonl", "-o", str(jsonl)).exit_code == 0
    assert jsonl.read_bytes().startswith(b'{"source"')


@pytest.mark.parametrize("table", ["awards", "ratings"])
def test_csv_long_tables_have_their_header(table: str) -> None:
    result = run("extract", str(SEEDS), "-f", "csv", "--table", table)
    assert result.exit_code == 0
    header = next(csv.reader(io.StringIO(result.stdout)))
    assert header[:3] == [
        "source_path",
        f"{table[:-1]}_index",
        "award" if table == "awards" else "category",
    ]


# ---------------------------------------------------------------- -o FILE


def test_output_file_is_written_atomically(tree: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out" / "result.jsonl"
    out.parent.mkdir()
    out.write_text("previous complete output\n", encoding="utf-8")
    real = parallel.process_item
    calls = []

    def interrupted_on_third(item):
        calls.append(item)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(item)

    monkeypatch.setattr(parallel, "process_item", interrupted_on_third)
    result = run("extract", str(tree), "-f", "jsonl", "-o", str(out))
    assert result.exit_code == 130
    assert "unionparse: interrupted" in result.stderr
    assert out.read_text(encoding="utf-8") == "previous complete output\n"
    assert os.listdir(out.parent) == ["result.jsonl"]  # the temporary file is gone

    monkeypatch.setattr(parallel, "process_item", real)
    result = run("extract", str(tree), "-f", "jsonl", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert len(records(out.read_text(encoding="utf-8"))) == 3
    assert os.listdir(out.parent) == ["result.jsonl"]


def test_output_into_a_missing_folder_is_one_line(tree: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "out.json"
    result = run("extract", str(tree), "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"unionparse: {target}: No such file or directory"]


# ---------------------------------------------------------------- --jobs


def test_jobs_2_prints_exactly_what_one_process_prints(tmp_path: Path) -> None:
    folder = many(tmp_path, 70)  # two chunks of work
    (folder / "00003.txt").write_bytes(b"")  # a failure in the middle of the first chunk
    args = ["extract", str(folder), str(tmp_path / "missing.txt"), str(SEEDS), "-f", "jsonl"]
    one = run(*args, "--jobs", "1")
    two = run(*args, "--jobs", "2")
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr
    assert len(records(two.stdout)) == 70 + 1 + len(SEED_FILES)
    csv1 = run(*args, "-f", "csv", "--jobs", "1")
    csv2 = run(*args, "-f", "csv", "--jobs", "0")
    assert csv1.stdout == csv2.stdout


# ---------------------------------------------------------------- pipes and signals (real processes)


def _cli_process(args: list[str], **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "unionparse", *args], **kwargs)


@pytest.mark.skipif(shutil.which("head") is None, reason="needs head(1)")
def test_closed_stdout_exits_quietly(tmp_path: Path) -> None:
    folder = many(tmp_path, 200)  # more output than a pipe buffer (64 KiB) holds
    for jobs in ("1", "2"):
        cmd = [
            sys.executable,
            "-m",
            "unionparse",
            "extract",
            str(folder),
            "-f",
            "jsonl",
            "-j",
            jobs,
        ]
        r, w = os.pipe()
        head = subprocess.Popen(["head", "-n", "1"], stdin=r, stdout=subprocess.PIPE)
        proc = subprocess.Popen(cmd, stdout=w, stderr=subprocess.PIPE)
        os.close(r)
        os.close(w)
        try:  # every read has a timeout: a hang fails the test instead of stalling the suite
            first, _ = head.communicate(timeout=60)
            _, err = proc.communicate(timeout=60)
        finally:
            for p in (proc, head):
                if p.poll() is None:
                    p.kill()
                    p.wait(timeout=10)
        assert proc.returncode == 0
        assert len(first.splitlines()) == 1 and json.loads(first)["source"]["path"]
        assert err == b"", err.decode()


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_in_jsonl_leaves_only_whole_lines(tmp_path: Path, jobs: str) -> None:
    folder = many(tmp_path, 300)  # more output than a pipe buffer holds: the writer blocks
    proc = _cli_process(
        ["extract", str(folder), "-f", "jsonl", "-j", jobs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,  # unbuffered: readline must not swallow what follows the first line
    )
    first = proc.stdout.readline()
    proc.send_signal(signal.SIGINT)
    rest, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    out = (first + rest).decode("utf-8")
    assert out.endswith("\n")
    assert all(json.loads(line)["source"]["path"] for line in out.splitlines())
    assert len(out.splitlines()) < 300
    assert err.decode().strip() == "unionparse: interrupted"


def test_interrupt_guard_finishes_the_record_being_written() -> None:
    class SlowStream(io.StringIO):
        def write(self, s: str) -> int:
            half = len(s) // 2
            super().write(s[:half])
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C in the middle of a record
            return super().write(s[half:])

    stream = SlowStream()
    sink = Sink(stream, make_formatter("jsonl"))
    with _InterruptGuard() as guard, pytest.raises(KeyboardInterrupt):
        guard.write(sink, '{"a":1}\n')
    assert stream.getvalue() == '{"a":1}\n'
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


# ---------------------------------------------------------------- progress


def test_progress_line_shows_files_rate_and_eta() -> None:
    stream = io.StringIO()
    progress = Progress(stream, total=10, interval=0.0)
    for _ in range(4):
        progress.advance()
    progress.message("unionparse: x.txt: empty file")
    progress.close()
    out = stream.getvalue()
    assert "4/10 files" in out and "articles/s" in out and "ETA" in out
    assert "unionparse: x.txt: empty file\n" in out
    assert out.endswith("\n")
    unknown = Progress(io.StringIO(), total=None, interval=0.0)
    unknown.advance(3)
    assert unknown.line(unknown.start + 1.0).startswith("3 files 3 articles/s")


def test_no_progress_when_stderr_is_not_a_terminal(tree: Path) -> None:
    result = run("extract", str(tree), "-f", "jsonl")
    assert result.stderr == ""


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes")
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_undecodable_file_name_still_gives_its_record(tmp_path: Path, fmt: str) -> None:
    name = os.fsdecode(b"bad\xff.txt")  # a lone surrogate once decoded
    (tmp_path / name).write_text(seed_copy(0), encoding="utf-8")
    (tmp_path / "ok.txt").write_text(seed_copy(1), encoding="utf-8")
    result = run("extract", str(tmp_path), "-f", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "jsonl":
        recs = records(result.stdout)
        assert [("error" in r) for r in recs] == [False, False]
        assert recs[0]["source"]["path"].endswith("bad\\xff.txt")
    else:
        assert "bad\\xff.txt" in result.stdout and len(result.stdout.splitlines()) == 3
