"""The `unionparse` command: options in, library calls, text out; diagnostics on stderr.

Thin on purpose: reading is `reader.iter_items`, per-file work is `parallel.run`, formatting is
`writers`, scoring is `evaluate`. This module owns only what a terminal user sees: exit codes
(0 ok, 1 some input failed, 2 usage), one stderr line per failed input, the progress bar, quiet
exits on a closed pipe and on Ctrl-C, and tracebacks only with --debug.
"""

from __future__ import annotations

import gc
import io
import json
import os
import signal
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager, suppress
from itertools import chain
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

import click

from unionparse import __version__
from unionparse.output_kinds import FORMATS, SCHEMA_FILES, TABLES
from unionparse.runs import RunStats, TooManyErrors, exit_codes_help, watched

if TYPE_CHECKING:
    from unionparse.writers import Sink

PROG = "unionparse"


class CliError(click.ClickException):
    """A one-line `unionparse: <message>` on stderr and exit code 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(f"{PROG}: {self.format_message()}", err=True)


def _say(line: str) -> None:
    with suppress(OSError, ValueError):
        click.echo(f"{PROG}: {line}", err=True)


# ---------------------------------------------------------------- progress


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Progress:
    """One self-rewriting stderr line: files done, articles/s, ETA (when the total is known)."""

    def __init__(self, stream: TextIO, total: int | None = None, interval: float = 0.2) -> None:
        self.stream = stream
        self.total = total
        self.interval = interval
        self.done = 0
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def line(self, now: float) -> str:
        elapsed = max(now - self.start, 1e-9)
        rate = self.done / elapsed
        parts = [f"{self.done} files" if self.total is None else f"{self.done}/{self.total} files"]
        parts.append(f"{rate:,.0f} articles/s")
        if self.total:
            filled = int(24 * self.done / self.total)
            parts.insert(0, "[" + "#" * filled + "-" * (24 - filled) + "]")
            if rate > 0:
                parts.append(f"ETA {_clock((self.total - self.done) / rate)}")
        return " ".join(parts)

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        self.stream.write("\r\x1b[K" + self.line(now))
        self.stream.flush()
        self.shown = True

    def message(self, text: str) -> None:
        """Print a line above the bar."""
        if self.shown:
            self.stream.write("\r\x1b[K")
        self.stream.write(text + "\n")
        if self.shown:
            self._draw(time.monotonic())
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()


def _counted(items: Iterable[Any], limit: int = 1_000_000) -> tuple[Iterable[Any], int | None]:
    """Look ahead to count the items for the ETA, but only while they are cheap paths.

    A JSON Lines input yields whole documents; those are not held, the total stays unknown.
    """
    from unionparse.reader import Document

    it = iter(items)
    head: list[Any] = []
    for item in it:
        head.append(item)
        if isinstance(item, Document) or len(head) >= limit:
            return chain(head, it), None
    return head, len(head)


# ---------------------------------------------------------------- output plumbing


@contextmanager
def _stdout_text(bom: bool) -> Iterator[TextIO]:
    """stdout as UTF-8 whatever the locale says, without closing the real stdout afterwards."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        yield sys.stdout
        return
    stream = io.TextIOWrapper(
        buffer, encoding="utf-8-sig" if bom else "utf-8", newline="", write_through=True
    )
    try:
        yield stream
    finally:
        with suppress(OSError, ValueError):
            stream.flush()
        with suppress(OSError, ValueError):
            stream.detach()


@contextmanager
def _stdout_bytes() -> Iterator[BinaryIO]:
    """stdout's byte buffer, flushed afterwards (whatever text was written before goes first)."""
    sys.stdout.flush()
    buffer = sys.stdout.buffer
    try:
        yield buffer
    finally:
        with suppress(OSError, ValueError):
            buffer.flush()


