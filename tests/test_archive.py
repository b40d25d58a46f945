"""The SQLite archive (`extract -o archive.db`, `export`, `eval --pred archive.db`): real SQLite
files in a temporary folder, written and read through the command line."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from unionparse import __version__, archive
from unionparse.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
PRESS = ROOT.parent / "shared" / "corpus" / "press"
if not PRESS.is_dir():  # a worktree beside the main checkout
    PRESS = Path("/work/shared/corpus/press")
GOLD = PRESS.parents[1] / "gold" / "seeds.jsonl"

SUMMARY_KEYS = ("new", "changed", "unchanged", "failed")


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def summary(stderr: str) -> dict[str, int]:
    """The counts of the last stderr line: `unionparse: a.db: 3 new, 0 changed, ... 0.1 s`."""
    last = stderr.strip().splitlines()[-1]
    counts = {}
    for part in last.split(": ", 2)[2].split(", ")[:-1]:
        n, what = part.split(" ", 1)
        counts[what] = int(n)
    assert last.endswith(" s"), last
    return counts


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def query(db: Path, sql: str, *args) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def seed_copy(i: int) -> str:
    """A seed article with its numbers changed, so that every file is different."""
    text = SEED_FILES[i % len(SEED_FILES)].read_text(encoding="utf-8")
    return text.replace("20", str(10 + i % 80)).replace("năm", f"năm {i % 7}", 1) + f"\n{i}\n"


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """seeds/ and, when shared/ is there, press/ copied into tmp_path (the cwd): the paths."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEEDS, "seeds")
    if not PRESS.is_dir():
        return ["seeds"]
    shutil.copytree(PRESS, "press")
    for copied in [Path("press"), *Path("press").rglob("*")]:  # shared/ is read-only in CI
        copied.chmod(copied.stat().st_mode | 0o200)
    return ["seeds", "press"]


def test_first_run_stores_every_record_and_export_gives_back_what_extract_prints(corpus):
    if corpus == ["seeds"]:
        pytest.skip(f"press corpus absent ({PRESS}): the seeds are tested in the next tests")
    extracted = run("extract", *corpus, "-f", "jsonl")
    assert extracted.exit_code == 0
    records = jsonl(extracted.stdout)
    assert len(records) == 5 + len(list(Path("press").rglob("*.txt")))

    first = run("extract", *corpus, "-o", "archive.db")
    assert first.exit_code == 0, first.stderr
    assert summary(first.stderr) == {"new": len(records), "changed": 0, "unchanged": 0, "failed": 0}
    assert first.stdout == ""

    exported = run("export", "archive.db", "-f", "jsonl")
    assert exported.exit_code == 0
    assert jsonl(exported.stdout) == records
    assert exported.stdout_bytes == extracted.stdout_bytes  # byte for byte, too
    for args in (["-f", "csv"], ["-f", "csv", "--table", "awards"], ["-f", "json"]):
        assert run("export", "archive.db", *args).stdout == run("extract", *corpus, *args).stdout

    shas = {r["source"]["sha256"] for r in records}
    assert query(Path("archive.db"), "SELECT count(*) FROM files") == [(len(records),)]
    assert query(Path("archive.db"), "SELECT count(*) FROM articles") == [(len(shas),)]
    awards = sum(len(r["awards"]) for r in records)
    assert query(Path("archive.db"), "SELECT count(*) FROM awards") == [(awards,)]
    assert query(Path("archive.db"), "PRAGMA foreign_key_check") == []


def test_a_second_run_skips_every_unchanged_file(corpus):
    assert run("extract", *corpus, "-o", "a.db").exit_code == 0
    before = query(Path("a.db"), "SELECT path, extracted_at, article FROM files ORDER BY path")
    again = run("extract", *corpus, "-o", "a.db")
    assert again.exit_code == 0
    counts = summary(again.stderr)
    assert counts == {"new": 0, "changed": 0, "unchanged": len(before), "failed": 0}
    # nothing was rewritten: the extraction times stay those of the first run
    assert query(Path("a.db"), "SELECT path, extracted_at, article FROM files ORDER BY path") == (
        before
    )
    assert query(Path("a.db"), "SELECT id, unchanged, finished IS NOT NULL FROM runs") == [
        (1, 0, 1),
        (2, len(before), 1),
    ]


