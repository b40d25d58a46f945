"""How the grassroots unions were graded for the reviewed year.

Covers `45 CĐCS đạt vững mạnh xuất sắc (53,5%)`, `33/37 cơ sở công đoàn đạt danh hiệu ...` (the
count is the first number), `40/42 CĐCS đạt vững mạnh, trong đó 25 đạt vững mạnh xuất sắc` (two
ratings, the second nested; a bare `trong đó 41,2% hoàn thành xuất sắc` too), `100% CĐCS hoàn
thành tốt nhiệm vụ` (percent only), `2 đơn vị không xếp loại`, and `vững mạnh 48 CĐCS (25,8%)` in
a grading paragraph. Skipped: targets (`phấn đấu 95% CĐCS đạt vững mạnh`) and figures of another
year set beside the year's (`(năm 2011 chỉ có 28 CĐCS ...)`, `so với năm 2017 (839 CĐCS ...)`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from unionparse import lexicon, pattern_cache
from unionparse.extractors.common import (
    NOT_REGEX_SPACE,
    clause_before,
    has_word,
    list_items_under,
    paras_with,
    sentence_before,
)
from unionparse.extractors.rules import MATCH_SPAN, matches, number_anchors
from unionparse.numbers import parse_decimal, parse_int
from unionparse.text import Doc, Para, has_any

# verbs may come in a row, a comma between (`được đánh giá, xếp loại hoàn thành tốt nhiệm vụ`)
_VERB = r"(?P<verb>(?:(?:được\s+|đã\s+|đều\s+)?(?:đạt|xếp\s+loại|được\s+xếp\s+loại|đánh\s+giá|được\s+đánh\s+giá|công\s+nhận|được\s+công\s+nhận|là|xếp)\s*+(?::\s*)?(?:,\s*+(?=xếp|đạt|được|công))?)*+)"
# not a category lumped with the next (`163 CĐCS trung bình, yếu`: no split, no rating, v1.1)
_CAT = (
    r"(?:danh\s+hiệu\s+|loại\s+|mức\s+|xếp\s+loại\s+)?[\"'“]?(?P<cat><<rating_category>>)(?!\w)"
    r"(?!\s*+(?:,|và|/|hoặc)\s*+(?:<<rating_category>>)(?!\w))[\"'”]?"
)
# `hoàn thành xuất sắc nhiệm vụ (HTXSNV), chiếm 76,3%`: the abbreviation in brackets is skipped
_PCT_AFTER = r"(?:(?:\s*+\([^()\d]{1,12}\))?\s*(?:\(\s*|,\s*|\s)(?:chiếm\s+|đạt\s+|bằng\s+|tỷ\s+lệ\s+|tỉ\s+lệ\s+)?(?P<pct>\d++(?:[.,]\d++)?)\s*+%\s*\)?)?"

# `352/438 CĐCS (80,4%) được xếp loại ...`: the share may stand in brackets after the unit
COUNTED = (
    r"(?<![\d.,/])(?P<n><<int>>)(?:\s*/\s*(?P<d><<den>>))?\s*+(?:(?P<unit><<rating_unit>>)(?!\w)(?:\s+(?:<<rating_unit_tail>>)(?!\w))?)?"
    r"(?:\s*+\(\s*+(?P<pre>\d++(?:[.,]\d++)?)\s*+%\s*+\))?\s*+"
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
# `xếp loại năm 2009: vững mạnh xuất sắc 120 CĐCS (64,5%), khá 14 CĐCS`: the category first. The
# count, its unit and percent are matched at the number; the category backwards from it.
CATEGORY_LED = (
    r"(?<![\d.,/])(?P<n><<int>>)(?:\s*/\s*(?P<d><<den>>))?\s*+(?P<unit><<rating_unit>>)(?!\w)"
    + _PCT_AFTER
)
CATEGORY_BEFORE = r"(?r)(?<!\w)(?P<cat><<rating_category>>)\s*+:?\s*+\Z"
# `CĐCS vững mạnh đạt 70%, công đoàn vững mạnh xuất sắc đạt trên 13%`: unit and category, then
# the share (percent only: count null)
CATEGORY_SHARE = (
    r"(?<!\w)(?:<<rating_unit>>)\s+(?:đạt\s+)?(?:danh\s+hiệu\s+)?(?P<cat><<rating_category>>)(?!\w)"
    r"\s*+(?:đạt|chiếm)\s+(?:tỷ\s+lệ\s+|tỉ\s+lệ\s+)?(?:<<approx>>\s+)?(?P<pct>\d++(?:[.,]\d++)?)\s*+%"
)
# ... and only in a paragraph that reports a grading
_GRADING_WORDS = lexicon.words("grading_word")

# What can stand right after the number (and `/37`) of a COUNTED match: the first word of a
# unit, of a verb in _VERB, of a category prefix in _CAT, a quote, or of a category. Numbers
# followed by anything else are not tried (tests/test_rules.py checks this against full scans).
_VERB_FIRSTS = ("được", "đã", "đều", "đạt", "xếp", "đánh", "công", "là")
_CAT_FIRSTS = ("danh", "loại", "mức", "xếp", '"', "'", "“")


@cache
def after_count() -> tuple[str, ...]:
    nouns = {w.split()[0] for n in ("rating_unit", "rating_category") for w in lexicon.words(n)}
    return tuple(sorted(nouns | set(_VERB_FIRSTS) | set(_CAT_FIRSTS)))


@cache
def after_percent() -> tuple[str, ...]:
    """What can stand first after the `%` (and white space) of a PERCENT_ONLY match: the words
    after_count() lists (its unit, verb and category parts are COUNTED's) and the `số` /
    `tổng số` before its unit. Percents followed by anything else are not tried."""
    return tuple(sorted({*after_count(), "số", "tổng"}))


def may_follow_percent(folded: str, k: int) -> bool:
    r"""Whether the text after a `%` (at `k`, past white space as `regex` reads `\s`) starts
    with a word of after_percent()."""
    size = len(folded)
    while k < size and folded[k].isspace() and folded[k] not in NOT_REGEX_SPACE:
        k += 1
    return folded.startswith(after_percent(), k)


@cache
def _after_count_by_char() -> dict[str, tuple[str, ...]]:
    """after_count() by first character: `startswith` then tries the two or three words that
    can fit instead of all ~30 (the same answer: a word fits only where its first char stands)."""
    out: dict[str, tuple[str, ...]] = {}
    for w in after_count():
        out[w[0]] = (*out.get(w[0], ()), w)
    return out


@cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """COUNTED and PERCENT_ONLY, compiled; their groups are read by number (see _C_* / _P_*)."""
    counted = lexicon.compile_template(COUNTED)
    pct_only = lexicon.compile_template(PERCENT_ONLY)
    # m.groups() hands every group over in one call (a named `m.group` costs ~5x a numbered one)
    assert tuple(counted.groupindex) == ("n", "d", "unit", "pre", "verb", "cat", "pct")
    assert counted.groups == 7
    assert tuple(pct_only.groupindex) == ("pctonly", "unit", "verb", "cat")
    assert pct_only.groups == 4
    return counted, pct_only


@cache
def _category_led() -> tuple[regex.Pattern[str], regex.Pattern[str], frozenset[str]]:
    """CATEGORY_LED, CATEGORY_BEFORE and the last words of the categories (a number is tried
    only when the word before it is one of them)."""
    led = lexicon.compile_template(CATEGORY_LED)
    before = lexicon.compile_template(CATEGORY_BEFORE)
    assert tuple(led.groupindex) == ("n", "d", "unit", "pct")
    lasts = frozenset(w.split()[-1] for w in lexicon.words("rating_category"))
    return led, before, lasts


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


def _nested(folded: str, lo: int, start: int, found: list[RatingFound]) -> bool:
    """Whether the number at `start` follows `trong đó` shortly after a rating: a part of it."""
    if "trong đó" not in folded[max(lo, start - 20) : start]:
        return False
    return any(start - 60 <= r.end <= start for r in found)


# `..., trong đó 87% hoàn thành xuất sắc`: a bare number right after `trong đó` is a part
_PART_LEAD = pattern_cache.compile(r"trong\s+đó\s*+[,:]?\s*+(?:có\s+)?\Z")


# what joins the items of a list of ratings: `...; 7 khá; 2 trung bình`, `..., 27 hoàn thành tốt`
_LIST_JOIN = pattern_cache.compile(r"\s*+[;,]\s*+(?:và\s+)?\Z|\s+và\s+\Z")


def _next_in_list(folded: str, lo: int, start: int, found: list[RatingFound]) -> bool:
    """Whether a number with neither unit nor verb before its category is the next item of a
    list of ratings (`68 CĐCS đạt vững mạnh xuất sắc; 35 đạt vững mạnh; 7 khá`): the list's
    first item gave them."""
    if not found or not lo <= found[-1].end <= start or start - found[-1].end > 6:
        return False
    return _LIST_JOIN.match(folded, found[-1].end, start) is not None


def _bare_part(folded: str, lo: int, start: int, found: list[RatingFound]) -> bool:
    """Whether a number with neither unit nor verb before its category is still a rating: only
    as the part of one, right after `trong đó` (the unit and verb are the whole's)."""
    return (
        _nested(folded, lo, start, found)
        and _PART_LEAD.search(folded, max(lo, start - 20), start) is not None
    )


_CLAUSE_MAX = 80  # clause_before's reach
# every compare_cue holds one of these (tests/test_ratings_years_meta_scans_exact.py), and `năm` comes with a year
COMPARE_LITERALS = ("năm", "so")


def _compared(folded: str, lo: int, start: int) -> bool:
    """A figure of another year set beside the year's own: `(năm 2011 chỉ có 28 CĐCS ...)` after
    `năm 2012 có 30 ...`, or `so với năm 2017 (839 CĐCS ...)`. Its clause, or the clause before
    the bracket it opens, holds a comparison cue or a year earlier than one read before it in
    the sentence."""
    # what is read below lies in this window: a cue holds one of COMPARE_LITERALS, a year `năm`
    near = folded[max(0, start - 2 * _CLAUSE_MAX - 1) : start]
    if not has_any(near, COMPARE_LITERALS):
        return False
    clause = clause_before(folded, start)
    at = start - len(clause)
    if at > lo and folded[at - 1] == "(":
        clause = clause_before(folded, at - 1) + clause
        at = start - len(clause) - 1
    if not has_any(clause, COMPARE_LITERALS):
        return False
    if has_word(clause, "compare_cue"):
        return True
    own = _years_named(clause)
    if not own:
        return False
    earlier = _years_named(sentence_before(folded, max(lo, at)))
    return bool(earlier) and min(own) < max(earlier)


def _years_named(text: str) -> list[int]:
    """The years written `năm 2011` in a text (found with str.find: a sentence-long regex scan
    costs tens of thousands of instructions)."""
    out = []
    i = text.find("năm")
    while i >= 0:
        j = i + 3
        while j < len(text) and text[j] == " ":
            j += 1
        digits = text[j : j + 5]
        if len(digits) >= 4 and digits[:2] in ("19", "20") and digits[:4].isascii():
            if digits[:4].isdigit() and not (len(digits) == 5 and digits[4].isdigit()):
                out.append(int(digits[:4]))
        i = text.find("năm", i + 3)
    return out


def _is_target(doc: Doc, start: int) -> bool:
    before = sentence_before(doc.folded, start)
    return has_word(before, "target_cue", "term_cue")


def ratings(doc: Doc) -> list[RatingFound]:
    counted, pct_only = _patterns()
    cat_lasts = _category_led()[2]
    by_char = _after_count_by_char()
    folded = doc.folded
    size = len(folded)
    out: list[RatingFound] = []
    listed = _grading_list_items(doc)
    for p in paras_with(doc, *_NEEDLES):
        spans: list[tuple[int, int]] = []
        starts: list[int] = []  # both patterns open with a number: where each may start
        pct_starts: list[int] = []
        led_starts: list[int] = []  # a category may stand right before the number
        grading = has_any(p.folded, _GRADING_WORDS) or p.start in listed
        for s, t in number_anchors(doc, p):
            if grading and may_follow_category(folded, p.start, s, cat_lasts):
                led_starts.append(s)
            if t < size:
                c = folded[t]
                if c == "%":
                    if may_follow_percent(folded, t + 1):
                        pct_starts.append(s)
                else:
                    firsts = by_char.get(c)
                    if firsts is not None and folded.startswith(firsts, t):
                        starts.append(s)
        for m in matches(counted, folded, p, starts):
            n, d, unit, pre, verb, cat_text, pct_text = m.groups()
            ms, me = m.span()
            glued = cat_text.startswith("cđcs")  # `42 CĐCSVM`: the unit glued to the category
            if not (
                unit
                or glued
                or verb.strip()
                or _bare_part(folded, p.start, ms, out)
                or _next_in_list(folded, p.start, ms, out)
            ):
                continue  # `năm 2020 hoàn thành nhiệm vụ`: a bare number is not a count
            before = folded[max(p.start, ms - 6) : ms]
            if before.rstrip().endswith(("năm", "tháng", "ngày", "lần thứ", "khóa")):
                continue
            count = parse_int(n)
            if count is None or count > 100000 or _is_target(doc, ms):
                continue
            if _compared(folded, p.start, ms):
                continue
            cat = lexicon.classify_phrase("rating_category", cat_text)
            if cat is None:
                continue
            pct = parse_decimal(pct_text or pre) if (pct_text or pre) else None
            whole = parse_int(d) if d else None
            nested = _nested(folded, p.start, ms, out)
            out.append(RatingFound(cat, count, pct, ms, me, whole, nested))
            spans.append((ms, me))
        for m in matches(pct_only, folded, p, pct_starts):
            ms = m.start()
            inside = False
            for s, e in spans:
                if s <= ms < e:
                    inside = True
                    break
            if inside or _is_target(doc, ms) or _compared(folded, p.start, ms):
                continue
            pct_text, unit, verb, cat_text = m.groups()
            if not (unit or verb.strip() or _bare_part(folded, p.start, ms, out)):
                continue  # `tăng 5% hoàn thành ...`: a bare percent is a rating only as a part
            cat = lexicon.classify_phrase("rating_category", cat_text)
            if cat is None:
                continue
            out.append(RatingFound(cat, None, parse_decimal(pct_text), ms, m.end()))
        if led_starts:
            _read_category_led(doc, p, led_starts, spans, out)
        if "%" in p.folded:
            _read_category_share(doc, p, out)
    if not out:
        _read_table(doc, out)
    return out


# the cells of a table row copied as text: tabs, a `|`, or three spaces or more between them
_CELL_SEP = pattern_cache.compile(r"\t\s*+|\s*+\|\s*+|\s{3,}")
_TABLE_MARKS = ("\t", "|", "   ")


def _cells(doc: Doc, p: Para) -> list[tuple[int, int]]:
    """The spans of a row's cells, without their white space (read in the text as written:
    folding turns tabs into spaces)."""
    out, at = [], 0
    for m in [*_CELL_SEP.finditer(p.text), None]:
        end = m.start() if m is not None else len(p.text)
        cell = p.text[at:end]
        if cell.strip():
            lead = len(cell) - len(cell.lstrip())
            out.append((p.start + at + lead, p.start + at + len(cell.rstrip())))
        if m is not None:
            at = m.end()
    return out


@cache
def _category_names() -> dict[str, str]:
    """Each category phrase, written alone, to its category (`trung bình, yếu` is none)."""
    return {p: k for k, ps in lexicon.table("rating_category").items() for p in ps}


def _read_table(doc: Doc, out: list[RatingFound]) -> None:
    """A grading table copied as text (`TT | Tổng số CĐCS | Vững mạnh xuất sắc | Vững mạnh |
    Khá | Trung bình, yếu`, then `1 | 52 | 31 | 15 | 4 | 2`): a header row naming two
    categories or more, and one row of counts under it (a column of two lumped categories is
    no rating; several rows, by block or by year, are not read)."""
    folded, paras = doc.folded, doc.paras
    for i, p in enumerate(paras[:-1]):
        if p.kind == "furniture" or not has_any(p.text, _TABLE_MARKS):
            continue
        heads = _cells(doc, p)
        named = _category_names()
        cats = [named.get(" ".join(folded[a:b].split())) for a, b in heads]
        if sum(c is not None for c in cats) < 2:
            continue
        row = _cells(doc, paras[i + 1])
        after = paras[i + 2] if i + 2 < len(paras) else None
        if len(row) != len(heads) or _is_target(doc, p.start):
            continue
        if after is not None and len(_cells(doc, after)) == len(heads):
            continue  # a second row of counts: by block or by year
        for (a, b), cat in zip(row, cats, strict=True):
            count = parse_int(folded[a:b]) if cat is not None else None
            if cat is not None and count is not None:
                out.append(RatingFound(cat, count, None, a, b))
        return


@cache
def _category_share() -> regex.Pattern[str]:
    return lexicon.compile_template(CATEGORY_SHARE)


def _read_category_share(doc: Doc, p: Para, out: list[RatingFound]) -> None:
    """Shares that follow their unit and category (`CĐCS vững mạnh đạt 70%`): percent only."""
    folded = doc.folded
    for m in _category_share().finditer(folded, p.start, p.end, concurrent=False):
        ms = m.start()
        if any(r.start <= ms < r.end for r in out):
            continue
        if _is_target(doc, ms) or _compared(folded, p.start, ms):
            continue
        cat = lexicon.classify_phrase("rating_category", m.group("cat"))
        if cat is not None:
            out.append(RatingFound(cat, None, parse_decimal(m.group("pct")), ms, m.end()))


_CATEGORY_WINDOW = 40


@cache
def _last_chars(lasts: frozenset[str]) -> frozenset[str]:
    return frozenset({w[-1] for w in lasts} | {":"})


def may_follow_category(folded: str, lo: int, s: int, lasts: frozenset[str]) -> bool:
    """Whether the word before the number at `s` (past white space and a colon) is the last
    word of a category: where CATEGORY_BEFORE can match in its window."""
    k = s - 1
    while k >= lo and folded[k] == " ":
        k -= 1
    if k >= lo and folded[k] not in _last_chars(lasts) and not folded[k].isspace():
        return False  # most numbers: `có 52`, `(25`; a colon or odd space goes the long way
    t = folded[max(lo, s - _CATEGORY_WINDOW) : s].rstrip()
    if t.endswith(":"):
        t = t[:-1].rstrip()
    word = t.rsplit(None, 1)
    return bool(word) and word[-1] in lasts


def _grading_list_items(doc: Doc) -> set[int]:
    """Where the items of a list under a grading line start (`Kết quả xếp loại CĐCS năm 2019:`,
    then `+ Vững mạnh xuất sắc: 38 CĐCS (59,4%);` ...): each item is read as grading."""
    return list_items_under(doc, "grading_word")


def _read_category_led(
    doc: Doc, p: Para, starts: list[int], spans: list[tuple[int, int]], out: list[RatingFound]
) -> None:
    """Counts that follow their category (`vững mạnh 48 CĐCS (25,8%)`) in a grading paragraph."""
    led, before, _ = _category_led()
    folded = doc.folded
    for s in starts:
        if any(a <= s < b for a, b in spans):
            continue
        m = led.match(folded, s, min(p.end, s + MATCH_SPAN))  # linear, as in rules
        if m is None:
            continue
        c = before.match(folded, max(p.start, s - _CATEGORY_WINDOW), s)
        if c is None or _is_target(doc, s) or _compared(folded, p.start, s):
            continue
        cat = lexicon.classify_phrase("rating_category", c.group(1))
        count = parse_int(m.group(1))
        if cat is None or count is None:
            continue
        n_den, pct_text = m.group(2), m.group(4)
        pct = parse_decimal(pct_text) if pct_text else None
        whole = parse_int(n_den) if n_den else None
        out.append(RatingFound(cat, count, pct, c.start(), m.end(), whole))


def of_year(doc: Doc, found: list[RatingFound], year: int | None) -> list[RatingFound]:
    """The ratings of the reviewed year: one in a sentence that names only earlier years
    (`Năm 2014, toàn tỉnh có 78,6% CĐCS đạt vững mạnh` in a review of 2015) is left out."""
    if year is None:
        return found
    out = []
    for r in found:
        named = _years_named(sentence_before(doc.folded, r.start))
        if named and max(named) < year:
            continue
        out.append(r)
    return out