def _silence_stdout() -> None:
    """After a closed pipe: point stdout at /dev/null so the interpreter's last flush is quiet."""
    with suppress(OSError, ValueError, io.UnsupportedOperation, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


class Stopped(KeyboardInterrupt):
    """SIGINT, SIGTERM or SIGHUP: unwind (temporary files go), exit 128 + the signal number."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def word(self) -> str:
        return "interrupted" if self.signum == signal.SIGINT else "terminated"


def _stopped_code(exc: KeyboardInterrupt) -> tuple[int, str]:
    if isinstance(exc, Stopped):
        return exc.exit_code, exc.word
    return 130, "interrupted"


_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class _InterruptGuard:
    """Defers Ctrl-C (and SIGTERM, SIGHUP) while a record is being written, so output holds
    only whole records; then unwinds like Ctrl-C, so no temporary file is left behind."""

    def __init__(self) -> None:
        self.writing = False
        self.pending: int | None = None
        self.previous: dict[int, Any] = {}

    def _handler(self, signum: int, frame: Any) -> None:
        self.pending = signum  # kept: an exception raised where Python swallows it (a
        if not self.writing:  # finaliser run by the garbage collector) stops the next write
            raise Stopped(signum)

    def __enter__(self) -> _InterruptGuard:
        for signum in _STOP_SIGNALS:
            with suppress(ValueError):  # not the main thread: leave signals alone
                self.previous[signum] = signal.signal(signum, self._handler)
        self.unraisable = sys.unraisablehook
        sys.unraisablehook = self._unraisable
        return self

    def _unraisable(self, info: Any) -> None:
        """A `Stopped` raised in a finaliser is not lost (`pending` stops the next write) and
        is no traceback for the user; anything else goes to the previous hook."""
        if not (isinstance(info.exc_type, type) and issubclass(info.exc_type, Stopped)):
            self.unraisable(info)

    def __exit__(self, *exc: object) -> None:
        sys.unraisablehook = self.unraisable
        for signum, previous in self.previous.items():
            if previous is not None:
                signal.signal(signum, previous)

    def write(self, sink: Sink, piece: str | bytes) -> None:
        self.writing = True
        try:
            sink.write(piece)
        finally:
            self.writing = False
        self.check()

    def check(self) -> None:
        """Unwind for a signal that came while writing, or whose exception was lost."""
        if self.pending is not None:
            raise Stopped(self.pending)


# ---------------------------------------------------------------- commands


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name=PROG)
def cli() -> None:
    """Vietnamese trade-union review-conference articles -> verifiable JSON records."""


def _input_options(f: Any) -> Any:
    """Options shared by `extract` and `eval` for finding and reading inputs."""
    options = [
        click.option(
            "--glob",
            "glob_pattern",
            default="*.txt",
            show_default=True,
            help="File-name pattern for files inside folders (files named directly are always read).",
        ),
        click.option(
            "--input-format",
            type=click.Choice(["auto", "text", "html", "jsonl"]),
            default="auto",
            show_default=True,
            help="How to read inputs; auto decides by file name (.html/.htm, .jsonl) and content.",
        ),
        click.option(
            "--text-field",
            default=None,
            help="JSON Lines inputs: the field holding the article text (default: text, content, body).",
        ),
        click.option(
            "--max-bytes",
            type=click.IntRange(min=1),
            default=None,
            help="Largest input read, in bytes (per file; per line of JSON Lines). "
            "Default: 50 MiB.",
        ),
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(min=0),
            default=1,
            show_default=True,
            help="Worker processes; 0 = one per CPU. Output order and values do not change.",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0),
            default=30.0,
            show_default=True,
            help="Seconds one file may take; a slower one becomes an error record `timeout` "
            "and the run goes on. 0: no limit.",
        ),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar, no per-file messages."),
        click.option("--debug", is_flag=True, help="Show Python tracebacks for failures."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _items(
    paths: tuple[str, ...],
    glob_pattern: str,
    input_format: str,
    text_field: str | None,
    max_bytes: int,
    stats: RunStats | None = None,
) -> Iterator[Any]:
    from unionparse.reader import iter_items

    def items_of(path: str) -> Iterator[Any]:
        return iter_items(
            [path],
            glob=glob_pattern,
            input_format=input_format,
            text_field=text_field,
            max_bytes=max_bytes,
        )

    return watched(paths, items_of, stats or RunStats(), _say, glob_pattern)


# -o's ending -> the format written when -f is not given
OUTPUT_FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",  # with a tab as delimiter
}


def _delimiter(value: str | None, output: str | None) -> str:
    if value is None:
        tsv = output not in (None, "-") and output.lower().endswith(".tsv")  # type: ignore[union-attr]
        return "\t" if tsv else ","
    value = {"tab": "\t", "\\t": "\t"}.get(value.lower(), value)
    if len(value) != 1 or value in '"\r\n':
        raise click.UsageError("--delimiter: one character (or 'tab'), not a quote or line break")
    return value


def _format_of(output: str | None) -> str:
    if output in (None, "-"):
        return "json"
    from unionparse.archive import SUFFIXES

    if output.lower().endswith(SUFFIXES):  # type: ignore[union-attr]
        return "sqlite"
    ext = os.path.splitext(output)[1].lower()  # type: ignore[type-var]
    fmt = OUTPUT_FORMATS.get(ext, "json")
    return fmt if fmt in FORMATS else "json"


def _max_bytes(value: int | None) -> int:
    from unionparse.reader import MAX_BYTES

    return MAX_BYTES if value is None else value


def _jobs(jobs: int) -> int:
    return jobs or os.cpu_count() or 1


def _run_outcomes(
    items: Iterable[Any],
    options: Any,
    jobs: int,
    quiet: bool,
    debug: bool,
    stats: RunStats | None = None,
    max_errors: int | None = None,
    runner: Any = None,
):
    """Yield output pieces; report each failure on stderr; return via StopIteration the count.

    `stats` counts records, failures and warnings; past `max_errors` failures, the piece of the
    last one is yielded and then TooManyErrors is raised. `runner(items, options, jobs)` yields
    outcomes (`.piece`, `.failure`, `.detail`); default `parallel.run`."""
    from unionparse.parallel import run

    run = runner or run
    stats = stats if stats is not None else RunStats()

    progress = None
    if not quiet and sys.stderr.isatty():
        items, total = _counted(items)
        progress = Progress(sys.stderr, total)
    failed = 0
    try:
        with closing(run(items, options, _jobs(jobs))) as outcomes:
            for outcome in outcomes:
                stats.warnings += getattr(outcome, "warnings", 0)
                if outcome.failure is None:
                    stats.records += 1
                else:
                    failed += 1
                    stats.failed = failed
                    if not quiet:
                        line = f"{PROG}: {outcome.failure}"
                        if debug and outcome.detail:
                            line = outcome.detail.rstrip("\n") + "\n" + line
                        if progress is not None:
                            progress.message(line)
                        else:
                            click.echo(line, err=True)
                yield outcome.piece
                if progress is not None:
                    progress.advance()
                if max_errors is not None and failed >= max_errors:
                    raise TooManyErrors(failed)
    finally:
        if progress is not None:
            progress.close()
    return failed


def _drain(gen: Iterator[str | bytes | None], consume: Any) -> int:
    """Feed every piece of `gen` to `consume`; return the generator's failure count."""
    while True:
        try:
            piece = next(gen)
        except StopIteration as stop:
            return int(stop.value or 0)
        if piece:
            consume(piece)


@cli.command(epilog=exit_codes_help())
@click.argument("paths", nargs=-1, required=True)
@_input_options
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice([*FORMATS, "sqlite"]),
    default=None,
    help="json: one array; jsonl: one record per line, streamed; csv: a table; sqlite: an "
    "archive that later runs update. Default: from -o's ending (.jsonl/.ndjson, .csv, .json; "
    ".db/.sqlite for an archive), else json.",
)
@click.option(
    "--table",
    type=click.Choice(TABLES),
    default=None,
    help="CSV only: one row per article (default), per award or per rating.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default=None,
    help="Write to FILE (atomically: it appears only when the run completes; a symlink's "
    "target is replaced, a FIFO or device is written into). Default: stdout.",
)
@click.option(
    "--errors",
    type=click.Choice(["include", "skip"]),
    default="include",
    show_default=True,
    help="Put an error record in the place of each unreadable article, or leave it out.",
)
@click.option(
    "--pretty/--compact",
    default=None,
    help="JSON layout; default: pretty when stdout is a terminal, compact otherwise.",
)
@click.option(
    "--bom/--no-bom",
    default=None,
    help="CSV: start with a UTF-8 BOM so Excel shows Vietnamese correctly; default: on with -o FILE.",
)
@click.option("--force", is_flag=True, help="Archive: re-extract every input, changed or not.")
@click.option(
    "--with-text", is_flag=True, help="Archive: store each article's text, full-text indexed."
)
@click.option(
    "--max-errors",
    type=click.IntRange(min=1),
    default=None,
    help="Stop after N failed inputs (exit 1; -o FILE is then left as it was).",
)
@click.option("--fail-fast", is_flag=True, help="Stop at the first failed input: --max-errors 1.")
@click.option(
    "--delimiter",
    default=None,
    metavar="CHAR",
    help="CSV: the field separator (default ',', or a tab for -o FILE.tsv); 'tab' for TSV.",
)
@click.option(
    "--no-formula-escape",
    is_flag=True,
    help="CSV: leave cells starting with = + - @ as they are (no ' prefix), e.g. for pandas.",
)
@click.option(
    "--fields",
    "fields_spec",
    default=None,
    metavar="NAME,...",
    help="Write only these keys, in this order (source.path,title,members.total,awards); "
    "error records keep their error. JSON, JSON Lines and the CSV articles table.",
)
def extract(
    paths: tuple[str, ...],
    glob_pattern: str,
    input_format: str,
    text_field: str | None,
    max_bytes: int | None,
    jobs: int,
    timeout: float,
    quiet: bool,
    debug: bool,
    fmt: str,
    table: str | None,
    output: str | None,
    errors: str,
    pretty: bool | None,
    bom: bool | None,
    force: bool,
    with_text: bool,
    max_errors: int | None,
    fail_fast: bool,
    delimiter: str | None,
    no_formula_escape: bool,
    fields_spec: str | None,
) -> None:
    """Extract one record per article from files, folders (recursive) or - (stdin).

    \b
    Example:
      unionparse extract articles/ -o records.csv     (a CSV table, by -o's ending)
    """
    from unionparse.parallel import RenderOptions
    from unionparse.writers import Sink, atomic_output, writes_through

    fmt = fmt or _format_of(output)
    if fmt == "sqlite" or force or with_text:
        _archive_options(fmt, output, table, errors, pretty, bom)
        limit = _max_bytes(max_bytes)
        items = _items(paths, glob_pattern, input_format, text_field, limit)
        sys.exit(
            _extract_archive(output, paths, items, force, with_text, jobs, limit, quiet, debug)
        )
    if table is not None and fmt != "csv":
        raise click.UsageError("--table applies to --format csv only")
    if bom is not None and fmt != "csv":
        raise click.UsageError("--bom/--no-bom applies to --format csv only")
    if pretty is not None and fmt != "json":
        raise click.UsageError("--pretty/--compact applies to --format json only")
    if fail_fast:
        max_errors = 1
    if fmt != "csv" and (delimiter is not None or no_formula_escape):
        flag = "--delimiter" if delimiter is not None else "--no-formula-escape"
        raise click.UsageError(f"{flag} applies to --format csv only")
    sep = _delimiter(delimiter, output)
    fields: tuple[str, ...] = ()
    if fields_spec is not None:
        from unionparse.fields import csv_columns, parse_fields

        if table not in (None, "articles"):
            raise click.UsageError("--fields applies to the CSV articles table only")
        try:
            fields = parse_fields(fields_spec)
            if fmt == "csv":
                csv_columns(fields)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
    to_file = output not in (None, "-")
    if pretty is None:
        pretty = fmt == "json" and not to_file and sys.stdout.isatty()
    # a BOM for a file a spreadsheet opens; not for a FIFO, a device or /dev/stdout
    use_bom = fmt == "csv" and (
        bom if bom is not None else to_file and not writes_through(output)  # type: ignore[arg-type]
    )
    limit = _max_bytes(max_bytes)
    options = RenderOptions(
        fmt,
        table or "articles",
        pretty,
        errors == "include",
        debug,
        limit,
        timeout,
        fields,
        sep,
        not no_formula_escape,
    )
    from unionparse.fields import make_output_formatter

    formatter = make_output_formatter(
        fmt, options.table, pretty, fields, sep, not no_formula_escape
    )

    failed = 0
    code = 0
    stats = RunStats()
    try:
        items = _items(paths, glob_pattern, input_format, text_field, limit, stats)
        # bytes straight to the file or stdout's buffer (JSON pieces come as UTF-8); a BOM is
        # left to the text layer, which knows when it is due (not when appending to a file)
        binary = not use_bom and (to_file or getattr(sys.stdout, "buffer", None) is not None)
        if to_file:
            opener = atomic_output(output, bom=use_bom, binary=binary)  # type: ignore[arg-type]
        else:
            opener = _stdout_bytes() if binary else _stdout_text(use_bom)
        with _InterruptGuard() as guard, opener as stream:
            streamed = not to_file or writes_through(output)  # type: ignore[arg-type]
            sink = Sink(stream, formatter, flush_each=streamed, binary=binary)
            try:
                failed = _drain(
                    _run_outcomes(items, options, jobs, quiet, debug, stats, max_errors),
                    lambda piece: guard.write(sink, piece),
                )
                guard.check()
            except TooManyErrors:
                if not to_file:  # stdout keeps what was written: a whole document
                    sink.close()
                raise
            sink.close()
        code = 1 if failed or stats.empty else 0
        if not quiet and sys.stderr.isatty():
            _say(stats.summary(output if to_file else None))
    except TooManyErrors as exc:
        _say(str(exc))
        code = 1
    except BrokenPipeError:
        _silence_stdout()
        code = 1 if failed else 0
    except KeyboardInterrupt as exc:
        code, word = _stopped_code(exc)
        _say(word)
    except OSError as exc:
        if debug:
            raise
        where = exc.filename or output or "output"
        _say(f"{where}: {exc.strerror or exc}")
        code = 1
    except Exception as exc:  # the last net: a user sees one line, --debug shows the traceback
        if debug:
            raise
        _say(f"internal error: {type(exc).__name__}: {exc}")
        code = 1
    sys.exit(code)


