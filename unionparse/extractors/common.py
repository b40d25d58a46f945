"""Helpers the extractors share: clause context, qualifiers, keyword gates."""

from __future__ import annotations

from functools import cache

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


# (rank, whether a part/change cue before the number disqualifies it, number-led pattern,
#  the cue that must end right before the number, or None)
Rule = tuple[int, bool, regex.Pattern[str], regex.Pattern[str] | None]

# In a rule template, SPLIT separates the cue (`quản lý`, `có`, `phát triển mới` ...) from the
# number-led core. The core is searched (a digit is a cheap place to start); the cue is then
# matched backwards from the number in a short window. A leading alternation of cue words would
# otherwise be tried at every position of the text.
SPLIT = "<<@>>"
_CUE_WINDOW = 80


@cache
def compile_rule(template: str) -> tuple[regex.Pattern[str], regex.Pattern[str] | None]:
    if SPLIT not in template:
        return lexicon.compile_template(template), None
    cue, core = template.split(SPLIT)
    return lexicon.compile_template(core), lexicon.compile_template("(?r)" + cue + r"\Z")


def scan_rules(
    doc: Doc, field: str, rules: list[Rule], paras: list[Para], yearly: bool = False
) -> list[Found]:
    """Run count rules (each with a group `n`, maybe `approx`) over paragraphs.

    `yearly`: a count in a sentence about a target or a five-year term is not the year's figure.
    """
    out: list[Found] = []
    for rank, subset_check, pat, cue in rules:
        for p in paras:
            for m in pat.finditer(doc.folded, p.start, p.end, timeout=lexicon.TIMEOUT):
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
