"""The article's own timestamp (published) and the conference day (event_date).

Published comes only from the header lines (`04:01, 22/01/2021`, `09:01 | 11/01/2019`,
`Thứ Tư, ngày 21/12/2022 - 16:42`, ` date 2023-12`, `Cập nhật ngày: 04/03/2024 | 08:15 GMT+7`);
a header date far after every year the article speaks of is the day the page was saved.
The event is the first dated sentence of the body introduced by a time of day or `ngày`
(`Sáng nay 22/1`, `Chiều 20/12`, `Ngày 14-2-2020`, `ngày 9 tháng 3 năm 2021`,
`ngày 12 và 13-7-2022`, `(12-13/7/2022)`), its year inferred when it is not written.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import regex

from unionparse import lexicon, pattern_cache
from unionparse.dates import PartialDate, full_year, valid
from unionparse.extractors.common import starts_of
from unionparse.extractors.rules import MATCH_SPAN
from unionparse.extractors.years import title_body
from unionparse.found import Found
from unionparse.numbers import digits_value
from unionparse.text import PAGE_TOP, Doc, Para

_ISO = pattern_cache.compile(
    r"(?<![\d/.-])(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)(?:-(?P<d>[0-3]?\d))?(?![\d])(?:[t\s]+(?P<H>[0-2]?\d):(?P<M>[0-5]\d))?"
)
# a year standing alone: `(?<!\d)(?:19[5-9]\d|20\d\d)(?!\d)`, written as two patterns that start
# with a literal (scanned fast) and look back past it
_YEARS = (
    pattern_cache.compile(r"19(?<!\d19)[5-9]\d(?!\d)"),
    pattern_cache.compile(r"20(?<!\d20)\d\d(?!\d)"),
)


def _years(folded: str) -> list[int]:
    """Every year the text names, in no particular order."""
    return [
        int(y) for pat in _YEARS for y in pat.findall(folded, concurrent=False) if y.isdecimal()
    ]


# `trước 15/1`, `đến 30/6`: a deadline or a span's end, not the day of the conference
_NOT_THE_DAY = pattern_cache.compile(r"(?:trước|sau|đến|từ|hạn)\s*$")
# ... unless the span's end follows: `từ sáng nay 14/9 đến 16/9` starts on the 14th
_RANGE_END = pattern_cache.compile(
    r"\s*(?:đến|tới|-)\s*(?:(?:sáng|chiều|hết)\s+)?(?:ngày\s+)?\d{1,2}[/.-]\d{1,2}"
)
# a document's number just before its date: `Kế hoạch số 102/KH-LĐLĐ ngày ...`, `số 45/QĐ-CĐ ngày`
_DOCUMENT_NUMBER = pattern_cache.compile(r"\d+/[\w.-]*\p{L}[\w.-]*\s*,?\s*$")


_DIGIT = pattern_cache.compile(r"\d")


def _is_digit(c: str) -> bool:
    r"""`regex`'s `\d` (str.isdigit agrees with it on ascii; beyond, its Unicode may be newer)."""
    return c.isdigit() if c.isascii() else _DIGIT.match(c) is not None


def _names_year(folded: str, year: int) -> bool:
    """Whether `year` is one of :func:`_years` of the text, found from its digits: where they
    stand, a `_YEARS` pattern matches when the year is in its range (1950-2099) and no digit
    stands right before or after them."""
    if not 1950 <= year <= 2099:
        return False
    digits = str(year)
    i = folded.find(digits)
    n = len(folded)
    while i >= 0:
        if not (i and _is_digit(folded[i - 1])) and not (i + 4 < n and _is_digit(folded[i + 4])):
            return True
        i = folded.find(digits, i + 1)
    return False


@cache
def _published_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], tuple[int, ...]]:
    """`dmy` and `time`, with the group numbers read here (`regex` reads a name slowly)."""
    dmy = lexicon.compile_template(r"<<dmy>>")
    time = lexicon.compile_template(r"<<time>>")
    names = (("d", "m", "y"), ("H", "M", "S", "half"), ("y", "m", "d", "H", "M"))
    ix = (dmy.groupindex, time.groupindex, _ISO.groupindex)
    return dmy, time, tuple(g[n] for g, ns in zip(ix, names, strict=True) for n in ns)


def _clock(hour: int, half: str | None) -> int:
    """The hour on a 24-hour clock: `3:47 CH` (chiều, PM) is 15:47, `12:05 SA` (AM) is 0:05."""
    if half in ("ch", "pm") and hour < 12:
        return hour + 12
    if half in ("sa", "am") and hour == 12:
        return 0
    return hour