@cli.command()
@click.option(
    "--record",
    type=click.Choice(sorted(SCHEMA_FILES)),
    default="article",
    show_default=True,
    help="Which record: an article, or the error record that stands in for a failed input.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    default=None,
    help="A folder (existing, or ending in /): write every schema file into it; else one file.",
)
def schema(record: str, output: str | None) -> None:
    """Print the JSON Schema of the output records (regenerate with: unionparse schema -o schemas/)."""
    from unionparse.writers import atomic_output, schema_text

    if output is None:
        click.echo(schema_text(record), nl=False)
        return
    if os.path.isdir(output) or output.endswith(("/", os.sep)):
        os.makedirs(output, exist_ok=True)
        targets = {os.path.join(output, name): kind for kind, name in SCHEMA_FILES.items()}
    else:
        targets = {output: record}
    for path, kind in targets.items():
        try:
            with atomic_output(path) as f:
                f.write(schema_text(kind))
        except OSError as exc:
            raise CliError(f"{path}: {exc.strerror or exc}") from exc


@cli.command("eval", epilog=exit_codes_help())
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("paths", nargs=-1)
@click.option(
    "--pred",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Score this JSON / JSON Lines output of `unionparse extract` instead of running it.",
)
@_input_options
@click.option("--json", "as_json", is_flag=True, help="Machine-readable report.")
@click.option("--errors", "show_errors", is_flag=True, help="List every mismatch.")
def eval_cmd(
    gold: str,
    paths: tuple[str, ...],
    pred: str | None,
    glob_pattern: str,
    input_format: str,
    text_field: str | None,
    max_bytes: int | None,
    jobs: int,
    timeout: float,
    quiet: bool,
    debug: bool,
    as_json: bool,
    show_errors: bool,
) -> None:
    """Score extraction against a GOLD JSON Lines file: per-field and micro P/R/F1.

    Runs `extract` over PATH... (or reads --pred FILE) and matches records by file name,
    under the scoring rules of the output contract (fields.md). No record matching a gold file
    is an error (exit 1), not a perfect score.

    \b
    Example:
      unionparse eval gold.jsonl seeds/
    """
    from unionparse.evaluate import evaluate, load_records
    from unionparse.parallel import RenderOptions

    if bool(paths) == bool(pred):
        raise click.UsageError("give either PATH... to extract, or --pred FILE, not both")
    try:
        gold_records = load_records(gold)
        failed = 0
        stats = RunStats()
        if pred is not None:
            pred_records = load_records(pred)
        else:
            pred_records = []
            limit = _max_bytes(max_bytes)
            failed = _drain(
                _run_outcomes(
                    _items(paths, glob_pattern, input_format, text_field, limit, stats),
                    RenderOptions("jsonl", debug=debug, max_bytes=limit, timeout=timeout),
                    jobs,
                    quiet,
                    debug,
                ),
                lambda piece: pred_records.append(json.loads(piece)),
            )
        report = evaluate(gold_records, pred_records)
        if report.matched == 0:
            where = pred or " ".join(paths)
            raise ValueError(
                f"no record of {where} matches a file of {gold} ({report.files} gold files; "
                "records are matched by file name)"
            )
    except ValueError as exc:
        if debug:
            raise
        raise CliError(str(exc)) from exc
    except KeyboardInterrupt:
        _say("interrupted")
        sys.exit(130)
    try:
        if as_json:
            click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        else:
            click.echo(report.format_text(errors=show_errors), nl=False)
    except BrokenPipeError:
        _silence_stdout()
    sys.exit(1 if failed or stats.empty else 0)


