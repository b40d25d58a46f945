"""Streaming output: records -> JSON array, JSON Lines or CSV text, one record at a time.

Records are plain dicts made once with `model_dump(mode="json")` (no re-validation) and turned
into text *pieces* by a formatter. A piece is everything one record contributes to the output,
so a worker process can render it and the parent only concatenates pieces in input order; the
parent writes each piece with one `write` call (whole lines only, even when interrupted).

CSV columns are derived from the models, so a new field cannot silently go missing: a field whose
shape is not known here fails at import time. Cells that a spreadsheet would run as a formula are
neutralised (OWASP CSV injection): a text cell starting with `=`, `+`, `-`, `@`, tab or CR gets a
leading `'`. Numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import tempfile
import types
import typing
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, BinaryIO, Protocol, TextIO

from pydantic import BaseModel

from unionparse.models import Article, ErrorInfo, ErrorRecord, RatingCategory, Source
from unionparse.output_kinds import FORMATS as FORMATS  # re-exported for callers of writers
from unionparse.output_kinds import SCHEMA_FILES as SCHEMA_FILES
from unionparse.output_kinds import TABLES as TABLES

Record = dict[str, Any]


# ---------------------------------------------------------------- records


def error_record(source: Source, code: str, message: str) -> Record:
    """The output dict standing in the place of an article that could not be produced."""
    return ErrorRecord(source=source, error=ErrorInfo(code=code, message=message)).model_dump(
        mode="json"
    )


def article_record(article: Article) -> Record:
    """The output dict of an article (the model is trusted: it is not validated again)."""
    return article.model_dump(mode="json")


# ---------------------------------------------------------------- formatters


class Formatter(Protocol):
    """Turns one record into its output piece; the sink adds header, separators and footer."""

    header: str  # written once before the first piece
    lead: str  # written before the first piece, only if there is one
    separator: str  # written between two pieces
    trail: str  # written after the last piece, only if there was one
    footer: str  # written once at the end
    # render_model's text comes from pydantic-core's JSON writer, which fails on a lone
    # surrogate instead of passing it on: such text needs no check before it is written
    model_text_is_utf8: bool

    def render(self, rec: Record) -> str: ...

    def render_model(self, model: BaseModel) -> str: ...

    def render_model_bytes(self, model: BaseModel) -> bytes | None:
        """render_model's text as UTF-8, or None when the format has no faster way to it."""
        ...


class _DictFormatter:
    model_text_is_utf8 = False

    def render(self, rec: Record) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def render_model(self, model: BaseModel) -> str:
        return self.render(model.model_dump(mode="json"))

    def render_model_bytes(self, model: BaseModel) -> bytes | None:
        return None


def _json_bytes(model: BaseModel) -> bytes:
    """`model.model_dump_json().encode()` without the str in between (pydantic-core writes
    UTF-8): decoding it to str and encoding it again for the output cost ~40 k instructions."""
    return model.__pydantic_serializer__.to_json(model)


class JsonlFormatter:
    """One compact record per line.

    A model is serialised by pydantic-core directly (`model_dump_json`: ~10 µs for a full
    article against ~55 µs for `model_dump` + `json.dumps`), which prints the same compact,
    non-ASCII-preserving JSON as `json.dumps(..., ensure_ascii=False, separators=(",", ":"))`.
    """

    header = lead = separator = trail = footer = ""
    model_text_is_utf8 = True

    def render(self, rec: Record) -> str:
        return json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n"

    def render_model(self, model: BaseModel) -> str:
        return model.model_dump_json() + "\n"

    def render_model_bytes(self, model: BaseModel) -> bytes | None:
        return _json_bytes(model) + b"\n"