def test_a_touched_file_is_hashed_not_extracted_and_a_changed_file_is_extracted(corpus):
    assert run("extract", "seeds", "-o", "a.db").exit_code == 0
    touched, changed = Path(corpus[0]) / SEED_FILES[0].name, Path("seeds") / SEED_FILES[3].name
    stamp = query(Path("a.db"), "SELECT extracted_at FROM files WHERE path = ?", str(touched))
    old_id = query(Path("a.db"), "SELECT article FROM files WHERE path = ?", str(changed))[0][0]
    os.utime(touched, ns=(1_600_000_000 * 10**9, 1_600_000_000 * 10**9))
    text = changed.read_text(encoding="utf-8")
    assert "84 công đoàn cơ sở" in text
    changed.write_text(text.replace("84 công đoàn cơ sở", "86 công đoàn cơ sở"), encoding="utf-8")

    result = run("extract", "seeds", "-o", "a.db")
    assert summary(result.stderr) == {"new": 0, "changed": 1, "unchanged": 4, "failed": 0}
    assert query(Path("a.db"), "SELECT extracted_at FROM files WHERE path = ?", str(touched)) == (
        stamp
    )
    assert query(Path("a.db"), "SELECT mtime_ns FROM files WHERE path = ?", str(touched)) == [
        (1_600_000_000 * 10**9,)
    ]
    exported = {r["source"]["path"]: r for r in jsonl(run("export", "a.db", "-f", "jsonl").stdout)}
    assert exported[str(changed)]["grassroots_unions"] == 86
    assert exported == {
        r["source"]["path"]: r for r in jsonl(run("extract", "seeds", "-f", "jsonl").stdout)
    }
    # the article the old content gave is gone with its rows: no path gives it any more
    assert query(Path("a.db"), "SELECT count(*) FROM articles WHERE id = ?", old_id) == [(0,)]
    assert query(Path("a.db"), "SELECT count(*) FROM evidence WHERE article = ?", old_id) == [(0,)]
    assert query(Path("a.db"), "SELECT count(*) FROM articles") == [(5,)]


def test_a_new_rules_version_and_force_re_extract_everything(corpus):
    assert run("extract", "seeds", "-o", "a.db").exit_code == 0
    with sqlite3.connect("a.db") as conn:  # as if the files were written by older rules
        conn.execute("UPDATE files SET rules_version = '0.9.0+000000000000'")
    result = run("extract", "seeds", "-o", "a.db")
    counts = summary(result.stderr)
    assert counts["re-extracted"] == 5 and counts["unchanged"] == 0
    assert query(Path("a.db"), "SELECT DISTINCT rules_version FROM files") == [
        (archive.rules_version(),)
    ]
    assert summary(run("extract", "seeds", "-o", "a.db").stderr)["unchanged"] == 5
    forced = run("extract", "seeds", "-o", "a.db", "--force")
    assert summary(forced.stderr)["re-extracted"] == 5
    assert query(Path("a.db"), "SELECT count(*) FROM articles") == [(5,)]


def test_rules_version_covers_the_rules_and_data_not_the_output_layers():
    package = Path(archive.__file__).parent
    names = {p.relative_to(package).as_posix() for p in archive._rule_files(package)}
    assert {"data/lexicon.toml", "data/provinces.toml", "extractors/awards.py"} <= names
    assert {"pipeline.py", "text.py", "models.py", "reader.py", "organizations.py"} <= names
    output_layers = {"cli.py", "writers.py", "archive.py", "parallel.py", "evaluate.py"}
    assert not names & (output_layers | {"timeline.py", "chart.py"})
    assert archive.rules_version().startswith(__version__ + "+")


