"""Helpers the extractors share: clause context, qualifiers, keyword gates."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

import regex

from unionparse import lexicon
from unionparse.found import Found
from unionparse.numbers import parse_int
from unionparse.text import Doc, Para

_CLAUSE_START = regex.compile(r"[.;:!?\n(]|,\s|\s-\s")


def clause_before(folded: str, start: int, limit: int = 80) -> str:
    """The text of the clause that leads up to `start` (back to the last , ; . : or `limit`)."""
    lo = max(0, start - limit)
    chunk = folded[lo:start]
    last = None
    for m in _CLAUSE_START.finditer(chunk):
        last = m
    return chunk[last.end() :] if last else chunk


_SENT_STOP = regex.compile(r"[.!?](?:\s+|$)|\n")
_CONTINUES = regex.compile(r"^\s*(?:trong\s+đó|cụ\s+thể|gồm|như|theo\s+đó)")


def sentence_before(folded: str, start: int, limit: int = 400) -> str:
    """The sentence up to `start`, with the one before it when this one continues it
    (`... đề ra nhiệm vụ năm 2013. Trong đó, 95% CĐCS đạt vững mạnh`)."""
    lo = max(0, start - limit)
    chunk = folded[lo:start]
    stops = [m.end() for m in _SENT_STOP.finditer(chunk)]
    if not stops:
        return chunk
    last = chunk[stops[-1] :]
    if _CONTINUES.match(last) and len(stops) >= 2:
        return chunk[stops[-2] :]
    if _CONTINUES.match(last):
        return chunk
    return last


def has_word(haystack: str, name: str) -> bool:
    return bool(lexicon.compile_template(r"(?<!\w)<<" + name + r">>(?!\w)").search(haystack))


def qualifier_of(word: str | None) -> str | None:
    if not word:
        return None
    w = " ".join(word.split())
    if w in lexicon.words("approx_more"):
        return "more_than"
    if w in lexicon.words("approx_less"):
        return "less_than"
    if w in lexicon.words("approx_about"):
        return "about"
    return None


def paras_with(doc: Doc, *needles: str, captions: bool = False) -> list[Para]:
    """Keyword gate: only paragraphs that contain one of the literal needles."""
    pool = doc.body_and_captions if captions else doc.body
    return [p for p in pool if any(n in p.folded for n in needles)]


class Rule(NamedTuple):
    rank: int
    subset_check: bool  # a part/change cue before the number disqualifies it
    core: regex.Pattern[str]  # the number-led part, searched
    cue: regex.Pattern[str] | None  # must end right before the number (matched backwards)
    digit_led: bool  # the core can only start where a run of digits starts


# In a rule template, SPLIT separates the cue (`quản lý`, `có`, `phát triển mới` ...) from the
# number-led core. The core is searched (a digit is a cheap place to start); the cue is then
# matched backwards from the number in a short window. A leading alternation of cue words would
# otherwise be tried at every position of the text.
SPLIT = "<<@>>"
_CUE_WINDOW = 80

# A core that opens with <<int>> (or a digit behind a look-behind that refuses a digit) can only
# match where a run of digits starts, so it is tried only there instead of at every position.
_DIGIT_LED = regex.compile(r"^(?P<lb>\(\?<!\[\\d[^\]]*\]\))?(?:\(\?P<\w+>)?(?P<int><<int>>)?")


def _digit_led(core: str) -> bool:
    m = _DIGIT_LED.match(core)
    assert m is not None  # every part of the pattern is optional
    return bool(m["int"]) or (bool(m["lb"]) and core[m.end() : m.end() + 2] == r"\d")


_DIGIT_RUN = regex.compile(r"(?<!\d)\d")


@cache
def compile_rule(template: str) -> tuple[regex.Pattern[str], regex.Pattern[str] | None, bool]:
    cue, core = template.split(SPLIT) if SPLIT in template else (None, template)
    cue_pat = lexicon.compile_template("(?r)" + cue + r"\Z") if cue is not None else None
    return lexicon.compile_template(core), cue_pat, _digit_led(core)


def make_rules(specs: list[tuple[int, bool, str]]) -> list[Rule]:
    """(rank, subset check, template) -> compiled rules, in the given order."""
    return [Rule(rank, check, *compile_rule(t)) for rank, check, t in specs]


def digit_starts(folded: str, p: Para) -> list[int]:
    return [m.start() for m in _DIGIT_RUN.finditer(folded, p.start, p.end)]


def matches(
    pat: regex.Pattern[str], folded: str, p: Para, starts: list[int] | None
) -> Iterator[regex.Match[str]]:
    """`pat.finditer` over the paragraph, or the same matches tried only at `starts`."""
    if starts is None:
        yield from pat.finditer(folded, p.start, p.end, timeout=lexicon.TIMEOUT)
        return
    after = p.start  # matches do not overlap, as with finditer
    for pos in starts:
        if pos < after:
            continue
        # no timeout here: each try is one position of one paragraph, and a timeout costs a clock
        # reading per call (~2 us, more than the try); the hostile-input tests bound the patterns
        m = pat.match(folded, pos, p.end)
        if m is not None:
            after = m.end()
            yield m


def scan_rules(
    doc: Doc, field: str, rules: list[Rule], paras: list[Para], yearly: bool = False
) -> list[Found]:
    """Run count rules (each with a group `n`, maybe `approx`) over paragraphs.

    `yearly`: a count in a sentence about a target or a five-year term is not the year's figure.
    """
    out: list[Found] = []
    starts = [digit_starts(doc.folded, p) for p in paras]
    for rank, subset_check, pat, cue, digit_led in rules:
        for p, p_starts in zip(paras, starts, strict=True):
            for m in matches(pat, doc.folded, p, p_starts if digit_led else None):
                approx = m.groupdict().get("approx")
                begin = m.start()
                if cue is not None:
                    c = cue.search(doc.folded, max(p.start, m.start() - _CUE_WINDOW), m.start())
                    if c is None:
                        continue
                    approx, begin = c.groupdict().get("approx"), c.start()
                if subset_check and has_word(clause_before(doc.folded, begin), "subset_cue"):
                    continue
                if yearly:
                    before = sentence_before(doc.folded, begin)
                    if has_word(before, "aim_cue") or has_word(before, "term_cue"):
                        continue
                value = parse_int(m.group("n"))
                if value is None:
                    continue
                s, e = m.span("n")
                out.append(Found(field, value, s, e, rank, qualifier_of(approx)))
    return out