class JsonFormatter(_DictFormatter):
    """One JSON array; pretty output is byte-identical to `json.dumps(records, indent=2)`."""

    def __init__(self, pretty: bool = False) -> None:
        self.pretty = pretty
        self.model_text_is_utf8 = not pretty
        self.header = "["
        self.lead = "\n" if pretty else ""
        self.separator = ",\n" if pretty else ","
        self.trail = "\n" if pretty else ""
        self.footer = "]\n"

    def render(self, rec: Record) -> str:
        if not self.pretty:
            return json.dumps(rec, ensure_ascii=False, separators=(",", ":"))
        text = json.dumps(rec, ensure_ascii=False, indent=2)
        return "  " + text.replace("\n", "\n  ")

    def render_model(self, model: BaseModel) -> str:
        if self.pretty:
            return self.render(model.model_dump(mode="json"))
        return model.model_dump_json()

    def render_model_bytes(self, model: BaseModel) -> bytes | None:
        return None if self.pretty else _json_bytes(model)


def safe_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet will execute; None becomes an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _submodel(annotation: Any) -> type[BaseModel] | None:
    """The model behind `Model` or `Model | None` (a null sub-object gives empty cells)."""
    union = isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union
    for candidate in typing.get_args(annotation) if union else (annotation,):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


# Article fields that are not one scalar cell, and what they become in the articles table.
_LIST_FIELDS = {"ratings", "awards", "evidence", "warnings"}


def article_columns() -> list[str]:
    """The articles-table columns: stable across runs, derived from the models.

    Scalars and flattened sub-objects first, in model order (`source_path`, ..., `members_total`,
    `party_admitted`), then one count column per rating category in enum order, then
    `awards_count`, `warnings` (codes joined by `;`), `error_code`, `error_message`.
    """
    cols: list[str] = []
    for name, field in Article.model_fields.items():
        sub = _submodel(field.annotation)
        if sub is not None:
            cols += [f"{name}_{s}" for s in sub.model_fields]
        elif field.annotation in (str | None, int | None, float | None):
            cols.append(name)
        elif name not in _LIST_FIELDS:  # pragma: no cover - guards future model changes
            raise TypeError(f"writers.article_columns: no CSV shape for Article.{name}")
    cols += [f"rating_{c.value}" for c in RatingCategory]
    return cols + ["awards_count", "warnings", "error_code", "error_message"]


ARTICLE_COLUMNS = article_columns()
AWARD_COLUMNS = [
    "source_path",
    "award_index",
    "award",
    "issuer",
    "issuer_name",
    "collectives",
    "individuals",
    "evidence_start",
    "evidence_end",
    "evidence_quote",
]
RATING_COLUMNS = [
    "source_path",
    "rating_index",
    "category",
    "count",
    "percent",
    "evidence_start",
    "evidence_end",
    "evidence_quote",
]
TABLE_COLUMNS = {"articles": ARTICLE_COLUMNS, "awards": AWARD_COLUMNS, "ratings": RATING_COLUMNS}


def plain_cell(value: Any) -> Any:
    """A CSV cell as it is (`--no-formula-escape`); None becomes an empty cell."""
    return "" if value is None else value


def article_row(rec: Record, cell: Any = safe_cell) -> list[Any]:
    """One articles-table row for an article or an error record."""
    row: dict[str, Any] = {}
    for name, value in rec.items():
        if isinstance(value, dict) and name != "evidence":
            for sub, v in value.items():
                row[f"{name}_{sub}"] = v
        elif name == "ratings":
            for rating in value:
                key = f"rating_{rating['category']}"
                if rating.get("count") is not None:
                    row[key] = (row.get(key) or 0) + rating["count"]
        elif name == "awards":
            row["awards_count"] = len(value)
        elif name == "warnings":
            row["warnings"] = ";".join(w["code"] for w in value)
        elif name != "evidence":
            row[name] = value
    return [cell(row.get(c)) for c in ARTICLE_COLUMNS]


def _span(rec: Record, key: str) -> list[Any]:
    ev = (rec.get("evidence") or {}).get(key)
    if not ev:
        return [None, None, None]
    return [ev.get("start"), ev.get("end"), ev.get("quote")]


