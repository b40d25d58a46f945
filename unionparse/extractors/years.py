"""The year reviewed (report_year) and the year planned (plan_year).

`tổng kết (công tác ...) năm 2022` / `sơ kết 6 tháng đầu năm 2022` give report_year;
`triển khai (phương hướng,) nhiệm vụ năm 2023` gives plan_year; school years count by their
later calendar year (`năm học 2021-2022` -> 2022). A congress over a five-year term has
neither unless the article also reviews a single year. Slogans (`CHÀO MỪNG ... NĂM 2022`)
are not cues.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import regex

from unionparse import lexicon, pattern_cache
from unionparse.extractors.common import starts_of
from unionparse.found import Found
from unionparse.text import Doc, Para, has_any

# a campaign, contest or programme reviewed is no year's review (`tổng kết Tháng Công nhân năm 2017`)
_CAMPAIGN = r"tháng\s+công\s+nhân|tháng\s+hành\s+động|tết|hội\s+thi|cuộc\s+thi|giải\s|hội\s+diễn|hội\s+thao|liên\s+hoan|chương\s+trình"
_GAP = (
    r"(?:(?!triển\s+khai|phương\s+hướng|bàn\s+nhiệm\s+vụ|nhiệm\s+vụ\s+năm|nhiệm\s+kỳ|"
    + _CAMPAIGN
    + r")[^.;\n!?]){0,150}?"
)
_YEARS = r"năm\s+(?:học\s+)?(?P<y>(?:19|20)\d\d)(?:\s*-\s*(?P<y2>(?:19|20)\d\d))?(?!\d)"
REPORT = pattern_cache.compile(
    r"(?<!\w)(?:tổng\s+kết|sơ\s+kết|kiểm\s+điểm|đánh\s+giá(?:\s+kết\s+quả)?\s+(?:công\s+tác|hoạt\s+động)|đánh\s+giá\s+kết\s+quả|báo\s+cáo\s+kết\s+quả|nhìn\s+lại)"
    + _GAP
    + _YEARS
)
PLAN = pattern_cache.compile(
    r"(?<!\w)(?:triển\s+khai|phương\s+hướng|kế\s+hoạch|định\s+hướng|mục\s+tiêu,\s+nhiệm\s+vụ|nhiệm\s+vụ\s+trọng\s+tâm|bàn)"
    r"(?:(?!tổng\s+kết|sơ\s+kết)[^.;\n!?]){0,60}?(?:nhiệm\s+vụ|công\s+tác|hoạt\s+động|chương\s+trình|phương\s+hướng)(?:(?!tổng\s+kết)[^.;\n!?]){0,40}?"
    + _YEARS
)
REVIEW_CUE = pattern_cache.compile(r"(?<!\w)(?:tổng\s+kết|sơ\s+kết)(?!\w)")
PLAN_CUE = pattern_cache.compile(
    r"(?<!\w)(?:triển\s+khai\s+(?:phương\s+hướng,\s*)?nhiệm\s+vụ|phương\s+hướng,?\s+nhiệm\s+vụ)(?!\w)"
)
# what a part-year review plans: the rest of its year (`những tháng cuối năm`, `các tháng còn lại`)
REST_OF_YEAR = pattern_cache.compile(
    r"(?<!\w)(?:(?:những|các)\s+tháng\s+(?:cuối|còn\s+lại)|\d+\s+tháng\s+cuối)(?:\s+(?:của\s+)?năm)?(?!\w)"
)
CONGRESS = pattern_cache.compile(
    r"(?<!\w)đại\s+hội(?:\s+đại\s+biểu)?\s+[^.\n]{0,80}?nhiệm\s+kỳ\s+(?:19|20)\d\d\s*-\s*(?:19|20)\d\d"
)


# group numbers: `regex` reads a group name slowly
_Y, _Y2 = REPORT.groupindex["y"], REPORT.groupindex["y2"]
assert (_Y, _Y2) == (PLAN.groupindex["y"], PLAN.groupindex["y2"])


# the same patterns for stdlib `re`, about half the cost per match (used where they agree)
_FAST = {REPORT: re.compile(REPORT.pattern), PLAN: re.compile(PLAN.pattern)}


def _year_found(field: str, m: regex.Match[str] | re.Match[str], rank: int) -> Found:
    y2 = m.group(_Y2)
    if y2:
        return Found(field, int(y2), m.start(_Y), m.end(_Y2), rank)
    return Found(field, int(m.group(_Y)), m.start(_Y), m.end(_Y), rank)


# the words a REPORT / PLAN match starts with (after its look-behind): the patterns are tried
# only where one of them stands
_REPORT_FIRST = ("tổng", "sơ", "kiểm", "đánh", "báo", "nhìn")
_PLAN_FIRST = ("triển", "phương", "kế", "định", "mục", "nhiệm", "bàn")
# words a gap before the year cannot hold (single-spaced: then `\s+` surely matches them)
_REPORT_BAR = ("triển khai", "phương hướng", "bàn nhiệm vụ", "nhiệm vụ năm", "nhiệm kỳ")
_PLAN_BAR = ("tổng kết",)
# a PLAN match names the work planned (`nhiệm vụ`, `công tác`, ...) after its first word
_PLAN_MID = ("nhiệm", "công", "hoạt", "chương", "phương")

# where `năm\s+(?:học\s+)?(?:19|20)\d\d(?!\d)` may match: stdlib `re` reads `\s` as
# str.isspace (all of `regex`'s `\s` and \x1c-\x1f) and `\d` as `regex` does
_YEAR_AT = re.compile(r"năm\s+(?:học\s+)?(?:19|20)\d\d(?!\d)")


def title_body(doc: Doc) -> list[Para]:
    """The title and body paragraphs, listed once per article for every helper here."""
    got = doc.memo.get("years.title_body")
    if got is None:
        got = doc.memo["years.title_body"] = [p for p in doc.paras if p.kind in ("title", "body")]
    return got  # type: ignore[return-value]


_YearText = tuple[str, list[int], list[Para], list[tuple[int, int, str]], bool]


def _year_text(doc: Doc) -> _YearText:
    """The title and body paragraphs joined by `.` (a sentence stop, which none of the patterns
    here crosses, and no white space nor word character, so look-arounds at a paragraph's ends
    read as they do on the paragraph alone), with the offset of each paragraph in the joined
    text and, for each `năm` a year may follow (`năm 2022`, `năm học 2021-2022`), the stretch
    of text before it back to the last sentence stop or `năm`: a REPORT / PLAN match ends at
    the first year after its start, with no stop between, so it starts in one of these
    stretches. Read once per article."""
    got = doc.memo.get("years.year_text")
    if got is None:
        paras = title_body(doc)
        bases = []
        n = 0
        for p in paras:
            bases.append(n)
            n += len(p.folded) + 1
        joined = ".".join([p.folded for p in paras])
        stretches = []
        lo = 0
        for m in _YEAR_AT.finditer(joined):
            j = m.start()
            seg = joined[lo:j]
            cut = max(seg.rfind("."), seg.rfind(";"), seg.rfind("!"), seg.rfind("?")) + 1
            stretches.append((lo + cut, j, seg[cut:] if cut else seg))
            lo = j + 3
        # `re` and `regex` read `\s` alike but for \x1c-\x1f
        same_s = not ("\x1c" in joined or "\x1d" in joined or "\x1e" in joined or "\x1f" in joined)
        got = doc.memo["years.year_text"] = (joined, bases, paras, stretches, same_s)
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
    one of `firsts` not inside a word, in a stretch before a year (see `_year_text`) with
    none of `bars` between it and the year, and one of `mids` (when given) after its first
    word."""
    joined, bases, paras, stretches, same_s = _year_text(doc)
    fast = _FAST[pat] if same_s else None
    out: list[Found] = []
    folded = doc.folded
    last = 0
    for lo, j, seg in stretches:
        # most stretches hold none of the words: an `in` test per word costs far less than the
        # str.find call starts_of makes for it
        present = [w for w in firsts if w in seg]
        if not present:
            continue
        for i in starts_of(seg, tuple(present)):
            i += lo
            if i < last or (i and joined[i - 1].isalpha()):
                continue
            gap = joined[i:j]
            if has_any(gap, bars) or (mids and not has_any(joined[i + 2 : j], mids)):
                continue
            q = bisect_right(bases, i) - 1
            p, base = paras[q], bases[q]
            # stdlib `re` matches as `regex` does where they read `\s` alike and the character
            # before the start is no word character to either (ascii or white space)
            if fast is not None and (not i or (c := joined[i - 1]).isascii() or c.isspace()):
                m = fast.match(folded, p.start + i - base, p.end)
            else:
                m = pat.match(folded, p.start + i - base, p.end)
            if m is not None:
                out.append(_year_found(field, m, 5 if p.kind == "title" else 4))
                last = base + m.end() - p.start
    return out


