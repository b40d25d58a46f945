"""The year reviewed (report_year) and the year planned (plan_year).

`tổng kết (công tác ...) năm 2022` / `sơ kết 6 tháng đầu năm 2022` give report_year;
`triển khai (phương hướng,) nhiệm vụ năm 2023` gives plan_year; school years count by their
later calendar year (`năm học 2021-2022` -> 2022). A congress over a five-year term has
neither unless the article also reviews a single year. Slogans (`CHÀO MỪNG ... NĂM 2022`)
are not cues.
"""

from __future__ import annotations

from bisect import bisect_left

import regex

from unionparse.found import Found
from unionparse.text import Doc

_GAP = r"(?:(?!triển\s+khai|phương\s+hướng|nhiệm\s+vụ\s+năm|nhiệm\s+kỳ)[^.;\n!?]){0,150}?"
_YEARS = r"năm\s+(?:học\s+)?(?P<y>(?:19|20)\d\d)(?:\s*-\s*(?P<y2>(?:19|20)\d\d))?(?!\d)"
REPORT = regex.compile(
    r"(?<!\w)(?:tổng\s+kết|sơ\s+kết|kiểm\s+điểm|đánh\s+giá\s+kết\s+quả|báo\s+cáo\s+kết\s+quả|nhìn\s+lại)"
    + _GAP
    + _YEARS
)
PLAN = regex.compile(
    r"(?<!\w)(?:triển\s+khai|phương\s+hướng|kế\s+hoạch|định\s+hướng|mục\s+tiêu,\s+nhiệm\s+vụ|nhiệm\s+vụ\s+trọng\s+tâm)"
    r"(?:(?!tổng\s+kết|sơ\s+kết)[^.;\n!?]){0,60}?(?:nhiệm\s+vụ|công\s+tác|hoạt\s+động|chương\s+trình)(?:(?!tổng\s+kết)[^.;\n!?]){0,40}?"
    + _YEARS
)
REVIEW_CUE = regex.compile(r"(?<!\w)(?:tổng\s+kết|sơ\s+kết)(?!\w)")
PLAN_CUE = regex.compile(
    r"(?<!\w)(?:triển\s+khai\s+(?:phương\s+hướng,\s*)?nhiệm\s+vụ|phương\s+hướng,?\s+nhiệm\s+vụ)(?!\w)"
)
CONGRESS = regex.compile(
    r"(?<!\w)đại\s+hội(?:\s+đại\s+biểu)?\s+[^.\n]{0,80}?nhiệm\s+kỳ\s+(?:19|20)\d\d\s*-\s*(?:19|20)\d\d"
)


def _year_found(field: str, m: regex.Match[str], rank: int) -> Found:
    y2 = m.group("y2")
    if y2:
        return Found(field, int(y2), m.start("y"), m.end("y2"), rank)
    return Found(field, int(m.group("y")), m.start("y"), m.end("y"), rank)


# the first word of every cue a REPORT / PLAN match starts with: matches are tried only there
_REPORT_FIRST = ("tổng", "sơ", "kiểm", "đánh", "báo", "nhìn")
_PLAN_FIRST = ("triển", "phương", "kế", "định", "mục", "nhiệm")


# where a `_YEARS` match can start (its look-ahead left out); a literal first: scanned fast
_YEAR_START = regex.compile(r"năm\s+(?:học\s+)?(?:19|20)\d\d")
_STOPS = (".", ";", "\n", "!", "?")  # the gaps of REPORT and PLAN never cross these


def _finditer_at(
    pat: regex.Pattern[str], folded: str, firsts: tuple[str, ...], start: int, end: int
):
    """`pat.finditer(folded, start, end)` for REPORT or PLAN, tried only where one of their cue
    words `firsts` starts and a year follows in the same sentence (same matches, same order)."""
    years = [m.start() for m in _YEAR_START.finditer(folded, start, end)]
    if not years:
        return
    starts = []
    for w in firsts:
        i = folded.find(w, start, years[-1])
        while i >= 0:
            starts.append(i)
            i = folded.find(w, i + 1, years[-1])
    starts.sort()
    last = -1
    for i in starts:
        if i < last:
            continue
        gap = folded[i : years[bisect_left(years, i)]]
        if any(c in gap for c in _STOPS):
            continue
        m = pat.match(folded, i, end)
        if m:
            last = m.end()
            yield m


def _scan(doc: Doc, pat: regex.Pattern[str], firsts: tuple[str, ...], field: str) -> list[Found]:
    out = []
    for p in doc.paras:
        if p.kind not in ("title", "body") or "năm" not in p.folded:  # every match ends in a year
            continue
        rank = 5 if p.kind == "title" else 4
        for m in _finditer_at(pat, doc.folded, firsts, p.start, p.end):
            out.append(_year_found(field, m, rank))
    return out


def report_years(doc: Doc) -> list[Found]:
    return _scan(doc, REPORT, _REPORT_FIRST, "report_year")


def plan_years(doc: Doc) -> list[Found]:
    return _scan(doc, PLAN, _PLAN_FIRST, "plan_year")


def year_mention(doc: Doc, year: int) -> Found | None:
    """`năm 2012, công đoàn các cơ sở đã ...`: the reviewed year named in the body."""
    digits = str(year)
    pat = regex.compile(r"năm(?<!\wnăm)\s+" + digits + r"(?!\d)")  # a literal first: scanned fast
    for p in doc.body:
        m = pat.search(doc.folded, p.start, p.end) if digits in p.folded else None
        if m:
            return Found("report_year", year, m.end() - 4, m.end(), 1)
    return None


def _any(
    doc: Doc, pat: regex.Pattern[str], needles: tuple[str, ...], paras: int | None = None
) -> bool:
    """`pat` in a title or body paragraph (of the first `paras`) holding every needle."""
    return any(
        pat.search(p.folded)
        for p in doc.paras[:paras]
        if p.kind in ("title", "body") and all(n in p.folded for n in needles)
    )


def is_review(doc: Doc) -> bool:
    """An annual review (tổng kết / triển khai nhiệm vụ), whose years follow one another."""
    return _any(doc, REVIEW_CUE, ("kết",))


def has_plan_cue(doc: Doc) -> bool:
    return _any(doc, PLAN_CUE, ("nhiệm",))


def is_congress(doc: Doc) -> bool:
    return _any(doc, CONGRESS, ("đại", "nhiệm"), 4)


MID_YEAR = regex.compile(r"(?<!\w)sơ\s+kết[^.;\n]{0,40}?(?<!\w)(?:6|sáu|06)\s+tháng")


def is_mid_year(doc: Doc) -> bool:
    return _any(doc, MID_YEAR, ("sơ", "tháng"))
