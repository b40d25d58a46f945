"""Compiled patterns kept between runs, so a one-file run does not parse every rule again.

`regex` parses and optimises a pattern in Python: the ~200 patterns of this package cost ~0.3 s
to compile, the time of a few hundred articles, and a shell loop of one-file runs paid it on every
call. A compiled `regex` pattern pickles as its compiled code (the arguments of `_regex.compile`),
which loads back in microseconds. So do the facts `literals.py` reads off a pattern's source.

Why the cache cannot be wrong:
- one file per (package version, the package's code and vocabulary files by size and
  modification time, `regex` version, Python version): any edit of a rule, a word list or the
  engine, and any reinstall, opens a new file;
- inside it, entries are keyed by what they are computed from (pattern source and flags);
- the file is read with an unpickler that can build nothing but `regex` patterns and plain data;
- anything wrong with it (missing, truncated, unreadable, foreign) means compiling as before.

It is written at most once per process, at exit, when something new was compiled, to a temporary
file renamed into place (concurrent runs each write a whole file; the last one stays). Forked
workers never write it (they leave through os._exit). Where: `UNIONPARSE_CACHE_DIR`, else the
user's cache directory (`~/.cache/unionparse` on Linux); `UNIONPARSE_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import atexit
import hashlib
import io
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from contextlib import suppress
from functools import cache, wraps
from pathlib import Path
from typing import Any, TypeVar

import regex

from unionparse import __version__

T = TypeVar("T")

_PREFIX = "rules-"
_SUFFIX = ".pickle"
_KEEP = 4  # cache files of other versions kept (two virtualenvs used in turn do not thrash)
_FORMAT = 1  # bump when the layout of the file changes

_PACKAGE = Path(__file__).resolve().parent


class _PatternsOnly(pickle.Unpickler):
    """Builds `regex` patterns and plain containers, nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("regex._regex", "compile"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the pattern cache")


def _code_hash() -> str:
    """The package's own code and vocabulary, as the cache entries depend on both.

    Each file counts by its size and modification time, as Python itself decides whether a .pyc
    is stale: an edit or a reinstall changes them, and a stat costs far less than a read.
    """
    h = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".toml") and "__pycache__" not in path.parts:
            st = path.stat()
            h.update(f"{path.relative_to(_PACKAGE)}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()[:16]


def cache_dir() -> Path | None:
    """Where the cache lives, or None when it is turned off."""
    if os.environ.get("UNIONPARSE_NO_CACHE", "") not in ("", "0"):
        return None
    where = os.environ.get("UNIONPARSE_CACHE_DIR")
    if where:
        return Path(where)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("unionparse", appauthor=False))


class _Store:
    """The entries of this version's cache file: pickled bytes, unpickled on first use."""

    def __init__(self) -> None:
        self.loaded = False
        self.path: Path | None = None
        self.saved: dict[tuple[Any, ...], bytes] = {}
        self.new: dict[tuple[Any, ...], bytes] = {}

    def load(self) -> None:
        self.loaded = True
        where = cache_dir()
        if where is None:
            return
        try:
            key = "-".join(
                (
                    __version__,
                    _code_hash(),
                    regex.__version__,
                    f"py{sys.version_info[0]}{sys.version_info[1]}",
                    str(_FORMAT),
                )
            )
        except OSError:  # the package's own files unreadable: no cache rather than a wrong one
            return
        self.path = where / f"{_PREFIX}{key}{_SUFFIX}"
        try:
            entries = _PatternsOnly(io.BytesIO(self.path.read_bytes())).load()
        except Exception:  # missing, truncated, foreign: compile as if there were no file
            return
        if isinstance(entries, dict):
            self.saved = entries

    def get(self, key: tuple[Any, ...]) -> Any:
        if not self.loaded:
            self.load()
        blob = self.saved.get(key)
        if blob is None:
            return None
        try:
            return _PatternsOnly(io.BytesIO(blob)).load()
        except Exception:
            del self.saved[key]
            return None

    def put(self, key: tuple[Any, ...], value: Any) -> None:
        if self.path is None:
            return
        try:
            blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return  # not kept: the next run makes it again
        if not self.new:
            atexit.register(self.save)
        self.new[key] = blob

    def save(self) -> None:
        """Write the old and new entries to a fresh file (at exit; errors are not the user's)."""
        if self.path is None or not self.new or _in_worker():
            return
        entries = {**self.saved, **self.new}
        with suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.path.parent)
            try:
                with os.fdopen(fd, "wb") as out:
                    pickle.dump(entries, out, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self.path)
            except BaseException:
                with suppress(OSError):
                    os.unlink(tmp)
                raise
            self.saved, self.new = entries, {}
            _prune(self.path)


def _in_worker() -> bool:
    """A worker process of ours (spawned ones do run atexit): the parent writes, not they."""
    mp = sys.modules.get("multiprocessing")
    return mp is not None and mp.parent_process() is not None


def _prune(current: Path) -> None:
    """Keep the newest few cache files of other versions, remove the rest."""
    others = [p for p in current.parent.glob(f"{_PREFIX}*{_SUFFIX}") if p != current]
    others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[_KEEP:]:
        with suppress(OSError):
            old.unlink()


_STORE = _Store()


_LIVE: dict[tuple[str, int], regex.Pattern[str]] = {}


def compile(source: str, flags: int = 0) -> regex.Pattern[str]:  # noqa: A001 (as regex.compile)
    """`regex.compile(source, flags)`, loaded from the cache when an earlier run compiled it."""
    flags = int(flags)  # a RegexFlag would pickle as a class the cache does not load
    live = _LIVE.get((source, flags))
    if live is not None:
        return live
    key = ("pattern", source, flags)
    pattern = _STORE.get(key)
    if pattern is None:
        pattern = regex.compile(source, flags)
        _STORE.put(key, pattern)
    _LIVE[source, flags] = pattern
    return pattern


def kept(fn: Callable[..., T]) -> Callable[..., T]:
    """`functools.cache`, with the results also kept between runs: for functions of the package's
    code and vocabulary alone that return plain data (strings, numbers, tuples, lists, dicts)."""

    @cache
    @wraps(fn)
    def kept_fn(*args: Any) -> T:
        return remembered((fn.__module__, fn.__qualname__, *args), lambda: fn(*args))

    return kept_fn


def remembered(key: tuple[Any, ...], make: Callable[[], T]) -> T:
    """`make()`, loaded from the cache when an earlier run made it for the same key.

    For plain data (tuples, strings, numbers, None) derived from the package's code alone.
    """
    full = ("data", *key)
    found = _STORE.get(full)
    if found is not None:
        return found
    value = make()
    _STORE.put(full, value)
    return value
