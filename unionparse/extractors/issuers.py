"""Who gave an award, and at which level of the union and state hierarchy.

The level follows the contract: a provincial capital's LĐLĐ sits under the LĐLĐ tỉnh
(sector_union) while the LĐLĐ of a centrally-run city is provincial_federation; `Công đoàn
Giáo dục Việt Nam` is national_sector_union; a grassroots union is `other`.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from unionparse import lexicon

_NAME_WORD = regex.compile(r"\s+([\w.&-]+)")
_STOP = {"tặng", "trao", "cho", "và", "về", "vì", "do", "đã", "có", "tại", "năm", "nhân", "khen"}


def issuer_name_end(text: str, end: int, max_words: int = 5) -> int:
    """Extend an issuer over the capitalised words that name it (`LĐLĐ tỉnh Nghệ An`)."""
    pos = end
    for _ in range(max_words):
        # a name word follows white space (the pattern's `\s` is a subset of str.isspace)
        if pos >= len(text) or not text[pos].isspace():
            break
        m = _NAME_WORD.match(text, pos)
        if not m:
            break
        word = m.group(1)
        low = word.lower()
        if low in (
            "tỉnh",
            "huyện",
            "quận",
            "thị",
            "xã",
            "thành",
            "phố",
            "tp",
            "tp.",
            "việt",
            "nam",
            "vn",
        ):
            pos = m.end()
            continue
        if low in _STOP or not word[:1].isupper():
            break
        pos = m.end()
    return pos


def _province_in(s: str) -> tuple[bool, bool]:
    """(names a province or city, that city is centrally run)."""
    from unionparse.extractors.place import find_provinces as find_all

    found = find_all(s)
    if not found:
        return False, False
    return True, any(p.central_city for p, _, _ in found)


# Issuer phrases repeat across articles (`lđlđ tỉnh`, `tổng lđlđ việt nam`) and a level costs
# ~10 phrase tests, ~30 us more with a province lookup. The key is the issuer phrase itself
# (a few words, never a paragraph) and the article's central-city flag; the result depends on
# nothing else. Bounded: at most 1,024 phrases are kept.
ISSUER_CACHE_SIZE = 1024


@lru_cache(maxsize=ISSUER_CACHE_SIZE)
def issuer_level(folded: str, article_central: bool = False) -> str:
    """The level of the issuer phrase `folded` (memoised, see above)."""
    return _issuer_level(folded, article_central)


def _issuer_level(folded: str, article_central: bool) -> str:
    s = " ".join(folded.split())
    padded = f" {s} "
    if lexicon.has_padded_phrase(
        padded, ("phối hợp với", "phối hợp cùng", "cùng với", "liên tịch")
    ):
        return "other"  # a joint giver
    if lexicon.has_padded_phrase(padded, ("thủ tướng", "chính phủ", "chủ tịch nước", "nhà nước")):
        return "government"
    if lexicon.has_padded_phrase(padded, ("tổng liên đoàn", "tổng lđlđ")):
        return "national_federation"
    national = lexicon.has_padded_phrase(padded, ("việt nam", " vn", "trung ương"))
    if lexicon.has_padded_phrase(padded, ("bộ giáo dục", "bộ y tế", "bộ trưởng")) or s.startswith(
        "bộ "
    ):
        return "government"
    # the province lookup is the costly part: only where the level depends on it
    district = lexicon.has_padded_phrase(padded, ("huyện", "quận", "thị xã", "thị trấn"))
    city = lexicon.has_padded_phrase(padded, ("thành phố", "tp"))
    if lexicon.has_padded_phrase(padded, ("ủy ban nhân dân", "ubnd")):
        if district:
            return "other"
        if "tỉnh" in s:
            return "provincial_committee"
        named, central = _province_in(s)
        if central or (city and not named and article_central):
            return "provincial_committee"
        if city:
            return "other"
        return "provincial_committee"
    if lexicon.has_padded_phrase(padded, ("liên đoàn lao động", "lđlđ", "liên đoàn lđ")):
        if district:
            return "sector_union"
        if city:
            named, central = _province_in(s)
            if central or (not named and article_central):
                return "provincial_federation"
            return "sector_union"
        return "provincial_federation"
    if lexicon.has_padded_phrase(
        padded,
        (
            "công đoàn cơ sở",
            "cđcs",
            "công đoàn trường",
            "công đoàn bệnh viện",
            "công đoàn công ty",
            "công đoàn cơ quan",
            "tổ công đoàn",
        ),
    ):
        return "other"
    if lexicon.has_padded_phrase(
        padded,
        (
            "công đoàn viên chức",
            "cđvc",
            "công đoàn ngành",
            "công đoàn giáo dục",
            "công đoàn y tế",
            "công đoàn giao thông",
            "công đoàn công thương",
            "công đoàn nông nghiệp",
            "khu kinh tế",
            "kkt",
            "khu công nghiệp",
            "kcn",
            "công đoàn tổng công ty",
            "công đoàn khối",
        ),
    ):
        return "national_sector_union" if national else "sector_union"
    if s.startswith(("công đoàn", "ban thường vụ công đoàn", "ban chấp hành công đoàn")):
        if national:
            return "national_sector_union"
        if "tỉnh" in s or (not district and _province_in(s)[0]):
            return "provincial_federation"
        if district or city:
            return "sector_union"
    return "other"