@cli.command("timeline")
@click.argument("paths", nargs=-1)
@click.option(
    "--pred",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Read records from this output of `extract` (JSON, JSON Lines or archive.db); repeatable.",
)
@_input_options
@click.option(
    "--org",
    multiple=True,
    help="Only this union: a key (cdvc/nghe-an; a prefix, ? for any part) or a name; repeatable.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "md"]),
    default="json",
    show_default=True,
    help="json: an array of rows; csv: a table; md: one Markdown table per union.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write to FILE."
)
@click.option(
    "--chart",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also draw members, CĐCS and rating shares by year to FILE.png or FILE.svg "
    "(needs unionparse[plot]).",
)
def timeline_cmd(
    paths: tuple[str, ...],
    pred: tuple[str, ...],
    glob_pattern: str,
    input_format: str,
    text_field: str | None,
    max_bytes: int | None,
    jobs: int,
    timeout: float,
    quiet: bool,
    debug: bool,
    org: tuple[str, ...],
    fmt: str,
    output: str | None,
    chart: str | None,
) -> None:
    """One row per union and period, from articles (PATH...: files, folders, -), `extract`
    outputs (.json, .jsonl) or an archive.db: equal figures merge with all their sources,
    different ones are shown side by side as a conflict, missing years are listed."""
    from unionparse import timeline
    from unionparse.chart import ChartError, check, draw
    from unionparse.parallel import RenderOptions
    from unionparse.writers import atomic_output

    if not paths and not pred:
        raise click.UsageError("give PATH... (articles, outputs or an archive) or --pred FILE")
    records: list[dict[str, Any]] = []
    failed = 0
    try:
        if chart:
            check(chart)
        outputs = [*pred, *(p for p in paths if p != "-" and timeline.is_output(p))]
        articles = tuple(p for p in paths if p not in outputs)
        for path in outputs:
            records.extend(timeline.read_output(path))
        if articles:
            limit = _max_bytes(max_bytes)
            failed = _drain(
                _run_outcomes(
                    _items(articles, glob_pattern, input_format, text_field, limit),
                    RenderOptions("jsonl", debug=debug, max_bytes=limit, timeout=timeout),
                    jobs,
                    quiet,
                    debug,
                ),
                lambda piece: records.append(json.loads(piece)),
            )
        tl = timeline.build(records, org)
        if chart:  # first: a chart that cannot be drawn leaves no half-done output
            draw(tl, chart)
        text = timeline.render(tl, fmt, pretty=True)
        if output not in (None, "-"):
            with atomic_output(output, bom=fmt == "csv") as f:  # type: ignore[arg-type]
                f.write(text)
        else:
            with _stdout_text(False) as out:
                out.write(text)
    except (ValueError, ChartError) as exc:
        if debug:
            raise
        raise CliError(str(exc)) from exc
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(1 if failed else 0)
    except OSError as exc:
        if debug:
            raise
        raise CliError(f"{exc.filename or output or 'output'}: {exc.strerror or exc}") from exc
    except KeyboardInterrupt:
        _say("interrupted")
        sys.exit(130)
    if not quiet:
        for reason, n in tl.left_out.items():
            what = "error records" if reason == "error" else "records without a period"
            _say(f"{n} {what} left out")
    sys.exit(1 if failed else 0)