def _values(m: regex.Match[str], groups: tuple[int, ...]) -> list[int | None] | None:
    """The groups' values (None where a group took no part); None when one of them holds
    digits Python has no value for (see numbers.digits_value): the match is not read."""
    out: list[int | None] = []
    for g in groups:
        t = m.group(g)
        v = digits_value(t)
        if t and v is None:
            return None
        out.append(v)
    return out


# a source line closing the article: `(Theo VP Công đoàn TCT, ngày 5-8-2013)`
_SOURCE_LINE = pattern_cache.compile(
    r"^\(?\s*theo\s+[^()\n]{2,80}?,\s*(?:ngày\s+)?(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})\s*\)?\s*$"
)


def published(doc: Doc) -> tuple[PartialDate, Found] | None:
    """The header's timestamp, else one printed at the article's foot, else the date of a
    closing source line."""
    return _header_published(doc) or _foot_published(doc) or _source_line_published(doc)


def _foot_published(doc: Doc) -> tuple[PartialDate, Found] | None:
    """`Ngày đăng: 31/12/2015 | Lượt xem: 1.024`, `Thanh Hải | 15/01/2020 07:30`: the page's
    timestamp under the last paragraph, labelled or beside the byline (one of the last three
    short lines before the page's furniture)."""
    lines = 0
    for p in reversed(doc.paras):
        if p.kind == "furniture":
            continue
        if p.kind != "caption" or lines >= 3:
            return None
        lines += 1
        f = p.folded
        if p.end - p.start > 100 or not (
            "|" in f or lexicon.has_phrase(f, lexicon.words("published_label"))
        ):
            continue
        found = _line_date(doc, p)
        if found is not None:
            pd, s, e = found
            return pd, Found("published", pd.iso(), s, e, 4)
    return None


def _source_line_published(doc: Doc) -> tuple[PartialDate, Found] | None:
    for p in doc.paras[-6:]:
        if "theo" not in p.folded:
            continue
        m = _SOURCE_LINE.match(p.folded.strip())
        if m is None:
            continue
        d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
        if valid(y, mo, d):
            lead = len(p.folded) - len(p.folded.lstrip())
            s, e = p.start + lead + m.start("d"), p.start + lead + m.end("y")
            pd = PartialDate(d, mo, y)
            return pd, Found("published", pd.iso(), s, e, 4)
    return None


def _header_published(doc: Doc) -> tuple[PartialDate, Found] | None:
    """The first dated header line of the page's top, preferring one under the headline: a
    site prints today's date above its headlines (`Thứ Năm, 17/04/2025`), its CMS the article's
    time under them (`20/07/2021 09:12 GMT+7`). A date after `Hôm nay` is never the article's."""
    title = next((i for i, p in enumerate(doc.paras[:PAGE_TOP]) if p.kind == "title"), None)
    first = None
    for i, got in _header_dates(doc):
        if title is not None and i > title:
            return got
        first = first or got
    return first


def _header_dates(doc: Doc) -> Iterator[tuple[int, tuple[PartialDate, Found]]]:
    """(paragraph index, date) of every header line in the page's top that dates the article."""
    years: list[int] | None = None
    folded = doc.folded
    for i, p in enumerate(doc.paras[:PAGE_TOP]):
        if p.kind != "header":
            continue
        found = _line_date(doc, p)
        if found is None:
            continue
        pd, s, e = found
        # the header's year, or the one before it, is named elsewhere: the header is not far
        # after every year the article speaks of
        named_again = pd.year is not None and folded.count(str(pd.year)) > 1
        if not (pd.year and (named_again or _names_year(folded, pd.year - 1))):
            if years is None:
                years = _years(folded)
            body_years = [y for y in years if y != pd.year]
            if body_years and pd.year and pd.year > max(body_years) + 1:
                continue  # the day the page was saved, not the article's date
        yield i, (pd, Found("published", pd.iso(), s, e, 5))


def _line_date(doc: Doc, p: Para) -> tuple[PartialDate, int, int] | None:
    """The date (and time) a dated line gives, with its span; None for a date of today."""
    dmy, time, (gd, gm, gy, tH, tM, tS, half, iy, im, id_, iH, iM) = _published_patterns()
    folded = doc.folded
    found: tuple[PartialDate, int, int] | None = None
    for m in dmy.finditer(folded, p.start, p.end, concurrent=False):
        y = full_year(m.group(gy))
        d, mo = digits_value(m.group(gd)), digits_value(m.group(gm))
        if y and d is not None and mo is not None and valid(y, mo, d):
            found = (PartialDate(d, mo, y), m.start(), m.end())
            break
    if found is None:
        m = _ISO.search(folded, p.start, p.end, concurrent=False)
        iso = _values(m, (id_, im, iy, iH, iM)) if m else None
        if m and iso:
            d, mo, yy, hh, mm = iso
            if mo is not None and yy is not None and 1 <= mo <= 12:
                if d is None or valid(yy, mo, d):
                    pd = PartialDate(d, mo, yy)
                    if hh is not None and mm is not None and d is not None:
                        pd.hour, pd.minute = hh, mm
                    found = (pd, m.start(), m.end())
    if found is None:
        found = _english_date(folded, p)
    if found is None:
        return None
    pd, s, e = found
    if lexicon.has_phrase(folded[p.start : s], lexicon.words("today_cue")):
        return None  # the site's date of today
    if pd.hour is None and pd.day is not None:
        tm = time.search(folded, p.start, p.end, concurrent=False)
        hms = _values(tm, (tH, tM, tS)) if tm else None
        if tm and hms:
            pd.hour, pd.minute, pd.second = _clock(hms[0], tm.group(half)), hms[1], hms[2]  # type: ignore[arg-type]
            s, e = min(s, tm.start()), max(e, tm.end())
    return pd, s, e


