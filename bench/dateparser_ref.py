"""A second reference: `dateparser.search_dates` over each article (dates only).

What a user might pick instead of writing rules: a general date finder. Optional: dateparser is
not a dependency of unionparse (`pip install dateparser` to include it in the benchmark).

    python bench/dateparser_ref.py FILE-or-FOLDER... > dates.jsonl

Prints one JSON line per .txt file: {"source": path, "dates": [[matched text, ISO date], ...]}.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from dateparser.search import search_dates

SETTINGS = {"DATE_ORDER": "DMY"}


def files(args: list[str]) -> Iterator[Path]:
    for arg in args:
        p = Path(arg)
        yield from sorted(p.glob("*.txt")) if p.is_dir() else [p]


def main(argv: list[str]) -> int:
    for path in files(argv):
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        found = search_dates(text, languages=["vi"], settings=SETTINGS) or []
        dates = [[s, d.date().isoformat()] for s, d in found]
        sys.stdout.write(json.dumps({"source": str(path), "dates": dates}, ensure_ascii=False))
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