def test_a_vanished_file_is_marked_not_deleted_and_comes_back(corpus):
    assert run("extract", "seeds", "-o", "a.db").exit_code == 0
    gone = Path("seeds") / SEED_FILES[1].name
    kept = gone.read_bytes()
    gone.unlink()
    result = run("extract", "seeds", "-o", "a.db")
    assert summary(result.stderr)["vanished"] == 1
    assert query(
        Path("a.db"), "SELECT vanished_at IS NOT NULL FROM files WHERE path = ?", str(gone)
    )
    assert query(Path("a.db"), "SELECT count(*) FROM articles") == [(5,)]
    paths = [r["source"]["path"] for r in jsonl(run("export", "a.db", "-f", "jsonl").stdout)]
    assert str(gone) not in paths and len(paths) == 4
    with_gone = jsonl(run("export", "a.db", "-f", "jsonl", "--vanished").stdout)
    assert str(gone) in [r["source"]["path"] for r in with_gone]

    gone.write_bytes(kept)
    back = run("extract", "seeds", "-o", "a.db")
    assert summary(back.stderr) == {"new": 0, "changed": 0, "unchanged": 5, "failed": 0}
    assert query(Path("a.db"), "SELECT count(*) FROM files WHERE vanished_at IS NOT NULL") == [(0,)]


def test_a_failed_file_is_a_row_with_its_error_and_is_tried_again(corpus):
    Path("seeds/scan.txt").write_bytes(b"%PDF-1.4 binary")
    result = run("extract", "seeds", "-o", "a.db")
    assert result.exit_code == 1
    assert "seeds/scan.txt: not a text file" in result.stderr
    assert summary(result.stderr) == {"new": 5, "changed": 0, "unchanged": 0, "failed": 1}
    assert query(
        Path("a.db"), "SELECT error_code, article FROM files WHERE path = 'seeds/scan.txt'"
    ) == [("binary", None)]
    assert (
        run("export", "a.db", "-f", "jsonl").stdout == run("extract", "seeds", "-f", "jsonl").stdout
    )
    skipped = run("export", "a.db", "-f", "jsonl", "--errors", "skip").stdout
    assert len(jsonl(skipped)) == 5
    # the next run reads it again (a fixed permission or dependency does not change mtime)
    Path("seeds/scan.txt").write_text(seed_copy(7), encoding="utf-8")
    os.utime("seeds/scan.txt", ns=(os.stat("seeds/scan.txt").st_atime_ns, 0))
    again = run("extract", "seeds", "-o", "a.db")
    assert again.exit_code == 0
    assert summary(again.stderr)["changed"] == 1
    assert query(Path("a.db"), "SELECT error_code FROM files WHERE path = 'seeds/scan.txt'") == [
        (None,)
    ]


def test_json_lines_lines_are_decided_by_their_text(corpus):
    lines = [{"id": f"a{i}", "url": f"https://x.vn/{i}", "text": seed_copy(i)} for i in range(3)]
    Path("crawl.jsonl").write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8"
    )
    first = run("extract", "crawl.jsonl", "-o", "a.db")
    assert summary(first.stderr)["new"] == 3
    lines[1]["text"] += "\nThêm một đoạn.\n"
    Path("crawl.jsonl").write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8"
    )
    second = run("extract", "crawl.jsonl", "-o", "a.db")
    assert summary(second.stderr) == {"new": 0, "changed": 1, "unchanged": 2, "failed": 0}
    exported = jsonl(run("export", "a.db", "-f", "jsonl").stdout)
    assert exported == jsonl(run("extract", "crawl.jsonl", "-f", "jsonl").stdout)
    assert [r["source"]["id"] for r in exported] == ["a0", "a1", "a2"]


def test_jobs_2_writes_the_same_archive_as_one_process(corpus):
    for i in range(40):
        Path(f"seeds/copy{i:03d}.txt").write_text(seed_copy(i), encoding="utf-8")
    assert run("extract", *corpus, "-o", "one.db").exit_code == 0
    result = run("extract", *corpus, "-o", "two.db", "--jobs", "2")
    assert result.exit_code == 0
    one = run("export", "one.db", "-f", "jsonl").stdout
    assert one == run("export", "two.db", "-f", "jsonl").stdout
    assert one == run("extract", *corpus, "-f", "jsonl").stdout
    assert summary(run("extract", *corpus, "-o", "two.db", "-j", "2").stderr)["new"] == 0


