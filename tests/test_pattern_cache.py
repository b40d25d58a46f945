"""The compiled-pattern cache: a warm run reads its rules from the cache and prints exactly what a
run without the cache prints; a damaged, foreign or unwritable cache never changes a record."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from unionparse import pattern_cache

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
DEV = REPO / "tests" / "corpus" / "dev"


def _extract(cache: Path | None, *paths: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("UNIONPARSE_NO_CACHE", None)
    if cache is None:
        env["UNIONPARSE_NO_CACHE"] = "1"
    else:
        env["UNIONPARSE_CACHE_DIR"] = str(cache)
    return subprocess.run(
        [sys.executable, "-m", "unionparse", "extract", "--format", "jsonl", *map(str, paths)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("rules-*.pickle"))


@pytest.fixture(scope="module")
def uncached() -> str:
    """The records of the seeds and the dev corpus compiled from scratch."""
    out = _extract(None, SEEDS, DEV)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_warm_run_prints_the_same_records_and_compiles_nothing_new(tmp_path, uncached):
    cold = _extract(tmp_path, SEEDS, DEV)
    assert cold.returncode == 0, cold.stderr
    assert cold.stdout == uncached
    (written,) = _cache_files(tmp_path)
    first = written.stat()
    warm = _extract(tmp_path, SEEDS, DEV)
    assert warm.returncode == 0, warm.stderr
    assert warm.stdout == uncached
    # nothing was missing from the cache, so the warm run did not write it again
    assert _cache_files(tmp_path) == [written]
    assert (written.stat().st_mtime_ns, written.stat().st_ino) == (first.st_mtime_ns, first.st_ino)


def test_a_damaged_cache_file_is_compiled_over(tmp_path, uncached):
    assert _extract(tmp_path, SEEDS).returncode == 0
    (written,) = _cache_files(tmp_path)
    written.write_bytes(written.read_bytes()[:1000])  # truncated mid-write by a crash, say
    out = _extract(tmp_path, SEEDS, DEV)
    assert out.returncode == 0, out.stderr
    assert out.stdout == uncached
    assert out.stderr == ""
    assert pickle.loads(written.read_bytes())  # rewritten whole


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path, uncached):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder should be")
    out = _extract(blocker / "cache", SEEDS, DEV)
    assert out.returncode == 0
    assert out.stdout == uncached
    assert out.stderr == ""


def test_no_cache_writes_nothing(tmp_path):
    env = dict(os.environ, UNIONPARSE_CACHE_DIR=str(tmp_path), UNIONPARSE_NO_CACHE="1")
    out = subprocess.run(
        [sys.executable, "-m", "unionparse", "extract", str(SEEDS)],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0
    assert list(tmp_path.iterdir()) == []


def test_jobs_workers_leave_the_writing_to_the_parent(tmp_path, uncached):
    env = dict(os.environ, UNIONPARSE_CACHE_DIR=str(tmp_path))
    env.pop("UNIONPARSE_NO_CACHE", None)
    out = subprocess.run(
        [sys.executable, "-m", "unionparse", "extract", "--jobs", "2", "--format", "jsonl"]
        + [str(SEEDS), str(DEV)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout == uncached
    assert len(_cache_files(tmp_path)) == 1
    assert not list(tmp_path.glob(".tmp-*"))  # no half-written file left by anyone


class _Boom:
    """Unpickling this would create a file: the cache must refuse to build it."""

    def __init__(self, target: str) -> None:
        self.target = target

    def __reduce__(self):
        return (open, (self.target, "w"))


def _fresh_store(monkeypatch, where: Path) -> pattern_cache._Store:
    monkeypatch.setenv("UNIONPARSE_CACHE_DIR", str(where))
    monkeypatch.delenv("UNIONPARSE_NO_CACHE", raising=False)
    store = pattern_cache._Store()
    store.load()
    assert store.path is not None and store.path.parent == where
    return store


def test_the_cache_builds_patterns_and_nothing_else(tmp_path, monkeypatch):
    store = _fresh_store(monkeypatch, tmp_path)
    planted = tmp_path / "planted"
    key = ("pattern", "abc", 0)
    store.path.write_bytes(pickle.dumps({key: pickle.dumps(_Boom(str(planted)))}))
    again = _fresh_store(monkeypatch, tmp_path)
    assert again.get(key) is None  # refused: compiled instead
    assert not planted.exists()
    store.path.write_bytes(pickle.dumps(_Boom(str(planted))))  # the whole file hostile
    assert _fresh_store(monkeypatch, tmp_path).saved == {}
    assert not planted.exists()


def test_a_cached_pattern_is_the_compiled_one(tmp_path, monkeypatch):
    store = _fresh_store(monkeypatch, tmp_path)
    source = r"(?P<n>\d++)\s*+(?:công\s+đoàn\s+cơ\s+sở|cđcs)(?!\w)"
    compiled = regex.compile(source, regex.VERSION0)
    store.put(("pattern", source, int(regex.VERSION0)), compiled)
    store.save()
    loaded = _fresh_store(monkeypatch, tmp_path).get(("pattern", source, int(regex.VERSION0)))
    assert (loaded.pattern, loaded.flags, loaded.groupindex) == (
        compiled.pattern,
        compiled.flags,
        compiled.groupindex,
    )
    text = "có 52 công đoàn cơ sở và 7 CĐCS, 3 cđcs"
    assert [m.span("n") for m in loaded.finditer(text)] == [
        m.span("n") for m in compiled.finditer(text)
    ]


def test_another_version_of_the_code_opens_another_file(tmp_path, monkeypatch):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "rules.py").write_text("A = 1\n")
    (package / "lexicon.toml").write_text("[words]\n")
    monkeypatch.setattr(pattern_cache, "_PACKAGE", package)
    before = pattern_cache._code_hash()
    assert pattern_cache._code_hash() == before
    (package / "lexicon.toml").write_text("[words]\nx = ['y']\n")
    grown = pattern_cache._code_hash()
    assert grown != before
    # an edit of the same size counts by its modification time, as a .pyc's source does
    stamp = (package / "lexicon.toml").stat().st_mtime_ns
    (package / "lexicon.toml").write_text("[words]\nx = ['z']\n")
    os.utime(package / "lexicon.toml", ns=(stamp + 1_000_000, stamp + 1_000_000))
    assert pattern_cache._code_hash() not in (before, grown)
    store = _fresh_store(monkeypatch, tmp_path / "cache")
    assert regex.__version__ in store.path.name
    assert f"py{sys.version_info[0]}{sys.version_info[1]}" in store.path.name


def test_a_value_that_cannot_be_kept_is_made_again(tmp_path, monkeypatch):
    store = _fresh_store(monkeypatch, tmp_path)
    store.put(("data", "a lambda"), lambda: 1)  # not picklable: no error, nothing kept
    assert store.new == {}
    store.put(("data", "plain"), ("kept", 1))
    store.save()
    assert _fresh_store(monkeypatch, tmp_path).get(("data", "plain")) == ("kept", 1)