@cli.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--pred",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Show this JSON / JSON Lines output of `unionparse extract` instead of running it; "
    "texts are read again from each record's source.path.",
)
@_input_options
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False),
    required=True,
    help="Folder to write: new, empty, or an earlier report (replaced).",
)
def report(
    paths: tuple[str, ...],
    pred: str | None,
    glob_pattern: str,
    input_format: str,
    text_field: str | None,
    max_bytes: int | None,
    jobs: int,
    timeout: float,
    quiet: bool,
    debug: bool,
    out_dir: str,
) -> None:
    """Write a static HTML report: DIR/index.html and one page per input, every value linked to
    the words it came from. Prints the index's path."""
    from unionparse.evaluate import load_records
    from unionparse.report import ReportExists, build_report, entries_from_records, run_entries

    if bool(paths) == bool(pred):
        raise click.UsageError("give either PATH... to extract, or --pred FILE, not both")
    limit = _max_bytes(max_bytes)
    failed: list[int] = []
    try:
        if pred is not None:  # relative paths: from here, else from beside the output file
            roots = (".", os.path.dirname(os.path.abspath(pred)))
            records = load_records(pred)
            entries = entries_from_records(records, roots, input_format, text_field, limit)
        else:
            from unionparse.parallel import RenderOptions  # the extraction machinery

            items = _items(paths, glob_pattern, input_format, text_field, limit)
            options = RenderOptions("jsonl", debug=debug, max_bytes=limit, timeout=timeout)
            outcomes = _run_outcomes(items, options, jobs, quiet, debug, runner=run_entries)

            def collected() -> Iterator[Any]:
                failed.append((yield from outcomes))

            entries = collected()
        # what is loaded so far (modules, the --pred records) lives to the end of the command:
        # the collector need not walk it again in every full collection (~3% of a report)
        gc.freeze()
        summary = build_report(entries, out_dir, jobs=_jobs(jobs))
    except (ValueError, ReportExists) as exc:
        if debug:
            raise
        raise CliError(str(exc)) from exc
    except OSError as exc:
        if debug:
            raise
        raise CliError(f"{exc.filename or out_dir}: {exc.strerror or exc}") from exc
    except KeyboardInterrupt:
        _say("interrupted")
        sys.exit(130)
    if not quiet:
        changed = summary.statuses.get("changed", 0)
        _say(
            f"report: {summary.articles} articles, {summary.errors} errors, "
            f"{sum(summary.warnings.values())} warnings in {summary.seconds:.1f} s"
            + (f"; {changed} sources changed since (shown without highlights)" if changed else "")
        )
    click.echo(os.path.join(out_dir, "index.html"))
    sys.exit(1 if failed and failed[0] else 0)


