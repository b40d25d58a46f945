"""The span an article's figures cover (contract v1.1 `period`).

Read from what the article says it reviews, in this order:
- a congress, or a report on a term (`Dấu ấn nhiệm kỳ`, `nửa đầu nhiệm kỳ`): the past term
  (`nhiệm kỳ 2018-2023` beside the new `2023-2028`); with only the new term printed, a term
  ending where the new one starts (start unknown);
- a review of several years (`điển hình tiên tiến giai đoạn 2010 - 2015`, `5 năm (2016-2020)`);
- a review of part of a year (`sơ kết 6 tháng đầu năm`, `9 tháng`): that year;
- a school year (`năm học 2021-2022`);
- an annual review: its year.
Anything else (an event, a campaign, a contest) reviews no period: null.
"""

from __future__ import annotations

from dataclasses import dataclass

from unionparse import pattern_cache
from unionparse.extractors.years import is_congress, title_body
from unionparse.text import Doc

_YEAR = r"((?:19|20)\d\d)"
TERM = pattern_cache.compile(
    r"(?<!\w)nhiệm\s+kỳ\s*(?:\(\s*)?(?:[^.;()\d]{0,80}?\(\s*)?"
    + _YEAR
    + r"\s*-\s*"
    + _YEAR
    + r"(?!\d)"
)
# a congress named only as what is celebrated or aimed at is not the article's event
_NOT_THE_CONGRESS = pattern_cache.compile(
    r"(?<!\w)(?:chào\s+mừng|tiến\s+tới|hướng\s+tới|nghị\s+quyết|thực\s+hiện)(?!\w)"
)
# a review of several years, printed as a span
SPAN = pattern_cache.compile(
    r"(?<!\w)(?:giai\s+đoạn|thời\s+kỳ|\d+\s+năm\s*\(?)\s*(?:từ\s+(?:năm\s+)?)?"
    + _YEAR
    + r"\s*(?:-|đến(?:\s+năm)?)\s*"
    + _YEAR
    + r"(?!\d)"
)
# the conference itself is about several years: điển hình tiên tiến, a 5-year review
MULTI_YEAR_EVENT = pattern_cache.compile(
    r"(?<!\w)(?:điển\s+hình\s+tiên\s+tiến|tổng\s+kết\s+(?:\d+|năm|mười)\s+năm|sơ\s+kết\s+(?:\d+|năm|mười)\s+năm)(?!\w)"
)
# a report on a term without a congress in the headline
TERM_REPORT = pattern_cache.compile(
    r"(?<!\w)(?:dấu\s+ấn\s+nhiệm\s+kỳ|nửa\s+(?:đầu\s+)?nhiệm\s+kỳ|giữa\s+nhiệm\s+kỳ|nhìn\s+lại\s+nhiệm\s+kỳ)(?!\w)"
)
# `9 tháng đầu năm`, `6 tháng`, not a date (`ngày 9 tháng 1 năm 2020`)
PART_YEAR = pattern_cache.compile(
    r"(?<!\w)(?<!ngày\s+)(?:(?:6|06|sáu|7|07|bảy|9|09|chín|3|03|ba)\s+tháng(?!\s+\d)(?:\s+đầu\s+năm)?|quý\s+(?:i|ii|iii|1|2|3))(?!\w)"
)
PART_YEAR_REVIEW = pattern_cache.compile(r"(?<!\w)(?:sơ\s+kết|kết\s+quả|đánh\s+giá)(?!\w)")


@dataclass(frozen=True, slots=True)
class PeriodFound:
    kind: str
    start: int | None
    end: int | None
    span: tuple[int, int]  # where the text says it


def _lead(doc: Doc, paras: int = 3) -> list[tuple[int, str]]:
    """The headline and the first body paragraphs: where an article says what it reviews."""
    out = []
    for p in title_body(doc):
        out.append((p.start, p.folded))
        if len(out) > paras:
            break
    return out


def _terms(doc: Doc) -> list[tuple[int, int, int, int]]:
    """Every printed term: (first year, last year, start, end of the span)."""
    out = []
    for p in title_body(doc):
        if "nhiệm" not in p.folded:
            continue
        for m in TERM.finditer(p.folded):
            a, b = int(m.group(1)), int(m.group(2))
            if 0 < b - a <= 6:
                out.append((a, b, p.start + m.start(), p.start + m.end()))
    return out


def term_period(doc: Doc) -> PeriodFound | None:
    """A congress or a report on a term: the past term, else a term ending at the new one."""
    lead = _lead(doc)
    congress = _holds_congress(doc) or any(TERM_REPORT.search(f) for _, f in lead)
    if not congress:
        return None
    terms = _terms(doc)
    if not terms:
        return None
    newest = max(t[0] for t in terms)
    past = [t for t in terms if t[0] < newest]
    if past:
        a, b, s, e = max(past)
        return PeriodFound("term", a, b, (s, e))
    a, b, s, e = terms[0]
    if any(TERM_REPORT.search(f) for _, f in lead):  # a report on the printed term itself
        return PeriodFound("term", a, b, (s, e))
    return PeriodFound("term", None, a, (s, e))


def _holds_congress(doc: Doc) -> bool:
    """The article reports a congress (`Đại hội ... nhiệm kỳ 2023-2028` in its opening), not one
    it greets (`Chào mừng ... tiến tới Đại hội XII`) or whose resolution it carries out."""
    if not is_congress(doc):
        return False
    for _, f in _lead(doc):
        i = f.find("đại hội")
        while i >= 0:
            if not _NOT_THE_CONGRESS.search(f[max(0, i - 40) : i]):
                return True
            i = f.find("đại hội", i + 1)
    return False


def multi_year_period(doc: Doc) -> PeriodFound | None:
    """`Hội nghị điển hình tiên tiến giai đoạn 2010 - 2015`: the years as printed."""
    lead = _lead(doc)
    if not any(MULTI_YEAR_EVENT.search(f) for _, f in lead):
        return None
    for base, f in lead:
        m = SPAN.search(f)
        if m and 0 < int(m.group(2)) - int(m.group(1)) <= 10:
            return PeriodFound(
                "multi_year", int(m.group(1)), int(m.group(2)), (base + m.start(), base + m.end())
            )
    return None


def part_year_span(doc: Doc) -> tuple[int, int] | None:
    """Where the headline or lead says a part of a year is reviewed (`sơ kết 6 tháng`)."""
    for p in title_body(doc)[:3]:
        f = p.folded
        if "tháng" not in f and "quý" not in f:
            continue
        for m in PART_YEAR.finditer(f):
            before = f[max(0, m.start() - 60) : m.start()]
            # `sơ kết công tác 6 tháng`, `9 tháng phát triển 6.218 đoàn viên` (a headline)
            if PART_YEAR_REVIEW.search(before) or (p.kind == "title" and m.start() <= 40):
                return p.start + m.start(), p.start + m.end()
    return None


def period(
    doc: Doc,
    report_year: int | None,
    report_span: tuple[int, int] | None,
    school_year: bool,
    part: tuple[int, int] | None,
) -> PeriodFound | None:
    """The period of the article's figures, given the year it reviews and where the text says
    it reviews part of a year (`part_year_span`, read once by the pipeline)."""
    if report_year is None:
        found = term_period(doc) or multi_year_period(doc)
        if found:
            return found
    if part:
        return PeriodFound("part_year", report_year, report_year, report_span or part)
    if report_year is None or report_span is None:
        return None
    if school_year:
        return PeriodFound("school_year", report_year - 1, report_year, report_span)
    return PeriodFound("year", report_year, report_year, report_span)
