"""Evidence spans over an article's text -> text and highlight tokens, in order, for a template.

Spans nest (`ratings[2]` holds the count of `grassroots_unions`; `plan_year` often shares the
span of `report_year`), and now and then cross (a title that runs into the organization's
name). HTML elements can only nest, so:
- a span inside another becomes a highlight inside it (equal spans: the earlier key outside);
- a span that starts inside another and ends after it is cut at the other's end, and goes on
  as a second part from there. Every part carries the key; the parts of one key, read in
  document order, give exactly its quote.

A span is only highlighted when `text[start:end] == quote`: the other keys come back in
`Highlights.missing`, so a page never marks words the value did not come from.

One pass over the spans in order of start (a heap, as cut parts come back later), with the open
highlights on a stack: tokens are `("text", str)`, `("open", Mark)`, `("close", None)`.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Any

from unionparse.models import Evidence

Token = tuple[str, Any]


@dataclass(slots=True)
class Mark:
    """One highlight element: `part` counts from 0 for a cut span (part 0 is the link target);
    `height` is how many levels of highlights it holds (0: none)."""

    key: str
    start: int
    end: int
    part: int = 0
    height: int = 0


@dataclass
class Highlights:
    tokens: list[Token]
    missing: dict[str, str]  # key -> why it is not highlighted


def _spans(text: str, evidence: dict[str, Evidence]) -> tuple[list[tuple], dict[str, str]]:
    spans: list[tuple] = []
    missing: dict[str, str] = {}
    for seq, (key, ev) in enumerate(evidence.items()):
        if not (0 <= ev.start < ev.end <= len(text)):
            missing[key] = "the span lies outside the text"
        elif text[ev.start : ev.end] != ev.quote:
            missing[key] = "the text at the span is not the quote"
        else:
            spans.append((ev.start, -ev.end, seq, key))
    return spans, missing


def highlight(text: str, evidence: dict[str, Evidence]) -> Highlights:
    """The tokens of `text` with every evidence span that matches its quote highlighted."""
    heap, missing = _spans(text, evidence)
    heapq.heapify(heap)
    tokens: list[Token] = []
    stack: list[Mark] = []  # open highlights, innermost last
    parts: dict[str, int] = {}
    pos = 0

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1].end <= limit:
            mark = stack.pop()
            if mark.end > pos:
                tokens.append(("text", text[pos : mark.end]))
                pos = mark.end
            tokens.append(("close", None))
            if stack and stack[-1].height <= mark.height:
                stack[-1].height = mark.height + 1

    while heap:
        start, neg_end, seq, key = heapq.heappop(heap)
        end = -neg_end
        close_until(start)
        if start > pos:
            tokens.append(("text", text[pos:start]))
            pos = start
        if stack and end > stack[-1].end:  # crosses the end of the one it starts in: cut
            cut = stack[-1].end
            heapq.heappush(heap, (cut, neg_end, seq, key))
            end = cut
        part = parts.get(key, 0)
        parts[key] = part + 1
        mark = Mark(key, start, end, part)
        tokens.append(("open", mark))
        stack.append(mark)
    close_until(len(text))
    if pos < len(text):
        tokens.append(("text", text[pos:]))
    return Highlights(tokens, missing)


def quotes_of(tokens: list[Token]) -> dict[str, str]:
    """What a reader sees highlighted per key (its parts joined): for checks and tests."""
    out: dict[str, str] = {}
    open_keys: list[str] = []
    for kind, value in tokens:
        if kind == "open":
            open_keys.append(value.key)
            out.setdefault(value.key, "")
        elif kind == "close":
            open_keys.pop()
        else:
            for key in open_keys:
                out[key] += value
    return out
