"""Records <-> a SQLite archive that grows: schema, incremental runs, export.

`unionparse extract PATH... -o archive.db` keeps one SQLite file (through sqlite-utils, the
library of the Datasette ecosystem) that a weekly re-run updates in place:

- `articles`: one row per distinct article text, keyed by the sha256 of its input bytes (every
  scalar of the record, `period_*`, `members_*`, `party_*`, the rules version that produced it
  and when); `ratings`, `awards`, `evidence`, `warnings` hang off it by foreign key; `texts`
  (with `--with-text`) holds the NFC text under an FTS5 index. The foreign keys point at an
  integer `articles.id` (`sha256` is unique beside it): keyed by the 64-character hash, every
  child row and index entry carried it, and inserts landed at random places of ever larger
  indexes (writing 50,000 articles: 33 s, growing per article, against 9 s, flat, with ids
  that grow).
- `files`: one row per input path (its `source` fields, size, mtime, the article it gave or
  its error, the run that last saw it, `vanished_at` when it is gone). One article can live at
  several paths.
- `runs`: one row per run (arguments, counts, finished or not); `meta`: schema version.

Incremental: a file whose path, size and mtime are those stored, whose rules version is the
current one and whose last attempt did not fail is not read again; when only the mtime moved,
its sha256 decides. Everything else is extracted (in worker processes with `--jobs N`) and
written by this process alone, in chunks, each chunk one transaction: an article's rows are
there together or not at all, and a run cut short (Ctrl-C, `kill -9`, a power cut) leaves a
consistent file that the next run completes.

Reading back (`iter_records`) rebuilds the very models `extract` prints, so `unionparse export`
writes what `extract` would have written.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import json
import os
import re
import signal
import time
import traceback
import types
import typing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from unionparse import __version__
from unionparse.models import (
    Article,
    Award,
    ErrorInfo,
    ErrorRecord,
    Evidence,
    Rating,
    Source,
    Warning,
)
from unionparse.reader import MAX_BYTES, Document, PathItem, ReadError, load

SCHEMA_VERSION = 1
SQLITE_MAGIC = b"SQLite format 3\x00"
SUFFIXES = (".db", ".sqlite", ".sqlite3")
INSTALL_HINT = "pip install 'unionparse[sqlite]'"

# a chunk is committed when it holds this many extracted records, or after this many seconds
CHUNK_RECORDS = 200
CHUNK_SECONDS = 2.0
CHUNK_TOUCHES = 5000


class ArchiveError(Exception):
    """An archive that cannot be opened or written: the message is meant for the user."""


# ---------------------------------------------------------------- rules version

# modules that only read or write records: a change to them does not change any record
_OUTPUT_MODULES = frozenset(
    {
        "__init__.py",
        "__main__.py",
        "archive.py",
        "chart.py",
        "cli.py",
        "evaluate.py",
        "parallel.py",
        "timeline.py",
        "writers.py",
    }
)


def _rule_files(package: Path) -> list[Path]:
    """The files whose content decides the records: the vocabulary and tables (data/*.toml),
    the extractors, and every top-level module except the output layers."""
    found = list((package / "data").glob("*.toml"))
    found += (package / "extractors").rglob("*.py")
    found += (p for p in package.glob("*.py") if p.name not in _OUTPUT_MODULES)
    return sorted(found, key=lambda p: p.relative_to(package).as_posix())


@functools.cache
def rules_version() -> str:
    """`<package version>+<12 hex digits>`: the hash covers the rule and data files, so editing a
    lexicon entry or an extractor makes the next archive run re-extract every article."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in _rule_files(package):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return f"{__version__}+{digest.hexdigest()[:12]}"


# ---------------------------------------------------------------- schema, from the models


def _plain(annotation: Any) -> tuple[Any, bool]:
    """(the type behind `X | None`, whether None is allowed)."""
    union = isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union
    if not union:
        return annotation, False
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    return args[0], len(args) < len(typing.get_args(annotation))


def _sql_type(annotation: Any) -> type:
    kind, _ = _plain(annotation)
    if isinstance(kind, type) and issubclass(kind, bool):  # pragma: no cover - none in v1.1
        return int
    if kind in (int, float):
        return kind
    return str  # str and the str enums


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


# Article list/dict fields and the child table each becomes (the model of one item)
CHILD_TABLES: dict[str, type[BaseModel]] = {
    "ratings": Rating,
    "awards": Award,
    "evidence": Evidence,
    "warnings": Warning,
}


def article_columns() -> dict[str, type]:
    """`articles` columns after the key: the record's scalars in model order, sub-objects
    flattened (`period_kind`, `members_total`, ...). A field of a new shape fails here."""
    cols: dict[str, type] = {}
    for name, info in Article.model_fields.items():
        if name == "source" or name in CHILD_TABLES:
            continue
        kind, _ = _plain(info.annotation)
        if _is_model(kind):
            for sub, sub_info in kind.model_fields.items():
                cols[f"{name}_{sub}"] = _sql_type(sub_info.annotation)
        elif typing.get_origin(kind) is None:
            cols[name] = _sql_type(info.annotation)
        else:  # pragma: no cover - a list or dict field needs a child table of its own
            raise TypeError(f"archive: no column shape for Article.{name}")
    return cols


def child_table_columns(name: str, model: type[BaseModel]) -> dict[str, type]:
    """`article` (-> articles.id), `idx` (place in the record's list or dict), for evidence
    its key (`field`), then the item's fields."""
    cols: dict[str, type] = {"article": int, "idx": int}
    if name == "evidence":
        cols["field"] = str
    cols.update((k, _sql_type(v.annotation)) for k, v in model.model_fields.items())
    return cols


SOURCE_COLUMNS = {
    f"source_{k}" if k == "id" else k: _sql_type(v.annotation)
    for k, v in Source.model_fields.items()
}

FILE_COLUMNS: dict[str, type] = {
    **SOURCE_COLUMNS,  # path, sha256, bytes, encoding, url, source_id: the record's `source`
    "size": int,  # stat() when it was read (files only; null for JSON Lines lines, stdin)
    "mtime_ns": int,
    "article": int,  # -> articles.id; null when the file failed
    "error_code": str,
    "error_message": str,
    "rules_version": str,
    "run_id": int,  # the last run that saw it
    "seq": int,  # its place in that run's input order
    "first_seen": str,
    "extracted_at": str,
    "vanished_at": str,
}


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="milliseconds")


def _sqlite_utils() -> Any:
    try:
        import sqlite_utils
    except ImportError:
        raise ArchiveError(
            f"a SQLite archive needs the optional sqlite-utils package: {INSTALL_HINT}"
        ) from None
    return sqlite_utils


def is_archive_path(path: str) -> bool:
    """Whether `path` names a SQLite file: by its first bytes, else by its suffix."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError:
        return path.lower().endswith(SUFFIXES)
    if head:
        return head == SQLITE_MAGIC
    return path.lower().endswith(SUFFIXES)


def _create_schema(db: Any, with_text: bool) -> None:
    with db.atomic():
        db["meta"].create({"key": str, "value": str}, pk="key")
        db["meta"].insert_all(
            [
                {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                {"key": "created_by", "value": f"unionparse {__version__}"},
                {"key": "created_at", "value": _now()},
                {"key": "contract", "value": "1.1"},
            ]
        )
        db["runs"].create(
            {
                "id": int,
                "started": str,
                "finished": str,
                "unionparse_version": str,
                "rules_version": str,
                "paths": str,
                "force": int,
                "new": int,
                "changed": int,
                "unchanged": int,
                "reextracted": int,
                "failed": int,
                "vanished": int,
                "seconds": float,
            },
            pk="id",
        )
        db["articles"].create(
            {
                "id": int,
                "sha256": str,
                **article_columns(),
                "rules_version": str,
                "extracted_at": str,
            },
            pk="id",
            not_null=["sha256"],
        )
        db["articles"].create_index(["sha256"], unique=True)
        for name, model in CHILD_TABLES.items():
            db[name].create(
                child_table_columns(name, model),
                pk=("article", "field" if name == "evidence" else "idx"),
                foreign_keys=[("article", "articles", "id")],
            )
        db["files"].create(
            FILE_COLUMNS,
            pk="path",
            foreign_keys=[("article", "articles", "id"), ("run_id", "runs", "id")],
        )
        db["files"].create_index(["article"])
        db["files"].create_index(["run_id", "seq"])
        db["files"].create_index(["error_code"])
        for col in (
            "province",
            "organization",
            "organization_key",
            "report_year",
            "period_kind",
            "published",
        ):
            db["articles"].create_index([col])
        db["ratings"].create_index(["category"])
        db["awards"].create_index(["award"])
        db["awards"].create_index(["issuer"])
        db["warnings"].create_index(["code"])
    if with_text:
        _ensure_texts(db)


def _ensure_texts(db: Any) -> None:
    if "texts" in db.table_names():
        return
    with db.atomic():
        db["texts"].create(
            {"article": int, "text": str},
            pk="article",
            foreign_keys=[("article", "articles", "id")],
        )
    # FTS5 over the NFC text, kept in step by triggers; unicode61 folds case and tone marks
    db["texts"].enable_fts(["text"], create_triggers=True, tokenize="unicode61")


def _schema_version(db: Any, path: str) -> int | None:
    """The archive's schema version; None for an empty database (a new archive)."""
    names = set(db.table_names())
    if "meta" not in names:
        if not names:
            return None
        raise ArchiveError(
            f"{path}: a SQLite database, but not a unionparse archive (no meta table)"
        )
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    try:
        return int(row[0])
    except (TypeError, ValueError):
        raise ArchiveError(f"{path}: not a unionparse archive (no schema version)") from None


def _check_columns(db: Any, path: str) -> None:
    """The tables hold the columns the models call for (a contract change without a new schema
    version would otherwise fail in the middle of a run)."""
    expected = {
        "articles": ["id", "sha256", *article_columns(), "rules_version", "extracted_at"],
        "files": list(FILE_COLUMNS),
        **{name: list(child_table_columns(name, m)) for name, m in CHILD_TABLES.items()},
    }
    for table, cols in expected.items():
        have = [c.name for c in db[table].columns]
        if have != cols:
            missing = [c for c in cols if c not in have] or "their order"
            raise ArchiveError(
                f"{path}: table {table} differs from what this unionparse {__version__} writes "
                f"({missing}): extract into a new archive file"
            )


# migrations from an older schema version to the next one; none yet: version 1 is the first
MIGRATIONS: dict[int, Callable[[Any], None]] = {}


def open_archive(path: str, create: bool = False, with_text: bool = False) -> Any:
    """An archive as a sqlite_utils.Database; creates the schema when `create` and the file is
    new or empty. Raises ArchiveError with a message for the user on anything else."""
    su = _sqlite_utils()
    import sqlite3

    exists = os.path.exists(path)
    if not exists and not create:
        raise ArchiveError(f"{path}: no such archive")
    if exists and not is_archive_path(path) and os.path.getsize(path) > 0:
        raise ArchiveError(f"{path}: not a SQLite database (a unionparse archive is one)")
    try:
        db = su.Database(path, execute_plugins=False)
        version = _schema_version(db, path)
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(f"{path}: cannot open as SQLite: {exc}") from None
    try:
        if version is None:
            if not create:
                raise ArchiveError(f"{path}: an empty database, not a unionparse archive")
            db.enable_wal()
            _create_schema(db, with_text)
        else:
            while version < SCHEMA_VERSION and version in MIGRATIONS:
                with db.atomic():
                    MIGRATIONS[version](db)
                    version += 1
                    db["meta"].upsert({"key": "schema_version", "value": str(version)}, pk="key")
            if version != SCHEMA_VERSION:
                older = version < SCHEMA_VERSION
                raise ArchiveError(
                    f"{path}: archive schema version {version}, this unionparse "
                    f"{__version__} reads version {SCHEMA_VERSION}"
                    + (
                        "; no migration from it: extract into a new archive file"
                        if older
                        else "; upgrade unionparse to read it"
                    )
                )
            _check_columns(db, path)
            if with_text:
                _ensure_texts(db)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        db.close()
        raise
    return db


# ---------------------------------------------------------------- records -> rows


@dataclass
class Rows:
    """Everything one input contributes to the archive, built in the worker."""

    file: dict[str, Any]  # the files row, without the run bookkeeping
    article: dict[str, Any] | None = None  # None for a failed input
    children: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    text: str | None = None
    failure: str | None = None  # "<path>: <reason>" for stderr
    detail: str | None = None  # traceback, with --debug


def _source_cols(source: dict[str, Any]) -> dict[str, Any]:
    return {("source_id" if k == "id" else k): v for k, v in source.items()}


def article_rows(rec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """An article record (model_dump(mode="json")) -> its `articles` row and child rows (whose
    `article` id the writer puts first)."""
    sha = rec["source"]["sha256"]
    row: dict[str, Any] = {"sha256": sha}
    for name, value in rec.items():
        if name == "source" or name in CHILD_TABLES:
            continue
        if isinstance(value, dict):
            for sub, v in value.items():
                row[f"{name}_{sub}"] = v
        elif value is None and name in _SUBMODEL_FIELDS:
            for sub in _SUBMODEL_FIELDS[name]:
                row[f"{name}_{sub}"] = None
        else:
            row[name] = value
    children: dict[str, list[dict[str, Any]]] = {}
    for name in CHILD_TABLES:
        if name == "evidence":
            items = [
                {"idx": i, "field": key, **ev}
                for i, (key, ev) in enumerate(rec["evidence"].items())
            ]
        else:
            items = [{"idx": i, **item} for i, item in enumerate(rec[name])]
        children[name] = items
    return row, children


_SUBMODEL_FIELDS: dict[str, list[str]] = {
    name: list(_plain(info.annotation)[0].model_fields)
    for name, info in Article.model_fields.items()
    if name != "source" and _is_model(_plain(info.annotation)[0])
}


def record_of(file_row: dict[str, Any], article: dict[str, Any] | None, children: Any) -> BaseModel:
    """The Article or ErrorRecord model a `files` row (and its article's rows) stands for."""
    source = {k: file_row["source_id" if k == "id" else k] for k in Source.model_fields}
    if article is None:
        return ErrorRecord(
            source=Source(**source),
            error=ErrorInfo(
                code=file_row["error_code"] or "internal_error",
                message=file_row["error_message"] or "",
            ),
        )
    rec: dict[str, Any] = {}
    for name, info in Article.model_fields.items():
        if name == "source":
            rec[name] = source
        elif name == "evidence":
            rec[name] = {
                ev["field"]: {k: ev[k] for k in Evidence.model_fields}
                for ev in children["evidence"]
            }
        elif name in CHILD_TABLES:
            model = CHILD_TABLES[name]
            rec[name] = [{k: item[k] for k in model.model_fields} for item in children[name]]
        elif name in _SUBMODEL_FIELDS:
            sub = {k: article[f"{name}_{k}"] for k in _SUBMODEL_FIELDS[name]}
            optional = _plain(info.annotation)[1]
            rec[name] = None if optional and all(v is None for v in sub.values()) else sub
        else:
            rec[name] = article[name]
    return Article.model_validate(rec)


# ---------------------------------------------------------------- worker side

_worker: dict[str, Any] = {}


def init_worker(max_bytes: int, debug: bool, with_text: bool, in_child: bool = True) -> None:
    if in_child:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker.update(max_bytes=max_bytes, debug=debug, with_text=with_text)


def _failed_rows(source: Source, code: str, message: str, detail: str | None = None) -> Rows:
    from unionparse.parallel import _clean_source, _printable, failure_line

    source = _clean_source(source)
    message = _printable(message) or ""
    row = _source_cols(source.model_dump(mode="json"))
    row.update(article=None, error_code=code, error_message=message)
    return Rows(file=row, failure=failure_line(source.path, message), detail=detail)


def extract_rows(item: PathItem | Document | ReadError) -> Rows:
    """Read (if needed) and extract one item into its rows; never raises for bad input or bugs."""
    from unionparse.parallel import _clean_source
    from unionparse.pipeline import extract_text

    source: Source | None = None
    try:
        doc = load(item, _worker["max_bytes"]) if isinstance(item, PathItem) else item
        if isinstance(doc, ReadError):
            return _failed_rows(doc.source, doc.code, doc.message)
        source = _clean_source(doc.source)
        rec = extract_text(doc.text, source=source).model_dump(mode="json")
        article, children = article_rows(rec)
        file_row = _source_cols(rec["source"])
        file_row.update(article=None, error_code=None, error_message=None)  # id: when written
        text = doc.text if _worker["with_text"] else None
        return Rows(file=file_row, article=article, children=children, text=text)
    except Exception as exc:  # a bug in the rules must not sink the batch, as in parallel.py
        if source is None:
            source = Source(path=getattr(item, "display", None))
        detail = traceback.format_exc() if _worker["debug"] else None
        message = " ".join(f"{source.path}: internal error: {type(exc).__name__}: {exc}".split())
        return _failed_rows(source, "internal_error", message, detail)


def extract_chunk(items: list[Any]) -> list[Rows]:
    return [extract_rows(item) for item in items]


# ---------------------------------------------------------------- the run


@dataclass
class Summary:
    """What one run did; `line()` is the stderr summary."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    reextracted: int = 0
    failed: int = 0
    vanished: int = 0
    seconds: float = 0.0
    completed: bool = False

    def line(self) -> str:
        parts = [
            f"{self.new} new",
            f"{self.changed} changed",
            f"{self.unchanged} unchanged",
        ]
        if self.reextracted:
            parts.append(f"{self.reextracted} re-extracted")
        parts.append(f"{self.failed} failed")
        if self.vanished:
            parts.append(f"{self.vanished} vanished")
        return ", ".join(parts) + f", {self.seconds:.1f} s"


@dataclass(frozen=True)
class _Known:
    """What the archive holds for a path at the start of this run."""

    size: int | None
    mtime_ns: int | None
    sha256: str | None
    article: int | None
    error_code: str | None
    rules_version: str | None
    first_seen: str | None
    has_text: bool


def _file_sha256(path: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _insert(db: Any, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows that all have the keys of the first (as every producer here makes them).

    One prepared statement through `executemany`: sqlite-utils' insert_all builds and checks
    every row in Python first, which made writing the archive cost ~4x more per article."""
    if rows:
        cols = list(rows[0])
        names = ", ".join(f"[{c}]" for c in cols)
        sql = f"INSERT INTO [{table}] ({names}) VALUES ({', '.join('?' * len(cols))})"
        db.conn.executemany(sql, [[r[c] for c in cols] for r in rows])


def _upsert_returning_id(db: Any, table: str, row: dict[str, Any], key: str) -> int:
    """Insert `row`, or update the row with the same unique `key`; the row's integer id."""
    cols = list(row)
    update = ", ".join(f"[{c}] = excluded.[{c}]" for c in cols if c != key)
    sql = (
        f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) "
        f"VALUES ({', '.join('?' * len(cols))}) "
        f"ON CONFLICT([{key}]) DO UPDATE SET {update} RETURNING id"
    )
    return int(db.conn.execute(sql, [row[c] for c in cols]).fetchone()[0])


def _upsert(db: Any, table: str, rows: list[dict[str, Any]], pk: str) -> None:
    """`_insert`, updating the row that has the same primary key (its other columns only)."""
    if rows:
        cols = list(rows[0])
        names = ", ".join(f"[{c}]" for c in cols)
        update = ", ".join(f"[{c}] = excluded.[{c}]" for c in cols if c != pk)
        sql = (
            f"INSERT INTO [{table}] ({names}) VALUES ({', '.join('?' * len(cols))}) "
            f"ON CONFLICT([{pk}]) DO UPDATE SET {update}"
        )
        db.conn.executemany(sql, [[r[c] for c in cols] for r in rows])


class _CtrlC:
    """Ctrl-C that waits while the parent is between two statements that belong together (the
    rows of one record added to the pending chunk, a chunk written): the record in hand is
    whole in the chunk and its count, or in neither. Outside `held()` it acts at once."""

    def __init__(self) -> None:
        self.holding = False
        self.pending = False
        self.previous: Any = None

    def _handler(self, signum: int, frame: Any) -> None:
        if self.holding:
            self.pending = True
        else:
            raise KeyboardInterrupt

    def __enter__(self) -> _CtrlC:
        try:
            self.previous = signal.signal(signal.SIGINT, self._handler)
        except ValueError:  # not the main thread: signals stay as they are
            self.previous = None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)

    @contextmanager
    def held(self) -> Iterator[None]:
        if self.holding:  # nested: the outer block decides
            yield
            return
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
        if self.pending:
            self.pending = False
            raise KeyboardInterrupt


_LINE_PATH = re.compile(r"(.+):(\d+)")


class ArchiveRun:
    """One `extract -o archive.db` run: decides per input, extracts what must be, writes in
    chunked transactions. Use `run()`; the database is closed at the end."""

    def __init__(
        self,
        db: Any,
        paths: list[str],
        force: bool = False,
        with_text: bool = False,
        on_failure: Callable[[str, str | None], None] | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> None:
        self.db = db
        self.paths = paths
        self.force = force
        self.with_text = with_text
        self.on_failure = on_failure
        self.on_progress = on_progress
        self.rules = rules_version()
        self.summary = Summary()
        self.started = time.monotonic()
        self.now = _now()
        self.seq = 0
        self.jsonl_seen: set[str] = set()
        # the pending chunk: rows not yet committed
        self.files: list[dict[str, Any]] = []
        self.touches: list[tuple[int, int, int | None, str]] = []
        self.articles: dict[str, Rows] = {}
        self.displaced: set[int] = set()  # ids of articles a path gave before this run
        self.vanish: list[str] = []
        self.last_commit = time.monotonic()
        self.ctrl_c = _CtrlC()
        self.run_id = self._start_run()

    def _start_run(self) -> int:
        with self.db.atomic():
            table = self.db["runs"].insert(
                {
                    "started": self.now,
                    "unionparse_version": __version__,
                    "rules_version": self.rules,
                    "paths": json.dumps(self.paths, ensure_ascii=False),
                    "force": int(self.force),
                }
            )
        return int(table.last_pk)

    # -- deciding

    def _known(self, path: str) -> _Known | None:
        row = self.db.execute(
            "SELECT f.size, f.mtime_ns, f.sha256, f.article, f.error_code, f.rules_version, "
            "f.first_seen, "
            + (
                "EXISTS (SELECT 1 FROM texts t WHERE t.article = f.article) "
                if self.with_text
                else "1 "
            )
            + "FROM files f WHERE f.path = ?",
            [path],
        ).fetchone()
        return None if row is None else _Known(*row[:7], bool(row[7]))

    def _current(self, known: _Known | None) -> bool:
        """Whether the stored result for a path can stand, whatever its content."""
        return (
            known is not None
            and not self.force
            and known.article is not None
            and known.error_code is None
            and known.rules_version == self.rules
            and known.has_text
        )

    def _plan(self, items: Iterable[Any]) -> Iterator[tuple[Any, tuple[int, _Known | None, Any]]]:
        """Yield the items to extract, each with (seq, what was known, stat); record the
        unchanged ones as touches on the way."""
        for item in items:
            self.seq += 1
            path = item.display if isinstance(item, PathItem) else item.source.path
            known = self._known(path) if path is not None else None
            stat = None
            if isinstance(item, PathItem):
                try:
                    info = os.stat(item.path)
                    stat = (info.st_size, info.st_mtime_ns)
                except OSError:
                    pass
                if stat is not None and self._current(known):
                    assert known is not None
                    same = stat == (known.size, known.mtime_ns) or (
                        stat[0] == known.size and _file_sha256(item.path) == known.sha256
                    )
                    if same:
                        self._touch(path, stat)
                        continue
            elif isinstance(item, Document):
                if _LINE_PATH.fullmatch(path or ""):
                    self.jsonl_seen.add(_LINE_PATH.fullmatch(path).group(1))  # type: ignore[union-attr]
                if self._current(known) and known.sha256 == item.source.sha256:  # type: ignore[union-attr]
                    self._touch(path, None)
                    continue
            yield item, (self.seq, known, stat)

    def _touch(self, path: str, stat: tuple[int, int] | None) -> None:
        with self.ctrl_c.held():
            self.summary.unchanged += 1
            self.touches.append((self.run_id, self.seq, None if stat is None else stat[1], path))
            if len(self.touches) >= CHUNK_TOUCHES:
                self.flush()
        if self.on_progress is not None:
            self.on_progress(1)

    # -- writing

    def _take(self, rows: Rows, seq: int, known: _Known | None, stat: Any) -> None:
        s = self.summary
        if rows.failure is not None and self.on_failure is not None:
            self.on_failure(rows.failure, rows.detail)
        if rows.failure is not None and rows.file["error_code"] == "not_found" and known:
            if known.article is not None:  # it was there: keep what it gave, mark it gone
                s.vanished += 1
                self.touches.append((self.run_id, seq, None, rows.file["path"]))
                self.vanish.append(rows.file["path"])
                return
        if rows.failure is not None:
            s.failed += 1
        elif known is None:
            s.new += 1
        elif known.sha256 != rows.file["sha256"]:
            s.changed += 1
        else:
            s.reextracted += 1
        file_row = dict(rows.file)
        file_row.update(
            size=None if stat is None else stat[0],
            mtime_ns=None if stat is None else stat[1],
            rules_version=self.rules,
            run_id=self.run_id,
            seq=seq,
            first_seen=self.now if known is None else known.first_seen,
            extracted_at=_now(),
            vanished_at=None,
        )
        self.files.append(file_row)
        if known is not None and known.article is not None:
            if rows.article is None or known.sha256 != rows.file["sha256"]:
                self.displaced.add(known.article)
        if rows.article is not None:
            rows.article.update(rules_version=self.rules, extracted_at=file_row["extracted_at"])
            self.articles[rows.article["sha256"]] = rows

    def _due(self) -> bool:
        return (
            len(self.files) >= CHUNK_RECORDS or time.monotonic() - self.last_commit >= CHUNK_SECONDS
        )

    def flush(self) -> None:
        """Commit the pending chunk as one transaction (nothing of it is kept if it fails)."""
        vanish = self.vanish
        if not (self.files or self.touches or self.articles or vanish):
            return
        db = self.db
        with db.atomic():
            ids: dict[str, int] = {}
            if self.articles:
                for sha, r in self.articles.items():
                    ids[sha] = _upsert_returning_id(db, "articles", r.article, "sha256")
                marks = ",".join("?" * len(ids))
                for name in (*CHILD_TABLES, *(("texts",) if self.with_text else ())):
                    db.execute(
                        f"DELETE FROM [{name}] WHERE article IN ({marks})", list(ids.values())
                    )
                for name in CHILD_TABLES:
                    rows = [
                        {"article": ids[sha], **c}
                        for sha, r in self.articles.items()
                        for c in r.children[name]
                    ]
                    _insert(db, name, rows)
                if self.with_text:
                    texts = [
                        {"article": ids[sha], "text": r.text} for sha, r in self.articles.items()
                    ]
                    _insert(db, "texts", texts)
            if self.files:
                for row in self.files:
                    if row["error_code"] is None:
                        row["article"] = ids[row["sha256"]]
                # first_seen stays what it was for a known path
                _upsert(db, "files", self.files, "path")
            if self.touches:
                db.conn.executemany(
                    "UPDATE files SET run_id = ?, seq = ?, mtime_ns = COALESCE(?, mtime_ns), "
                    "vanished_at = NULL WHERE path = ?",
                    self.touches,
                )
            if vanish:
                db.conn.executemany(
                    "UPDATE files SET vanished_at = ? WHERE path = ?",
                    [(self.now, p) for p in vanish],
                )
            if self.displaced:
                self._drop_orphans(list(self.displaced))
        self.files, self.touches, self.articles = [], [], {}
        self.displaced = set()
        self.vanish = []
        self.last_commit = time.monotonic()

    def _drop_orphans(self, ids: list[int]) -> None:
        """Articles no path gives any more (a file's content changed): gone with their rows."""
        marks = ",".join("?" * len(ids))
        orphans = [
            r[0]
            for r in self.db.execute(
                f"SELECT id FROM articles WHERE id IN ({marks}) "
                "AND NOT EXISTS (SELECT 1 FROM files f WHERE f.article = articles.id)",
                ids,
            ).fetchall()
        ]
        if not orphans:
            return
        marks = ",".join("?" * len(orphans))
        tables = [*CHILD_TABLES, *(("texts",) if "texts" in self.db.table_names() else ())]
        for name in tables:
            self.db.execute(f"DELETE FROM [{name}] WHERE article IN ({marks})", orphans)
        self.db.execute(f"DELETE FROM articles WHERE id IN ({marks})", orphans)

    def _mark_vanished(self) -> None:
        """Paths under this run's roots that it did not see and that are gone from disk."""
        roots = [p for p in self.paths if p != "-"]
        if not roots:
            return
        gone = []
        rows = self.db.execute(
            "SELECT path FROM files WHERE run_id != ? AND vanished_at IS NULL", [self.run_id]
        )
        for (path,) in rows:
            if not any(
                path == r or path.startswith((r.rstrip("/\\") + os.sep, r + ":")) for r in roots
            ):
                continue
            if os.path.lexists(path):
                continue
            line = _LINE_PATH.fullmatch(path)
            if line and os.path.lexists(line.group(1)) and line.group(1) not in self.jsonl_seen:
                continue  # a JSON Lines file this run did not read
            gone.append(path)
        if gone:
            self.summary.vanished += len(gone)
            self.vanish += gone

    def run(
        self,
        items: Iterable[Any],
        jobs: int = 1,
        max_bytes: int = MAX_BYTES,
        debug: bool = False,
    ) -> Summary:
        """Process every item; on return (or on Ctrl-C) every finished record is committed."""
        from unionparse.parallel import ordered_map

        planned: deque[tuple[int, _Known | None, Any]] = deque()

        def to_extract() -> Iterator[Any]:
            for item, plan in self._plan(items):
                planned.append(plan)
                yield item

        with self.ctrl_c:
            try:
                todo = to_extract()
                first = next(todo, None)  # none: no worker pool to start (a re-run's usual case)
                results = (
                    iter(())
                    if first is None
                    else ordered_map(
                        extract_chunk,
                        chain([first], todo),
                        jobs,
                        init_worker,
                        (max_bytes, debug, self.with_text),
                    )
                )
                for rows in results:
                    with self.ctrl_c.held():
                        self._take(rows, *planned.popleft())
                        if self._due():
                            self.flush()
                    if self.on_progress is not None:
                        self.on_progress(1)
                with self.ctrl_c.held():
                    self.flush()  # what this run saw is written before the rest is judged
                    self._mark_vanished()
                    self.summary.completed = True
            finally:
                with self.ctrl_c.held():
                    try:
                        self.flush()
                    finally:
                        self._finish_run()
        return self.summary

    def _finish_run(self) -> None:
        s = self.summary
        s.seconds = time.monotonic() - self.started
        values = {
            "new": s.new,
            "changed": s.changed,
            "unchanged": s.unchanged,
            "reextracted": s.reextracted,
            "failed": s.failed,
            "vanished": s.vanished,
            "seconds": round(s.seconds, 3),
        }
        if s.completed:
            values["finished"] = _now()
        with self.db.atomic():
            self.db["runs"].update(self.run_id, values)


# ---------------------------------------------------------------- reading back


def _children_of(db: Any, ids: list[int]) -> dict[int, dict[str, list[dict[str, Any]]]]:
    out: dict[int, dict[str, list[dict[str, Any]]]] = {
        i: {name: [] for name in CHILD_TABLES} for i in ids
    }
    marks = ",".join("?" * len(ids))
    for name in CHILD_TABLES:
        for row in db.query(
            f"SELECT * FROM [{name}] WHERE article IN ({marks}) ORDER BY article, idx", ids
        ):
            out[row["article"]][name].append(row)
    return out


def iter_models(db: Any, include_vanished: bool = False, batch: int = 500) -> Iterator[BaseModel]:
    """The records of an archive as models, in the input order of the run that last saw each
    file (earlier runs first): after a full re-run, exactly what `extract` printed."""
    where = "" if include_vanished else "WHERE f.vanished_at IS NULL "
    rows = db.query(f"SELECT * FROM files f {where}ORDER BY f.run_id, f.seq, f.path")
    while True:
        files = [r for _, r in zip(range(batch), rows, strict=False)]
        if not files:
            return
        ids = sorted({f["article"] for f in files if f["article"] is not None})
        articles: dict[int, dict[str, Any]] = {}
        children: dict[int, Any] = {}
        if ids:
            marks = ",".join("?" * len(ids))
            articles = {
                a["id"]: a for a in db.query(f"SELECT * FROM articles WHERE id IN ({marks})", ids)
            }
            children = _children_of(db, ids)
        for f in files:
            i = f["article"]
            yield record_of(f, None if i is None else articles[i], children.get(i))


def read_records(path: str, include_vanished: bool = False) -> list[dict[str, Any]]:
    """The records of the archive at `path` as plain dicts (what `extract` prints, parsed)."""
    db = open_archive(path)
    try:
        return [m.model_dump(mode="json") for m in iter_models(db, include_vanished)]
    finally:
        db.close()


def load_records(path: str) -> list[dict[str, Any]]:
    """`evaluate.load_records` for an archive: its records, or ValueError with the reason."""
    import sqlite3

    try:
        return read_records(path)
    except (ArchiveError, sqlite3.Error) as exc:
        raise ValueError(str(exc)) from exc