def report_years(doc: Doc) -> list[Found]:
    return _scan(doc, REPORT, _REPORT_FIRST, _REPORT_BAR, (), "report_year")


def plan_years(doc: Doc) -> list[Found]:
    return _scan(doc, PLAN, _PLAN_FIRST, _PLAN_BAR, _PLAN_MID, "plan_year")


def year_mention(doc: Doc, year: int) -> Found | None:
    """`năm 2012, công đoàn các cơ sở đã ...`: the reviewed year named in the body."""
    digits = str(year)
    pat = regex.compile(r"năm(?<!\wnăm)\s+" + digits + r"(?!\d)")  # a literal first: scanned fast
    for p in doc.body:
        m = pat.search(doc.folded, p.start, p.end, concurrent=False) if digits in p.folded else None
        if m:
            return Found("report_year", year, m.end() - 4, m.end(), 1)
    return None


def same_year_report(plan: Found) -> Found:
    """A mid-year review planning the rest of year N (`6 tháng cuối năm 2013`) reviews the first
    part of N: the year the plan names."""
    return Found("report_year", plan.value, plan.start, plan.end, plan.rank)


def _any_at(doc: Doc, pat: regex.Pattern[str], firsts: tuple[str, ...]) -> bool:
    r"""Whether `pat` (which starts with `(?<!\w)` and one of `firsts`, and crosses no `.`)
    matches in a title or body paragraph: tried where one of `firsts` stands in the joined
    text, as a search of each paragraph would find it."""
    joined = _year_text(doc)[0]
    find = joined.find
    for w in firsts:
        i = find(w)
        while i >= 0:
            if pat.match(joined, i):
                return True
            i = find(w, i + 1)
    return False