def test_with_text_stores_the_text_under_a_full_text_index(corpus):
    assert run("extract", "seeds", "-o", "a.db").exit_code == 0
    result = run("extract", "seeds", "-o", "a.db", "--with-text")  # adds the texts it lacks
    assert summary(result.stderr)["re-extracted"] == 5
    article = query(
        Path("a.db"), "SELECT article FROM files WHERE path = ?", f"seeds/{SEED_FILES[3].name}"
    )
    text = query(Path("a.db"), "SELECT text FROM texts WHERE article = ?", article[0][0])[0][0]
    assert text.startswith("Công đoàn viên chức tỉnh")
    hits = query(Path("a.db"), "SELECT rowid FROM texts_fts WHERE texts_fts MATCH ?", '"0,59%"')
    assert hits == article
    assert summary(run("extract", "seeds", "-o", "a.db", "--with-text").stderr)["unchanged"] == 5


def test_eval_reads_an_archive(corpus):
    if not GOLD.is_file():
        pytest.skip(f"shared gold absent ({GOLD})")
    assert run("extract", "seeds", "-o", "a.db").exit_code == 0
    result = run("eval", GOLD, "--pred", "a.db", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["f1"] == 1.0


def test_archives_it_cannot_read_give_one_clear_line(corpus):
    Path("old.db").unlink(missing_ok=True)
    assert run("extract", "seeds", "-o", "old.db").exit_code == 0
    with sqlite3.connect("old.db") as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    for args in (["extract", "seeds", "-o", "old.db"], ["export", "old.db"]):
        result = run(*args)
        assert result.exit_code == 1
        assert "archive schema version 0" in result.stderr and "Traceback" not in result.stderr
    with sqlite3.connect("other.db") as conn:
        conn.execute("CREATE TABLE t (x)")
    result = run("extract", "seeds", "-o", "other.db")
    assert result.exit_code == 1
    assert "other.db: a SQLite database, but not a unionparse archive" in result.stderr
    Path("notes.db").write_text("not a database", encoding="utf-8")
    result = run("export", "notes.db")
    assert result.exit_code == 1 and "not a SQLite database" in result.stderr
    Path("gold.jsonl").write_text('{"file": "000.txt"}\n', encoding="utf-8")
    result = run("eval", "gold.jsonl", "--pred", "old.db")
    assert result.exit_code == 1 and "archive schema version 0" in result.stderr


def test_archive_usage_errors(corpus):
    assert run("extract", "seeds", "--force").exit_code == 2
    assert run("extract", "seeds", "-f", "sqlite").exit_code == 2
    assert run("extract", "seeds", "-o", "a.db", "--table", "awards").exit_code == 2
    assert run("extract", "seeds", "-o", "a.json", "--with-text").exit_code == 2
    # an explicit format wins over the suffix
    assert run("extract", "seeds", "-o", "out.db", "-f", "jsonl").exit_code == 0
    assert len(Path("out.db").read_text(encoding="utf-8").splitlines()) == 5


def test_without_sqlite_utils_the_message_says_how_to_install_it(corpus, monkeypatch):
    monkeypatch.setitem(sys.modules, "sqlite_utils", None)  # as if it were not installed
    result = run("extract", "seeds", "-o", "a.db")
    assert result.exit_code == 1
    assert "pip install 'unionparse[sqlite]'" in result.stderr
    assert not Path("a.db").exists()


# ---------------------------------------------------------------- interrupted runs


def _write_many(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:05d}.txt").write_text(seed_copy(i), encoding="utf-8")


def _start_and_stop(db: Path, folder: Path, sig: int, jobs: int) -> subprocess.CompletedProcess:
    """Start `extract folder -o db`, send `sig` once some chunk is committed; wait for the end."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "unionparse",
            "extract",
            str(folder),
            "-o",
            str(db),
            "-j",
            str(jobs),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: a kill reaches the workers too
    )
    try:
        for _ in range(6000):  # up to a minute, polling every 10 ms
            if proc.poll() is not None:
                break
            try:
                if query(db, "SELECT count(*) FROM files")[0][0] > 0:
                    break
            except sqlite3.Error:
                pass  # not created yet
            time.sleep(0.01)
        if sig == signal.SIGKILL:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_run_killed_mid_way_leaves_a_sound_archive_the_next_run_completes(tmp_path, jobs):
    folder, db = tmp_path / "many", tmp_path / "a.db"
    n = 3 * archive.CHUNK_RECORDS  # a kill at the first commit leaves two chunks to do
    _write_many(folder, n)
    killed = _start_and_stop(db, folder, signal.SIGKILL, jobs)
    assert killed.returncode == -signal.SIGKILL
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    assert query(db, "PRAGMA foreign_key_check") == []
    done = query(db, "SELECT count(*) FROM files")[0][0]
    assert 0 < done < n, "the run was to be killed mid-way"
    assert query(db, "SELECT finished FROM runs") == [(None,)]

    expected = {r["source"]["path"]: r for r in jsonl(run("extract", folder, "-f", "jsonl").stdout)}
    # every article that is there is whole: its record is the one extract prints
    for rec in jsonl(run("export", db, "-f", "jsonl").stdout):
        assert rec == expected[rec["source"]["path"]]

    result = run("extract", folder, "-o", db, "-j", jobs)
    assert result.exit_code == 0, result.stderr
    assert summary(result.stderr) == {"new": n - done, "changed": 0, "unchanged": done, "failed": 0}
    assert query(db, "SELECT count(*), count(DISTINCT path) FROM files") == [(n, n)]
    assert query(db, "SELECT count(*) FROM articles") == [(n,)]
    assert jsonl(run("export", db, "-f", "jsonl").stdout) == list(expected.values())


def test_ctrl_c_saves_the_finished_records_and_exits_130(tmp_path):
    folder, db = tmp_path / "many", tmp_path / "a.db"
    _write_many(folder, 3 * archive.CHUNK_RECORDS)
    stopped = _start_and_stop(db, folder, signal.SIGINT, 1)
    assert stopped.returncode == 130
    err = stopped.stderr.decode()
    assert "interrupted" in err and "Traceback" not in err
    saved = summary(err)["new"]
    assert query(db, "SELECT count(*) FROM files") == [(saved,)]
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    result = run("extract", folder, "-o", db)
    assert summary(result.stderr)["new"] == 3 * archive.CHUNK_RECORDS - saved
    assert query(db, "SELECT count(*) FROM files") == [(3 * archive.CHUNK_RECORDS,)]


def test_the_readme_schema_table_is_the_archive_schema(corpus):
    assert run("extract", "seeds", "-o", "a.db", "--with-text").exit_code == 0
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = {}
    for line in readme.split("Tables (schema version")[1].split("\n\n")[1].splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            columns = cells[2].split("(")[0]
            documented[cells[0].strip("`")] = [c.strip(" `") for c in columns.split(",")]
    actual = {
        name: [col[1] for col in query(Path("a.db"), f"PRAGMA table_info([{name}])")]
        for (name,) in query(
            Path("a.db"),
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'texts_fts%'",
        )
    }
    assert documented == actual
    assert f"schema version {archive.SCHEMA_VERSION}" in readme


def test_an_archive_whose_tables_differ_from_the_models_is_refused(corpus):
    assert run("extract", "seeds", "-o", "a.db").exit_code == 0
    with sqlite3.connect("a.db") as conn:  # as if written before a field was added
        conn.execute("ALTER TABLE articles DROP COLUMN period_end")
    result = run("extract", "seeds", "-o", "a.db")
    assert result.exit_code == 1
    assert "table articles differs" in result.stderr and "period_end" in result.stderr
