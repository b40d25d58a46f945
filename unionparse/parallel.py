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

import signal
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from pydantic_core import PydanticSerializationError

from unionparse.fields import make_output_formatter
from unionparse.models import Article, ErrorInfo, ErrorRecord, Source
from unionparse.pipeline import extract_text, warm_up
from unionparse.reader import MAX_BYTES, Document, PathItem, ReadError, load
from unionparse.writers import Formatter

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
    timeout: float = 0.0  # seconds per file; 0: no limit
    fields: tuple[str, ...] = ()  # --fields: the keys to write; (): all
    delimiter: str = ","  # CSV
    formula_escape: bool = True  # CSV: `'` before a cell a spreadsheet would run


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one item: output text or UTF-8 bytes (or None) and, when it failed, a
    one-line reason."""

    piece: str | bytes | None
    failure: str | None = None  # "<path>: <reason>", for stderr
    detail: str | None = None  # traceback, only with debug
    warnings: int = 0  # the article's warnings, for the run's summary line


_state: dict[str, Any] = {}


class FileTimeout(BaseException):
    """Raised by SIGALRM in the middle of one file's work (a BaseException, so that no
    `except Exception` in the rules swallows it)."""


def _on_alarm(signum: int, frame: Any) -> None:
    if _state.get("armed"):
        raise FileTimeout


def init_worker(options: RenderOptions, in_child: bool = True) -> None:
    """Set up the per-process formatter and the per-file timer.

    Worker processes leave Ctrl-C to the parent and die quietly on SIGTERM/SIGHUP (the parent's
    handlers, inherited through fork, would print tracebacks); the parent reaps them.
    """
    if in_child:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for name in ("SIGTERM", "SIGHUP"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_DFL)
    _state["options"] = options
    _state["formatter"] = make_output_formatter(
        options.format,
        options.table,
        options.pretty,
        options.fields,
        options.delimiter,
        options.formula_escape,
    )
    _state["armed"] = False
    if options.timeout > 0 and hasattr(signal, "setitimer"):
        with suppress(ValueError):  # not the main thread: no timer
            _state["alarm"] = signal.signal(signal.SIGALRM, _on_alarm)
        warm_up()  # compiling the rules is no file's time (a no-op once done, as after fork)


def _restore_alarm() -> None:
    if "alarm" in _state:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, _state.pop("alarm"))


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
    """Read (if needed), extract and render one item; never raises for bad input or bugs.

    With a timeout, a file that takes longer becomes an error record `timeout` (SIGALRM
    interrupts Python code and the `regex` module's matching alike).
    """
    timeout = _state["options"].timeout if "alarm" in _state else 0
    if not timeout:
        return _process_item(item)
    _state["armed"] = True
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return _process_item(item)
    except FileTimeout:
        pass
    finally:
        _state["armed"] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
    if isinstance(item, PathItem):
        source = Source(path=item.display)
    else:
        source = item.source
    return _failed(source, "timeout", f"{source.path}: gave up after {timeout:g} s (--timeout)")


def _process_item(item: PathItem | Document | ReadError) -> Outcome:
    fmt: Formatter = _state["formatter"]
    source: Source | None = None
    try:
        doc = load(item, _state["options"].max_bytes) if isinstance(item, PathItem) else item
        if isinstance(doc, ReadError):
            return _failed(doc.source, doc.code, doc.message)
        source = _clean_source(doc.source)
        article = extract_text(doc.text, source=source)
        return Outcome(_render_article(fmt, article), warnings=len(article.warnings))
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


_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def _block(signals: tuple[int, ...]) -> set[int]:
    """Block `signals`; return those that were not blocked before (to unblock after)."""
    if not hasattr(signal, "pthread_sigmask"):
        return set()
    return set(signals) - set(signal.pthread_sigmask(signal.SIG_BLOCK, signals))


def _unblock(signals: tuple[int, ...] | set[int]) -> None:
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, signals)


class _Worker:
    """One forked worker process and the parent's end of its pipe."""

    def __init__(self, ctx: Any, func: Callable[..., Any], init: Callable[..., None], args: tuple):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_loop, args=(child, func, init, args), daemon=True)
        # the child starts with the stop signals blocked: until it has its own handlers, the
        # parent's (which raise, and would print a traceback in the child) must not run there
        blocked = _block(_STOP_SIGNALS)
        try:
            self.proc.start()
        finally:
            _unblock(blocked)
        child.close()
        self.seq: int | None = None  # the chunk it is working on

    def stop(self) -> None:
        """End the process without waiting on anything it may hold (no queue, no lock)."""
        with suppress(OSError):
            self.conn.close()
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)


