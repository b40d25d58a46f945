"""Who gave an award, and at which level of the union and state hierarchy.

The level follows the contract: a provincial capital's LĐLĐ sits under the LĐLĐ tỉnh
(sector_union) while the LĐLĐ of a centrally-run city is provincial_federation; `Công đoàn
Giáo dục Việt Nam` is national_sector_union; a grassroots union is `other`.

The words are vocabulary (data/lexicon.toml: tables.issuer_cue for the level, issuer_name_place
and issuer_name_stop for the name's extent); this module is the order in which they decide.
"""

from __future__ import annotations

from functools import lru_cache

from unionparse import lexicon, pattern_cache

_NAME_WORD = pattern_cache.compile(r"[^\S\n]+([\w.&-]+)")  # a name ends with its line
_NAME_PLACE = frozenset(lexicon.words("issuer_name_place"))
_NAME_STOP = frozenset(lexicon.words("issuer_name_stop"))
_NAME_PHRASE = lexicon.compile_template(r"\s+(?i:<<issuer_name_phrase>>)(?!\w)")
_NAME_PHRASE_FIRST = frozenset(w.split()[0] for w in lexicon.words("issuer_name_phrase"))
_NAME_STOP_PHRASE = lexicon.compile_template(r"\s+(?i:<<issuer_name_stop_phrase>>)(?!\w)")
_NAME_STOP_FIRST = frozenset(w.split()[0] for w in lexicon.words("issuer_name_stop_phrase"))


# a national body named in sentence case: `Công đoàn Điện lực Việt Nam`, `Công đoàn Giao
# thông vận tải Việt Nam`
_TO_VIET_NAM = pattern_cache.compile(r"((?:\s+[\w-]+){1,5}?)\s+(?i:việt\s+nam)(?!\w)")


def issuer_name_end(text: str, end: int, max_words: int = 5) -> int:
    """Extend an issuer over the capitalised words that name it (`LĐLĐ tỉnh Nghệ An`), or over
    a sector's words in sentence case up to `Việt Nam`."""
    # (`Nam` or `NAM` ends every match: most issuers are tried no further)
    national = _TO_VIET_NAM.match(text, end) if "am" in text[end : end + 60].lower() else None
    if national is not None:
        words = national.group(1).split()
        if words[0][:1].isupper() and not _NAME_STOP.intersection(w.lower() for w in words):
            return national.end()
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
        if low in _NAME_PLACE:
            pos = m.end()
            continue
        if low in _NAME_STOP:
            break
        if low in _NAME_STOP_FIRST and _NAME_STOP_PHRASE.match(text, pos):
            break
        if low in _NAME_PHRASE_FIRST:
            phrase = _NAME_PHRASE.match(text, pos)
            if phrase is not None:
                pos = phrase.end()
                continue
        if not word[:1].isupper():
            break
        if word.endswith("."):  # `... Việt Nam. LĐLĐ huyện tặng`: the sentence ends the name
            pos = m.end() - 1
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


class _Cues:
    """tables.issuer_cue as tuples (has_padded_phrase's argument), read once."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.joint = tuple(table["joint"])
        self.government = tuple(table["government"])
        self.national_federation = tuple(table["national_federation"])
        self.ministry = tuple(table["ministry"])
        # `bộ` as the first word: followed by the ministry's name
        self.ministry_start = tuple(w + " " for w in table["ministry_start"])
        self.people_committee = tuple(table["people_committee"])
        self.labour_federation = tuple(table["labour_federation"])
        self.grassroots = tuple(table["grassroots"])
        self.sector = tuple(table["sector"])
        self.union_start = tuple(w + " " for w in table["union_start"])
        self.national = tuple(table["national"])
        self.district = tuple(table["district"])
        self.city = tuple(table["city"])
        self.province = tuple(table["province"])


_CUE = _Cues(lexicon.table("issuer_cue"))


def _anywhere(s: str, words: tuple[str, ...]) -> bool:
    """A word found anywhere in `s`, even glued to another."""
    for w in words:
        if w in s:
            return True
    return False


def _issuer_level(folded: str, article_central: bool) -> str:
    """The first cue of tables.issuer_cue that decides, in the table's order (see there)."""
    cue = _CUE
    s = " ".join(folded.split())
    padded = f" {s} "
    if lexicon.has_padded_phrase(padded, cue.joint):
        return "other"  # a joint giver
    if lexicon.has_padded_phrase(padded, cue.government):
        return "government"
    if lexicon.has_padded_phrase(padded, cue.national_federation):
        return "national_federation"
    national = lexicon.has_padded_phrase(padded, cue.national)
    if lexicon.has_padded_phrase(padded, cue.ministry) or s.startswith(cue.ministry_start):
        return "government"
    # the province lookup is the costly part: only where the level depends on it
    district = lexicon.has_padded_phrase(padded, cue.district)
    city = lexicon.has_padded_phrase(padded, cue.city)
    if lexicon.has_padded_phrase(padded, cue.people_committee):
        if district:
            return "other"
        if _anywhere(s, cue.province):
            return "provincial_committee"
        named, central = _province_in(s)
        if central or (city and not named and article_central):
            return "provincial_committee"
        if city:
            return "other"
        return "provincial_committee"
    if lexicon.has_padded_phrase(padded, cue.labour_federation):
        if district:
            return "sector_union"
        if city:
            named, central = _province_in(s)
            if central or (not named and article_central):
                return "provincial_federation"
            return "sector_union"
        return "provincial_federation"
    if lexicon.has_padded_phrase(padded, cue.grassroots):
        return "other"
    if lexicon.has_padded_phrase(padded, cue.sector):
        return "national_sector_union" if national else "sector_union"
    if s.startswith(cue.union_start):
        if national:
            return "national_sector_union"
        if _anywhere(s, cue.province) or (not district and _province_in(s)[0]):
            return "provincial_federation"
        if district or city:
            return "sector_union"
    return "other"