def is_review(doc: Doc) -> bool:
    """An annual review (tổng kết / triển khai nhiệm vụ), whose years follow one another."""
    return _any_at(doc, REVIEW_CUE, ("tổng", "sơ"))


def has_plan_cue(doc: Doc) -> bool:
    return _any_at(doc, PLAN_CUE, ("triển", "phương"))


def plans_rest_of_year(doc: Doc) -> bool:
    """A part-year review that plans the rest of the year, in any words."""
    return has_plan_cue(doc) or _any_at(doc, REST_OF_YEAR, ("những", "các", *"0123456789"))


def is_congress(doc: Doc) -> bool:
    """A congress in the first four paragraphs of the article's own text (headline and body:
    the page's menus and banners above them do not push the lead out of reach)."""
    for p in title_body(doc)[:4]:
        f = p.folded
        if "nhiệm" in f and "đại" in f and CONGRESS.search(f):
            return True
    return False


MID_YEAR = pattern_cache.compile(r"(?<!\w)sơ\s+kết[^.;\n]{0,40}?(?<!\w)(?:6|sáu|06)\s+tháng")


def is_mid_year(doc: Doc) -> bool:
    return _any_at(doc, MID_YEAR, ("sơ",))


UNION_FOUNDED = 1929  # Công đoàn Việt Nam, 28 July 1929


def anniversary_year(doc: Doc) -> int | None:
    """The year an anniversary of the Vietnamese trade union named in the headline or lead falls
    in (`kỷ niệm 90 năm ngày thành lập Công đoàn Việt Nam`: 2019): the year of an event printed
    as `Ngày 26/7` when nothing else dates the article."""
    pattern = lexicon.pattern("union_anniversary")
    for p in title_body(doc)[:3]:
        if "kỷ niệm" not in p.folded:
            continue
        m = pattern.search(p.folded)
        if m is not None:
            return UNION_FOUNDED + int(m.group("n"))
    return None