# a national site's English timestamp: `Friday, October 12, 2012 2:30 PM`
_ENGLISH_DATE = lexicon.compile_template(
    r"(?<!\w)(?P<mon><<english_month>>)\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})(?!\d)"
)


def _english_date(folded: str, p: Para) -> tuple[PartialDate, int, int] | None:
    m = (
        _ENGLISH_DATE.search(folded, p.start, p.end, concurrent=False)
        if p.end - p.start < 80
        else None
    )
    if m is None:
        return None
    months = lexicon.words("english_month")
    mo = months.index(m.group("mon")) % 12 + 1
    d, y = int(m.group("d")), int(m.group("y"))
    return (PartialDate(d, mo, y), m.start(), m.end()) if valid(y, mo, d) else None


@cache
def _event_patterns() -> tuple[tuple[regex.Pattern[str], tuple[str, ...], tuple[int, ...]], ...]:
    """The event date patterns in the order they are tried, each with the words (or bracket)
    its matches start with, and the group numbers of `d`, `m`, `y`, `date` (shared by all)."""
    cue = lexicon.compile_template(
        r"(?<!\w)(?:(?:<<day_part>>)(?:\s+(?:<<relative_day>>))?(?:\s*,?\s*(?:<<weekday>>))?\s*,?\s*(?:ngày\s+)?|ngày\s+|hôm\s+)"
        r"(?P<date><<dmy_words>>|<<day_range>>|<<dmy>>)"
    )
    words_only = lexicon.compile_template(r"(?<!\w)(?P<date><<dmy_words>>)")
    # `(12-13/7/2022)`: a date in brackets, after the cue-led forms; an anniversary span
    # `(28/7/1929 - 28/7/2019)` is not a day
    paren = lexicon.compile_template(r"\(\s*(?P<date><<day_range>>|<<dmy>>)\s*\)")
    cue_words = tuple(sorted({w.split()[0] for w in lexicon.words("day_part")} | {"ngày", "hôm"}))
    return tuple(
        (pat, words, tuple(pat.groupindex[n] for n in ("d", "m", "y", "date")))
        for pat, words in ((cue, cue_words), (words_only, ("ngày",)), (paren, ("(",)))
    )


def _matches(
    pat: regex.Pattern[str], words: tuple[str, ...], p: Para, folded: str
) -> Iterator[regex.Match[str]]:
    """`pat.finditer` over the paragraph, for a pattern whose matches start with one of
    `words`: tried only where one of them stands (a scan costs far more)."""
    starts = starts_of(p.folded, words)
    if not starts:
        return
    last = 0
    base, end = p.start, p.end
    for i in starts:
        if i < last:
            continue
        m = pat.match(folded, base + i, min(end, base + i + MATCH_SPAN))  # linear, as in rules
        if m is not None:
            yield m
            last = m.end() - base


def event(doc: Doc) -> tuple[PartialDate, int, int] | None:
    """The first cue-led date of the opening body paragraphs (year may be missing)."""
    pats = _event_patterns()
    folded = doc.folded
    for p in title_body(doc)[:6]:
        if p.kind == "title":
            continue
        for pat, words, (gd, gm, gy, gdate) in pats:
            for m in _matches(pat, words, p, folded):
                d, mo = digits_value(m.group(gd)), digits_value(m.group(gm))
                y = full_year(m.group(gy))
                if d is None or mo is None or not (1 <= mo <= 12 and 1 <= d <= 31):
                    continue
                lead = folded[max(p.start, m.start() - 40) : m.start()]
                if _DOCUMENT_NUMBER.search(lead):
                    continue  # `Kế hoạch số 102/KH-LĐLĐ ngày 20/8/2021`: the document's date
                if _NOT_THE_DAY.search(lead[-12:]) and not _RANGE_END.match(folded, m.end()):
                    continue
                return PartialDate(d, mo, y), m.start(gdate), m.end(gdate)
    return None
