"""The year reviewed (report_year) and the year planned (plan_year).

`tổng kết (công tác ...) năm 2022` / `sơ kết 6 tháng đầu năm 2022` give report_year;
`triển khai (phương hướng,) nhiệm vụ năm 2023` gives plan_year; school years count by their
later calendar year (`năm học 2021-2022` -> 2022). A congress over a five-year term has
neither unless the article also reviews a single year. Slogans (`CHÀO MỪNG ... NĂM 2022`)
are not cues.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import regex

from unionparse.found import Found
from unionparse.text import Doc, Para

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


# the words a REPORT / PLAN match starts with (after its look-behind): the patterns are tried
# only where one of them stands
_REPORT_FIRST = ("tổng", "sơ", "kiểm", "đánh", "báo", "nhìn")
_PLAN_FIRST = ("triển", "phương", "kế", "định", "mục", "nhiệm")
# words a gap before the year cannot hold (single-spaced: then `\s+` surely matches them)
_REPORT_BAR = ("triển khai", "phương hướng", "nhiệm vụ năm", "nhiệm kỳ")
_PLAN_BAR = ("tổng kết",)
# a PLAN match names the work planned (`nhiệm vụ`, `công tác`, ...) after its first word
_PLAN_MID = ("nhiệm", "công", "hoạt", "chương")


def _title_body(doc: Doc) -> list[Para]:
    """The title and body paragraphs, listed once per article for every helper here."""
    got = doc.memo.get("years.title_body")
    if got is None:
        got = doc.memo["years.title_body"] = [p for p in doc.paras if p.kind in ("title", "body")]
    return got  # type: ignore[return-value]


def _year_follows(f: str, k: int) -> bool:
    r"""Whether `\s+(?:học\s+)?(?:19|20)\d\d(?!\d)` may match at `k` (white space read as
    `str.isspace` reads it, which takes in all of `\s`)."""
    n = len(f)
    if k >= n or not f[k].isspace():
        return False
    while k < n and f[k].isspace():
        k += 1
    if f.startswith("học", k):
        k += 3
        if k >= n or not f[k].isspace():
            return False
        while k < n and f[k].isspace():
            k += 1
    digits = f[k + 2 : k + 4]
    return (
        f.startswith(("19", "20"), k)
        and len(digits) == 2
        and digits.isdecimal()
        and (k + 4 == n or not f[k + 4].isdecimal())
    )


_YearText = tuple[str, list[int], list[Para], list[int]]


def _year_text(doc: Doc) -> _YearText:
    """The title and body paragraphs holding `năm`, joined by `.` (a sentence stop, which no
    gap before a year crosses, and no white space), with the offset of each paragraph in the
    joined text and the offsets of each `năm` a year follows (`năm 2022`, `năm học 2021-2022`):
    read once for report and plan years, a few `str.find` calls over the whole instead of
    several per paragraph."""
    got = doc.memo.get("years.year_text")
    if got is None:
        paras = [p for p in _title_body(doc) if "năm" in p.folded]
        bases = []
        n = 0
        for p in paras:
            bases.append(n)
            n += len(p.folded) + 1
        joined = ".".join(p.folded for p in paras)
        at = []
        j = joined.find("năm")
        while j >= 0:
            if _year_follows(joined, j + 3):
                at.append(j)
            j = joined.find("năm", j + 3)
        got = doc.memo["years.year_text"] = (joined, bases, paras, at)
    return got  # type: ignore[return-value]


def _scan(
    doc: Doc,
    pat: regex.Pattern[str],
    firsts: tuple[str, ...],
    bars: tuple[str, ...],
    mids: tuple[str, ...],
    field: str,
) -> list[Found]:
    """`pat.finditer` over each paragraph, tried only at the offsets where a match can start:
    one of `firsts` not inside a word, with a year after it in its paragraph before any
    sentence stop and none of `bars` between, and one of `mids` (when given) after its first
    word."""
    joined, bases, paras, at = _year_text(doc)
    if not at:
        return []
    starts = []
    for w in firsts:
        i = joined.find(w)
        while i >= 0:
            starts.append(i)
            i = joined.find(w, i + 1)
    out: list[Found] = []
    if not starts:
        return out
    starts.sort()
    folded = doc.folded
    last = 0
    for i in starts:
        if i < last or (i and joined[i - 1].isalpha()):
            continue
        k = bisect_left(at, i)
        if k == len(at):
            break
        j = at[k]
        gap = joined[i:j]
        if "." in gap or ";" in gap or "!" in gap or "?" in gap or _holds(gap, bars):
            continue
        if mids and not _holds(joined[i + 2 : j], mids):
            continue
        k = bisect_right(bases, i) - 1
        p, base = paras[k], bases[k]
        m = pat.match(folded, p.start + i - base, p.end)
        if m is not None:
            out.append(_year_found(field, m, 5 if p.kind == "title" else 4))
            last = base + m.end() - p.start
    return out


def _holds(s: str, words: tuple[str, ...]) -> bool:
    for w in words:
        if w in s:
            return True
    return False


def report_years(doc: Doc) -> list[Found]:
    return _scan(doc, REPORT, _REPORT_FIRST, _REPORT_BAR, (), "report_year")


def plan_years(doc: Doc) -> list[Found]:
    return _scan(doc, PLAN, _PLAN_FIRST, _PLAN_BAR, _PLAN_MID, "plan_year")


def year_mention(doc: Doc, year: int) -> Found | None:
    """`năm 2012, công đoàn các cơ sở đã ...`: the reviewed year named in the body."""
    digits = str(year)
    pat = regex.compile(r"năm(?<!\wnăm)\s+" + digits + r"(?!\d)")  # a literal first: scanned fast
    for p in doc.body:
        m = pat.search(doc.folded, p.start, p.end) if digits in p.folded else None
        if m:
            return Found("report_year", year, m.end() - 4, m.end(), 1)
    return None


def is_review(doc: Doc) -> bool:
    """An annual review (tổng kết / triển khai nhiệm vụ), whose years follow one another."""
    return any(
        "kết" in (f := p.folded) and ("tổng" in f or "sơ" in f) and REVIEW_CUE.search(f)
        for p in _title_body(doc)
    )


def has_plan_cue(doc: Doc) -> bool:
    return any(
        "nhiệm" in (f := p.folded) and ("triển" in f or "phương" in f) and PLAN_CUE.search(f)
        for p in _title_body(doc)
    )


def is_congress(doc: Doc) -> bool:
    return any(
        "nhiệm" in (f := p.folded) and "đại" in f and CONGRESS.search(f)
        for p in doc.paras[:4]
        if p.kind in ("title", "body")
    )


MID_YEAR = regex.compile(r"(?<!\w)sơ\s+kết[^.;\n]{0,40}?(?<!\w)(?:6|sáu|06)\s+tháng")


def is_mid_year(doc: Doc) -> bool:
    return any(
        "sơ" in (f := p.folded) and "tháng" in f and MID_YEAR.search(f) for p in _title_body(doc)
    )
