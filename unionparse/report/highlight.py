"""Evidence spans over an article's text -> a tree of plain text and highlights, for a template.

Spans nest (`ratings[2]` holds the count of `grassroots_unions`; `plan_year` often shares the
span of `report_year`), and now and then cross (a title that runs into the organization's
name). HTML elements can only nest, so:
- a span inside another becomes a child highlight (equal spans: the earlier key is outside);
- a span that starts inside another and ends after it is cut at the other's end, and goes on
  as a second part at the same level. Every part carries the key; the parts of one key, read in
  document order, give exactly its quote.

A span is only highlighted when `text[start:end] == quote`: the other keys come back in
`Highlights.missing`, so a page never marks words the value did not come from.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from unionparse.models import Evidence


@dataclass
class Mark:
    """One highlight element: `key` is the evidence key, `part` counts from 0 for cut spans."""

    key: str
    start: int
    end: int
    part: int = 0
    children: list[str | Mark] = field(default_factory=list)
    height: int = 0  # 0: no highlight inside; n: n levels of highlights inside


@dataclass
class Highlights:
    """The text as pieces (strings and marks, in order), and the keys that were not placed."""

    pieces: list[str | Mark]
    missing: dict[str, str]  # key -> why it is not highlighted


def _place(text: str, evidence: dict[str, Evidence]) -> tuple[list[tuple], dict[str, str]]:
    spans: list[tuple] = []
    missing: dict[str, str] = {}
    for seq, (key, ev) in enumerate(evidence.items()):
        if not (0 <= ev.start < ev.end <= len(text)):
            missing[key] = "the span lies outside the text"
        elif text[ev.start : ev.end] != ev.quote:
            missing[key] = "the text at the span is not the quote"
        else:
            spans.append((ev.start, -ev.end, seq, key, 0))
    return spans, missing


def _nest(spans: list[tuple]) -> list[Mark]:
    """Top-level marks of `spans` (heap entries), each holding its nested marks."""
    heapq.heapify(spans)
    tops: list[Mark] = []
    inner: list[list[tuple]] = []
    while spans:
        start, neg_end, seq, key, part = heapq.heappop(spans)
        end = -neg_end
        if tops and start < tops[-1].end:  # starts inside the last top-level mark
            top = tops[-1]
            if end <= top.end:
                inner[-1].append((start, neg_end, seq, key, part))
            else:  # crosses its end: the part inside nests, the rest comes back as a new part
                inner[-1].append((start, -top.end, seq, key, part))
                heapq.heappush(spans, (top.end, neg_end, seq, key, part + 1))
        else:
            tops.append(Mark(key, start, end, part))
            inner.append([])
    for top, children in zip(tops, inner, strict=True):
        top.children = _nest(children)  # type: ignore[assignment]  # marks only, for now
        top.height = 1 + max((c.height for c in top.children), default=-1)  # type: ignore[union-attr]
    return tops


def _fill(text: str, start: int, end: int, marks: list[Mark]) -> list[str | Mark]:
    """`text[start:end]` as pieces: the gaps between `marks` as strings, marks filled in."""
    pieces: list[str | Mark] = []
    at = start
    for mark in marks:
        if mark.start > at:
            pieces.append(text[at : mark.start])
        mark.children = _fill(text, mark.start, mark.end, mark.children)  # type: ignore[arg-type]
        pieces.append(mark)
        at = mark.end
    if end > at:
        pieces.append(text[at:end])
    return pieces


def _number_parts(pieces: list[str | Mark], seen: dict[str, int]) -> None:
    """Parts of a cut key numbered 0, 1, ... in document order (part 0 is the link target)."""
    for p in pieces:
        if isinstance(p, Mark):
            p.part = seen.get(p.key, 0)
            seen[p.key] = p.part + 1
            _number_parts(p.children, seen)


def highlight(text: str, evidence: dict[str, Evidence]) -> Highlights:
    """The pieces of `text` with every evidence span that matches its quote highlighted."""
    spans, missing = _place(text, evidence)
    pieces = _fill(text, 0, len(text), _nest(spans))
    _number_parts(pieces, {})
    return Highlights(pieces, missing)


def quotes_of(pieces: list[str | Mark]) -> dict[str, str]:
    """What a reader sees highlighted per key (the parts joined): for checks and tests."""
    out: dict[str, str] = {}

    def text_of(items: list[str | Mark]) -> str:
        return "".join(p if isinstance(p, str) else text_of(p.children) for p in items)

    def walk(items: list[str | Mark]) -> None:
        for p in items:
            if isinstance(p, Mark):
                out[p.key] = out.get(p.key, "") + text_of(p.children)
                walk(p.children)

    walk(pieces)
    return out
