"""The year reviewed (report_year) and the year planned (plan_year).

`tổng kết (công tác ...) năm 2022` / `sơ kết 6 tháng đầu năm 2022` give report_year;
`triển khai (phương hướng,) nhiệm vụ năm 2023` gives plan_year; school years count by their
later calendar year (`năm học 2021-2022` -> 2022). A congress over a five-year term has
neither unless the article also reviews a single year. Slogans (`CHÀO MỪNG ... NĂM 2022`)
are not cues.
"""

from __future__ import annotations

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


def _scan(doc: Doc, pat: regex.Pattern[str], field: str) -> list[Found]:
    out = []
    for p in doc.paras:
        if p.kind not in ("title", "body"):
            continue
        rank = 5 if p.kind == "title" else 4
        for m in pat.finditer(doc.folded, p.start, p.end):
            out.append(_year_found(field, m, rank))
    return out


def report_years(doc: Doc) -> list[Found]:
    return _scan(doc, REPORT, "report_year")


def plan_years(doc: Doc) -> list[Found]:
    return _scan(doc, PLAN, "plan_year")


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
    return any(REVIEW_CUE.search(p.folded) for p in doc.paras if p.kind in ("title", "body"))


def has_plan_cue(doc: Doc) -> bool:
    return any(PLAN_CUE.search(p.folded) for p in doc.paras if p.kind in ("title", "body"))


def is_congress(doc: Doc) -> bool:
    return any(CONGRESS.search(p.folded) for p in doc.paras[:4] if p.kind in ("title", "body"))


MID_YEAR = regex.compile(r"(?<!\w)sơ\s+kết[^.;\n]{0,40}?(?<!\w)(?:6|sáu|06)\s+tháng")


def is_mid_year(doc: Doc) -> bool:
    return any(MID_YEAR.search(p.folded) for p in doc.paras if p.kind in ("title", "body"))
