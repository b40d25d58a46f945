"""Title, byline, publisher and the union holding the conference.

Title: the first line when it reads as a headline (not a timestamp or site chrome). Author: a
name-shaped line at the end of the article body (`Việt Long`, `Tên Tác Giả/Báo X`, `Bài và
ảnh: Tên`, `TIN, ẢNH: Tên`, `PV`), never a photo credit inside a caption.
Publisher: a masthead line (`BÁO NAM ĐỊNH ĐIỆN TỬ`), a `(Baonghean.vn)` source tag, or
`Theo dõi Báo Nghệ An`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from unionparse import lexicon, pattern_cache, provinces
from unionparse.extractors.common import starts_of
from unionparse.extractors.issuers import issuer_name_end
from unionparse.extractors.years import title_body
from unionparse.found import Found
from unionparse.text import PAGE_TOP, Doc, Para, has_any, word_count

_BYLINE_LABEL = lexicon.compile_template(r"^(?:<<byline_label>>)\s*:\s*(?P<name>[^:]{2,60})$")
_PV = pattern_cache.compile(r"^(?:nhóm\s+)?(?:pv|phóng viên|ctv|btv)(?:\s*-\s*ctv)?\.?$")
_MASTHEAD = pattern_cache.compile(r"^(?P<name>báo\s+[\w\s]{2,40}?)(?:\s+(?:điện\s+tử|online))?\s*$")
_SOURCE_TAG = pattern_cache.compile(r"\((?P<dom>[\w.-]+)\.(?:vn|com\.vn|com|net|org)\)")
_FOLLOW = pattern_cache.compile(r"theo\s+dõi\s+(?P<name>báo\s+[\w\s]{2,30}?)\s+trên")
# group numbers (`regex` reads a name slowly) and the letters a `_PV` line starts with
_LABEL_G = _BYLINE_LABEL.groupindex["name"]
_FOLLOW_G, _DOM_G = _FOLLOW.groupindex["name"], _SOURCE_TAG.groupindex["dom"]
_PV_FIRST = frozenset("npcb")
_MASTHEAD_KINDS = ("furniture", "caption", "header", "masthead")


def title(doc: Doc) -> Found | None:
    for p in doc.paras[:PAGE_TOP]:
        if p.kind == "title" and 3 <= word_count(p.folded) <= 60:
            return Found("title", p.text, p.start, p.end, 5)
    return None


_NAME_SEP = pattern_cache.compile(r"\s*[-–]\s+|\s+[-–]\s*|\s*,\s+|\s+và\s+")
# a name in initials: `T.L`, `Q.Vinh`, `H.NGÂN`, `T. Nhi`
_INITIALS = pattern_cache.compile(r"^(?:\p{Lu}\.\s?){1,3}\p{Lu}\p{L}*$")
# what may follow a byline on its line: a separator, a date, a time (`T.HẠNH 24/12/2013 15:12`)
_BYLINE_TRAIL = pattern_cache.compile(
    r"(?:\s*\|.*|\s+\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}.*|\s+\d{1,2}:\d\d.*)$"
)
# a unit after a byline's slash or dash: `Hải Yến/HYTV`, `Tên/Báo X`, `Tên - TTVHTT&TT`,
# `Tên - Phòng CTXH`: an abbreviation in capitals, or a unit word of the lexicon
_AFFILIATION = lexicon.compile_template(
    r"^\s*(?:\p{Lu}[\p{Lu}\d&.-]{1,11}\s*$|(?i:<<byline_unit>>)(?!\w))"
)
_UNIT_DASH = pattern_cache.compile(r"\s+[-–]\s+")
_MAX_NAME_WORDS = 3 * 5 + 2
_SEP_CHARS = ("-", "–", ",", "và")


def _name_like(s: str) -> bool:
    """`Việt Long`, `H'Xuân`, `Ngọc Lan - Minh Hải`: capitalised words, no organisation."""
    # at most three names of at most five words and two separator words: a longer line (a body
    # paragraph) is no name, and is not split word by word to find that out
    if len(s.split(None, _MAX_NAME_WORDS)) > _MAX_NAME_WORDS:
        return False
    # a separator holds one of these: without them the split gives back [s]
    parts = _NAME_SEP.split(s) if has_any(s, _SEP_CHARS) else [s]
    if len(parts) > 1:
        return len(parts) <= 3 and all(_name_like(p) for p in parts)
    words = s.split()
    if len(words) == 1 and "'" in s and len(s) >= 4 and s[:1].isupper():
        return True
    if "." in s and len(s) <= 20 and _INITIALS.match(s):
        return True
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in s) or len(s) > 45:
        return False
    if not all(w[:1].isupper() for w in words):
        return False
    return not lexicon.has_phrase(s.lower(), lexicon.words("author_bad_word"))


def author(doc: Doc) -> Found | None:
    return _author_at_end(doc) or _author_under_title(doc)


def _author_under_title(doc: Doc) -> Found | None:
    """`Mai Dung` on its own line between the headline and the first paragraph, or right under
    the lead paragraph (`Trần Lực - Công đoàn ngành Y tế`, `Nguyễn Thảo`)."""
    after_title = after_lead = False
    for p in doc.paras[:PAGE_TOP]:
        if p.kind == "title":
            after_title = True
        elif p.kind == "body":
            if after_lead or not after_title:
                return None
            after_lead = True
        elif after_lead:
            # a photo's alt text may stand there too (`Dai Hoi CD Quang Binh`, a file name
            # without tone marks): a bare name is read only when written with them
            found = _byline(p, 4) if p.kind == "caption" else None
            if found is None or (found.value == p.text.strip() and p.text.isascii()):
                return None
            return found
        elif after_title:
            found = _byline(p, 4) or _labelled_byline(p, 4)
            if found is not None:
                return found
    return None


def _labelled_byline(p: Para, rank: int) -> Found | None:
    """`Đại hội Công đoàn XIII - MINH THƯ`: a section label and the byline in capitals share the
    line under the headline (the name is the last part, written in capitals)."""
    label, sep, name = p.text.rstrip().rpartition(" - ")
    name = name.strip()
    if not sep or not label.strip() or not name.isupper() or not _name_like(name):
        return None
    start = p.start + p.text.rindex(name)
    return Found("author", name, start, start + len(name), rank - 1)


_BYLINE_MAX = 120  # characters: `Bài và ảnh: Tên (Trung tâm ...)` at the most


def _without_unit(name: str) -> str:
    """`Hồng Nhung - TTVHTT&TT`, `Nguyễn Thu Hà - Phòng CTXH`: the name before its unit (two
    names joined by a dash, `Hạnh Dung - Thu Trang`, stay whole)."""
    parts = _UNIT_DASH.split(name) if "-" in name or "–" in name else [name]
    if len(parts) > 1 and _AFFILIATION.match(parts[-1]):
        return name[: name.rindex(parts[-1])].rstrip(" -–")
    return name


def _labelled(p: Para, at: int, rank: int) -> Found | None:
    """`Bài và ảnh: Tên`, `TIN, ẢNH: N.MINH`, `Tác giả: Tên - Unit` from offset `at` of the
    paragraph to its end."""
    low = p.folded[at:].rstrip()
    m = _BYLINE_LABEL.match(low.lstrip()) if ":" in low else None
    if m is None:
        return None
    lead = at + len(low) - len(low.lstrip())
    raw = _without_unit(p.text[lead + m.start(_LABEL_G) : lead + len(low.lstrip())].strip())
    capitalised = " ".join(w.capitalize() if w.isupper() else w for w in raw.split())
    if not (_name_like(raw) or _name_like(capitalised)):
        return None
    s = p.start + p.text.index(raw, lead + m.start(_LABEL_G))
    return Found("author", raw, s, s + len(raw), rank)


def _byline(p: Para, rank: int) -> Found | None:
    """A byline line: `Bài và ảnh: Tên`, `Tên/Báo X`, `PV`, or a name, maybe with its unit in
    brackets or after a dash (`Ngọc Ánh (Văn phòng Công đoàn)`: the name only), or a labelled
    byline after a timestamp's `|`. `rank` is that of a labelled byline; an unlabelled one
    ranks one lower."""
    if p.end - p.start > _BYLINE_MAX:
        return None  # a paragraph, not a byline line
    text = p.text.strip()
    low = p.folded.strip()
    found = _labelled(p, 0, rank)
    if found is not None:
        return found
    if "|" in text:  # `Thứ Năm, 15/06/2023 14:20 | Tác giả: Tên`
        at = p.text.find("|")
        while at >= 0:
            found = _labelled(p, at + 1, rank)
            if found is not None:
                return found
            at = p.text.find("|", at + 1)
    if "/" in text:  # `Hải Yến/HYTV`, `Minh Châu/Báo Khánh Hòa`: the unit is not the name
        name, _, unit = text.partition("/")
        name = name.strip()
        if _AFFILIATION.match(unit) and _name_like(name):
            lead = len(p.text) - len(p.text.lstrip())
            return Found("author", name, p.start + lead, p.start + lead + len(name), rank)
    if low[:1] in _PV_FIRST and _PV.match(low):
        return Found("author", text, p.start, p.end, rank - 1)
    name = _BYLINE_TRAIL.sub("", text).rstrip(". ")
    if name.endswith(",") or lexicon.has_phrase(name.lower(), lexicon.words("weekday")):
        return None  # `Thứ Sáu, 11/01/2019 - 15:20` is a dateline
    if name.endswith(")") and " (" in name:
        name = name[: name.index(" (")].rstrip()  # the unit in brackets is not the name
    name = _without_unit(name)
    if _name_like(name):
        lead = len(p.text) - len(p.text.lstrip())
        return Found("author", name, p.start + lead, p.start + lead + len(name), rank - 1)
    return None


def _author_at_end(doc: Doc) -> Found | None:
    """Scan up from the end: skip furniture, stop at the first real paragraph."""
    for p in reversed(doc.paras):
        if p.kind == "furniture":
            continue
        found = _byline(p, 5)
        if found is not None:
            return found
        if p.kind == "caption" and word_count(p.folded) <= 6:
            continue  # a right-aligned source line such as `Công đoàn Viên chức tỉnh`
        if p.kind == "caption" and lexicon.has_phrase(p.folded, lexicon.words("published_label")):
            continue  # the page's timestamp under the byline: `Ngày đăng: 31/12/2015 | Lượt xem`
        return None
    return None


def publisher(doc: Doc) -> Found | None:
    """The one reader of publisher signals; place.py takes the province from its answer (read
    once per article: the pipeline and place.province both ask)."""
    memo = doc.memo
    if "meta.publisher" not in memo:
        memo["meta.publisher"] = _publisher(doc)
    got = memo["meta.publisher"]
    # a copy: the caller may change what it is given
    return None if got is None else replace(got)  # type: ignore[type-var]


def _publisher(doc: Doc) -> Found | None:
    for p in doc.paras:
        if p.kind not in _MASTHEAD_KINDS or not p.folded.startswith("báo"):
            continue
        line = p.text.strip()
        if provinces.by_masthead(line) or (_MASTHEAD.match(p.folded) and line.isupper()):
            name = _title_case(line) if line.isupper() else line
            name = name.replace(" Điện Tử", " điện tử").replace(" Online", " online")
            return Found("publisher", name, p.start, p.end, 3)
    for p in doc.paras[:8]:
        f = p.folded
        m = _FOLLOW.search(f) if "theo" in f and "dõi" in f else None
        if m:
            s, e = p.start + m.start(_FOLLOW_G), p.start + m.end(_FOLLOW_G)
            return Found("publisher", doc.text[s:e], s, e, 3)
        m = _SOURCE_TAG.search(f) if "(" in f and ")" in f else None
        if m:
            s, e = p.start + m.start(_DOM_G), p.start + m.end() - 1
            prov = provinces.by_slug(m.group(0).strip("()"))
            return Found("publisher", f"Báo {prov.name}" if prov else doc.text[s:e], s, e, 2)
    return None


def _title_case(s: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in s.split())


_ORG = lexicon.compile_template(
    r"(?<!\w)(?:ban\s+thường\s+vụ\s+)?(?P<org>(?:<<union_body_head>>)(?:\s+(?:tỉnh|thành\s+phố|tp\.?|huyện|quận|thị\s+xã))?)(?!\w)"
)


# where an `_ORG` match can start, and a stdlib `re` test that holds wherever it matches (its
# look-arounds left out, `re`'s `\s` takes in all of `regex`'s): cheap to try first
_ORG_FIRST = tuple(sorted({w.split()[0] for w in lexicon.words("union_body_head")} | {"ban"}))
_ORG_GATE = re.compile(_ORG.pattern.removeprefix(r"(?<!\w)").removesuffix(r"(?!\w)"))
_ORG_G = _ORG.groupindex["org"]


def organization(doc: Doc) -> Found | None:
    folded = doc.folded
    for p in title_body(doc)[:3]:
        f = p.folded
        starts = starts_of(f, _ORG_FIRST)
        # `_ORG.finditer` over the paragraph: every match starts at one of the words
        last = 0
        for i in starts:
            if i < last or _ORG_GATE.match(f, i) is None:
                continue
            m = _ORG.match(folded, p.start + i, p.end)
            if m is None:
                continue
            last = m.end() - p.start
            if (
                m.group(_ORG_G).strip() == "công đoàn"
                and not doc.text[m.end() + 1 : m.end() + 2].isupper()
            ):
                continue
            s, e = m.span(_ORG_G)
            end = issuer_name_end(doc.text, e)
            name = doc.text[s:end].strip()
            return Found("organization", name, s, s + len(name), 3)
    return None


_EDUCATION_UNIONS = (
    "công đoàn ngành giáo dục",
    "công đoàn giáo dục",
    "cđ ngành giáo dục",
    "cđ giáo dục",
)


def education_union(doc: Doc) -> bool:
    """The article's union is the education sector's (its schools' CĐCS are all of it): named
    in the headline or the opening paragraphs."""
    return any(has_any(p.folded, _EDUCATION_UNIONS) for p in title_body(doc)[:4])
