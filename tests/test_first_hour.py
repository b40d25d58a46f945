"""The first hour of use (issue 13): what a new user meets on a wrong path, a wrong option, a
file name that says the format, a run that should stop early; exit codes in --help."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from unionparse.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_an_empty_folder_warns_and_exits_1(tmp_path: Path) -> None:
    result = run("extract", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout == "[]\n"
    assert (
        result.stderr == f"unionparse: {tmp_path}: no input file (no name matches --glob '*.txt')\n"
    )


def test_a_glob_that_matches_nothing_warns_and_exits_1_even_beside_good_input(
    tmp_path: Path,
) -> None:
    result = run("extract", str(SEEDS), str(tmp_path), "-f", "jsonl")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == len(SEED_FILES)
    assert "no input file" in result.stderr and str(tmp_path) in result.stderr
    result = run("extract", str(SEEDS), "--glob", "*.md")
    assert result.exit_code == 1 and "--glob '*.md'" in result.stderr


@pytest.mark.parametrize(
    ("name", "check"),
    [
        (
            "out.csv",
            lambda t: next(csv.reader(io.StringIO(t.lstrip("\ufeff"))))[0] == "source_path",
        ),
        ("out.jsonl", lambda t: len([json.loads(x) for x in t.splitlines()]) == len(SEED_FILES)),
        ("out.ndjson", lambda t: len([json.loads(x) for x in t.splitlines()]) == len(SEED_FILES)),
        ("out.json", lambda t: len(json.loads(t)) == len(SEED_FILES)),
        ("out.txt", lambda t: len(json.loads(t)) == len(SEED_FILES)),
    ],
)
def test_the_output_format_follows_the_ending_of_o(tmp_path: Path, name: str, check) -> None:
    out = tmp_path / name
    result = run("extract", str(SEEDS), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert check(out.read_text(encoding="utf-8"))


def test_format_given_wins_over_the_ending(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert run("extract", str(SEEDS), "-o", str(out), "-f", "jsonl").exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["source"]["path"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bom"], "--bom/--no-bom applies to --format csv only"),
        (["-f", "jsonl", "--no-bom"], "--bom/--no-bom applies to --format csv only"),
        (["-f", "csv", "--pretty"], "--pretty/--compact applies to --format json only"),
        (["-f", "jsonl", "--compact"], "--pretty/--compact applies to --format json only"),
        (["-f", "json", "--table", "awards"], "--table applies to --format csv only"),
    ],
)
def test_an_option_that_does_not_apply_is_a_usage_error(args: list[str], message: str) -> None:
    result = run("extract", str(SEEDS), *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_max_errors_stops_the_run_and_keeps_the_output_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, name in enumerate(["a", "b", "c", "d", "e"]):
        text = "" if name in "bd" else SEED_FILES[i].read_text(encoding="utf-8")
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    result = run("extract", str(folder), "-o", str(out), "--fail-fast")
    assert result.exit_code == 1
    assert (
        result.stderr.splitlines()[-1] == "unionparse: stopped after 1 failed input (--max-errors)"
    )
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.jsonl"]
    # on stdout: what came before the stop, as a whole document
    result = run("extract", str(folder), "--max-errors", "2")
    assert result.exit_code == 1
    recs = json.loads(result.stdout)
    assert [Path(r["source"]["path"]).name for r in recs] == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert [r["error"]["code"] for r in recs if "error" in r] == ["empty", "empty"]
    assert "stopped after 2 failed inputs" in result.stderr
    # below the limit: the run goes to the end
    result = run("extract", str(folder), "-f", "jsonl", "--max-errors", "3")
    assert result.exit_code == 1 and len(result.stdout.splitlines()) == 5
    assert "stopped" not in result.stderr


def test_exit_codes_are_in_help() -> None:
    for command in ("extract", "eval"):
        text = run(command, "--help").stdout
        assert "Exit codes:" in text
        for code in ("0 ", "1 ", "2 ", "130", "143"):
            assert f"\n    {code}" in text, (command, code)
        assert "Example:" in text


def test_eval_with_no_matching_file_is_an_error(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"file": "001.txt", "members": {"total": 5}}) + "\n",
        encoding="utf-8",
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("eval", str(gold), str(empty))
    assert result.exit_code == 1
    assert "P=1.000" not in result.stdout and "no record of" in result.stderr
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"source": {"path": "other.txt"}}) + "\n", encoding="utf-8")
    result = run("eval", str(gold), "--pred", str(pred))
    assert result.exit_code == 1 and "no record of" in result.stderr


def test_eval_says_it_cannot_score_csv(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert run("extract", str(SEEDS), "-o", str(out)).exit_code == 0
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"file": "x.txt"}) + "\n", encoding="utf-8")
    result = run("eval", str(gold), "--pred", str(out))
    assert result.exit_code == 1
    assert "a CSV table cannot be scored" in result.stderr and "-f jsonl" in result.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="a pseudo-terminal for stderr")
@pytest.mark.parametrize("quiet", [False, True])
def test_a_summary_line_ends_a_run_on_a_terminal(tmp_path: Path, quiet: bool) -> None:
    import os
    import pty
    import subprocess

    out = tmp_path / "out.json"
    master, slave = pty.openpty()
    args = [sys.executable, "-m", "unionparse", "extract", str(SEEDS), "-o", str(out)]
    proc = subprocess.Popen(args + (["-q"] if quiet else []), stderr=slave, stdout=subprocess.PIPE)
    os.close(slave)
    try:
        proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the writer is gone and everything was read
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert proc.returncode == 0
    last = seen.decode().replace("\r\n", "\n").rstrip("\n").split("\n")[-1]
    if quiet:
        assert seen == b""
    else:
        assert re.fullmatch(
            rf"unionparse: {len(SEED_FILES)} records, 0 failed, \d+ warnings?, "
            rf"written to {re.escape(str(out))}, \d+\.\d s",
            last,
        ), last


def test_fields_choose_the_keys_of_json_records_in_the_order_given(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = run(
        "extract", str(SEEDS), str(tmp_path / "empty.txt"), "-f", "jsonl",
        "--fields", "title,source.path,members.total,awards",
    )  # fmt: skip
    assert result.exit_code == 1
    recs = [json.loads(line) for line in result.stdout.splitlines()]
    full = [json.loads(x) for x in run("extract", str(SEEDS), "-f", "jsonl").stdout.splitlines()]
    for rec, whole in zip(recs, full, strict=False):
        assert list(rec) == ["title", "source", "members", "awards"]
        assert rec == {
            "title": whole["title"],
            "source": {"path": whole["source"]["path"]},
            "members": {"total": whole["members"]["total"]},
            "awards": whole["awards"],
        }
    assert list(recs[-1]) == ["source", "error"]  # an error record keeps its error
    assert recs[-1]["source"] == {"path": str(tmp_path / "empty.txt")}
    assert recs[-1]["error"]["code"] == "empty"


def test_fields_choose_the_csv_columns(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = run("extract", str(SEEDS), "-o", str(out), "--fields", "source.path,members.total")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["source_path", "members_total", "error_code", "error_message"]
    assert len(rows) == 1 + len(SEED_FILES)
    assert rows[1][0].endswith(SEED_FILES[0].name)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fields", "members.x"], "unknown field 'members.x'"),
        (["-f", "csv", "--fields", "evidence"], "evidence has no column in CSV"),
        (["-f", "csv", "--table", "awards", "--fields", "title"], "CSV articles table only"),
    ],
)
def test_bad_fields_are_usage_errors(args: list[str], message: str) -> None:
    result = run("extract", str(SEEDS), *args)
    assert result.exit_code == 2 and message in result.stderr


def test_json_lines_on_stdin_are_recognised_by_content() -> None:
    """Four piped JSON Lines articles were read as one text and merged into one record."""
    import subprocess

    lines = [
        json.dumps({"url": f"https://example.org/{p.name}", "text": p.read_text(encoding="utf-8")})
        for p in SEED_FILES[:4]
    ]
    proc = subprocess.run(
        [sys.executable, "-m", "unionparse", "extract", "-", "-f", "jsonl"],
        input="\n".join(lines).encode(),
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    recs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["source"]["path"] for r in recs] == [f"<stdin>:{i}" for i in range(1, 5)]
    assert [r["source"]["url"] for r in recs] == [
        f"https://example.org/{p.name}" for p in SEED_FILES[:4]
    ]
    one = json.loads(run("extract", str(SEED_FILES[1]), "-f", "jsonl").stdout)
    assert recs[1]["members"] == one["members"] and recs[1]["title"] == one["title"]
    # a plain article on stdin is still one text
    proc = subprocess.run(
        [sys.executable, "-m", "unionparse", "extract", "-", "-f", "jsonl"],
        input=SEED_FILES[1].read_bytes(),
        capture_output=True,
        timeout=120,
    )
    (rec,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert rec["source"]["path"] == "<stdin>" and rec["members"] == one["members"]


def test_tsv_by_ending_delimiter_and_formula_escape(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("=cmd.txt").write_text(SEED_FILES[1].read_text(encoding="utf-8"), encoding="utf-8")
    assert run("extract", "=cmd.txt", "-o", "out.tsv", "--fields", "source.path").exit_code == 0
    assert Path("out.tsv").read_text(encoding="utf-8-sig").splitlines() == [
        "source_path\terror_code\terror_message",
        "'=cmd.txt\t\t",
    ]
    result = run(
        "extract", "=cmd.txt", "-f", "csv", "--delimiter", ";", "--no-formula-escape",
        "--fields", "source.path,members.total",
    )  # fmt: skip
    members = json.loads(run("extract", "=cmd.txt", "-f", "jsonl").stdout)["members"]["total"]
    assert result.stdout.splitlines() == [
        "source_path;members_total;error_code;error_message",
        f"=cmd.txt;{members};;",
    ]
    result = run("extract", "=cmd.txt", "-f", "csv", "--delimiter", "tab", "--table", "ratings")
    assert result.stdout.splitlines()[0].split("\t")[:3] == [
        "source_path",
        "rating_index",
        "category",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "json", "--delimiter", ";"], "--delimiter applies to --format csv only"),
        (["-f", "jsonl", "--no-formula-escape"], "--no-formula-escape applies to --format csv"),
        (["-f", "csv", "--delimiter", "ab"], "--delimiter: one character"),
    ],
)
def test_csv_options_elsewhere_are_usage_errors(args: list[str], message: str) -> None:
    result = run("extract", str(SEEDS), *args)
    assert result.exit_code == 2 and message in result.stderr
