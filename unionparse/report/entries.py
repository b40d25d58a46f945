"""What the report shows for one input: its record, and the text its evidence points into.

Two ways in:
- `run_entries`: extract now (the same worker pool as `extract`, `--jobs` included); the text
  is the one the extractor read, handed back by the worker.
- `entries_from_records`: records of an earlier `extract` (`--pred OUT.jsonl`); each text is
  read again from `source.path` with the project's reader (same decoding, same NFC, so the
  same code-point offsets), and its sha256 compared with the record's. A file that changed since
  is shown as changed, without highlights; a JSON Lines source (`in.jsonl:7`) is found again by
  its line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from unionparse.models import Article, ErrorRecord
from unionparse.reader import MAX_BYTES, Document, PathItem, ReadError, iter_items, load

if TYPE_CHECKING:  # the extraction machinery is imported only when extracting
    from unionparse.parallel import RenderOptions

Status = Literal["ok", "changed", "unverified", "unreadable", "no_source"]

STATUS_NOTES: dict[str, str] = {
    "ok": "",
    "changed": "The source file changed since this record was made (its sha256 differs): "
    "the text below is today's, so no span is highlighted.",
    "unverified": "The record has no sha256 to check the source against: only spans whose "
    "text still equals their quote are highlighted.",
    "unreadable": "The source could not be read again",
    "no_source": "The record names no source file to read the text from.",
}


@dataclass
class ReportEntry:
    """One input of the report. `text` is None when there is none to show."""

    record: Article | ErrorRecord
    text: str | None
    status: Status = "ok"
    note: str = ""  # why the text is missing or not highlighted; shown on the page


@dataclass(frozen=True, slots=True)
class Collected:
    """An outcome of the report's worker: the entry, and the failure line for stderr if any."""

    piece: ReportEntry
    failure: str | None = None
    detail: str | None = None


def parse_record(data: dict[str, Any] | str | bytes) -> Article | ErrorRecord:
    """An output record (dict or JSON) as its model; ValueError when it is neither kind."""
    try:
        if isinstance(data, dict):
            is_error = "error" in data
            model = ErrorRecord if is_error else Article
            return model.model_validate(data)
        try:
            return Article.model_validate_json(data)
        except ValidationError:
            return ErrorRecord.model_validate_json(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "record"
        raise ValueError(f"not an unionparse record ({where}: {first['msg']})") from None


# ---------------------------------------------------------------- extracting now


_worker: dict[str, int] = {}


def _init(options: RenderOptions, in_child: bool = True) -> None:
    from unionparse.parallel import init_worker

    init_worker(options, in_child)
    _worker["max_bytes"] = options.max_bytes


def _collect_item(item: PathItem | Document | ReadError) -> tuple[Any, str | None]:
    from unionparse.parallel import process_item

    doc: Any = item
    if isinstance(item, PathItem):
        try:
            doc = load(item, _worker["max_bytes"])
        except Exception:  # a bug while reading: process_item reads again and reports it
            doc = item
    outcome = process_item(doc)  # the record's JSON line, or its error record's
    text = doc.text if isinstance(doc, Document) and outcome.failure is None else None
    return outcome, text


def _collect_chunk(items: list[Any]) -> list[tuple[Any, str | None]]:
    return [_collect_item(item) for item in items]


def run_entries(
    items: Iterable[PathItem | Document | ReadError], options: RenderOptions, jobs: int = 1
) -> Iterator[Collected]:
    """Extract every item (in `jobs` processes) and pair its record with the text it read.

    A runner for `cli._run_outcomes`: outcomes in input order, with `.failure` for stderr."""
    from unionparse.parallel import RenderOptions, ordered_map

    options = RenderOptions(
        "jsonl", include_errors=True, debug=options.debug, max_bytes=options.max_bytes
    )
    for outcome, text in ordered_map(_collect_chunk, items, jobs, _init, (options,)):
        entry = ReportEntry(parse_record(outcome.piece), text)
        if text is None:
            entry.status = "unreadable"
        yield Collected(entry, outcome.failure, outcome.detail)


# ---------------------------------------------------------------- an earlier output

_JSONL_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+)$")


class _Texts:
    """Reads sources again, looking in `roots` for relative paths; JSON Lines files once each."""

    def __init__(
        self,
        roots: Sequence[str],
        input_format: str,
        text_field: str | None,
        max_bytes: int,
    ) -> None:
        self.roots = roots
        self.input_format = input_format
        self.text_field = text_field
        self.max_bytes = max_bytes
        self.jsonl: dict[str, dict[str, Document | ReadError]] = {}

    def _find(self, path: str) -> str | None:
        if os.path.isabs(path):
            return path if os.path.exists(path) else None
        for root in self.roots:
            candidate = os.path.join(root, path)
            if os.path.exists(candidate):
                return candidate
        return None

    def _jsonl_doc(self, path: str) -> Document | ReadError | None:
        match = _JSONL_LINE.match(path)
        if match is None:
            return None
        found = self._find(match["file"])
        if found is None or not os.path.isfile(found):
            return None
        if found not in self.jsonl:
            docs: dict[str, Document | ReadError] = {}
            for item in iter_items(
                [found], input_format="jsonl", text_field=self.text_field, max_bytes=self.max_bytes
            ):
                if isinstance(item, Document | ReadError) and item.source.path:
                    line = item.source.path.rsplit(":", 1)[-1]
                    docs[f"{match['file']}:{line}"] = item
            self.jsonl[found] = docs
        return self.jsonl[found].get(path)

    def read(self, path: str) -> Document | ReadError | None:
        found = self._find(path)
        if found is not None and os.path.isfile(found):
            return load(PathItem(found, path, self.input_format), self.max_bytes)
        return self._jsonl_doc(path)


def _entry(record: Article | ErrorRecord, texts: _Texts) -> ReportEntry:
    path = record.source.path
    if isinstance(record, ErrorRecord):
        return ReportEntry(record, None, "unreadable", "")
    if not path or path == "<stdin>":
        return ReportEntry(record, None, "no_source", STATUS_NOTES["no_source"])
    doc = texts.read(path)
    if doc is None:
        return ReportEntry(record, None, "unreadable", f"{STATUS_NOTES['unreadable']}: not found.")
    if isinstance(doc, ReadError):
        reason = doc.message.removeprefix(f"{path}: ")
        return ReportEntry(record, None, "unreadable", f"{STATUS_NOTES['unreadable']}: {reason}.")
    if record.source.sha256 is None:
        return ReportEntry(record, doc.text, "unverified", STATUS_NOTES["unverified"])
    if doc.source.sha256 != record.source.sha256:
        return ReportEntry(record, doc.text, "changed", STATUS_NOTES["changed"])
    return ReportEntry(record, doc.text)


def entries_from_records(
    records: Iterable[dict[str, Any]],
    roots: Sequence[str] = (".",),
    input_format: str = "auto",
    text_field: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Iterator[ReportEntry]:
    """Entries for the records of an earlier run, their texts read again from their sources.

    Relative source paths are looked up in `roots`, in order (the folder `extract` ran in comes
    first: that is what the paths are relative to). ValueError for a record of another shape."""
    texts = _Texts(roots, input_format, text_field, max_bytes)
    for n, data in enumerate(records, 1):
        try:
            record = parse_record(data)
        except ValueError as exc:
            raise ValueError(f"record {n}: {exc}") from None
        yield _entry(record, texts)