# ---------------------------------------------------------------- archive (SQLite)


def _archive_options(fmt: str, output: str | None, table: Any, errors: str, *layout: Any) -> None:
    """Usage errors of `extract -o archive.db`: the options that shape text output do not apply."""
    if fmt != "sqlite":
        raise click.UsageError("--force and --with-text apply to a SQLite archive (-o NAME.db)")
    if output in (None, "-"):
        raise click.UsageError("a SQLite archive is a file: give -o NAME.db")
    if table is not None or any(v is not None for v in layout) or errors != "include":
        raise click.UsageError(
            "--table, --errors, --pretty/--compact and --bom do not apply to a SQLite archive"
        )


def _extract_archive(
    output: str,
    paths: tuple[str, ...],
    items: Iterable[Any],
    force: bool,
    with_text: bool,
    jobs: int,
    max_bytes: int,
    quiet: bool,
    debug: bool,
) -> int:
    """`extract -o archive.db`: update the archive; per-file failures and a summary on stderr."""
    import sqlite3

    from unionparse.archive import ArchiveError, ArchiveRun, open_archive

    progress = None
    if not quiet and sys.stderr.isatty():
        items, total = _counted(items)
        progress = Progress(sys.stderr, total)

    def failure(line: str, detail: str | None) -> None:
        if quiet:
            return
        text = f"{PROG}: {line}"
        if debug and detail:
            text = detail.rstrip("\n") + "\n" + text
        if progress is not None:
            progress.message(text)
        else:
            click.echo(text, err=True)

    try:
        db = open_archive(output, create=True, with_text=with_text)
    except ArchiveError as exc:
        _say(str(exc))
        return 1
    code = 1
    run = None
    try:
        run = ArchiveRun(
            db, list(paths), force, with_text, failure, progress.advance if progress else None
        )
        code = 1 if run.run(items, _jobs(jobs), max_bytes, debug).failed else 0
    except KeyboardInterrupt:
        code = 130
    except sqlite3.Error as exc:
        if debug:
            raise
        _say(f"{output}: {exc}")
    finally:
        if progress is not None:
            progress.close()
        db.close()
    if code == 130:
        _say("interrupted: the records done so far are saved; run again to complete")
    if run is not None and not quiet:
        _say(f"{output}: {run.summary.line()}")
    return code