def _worker_loop(conn: Any, func: Callable[..., Any], init: Callable[..., None], args: tuple):
    """A worker: chunks in, results out, until the parent closes the pipe or goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    for signum in _STOP_SIGNALS[1:]:
        signal.signal(signum, signal.SIG_DFL)  # a TERM or HUP ends a worker quietly
    _unblock(_STOP_SIGNALS)
    init(*args)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            break
        if task is None:
            break
        try:
            conn.send(func(task))
        except (BrokenPipeError, OSError):
            break
    with suppress(OSError):
        conn.close()


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

    jobs == 1 runs in this process (no pickling at all). Otherwise `jobs` forked worker
    processes ('fork' where the platform has it, so compiled rules are shared, not rebuilt),
    each with a pipe of its own and one chunk at a time; at most about three chunks per worker
    are in flight or waiting to be yielded (memory stays flat on any corpus size).

    Closing the generator early (a closed stdout, Ctrl-C, an output error) kills the workers
    and reaps them: there is no shared queue, feeder thread or lock that a shutdown could wait
    on, so it cannot deadlock (multiprocessing.Pool.terminate could, under load).
    """
    if jobs <= 1:
        initializer(*initargs, in_child=False)
        try:
            for chunk in _chunks(items, 1):
                yield from func(chunk)
        finally:
            _restore_alarm()
        return
    import multiprocessing  # here: a one-process run (most one-file runs) never needs it
    import multiprocessing.connection

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and warm is not None:
        warm()  # compile the rules once here; forked workers inherit them
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    workers = [_Worker(ctx, func, initializer, initargs) for _ in range(jobs)]
    by_conn = {w.conn: w for w in workers}
    chunks = enumerate(_chunks(items, chunk_size))
    tasks: dict[int, list[T]] = {}  # sent, result not back yet
    done: dict[int, list[R]] = {}  # back, not yet yielded
    next_out = 0
    window = jobs * 3
    exhausted = False
    try:
        while True:
            while next_out in done:  # first: yielding makes room in the window
                yield from done.pop(next_out)
                next_out += 1
            # hand a chunk to every idle worker while the window has room
            for w in workers:
                if w.seq is None and not exhausted and len(tasks) + len(done) < window:
                    got = next(chunks, None)
                    if got is None:
                        exhausted = True
                        break
                    w.seq, tasks[got[0]] = got
                    try:
                        w.conn.send(got[1])
                    except OSError as exc:  # not the user's stdout: a worker went away
                        raise RuntimeError(f"a worker process died ({exc})") from None
            if exhausted and not tasks and not done:
                break
            busy = [w.conn for w in workers if w.seq is not None]
            if not busy:  # cannot be: the next chunk to yield is with a worker
                raise RuntimeError("parallel.ordered_map: nothing to wait for")
            for conn in multiprocessing.connection.wait(busy):
                w = by_conn[conn]
                try:
                    result = conn.recv()
                except (EOFError, OSError) as exc:
                    raise RuntimeError(
                        f"a worker process died (exit code {w.proc.exitcode})"
                    ) from exc
                assert w.seq is not None
                tasks.pop(w.seq)
                done[w.seq] = result
                w.seq = None
    finally:
        for w in workers:
            w.stop()


def run(
    items: Iterable[PathItem | Document | ReadError], options: RenderOptions, jobs: int = 1
) -> Iterator[Outcome]:
    """Outcomes for `items` in input order, using `jobs` processes."""
    return ordered_map(process_chunk, items, jobs, init_worker, (options,))