def award_rows(rec: Record, cell: Any = safe_cell) -> list[list[Any]]:
    """Long form: one row per award of an article; error records have none."""
    path = (rec.get("source") or {}).get("path")
    rows = []
    for i, a in enumerate(rec.get("awards") or []):
        row = [path, i, a["award"], a.get("issuer"), a.get("issuer_name")]
        row += [a.get("collectives"), a.get("individuals"), *_span(rec, f"awards[{i}]")]
        rows.append([cell(v) for v in row])
    return rows


def rating_rows(rec: Record, cell: Any = safe_cell) -> list[list[Any]]:
    """Long form: one row per rating of an article; error records have none."""
    path = (rec.get("source") or {}).get("path")
    rows = []
    for i, r in enumerate(rec.get("ratings") or []):
        row = [path, i, r["category"], r.get("count"), r.get("percent")]
        row += _span(rec, f"ratings[{i}]")
        rows.append([cell(v) for v in row])
    return rows


class CsvFormatter(_DictFormatter):
    """RFC 4180 CSV (CRLF line ends, minimal quoting) for one of the three tables."""

    lead = separator = trail = footer = ""

    def __init__(
        self, table: str = "articles", delimiter: str = ",", formula_escape: bool = True
    ) -> None:
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}")
        self.table = table
        self.cell = safe_cell if formula_escape else plain_cell
        self._buf = io.StringIO()
        self._writer = csv.writer(self._buf, delimiter=delimiter)
        self.header = self._encode([TABLE_COLUMNS[table]])

    def _encode(self, rows: list[list[Any]]) -> str:
        self._buf.seek(0)
        self._buf.truncate()
        self._writer.writerows(rows)
        return self._buf.getvalue()

    def render(self, rec: Record) -> str:
        if self.table == "articles":
            return self._encode([article_row(rec, self.cell)])
        rows = (award_rows if self.table == "awards" else rating_rows)(rec, self.cell)
        return self._encode(rows) if rows else ""


def make_formatter(
    fmt: str,
    table: str = "articles",
    pretty: bool = False,
    delimiter: str = ",",
    formula_escape: bool = True,
) -> Formatter:
    if fmt == "jsonl":
        return JsonlFormatter()
    if fmt == "json":
        return JsonFormatter(pretty=pretty)
    if fmt == "csv":
        return CsvFormatter(table, delimiter, formula_escape)
    raise ValueError(f"unknown format {fmt!r}")


# ---------------------------------------------------------------- sink


class Sink:
    """Writes pieces to a stream, one `write` call per piece (plus its separator).

    Pieces are text or UTF-8 bytes; `binary`: the stream takes bytes (text pieces are encoded
    as UTF-8), else text (bytes pieces are decoded).
    """

    def __init__(
        self,
        stream: TextIO | BinaryIO,
        fmt: Formatter,
        flush_each: bool = False,
        binary: bool = False,
    ) -> None:
        self.stream = stream
        self.fmt = fmt
        self.flush_each = flush_each
        self.binary = binary
        self.count = 0
        if fmt.header:
            self._put(fmt.header)

    def _put(self, piece: str | bytes) -> None:
        if self.binary:
            if type(piece) is str:
                piece = piece.encode("utf-8")
        elif type(piece) is bytes:
            piece = piece.decode("utf-8")
        self.stream.write(piece)  # type: ignore[arg-type]

    def write(self, piece: str | bytes) -> None:
        if not piece:
            return
        sep = self.fmt.separator if self.count else self.fmt.lead
        if sep:  # one write call: the piece and its separator, as one type
            piece = (sep.encode() + piece) if type(piece) is bytes else sep + piece  # type: ignore[operator]
        self._put(piece)
        self.count += 1
        if self.flush_each:
            self.stream.flush()

    def close(self) -> None:
        tail = (self.fmt.trail if self.count else "") + self.fmt.footer
        if tail:
            self._put(tail)
        self.stream.flush()


def render_all(records: list[Record], fmt: Formatter) -> str:
    """All records as one string (for library users and tests)."""
    buf = io.StringIO()
    sink = Sink(buf, fmt)
    for rec in records:
        sink.write(fmt.render(rec))
    sink.close()
    return buf.getvalue()


