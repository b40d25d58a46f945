"""How the grassroots unions were graded for the reviewed year.

Covers `45 CĐCS đạt vững mạnh xuất sắc (53,5%)`, `33/37 cơ sở công đoàn đạt danh hiệu ...`
(the count is the first number), `40/42 CĐCS đạt vững mạnh, trong đó 25 đạt vững mạnh xuất
sắc` (two ratings, the second nested), `100% CĐCS hoàn thành tốt nhiệm vụ` (percent only),
`2 đơn vị không xếp loại`. Targets (`phấn đấu 95% CĐCS đạt vững mạnh`) are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from unionparse import lexicon
from unionparse.extractors.common import has_word, paras_with, sentence_before
from unionparse.extractors.rules import matches, number_anchors
from unionparse.numbers import parse_decimal, parse_int
from unionparse.text import Doc

_VERB = r"(?P<verb>(?:(?:được\s+|đã\s+|đều\s+)?(?:đạt|xếp\s+loại|được\s+xếp\s+loại|đánh\s+giá|được\s+đánh\s+giá|công\s+nhận|được\s+công\s+nhận|là|xếp)\s*+(?::\s*)?)*+)"
_CAT = r"(?:danh\s+hiệu\s+|loại\s+|mức\s+|xếp\s+loại\s+)?[\"'“]?(?P<cat><<rating_category>>)(?!\w)[\"'”]?"
_PCT_AFTER = r"(?:\s*(?:\(\s*|,\s*|\s)(?:chiếm\s+|đạt\s+|bằng\s+|tỷ\s+lệ\s+|tỉ\s+lệ\s+)?(?P<pct>\d++(?:[.,]\d++)?)\s*+%\s*\)?)?"

COUNTED = (
    r"(?<![\d.,/])(?P<n><<int>>)(?:\s*/\s*(?P<d><<den>>))?\s*+(?:(?P<unit><<rating_unit>>)(?!\w)(?:\s+còn\s+lại)?)?\s*+"
    + _VERB
    + r"\s*+"
    + _CAT
    + _PCT_AFTER
)
PERCENT_ONLY = (
    r"(?<![\d.,/])(?P<pctonly>\d++(?:[.,]\d++)?)\s*+%\s*+(?:(?:số\s+|tổng\s+số\s+)?(?P<unit><<rating_unit>>)(?!\w))?\s*+"
    + _VERB
    + r"\s*+"
    + _CAT
)
# What can stand right after the number (and `/37`) of a COUNTED match: the first word of a
# unit, of a verb in _VERB, of a category prefix in _CAT, a quote, or of a category. Numbers
# followed by anything else are not tried (tests/test_rules.py checks this against full scans).
_VERB_FIRSTS = ("được", "đã", "đều", "đạt", "xếp", "đánh", "công", "là")
_CAT_FIRSTS = ("danh", "loại", "mức", "xếp", '"', "'", "“")


@cache
def after_count() -> tuple[str, ...]:
    nouns = {w.split()[0] for n in ("rating_unit", "rating_category") for w in lexicon.words(n)}
    return tuple(sorted(nouns | set(_VERB_FIRSTS) | set(_CAT_FIRSTS)))


_NEEDLES = (
    "vững mạnh",
    "hoàn thành",
    "khá",
    "xếp loại",
    "trung bình",
    "yếu",
    "vmxs",
    "httnv",
    "htxsnv",
)


@dataclass(slots=True)
class RatingFound:
    category: str
    count: int | None
    percent: float | None
    start: int
    end: int
    whole: int | None = None  # the denominator of `33/37`
    nested: bool = False  # `trong đó 25 đạt ...`: a part of the rating before it


def _is_target(doc: Doc, start: int) -> bool:
    before = sentence_before(doc.folded, start)
    return has_word(before, "target_cue", "term_cue")


def ratings(doc: Doc) -> list[RatingFound]:
    counted = lexicon.compile_template(COUNTED)
    pct_only = lexicon.compile_template(PERCENT_ONLY)
    out: list[RatingFound] = []
    for p in paras_with(doc, *_NEEDLES):
        spans: list[tuple[int, int]] = []
        anchors = number_anchors(doc, p)  # both patterns open with a number
        firsts = after_count()
        starts = [s for s, t in anchors if doc.folded.startswith(firsts, t)]
        for m in matches(counted, doc.folded, p, starts):
            if not (m.group("unit") or m.group("verb").strip()):
                continue  # `năm 2020 hoàn thành nhiệm vụ`: a bare number is not a count
            before = doc.folded[max(p.start, m.start() - 6) : m.start()]
            if before.rstrip().endswith(("năm", "tháng", "ngày", "lần thứ", "khóa")):
                continue
            count = parse_int(m.group("n"))
            if count is None or count > 100000 or _is_target(doc, m.start()):
                continue
            cat = lexicon.classify_phrase("rating_category", m.group("cat"))
            if cat is None:
                continue
            pct = parse_decimal(m.group("pct")) if m.group("pct") else None
            whole = parse_int(m.group("d")) if m.group("d") else None
            lead = doc.folded[max(p.start, m.start() - 40) : m.start()]
            nested = "trong đó" in lead[-20:] and bool(out) and out[-1].end >= m.start() - 60
            out.append(
                RatingFound(
                    cat,
                    count,
                    pct,
                    m.start(),
                    m.end(),
                    whole,
                    nested,
                )
            )
            spans.append(m.span())
        pct_starts = [s for s, t in anchors if doc.folded.startswith("%", t)]
        for m in matches(pct_only, doc.folded, p, pct_starts):
            if any(s <= m.start() < e for s, e in spans) or _is_target(doc, m.start()):
                continue
            if not (m.group("unit") or m.group("verb").strip()):
                continue
            cat = lexicon.classify_phrase("rating_category", m.group("cat"))
            if cat is None:
                continue
            out.append(
                RatingFound(cat, None, parse_decimal(m.group("pctonly")), m.start(), m.end())
            )
    return out
