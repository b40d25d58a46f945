"""What one `extract`/`eval` run counts and tells at its end: records, failures, warnings,
folders that gave no input, the summary line; and the early stop of `--max-errors`."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

# Exit codes, as `--help` and the README list them.
EXIT_CODES = (
    (0, "every input gave a record"),
    (1, "an input failed, a folder matched no file, --max-errors stopped the run,"),
    (None, "or the output could not be written"),
    (2, "usage error"),
    (129, "hung up (SIGHUP)"),
    (130, "interrupted (Ctrl-C)"),
    (143, "terminated (SIGTERM)"),
)


def exit_codes_help() -> str:
    """The exit-code table as a help epilog (click keeps `\\b` paragraphs as written)."""
    lines = ["\b", "Exit codes:"]
    lines += [f"  {'' if code is None else code:<4} {text}" for code, text in EXIT_CODES]
    return "\n".join(lines)


class TooManyErrors(Exception):
    """`--max-errors N` (or `--fail-fast`) reached: the run stops after its N-th failed input."""

    def __init__(self, failed: int) -> None:
        super().__init__(
            f"stopped after {failed} failed input{'s' if failed != 1 else ''} (--max-errors)"
        )
        self.failed = failed


@dataclass
class RunStats:
    records: int = 0
    failed: int = 0
    warnings: int = 0
    empty: list[str] = field(default_factory=list)  # folders that gave no input file
    started: float = field(default_factory=time.monotonic)

    def summary(self, where: str | None) -> str:
        """`5 records, 1 failed, 3 warnings, written to out.json, 1.2 s`."""
        parts = [
            _plural(self.records, "record"),
            f"{self.failed} failed",
            _plural(self.warnings, "warning"),
        ]
        if where:
            parts.append(f"written to {where}")
        parts.append(f"{time.monotonic() - self.started:.1f} s")
        return ", ".join(parts)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def watched(
    paths: Iterable[str],
    items_of: Callable[[str], Iterator[Any]],
    stats: RunStats,
    say: Callable[[str], None],
    glob: str,
) -> Iterator[Any]:
    """The items of every path in turn; a folder that gives none is said on stderr and noted
    (`ls` fails on a name that matches nothing; an empty `[]` would pass unnoticed)."""
    for path in paths:
        n = 0
        for item in items_of(path):
            n += 1
            yield item
        if n == 0 and path != "-" and os.path.isdir(path):
            stats.empty.append(path)
            say(f"{path}: no input file (no name matches --glob {glob!r})")