@cli.command("export")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="json",
    show_default=True,
    help="As for extract: json, jsonl or csv.",
)
@click.option("--table", type=click.Choice(TABLES), default=None, help="CSV only, as for extract.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default=None,
    help="Write to FILE (atomically). Default: stdout.",
)
@click.option(
    "--errors",
    type=click.Choice(["include", "skip"]),
    default="include",
    show_default=True,
    help="Write the error records of files that failed, or leave them out.",
)
@click.option("--pretty/--compact", default=None, help="JSON layout, as for extract.")
@click.option("--bom/--no-bom", default=None, help="CSV byte-order mark, as for extract.")
@click.option("--vanished", is_flag=True, help="Include the records of files that are gone.")
def export_cmd(
    archive: str,
    fmt: str,
    table: str | None,
    output: str | None,
    errors: str,
    pretty: bool | None,
    bom: bool | None,
    vanished: bool,
) -> None:
    """Write the records of a SQLite ARCHIVE as extract prints them (input order of the last run)."""
    from unionparse.archive import ArchiveError, iter_models, open_archive
    from unionparse.models import Article
    from unionparse.parallel import _render_article
    from unionparse.writers import Sink, atomic_output, make_formatter

    if table is not None and fmt != "csv":
        raise click.UsageError("--table applies to --format csv only")
    to_file = output not in (None, "-")
    if pretty is None:
        pretty = fmt == "json" and not to_file and sys.stdout.isatty()
    use_bom = fmt == "csv" and (bom if bom is not None else to_file)
    formatter = make_formatter(fmt, table or "articles", pretty)
    try:
        db = open_archive(archive)
    except ArchiveError as exc:
        raise CliError(str(exc)) from exc
    try:
        binary = not use_bom and (to_file or getattr(sys.stdout, "buffer", None) is not None)
        if to_file:
            opener = atomic_output(output, bom=use_bom, binary=binary)  # type: ignore[arg-type]
        else:
            opener = _stdout_bytes() if binary else _stdout_text(use_bom)
        with opener as stream:
            sink = Sink(stream, formatter, binary=binary)
            for model in iter_models(db, include_vanished=vanished):
                if isinstance(model, Article):
                    sink.write(_render_article(formatter, model))
                elif errors == "include":
                    sink.write(formatter.render_model(model))
            sink.close()
    except BrokenPipeError:
        _silence_stdout()
    except OSError as exc:
        raise CliError(f"{exc.filename or output or 'output'}: {exc.strerror or exc}") from exc
    finally:
        db.close()


def main() -> None:
    """Console-script entry point."""
    cli(prog_name=PROG)
