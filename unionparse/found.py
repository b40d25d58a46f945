"""What an extractor found: a value and the span of text it came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class Found:
    field: str
    value: Any
    start: int
    end: int
    rank: int = 0  # how direct the phrasing is; the resolver keeps the highest, then the first
    qualifier: str | None = None
