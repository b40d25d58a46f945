"""One input item -> one output piece, in this process or in a pool of worker processes.

Workers do the whole per-file job (read + decode, `extract_text`, `model_dump`, render to text
or straight to UTF-8 bytes) and send back only short pieces, so the parent's work per article
is one `write`. Items travel in chunks (about 64 per task) to keep the inter-process overhead
small, at most a few chunks per worker are in flight (memory stays flat on any corpus size), and
results come back in input order, so `--jobs N` prints exactly what one process prints.

Any exception from extraction is caught per item and becomes an `internal_error` record: one bad
article never stops a batch.
"""

from __future__ import annotations

import multiprocessing
import signal
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from pydantic_core import PydanticSerializationError

from unionparse.models import Article, ErrorInfo, ErrorRecord, Source
from unionparse.pipeline import extract_text, warm_up
from unionparse.reader import MAX_BYTES, Document, PathItem, ReadError, load
from unionparse.writers import Formatter, make_formatter

CHUNK_SIZE = 64

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class RenderOptions:
    """What a worker needs to turn an item into output text."""

    format: str = "jsonl"
    table: str = "articles"
    pretty: bool = False
    include_errors: bool = True
    debug: bool = False
    max_bytes: int = MAX_BYTES


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one item: output text or UTF-8 bytes (or None) and, when it failed, a
    one-line reason."""

    piece: str | bytes | None
    failure: str | None = None  # "<path>: <reason>", for stderr
    detail: str | None = None  # traceback, only with debug


_state: dict[str, Any] = {}


def init_worker(options: RenderOptions, in_child: bool = True) -> None:
    """Set up the per-process formatter; worker processes leave Ctrl-C to the parent."""
    if in_child:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _state["options"] = options
    _state["formatter"] = make_formatter(options.format, options.table, options.pretty)


def failure_line(path: str | None, message: str) -> str:
    """`<path>: <reason>`, without repeating the path when the message already starts with it."""
    if not path:
        return message
    return message if message.startswith(f"{path}:") else f"{path}: {message}"


def _printable(text: str | None) -> str | None:
    """Text that can be written as UTF-8.

    Lone surrogates come from undecodable file names (`bad\\xff.txt`, shown escaped like that)
    or from `\\ud800` escapes in JSON Lines input (shown as '?'); written as they are, they
    would stop the whole output stream.
    """
    if text is None:
        return None
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


def _clean_source(source: Source) -> Source:
    bad: dict[str, str] = {}
    for k, v in source.__dict__.items():  # the fields (no extras are allowed)
        if isinstance(v, str) and not v.isascii():  # isascii: a flag, not a scan
            shown = _printable(v)
            if shown is not None and shown != v:
                bad[k] = shown
    return source.model_copy(update=bad) if bad else source


def _render_article(fmt: Formatter, article: Article) -> str | bytes:
    try:
        fast = fmt.render_model_bytes(article)
        if fast is not None:
            return fast
        piece = fmt.render_model(article)
    except PydanticSerializationError:  # lone surrogates: take the slower path that keeps them
        piece = fmt.render(article.model_dump(mode="json"))
    else:
        if fmt.model_text_is_utf8:
            return piece
    return _printable(piece) or ""


def _failed(source: Source, code: str, message: str, detail: str | None = None) -> Outcome:
    options: RenderOptions = _state["options"]
    fmt: Formatter = _state["formatter"]
    message = _printable(message) or ""
    source = _clean_source(source)
    piece = None
    if options.include_errors:
        piece = fmt.render_model(
            ErrorRecord(source=source, error=ErrorInfo(code=code, message=message))
        )
    return Outcome(piece, failure_line(source.path, message), detail)


def process_item(item: PathItem | Document | ReadError) -> Outcome:
    """Read (if needed), extract and render one item; never raises for bad input or bugs."""
    fmt: Formatter = _state["formatter"]
    source: Source | None = None
    try:
        doc = load(item, _state["options"].max_bytes) if isinstance(item, PathItem) else item
        if isinstance(doc, ReadError):
            return _failed(doc.source, doc.code, doc.message)
        source = _clean_source(doc.source)
        return Outcome(_render_article(fmt, extract_text(doc.text, source=source)))
    except Exception as exc:  # a bug in the rules must not sink the batch: report it per file
        if source is None:  # made only now: it is needed only here
            source = Source(path=getattr(item, "display", None))
        detail = traceback.format_exc() if _state["options"].debug else None
        message = f"{source.path}: internal error: {type(exc).__name__}: {exc}"
        return _failed(source, "internal_error", " ".join(message.split()), detail)


def process_chunk(items: list[Any]) -> list[Outcome]:
    return [process_item(item) for item in items]


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def ordered_map(
    func: Callable[[list[T]], list[R]],
    items: Iterable[T],
    jobs: int,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
    chunk_size: int = CHUNK_SIZE,
    warm: Callable[[], None] | None = warm_up,
) -> Iterator[R]:
    """`func` over chunks of `items`, results flattened in input order.

    jobs == 1 runs in this process (no pickling at all). Otherwise a process pool ('fork' where
    the platform has it, so compiled rules are shared, not rebuilt) with a bounded window of
    pending chunks; closing the generator early terminates the pool.
    """
    if jobs <= 1:
        initializer(*initargs, in_child=False)
        for chunk in _chunks(items, 1):
            yield from func(chunk)
        return
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and warm is not None:
        warm()  # compile the rules once here; forked workers inherit them
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ctx.Pool(jobs, initializer=initializer, initargs=initargs)
    pending: deque[Any] = deque()
    window = jobs * 3
    ok = False
    try:
        for chunk in _chunks(items, chunk_size):
            pending.append(pool.apply_async(func, (chunk,)))
            while pending and (len(pending) >= window or pending[0].ready()):
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
        ok = True
    finally:
        if ok:
            pool.close()
        else:
            pool.terminate()
        pool.join()


def run(
    items: Iterable[PathItem | Document | ReadError], options: RenderOptions, jobs: int = 1
) -> Iterator[Outcome]:
    """Outcomes for `items` in input order, using `jobs` processes."""
    return ordered_map(process_chunk, items, jobs, init_worker, (options,))