PART_SUFFIX = ".part"
_PART_TAG = "unionparse"


def writes_through(path: str) -> bool:
    """True when `-o path` is written into, not replaced: a FIFO, a character device, a socket
    (anything but a regular file that exists), or a path under /dev or /proc (`/dev/stdout`,
    `/dev/fd/3`, `/proc/self/fd/1`), which name an open file of this process or a device."""
    if os.path.abspath(path).startswith(("/dev/", "/proc/")):
        return True
    try:
        st = os.stat(path)  # follows symlinks: a link to a FIFO is written through too
    except OSError:
        return False
    return not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode)


def part_name_pattern(name: str) -> re.Pattern[str]:
    """Our temporary files for the output `name`: `.NAME.unionparse-PID-RANDOM.part`."""
    return re.compile(
        rf"\.{re.escape(name)}\.{_PART_TAG}-(\d+)-[A-Za-z0-9_]+{re.escape(PART_SUFFIX)}"
    )


def remove_stale_parts(folder: str, name: str) -> list[str]:
    """Remove the temporary files that an earlier run killed hard (kill -9, power loss) left
    for the output `name`: ours by name, owned by this user, and their process gone."""
    pattern = part_name_pattern(name)
    removed = []
    try:
        entries = os.listdir(folder)
    except OSError:
        return removed
    for entry in entries:
        m = pattern.fullmatch(entry)
        if m is None:
            continue
        path = os.path.join(folder, entry)
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid():
            continue
        if _alive(int(m.group(1))):
            continue  # another run writing the same output right now
        with suppress(OSError):
            os.unlink(path)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


@contextmanager
def _write_into(path: str, bom: bool, binary: bool) -> Iterator[Any]:
    """Write straight into a FIFO, a device or an open file (appending, never truncating)."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    f = (
        os.fdopen(fd, "wb")
        if binary
        else os.fdopen(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="")
    )
    with f:
        yield f


@contextmanager
def atomic_output(path: str, bom: bool = False, binary: bool = False) -> Iterator[Any]:
    """A UTF-8 text file (`binary`: a byte file, for UTF-8 pieces; no BOM) that appears at
    `path` only when the block finishes without error.

    Written to a temporary file `.NAME.unionparse-PID-RANDOM.part` in the same folder, fsync'd,
    then `os.replace`d over `path`; on any exception (Ctrl-C, SIGTERM and SIGHUP included: the
    CLI turns them into one) the temporary file is removed and `path` is untouched. Such files
    that a hard kill left behind are removed by the next run that writes the same output.

    Only regular files are replaced: a FIFO, a character device (`/dev/null`) or `/dev/stdout`
    is written into (see `writes_through`), and a symlink is followed, its target replaced.
    """
    if binary and bom:
        raise ValueError("a BOM is written by the text file only")
    if writes_through(path):
        with _write_into(path, bom, binary) as f:
            yield f
        return
    target = os.path.realpath(path)  # a symlink stays a symlink: its target is replaced
    folder, name = os.path.split(target)
    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    remove_stale_parts(folder, name)
    try:
        fd, tmp = tempfile.mkstemp(
            dir=folder, prefix=f".{name}.{_PART_TAG}-{os.getpid()}-", suffix=PART_SUFFIX
        )
    except OSError as exc:  # name the file the user asked for, not the temporary one
        raise OSError(exc.errno, exc.strerror, path) from exc
    try:
        opened = (
            os.fdopen(fd, "wb")
            if binary
            else os.fdopen(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="")
        )
        with opened as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


# ---------------------------------------------------------------- schemas

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(kind: str = "article") -> dict[str, Any]:
    """The JSON Schema of one output record kind ("article" or "error"), from the models."""
    model = {"article": Article, "error": ErrorRecord}[kind]
    return {"$schema": SCHEMA_DIALECT, **model.model_json_schema(mode="serialization")}


def schema_text(kind: str = "article") -> str:
    """The schema as the text stored in `schemas/` (sorted by model order, 2-space indent)."""
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
