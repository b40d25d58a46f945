"""Which union a record is about: a stable `organization_key` from the union's name and place.

A key is the kind of body and its place (vocabulary and examples in
``data/organizations.toml``): ``cdvc/nghe-an``, ``ldld-tinh/thanh-hoa``,
``ldld-huyen/bac-kan/cho-moi``, ``ldld-huyen/ha-tinh/tx-ky-anh`` (a thị xã),
``cd-giao-duc/phu-yen/tuy-an``, ``cd-kcn/dong-nai``,
``cdcs/phu-tho/benh-vien-da-khoa``. Spelling and tone-mark variants ("Khánh Hoà" / "Khánh Hòa",
"Bắc Cạn" / "Bắc Kạn", "Kỳ Anh" / "Kì Anh", capitals, no marks at all), abbreviations (`CĐVC`,
`LĐLĐ`, `TP`, `KCN`) and a bare "tỉnh" (resolved by the article's province) give one key. A part
the name and the article do not give is ``?`` (``ldld-huyen/quang-tri/?``: "LĐLĐ huyện" with no
name); a name whose kind of body is not known gives no key (None). Nothing is guessed: a district
is never looked up to find its province.

Phrasings read: `<head> [(abbreviation)] [ngành] [sector] [place word] [name] [, | - | tỉnh
<province>]`, where the head is `Liên đoàn Lao động`, `Công đoàn Viên chức`, `Công đoàn (cơ
sở)`, `Tổng LĐLĐ`; a name stops at a lower-case word (in mixed-case text), a stop phrase
(`tổng kết`, `tổ chức`, `nhiệm kỳ` ...), a number, or punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice
from typing import NamedTuple

from unionparse import data_files, provinces
from unionparse.models import Evidence

__all__ = ["UNKNOWN", "key_of", "matches", "name_window", "pattern_of", "slug"]

UNKNOWN = "?"
NATIONAL = "viet-nam"

# --- folding ---------------------------------------------------------------------------------

_D = str.maketrans({"Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Ɖ": "D", "ɖ": "d"})


@lru_cache(maxsize=1 << 16)  # a bounded memo of a pure function: names repeat their words
def _ascii(s: str) -> str:
    """Lower case, no marks, đ -> d: "Khánh Hoà" -> "khanh hoa"."""
    s = unicodedata.normalize("NFD", s.translate(_D))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=1 << 16)
def _low(s: str) -> str:
    """Lower case with its marks, one tone placement, 'Ð' read as 'Đ': "HOÀ" -> "hòa"."""
    return provinces.fold_for_match(unicodedata.normalize("NFC", s))


@cache
def _y_after() -> re.Pattern[str]:
    onsets = sorted(_data()["spelling"]["y_for_i_after"], key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(onsets) + r")i\b")


def slug(name: str) -> str:
    """A name as one key part: "Chợ Mới" -> "cho-moi", "Bà Rịa - Vũng Tàu" -> "ba-ria-vung-tau",
    "Cư M'gar" -> "cu-mgar", "Kì Anh" -> "ky-anh" (i/y spellings agree)."""
    s = _ascii(name).replace("'", "").replace("’", "")
    s = "-".join(w for w in re.split(r"[^a-z0-9]+", s) if w)
    s = _y_after().sub(r"\1y", s)
    return _data()["district_aliases"].get(s, s)


def province_slug(p: provinces.Province) -> str:
    return slug(p.name)


# --- vocabulary ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Phrase:
    """A phrase as word tuples: with marks (one tone placement) and in plain ASCII."""

    low: tuple[str, ...]
    plain: tuple[str, ...]
    value: str


def _phrase(text: str, value: str = "") -> _Phrase:
    words = [w for w, _, _ in _split(text)]
    return _Phrase(tuple(_low(w) for w in words), tuple(_ascii(w) for w in words), value)


class _Phrases:
    """A list of phrases indexed by their first word, both with marks and in plain ASCII, so a
    position is tested only against the phrases that can start there; longest first."""

    def __init__(self, phrases: list[_Phrase]) -> None:
        self.by_low: dict[str, list[_Phrase]] = {}
        self.by_plain: dict[str, list[_Phrase]] = {}
        for p in sorted(phrases, key=lambda p: -len(p.low)):
            self.by_low.setdefault(p.low[0], []).append(p)
            self.by_plain.setdefault(p.plain[0], []).append(p)

    def starting(self, tok: _Tok, plain: bool) -> list[_Phrase]:
        found = self.by_low.get(tok.low, [])
        if plain:  # in a name written without marks, a word may be any word of these letters
            plain = self.by_plain.get(tok.plain, [])
            if plain:
                found = sorted({id(p): p for p in (*found, *plain)}.values(), key=_longest)
        return found


def _longest(p: _Phrase) -> int:
    return -len(p.low)


def _phrases(items: list[str], value: str = "") -> list[_Phrase]:
    return [_phrase(t, value) for t in items]


def _data() -> dict:
    return data_files.load("organizations")


@dataclass(frozen=True)
class _Vocab:
    heads: _Phrases
    after_cd: _Phrases
    sectors: _Phrases
    unit_nouns: _Phrases
    unit_words: _Phrases
    unit_abbreviations: dict[str, str]
    complete_nouns: frozenset[str]
    places: _Phrases
    stops: _Phrases


@cache
def _vocab() -> _Vocab:
    d = _data()
    heads = [p for kind, items in d["heads"].items() for p in _phrases(items, kind)]
    after = [p for kind, items in d["after_cd"].items() for p in _phrases(items, kind)]
    sectors = [p for s in d["sector"] for p in _phrases(s["names"], s["key"])]
    places = [p for kind, items in d["places"].items() for p in _phrases(items, kind)]
    return _Vocab(
        heads=_Phrases(heads),
        after_cd=_Phrases(after),
        sectors=_Phrases(sectors),
        unit_nouns=_Phrases(_phrases(d["units"]["nouns"])),
        unit_words=_Phrases(_phrases(d["units"]["name_words"])),
        unit_abbreviations={_ascii(k): v for k, v in d["units"]["abbreviations"].items()},
        complete_nouns=frozenset(_ascii(n) for n in d["units"]["complete_nouns"]),
        places=_Phrases(places),
        stops=_Phrases(_phrases(d["stops"]["phrases"])),
    )


# --- tokens ----------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|&|[^\w\s]")


def _split(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


class _Tok(NamedTuple):
    raw: str
    low: str
    plain: str
    start: int
    end: int

    @property
    def word(self) -> bool:
        return self.raw[0].isalnum()


# no union's name, place included, runs to more words than this
MAX_TOKENS = 30


def _tokens(text: str) -> list[_Tok]:
    words = islice(_TOKEN_RE.finditer(text), MAX_TOKENS)
    return [_Tok(w := m.group(), _low(w), _ascii(w), m.start(), m.end()) for m in words]


def _word_eq(tok: _Tok, low: str, plain: str, plain_text: bool) -> bool:
    if tok.low == low:
        return True
    # in a name written without any mark ("Khanh Hoa", "LDLD") a word matches on its letters
    # alone; where the name has marks, "QUAN" is "quan", not "quận"
    return plain_text and tok.plain == plain


class _Reader:
    """Tokens of one name and a position; `caps_free` when capitals tell nothing (all capitals,
    or no capitals at all, as a user may type a name)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0
        # every cased letter a capital, or none: text.isupper(), or lowering changes nothing
        self.caps_free = text.isupper() or text.lower() == text
        self.plain = text.isascii()

    def at_end(self) -> bool:
        return self.i >= len(self.toks)

    def match(self, phrases: _Phrases, i: int | None = None) -> _Phrase | None:
        """The longest phrase written at token i (default: the position)."""
        i = self.i if i is None else i
        if i >= len(self.toks):
            return None
        for p in phrases.starting(self.toks[i], self.plain):
            n = len(p.low)
            if i + n > len(self.toks):
                continue
            if all(_word_eq(self.toks[i + k], p.low[k], p.plain[k], self.plain) for k in range(n)):
                return p
        return None

    def take(self, phrases: _Phrases) -> _Phrase | None:
        p = self.match(phrases)
        if p is not None:
            self.i += len(p.low)
            if p.low[-1] == "tp" and not self.at_end() and self.toks[self.i].raw == ".":
                self.i += 1  # "TP." Hồ Chí Minh
        return p

    def skip_parenthesis(self) -> None:
        """ "Liên đoàn Lao động (LĐLĐ) thành phố ..."."""
        if not self.at_end() and self.toks[self.i].raw == "(":
            for j in range(self.i + 1, min(self.i + 6, len(self.toks))):
                if self.toks[j].raw == ")":
                    self.i = j + 1
                    return

    def is_stop(self, i: int) -> bool:
        tok = self.toks[i]
        if not tok.word or tok.raw[0].isdigit():
            return True
        if tok.low == "năm" and i + 1 < len(self.toks) and self.toks[i + 1].raw[0].isdigit():
            return True
        return self.match(_vocab().stops, i) is not None

    def capitalised(self, i: int) -> bool:
        return self.caps_free or self.toks[i].raw[0].isupper()

    def province(self, i: int | None = None) -> tuple[provinces.Province, int] | None:
        """A province's name written from token i: (province, tokens used), longest first."""
        i = self.i if i is None else i
        if i >= len(self.toks) or not self.toks[i].word or not self.capitalised(i):
            return None
        for n in range(min(6, len(self.toks) - i), 0, -1):
            last = self.toks[i + n - 1]
            if not last.word:
                continue
            p = provinces.lookup(self.text[self.toks[i].start : last.end])
            if p is not None:
                return p, n
        return None

    def take_province(self) -> provinces.Province | None:
        found = self.province()
        if found is None:
            return None
        self.i += found[1]
        return found[0]

    def take_national(self) -> bool:
        p = self.match(_vocab().after_cd)
        if p is not None and p.value == "national":
            self.i += len(p.low)
            return True
        return False

    def name(self, max_words: int = 4) -> str | None:
        """A district's name: capitalised words up to a stop, a place word or a province."""
        start = self.i
        while self.i < len(self.toks) and self.i - start < max_words:
            if self.is_stop(self.i) or not self.capitalised(self.i):
                break
            if self.match(_vocab().places) is not None:
                break
            self.i += 1
        if self.i == start:
            return None
        return self.text[self.toks[start].start : self.toks[self.i - 1].end]

    def unit(
        self, article: provinces.Province | None
    ) -> tuple[str | None, provinces.Province | None]:
        """A grassroots unit's name from its noun ("Trường THPT chuyên Lê Quý Đôn") and the
        province it names, if any: "Bệnh viện Đa khoa tỉnh Kiên Giang" -> ("benh vien da khoa",
        Kiên Giang). A bare province name closing the name ("Bệnh viện Đa khoa Kiên Giang") is
        the place when it is the article's (or the article has none), else part of the name."""
        v = _vocab()
        start = self.i
        noun = self.take(v.unit_nouns)
        if noun is None:
            return None, None
        words = [t.plain for t in self.toks[start : self.i]]
        place: provinces.Province | None = None
        while self.i < len(self.toks) and len(words) < 14:
            tok = self.toks[self.i]
            at = self.match(v.places)
            if at is not None and at.value in ("province", "city"):
                found = self.province(self.i + len(at.low))
                if found is not None:  # "tỉnh Kiên Giang": the place, and the name ends
                    self.i += len(at.low) + found[1]
                    place = found[0]
                    break
            found = self.province()
            if found is not None and self._ends_at(self.i + found[1]):
                if article is None or found[0] is article:
                    self.i += found[1]
                    place = found[0]
                    break
            known = self.match(v.unit_words)
            if known is not None and not (self.caps_free and self.is_stop(self.i)):
                words.extend(known.plain)
                self.i += len(known.low)
                continue
            if tok.raw in ("&", "-") and words:
                self.i += 1
                continue
            if self.is_stop(self.i):
                break
            # a lower-case word goes on a capitalised one: "Tuyên giáo", "Trung ương", "Điện tử"
            if not self.capitalised(self.i) and not (
                self.i > start and self.toks[self.i - 1].raw[0].isupper()
            ):
                break
            words.append(tok.plain)
            self.i += 1
        while words and words[-1] in ("tinh", "thanh", "pho", "tp"):
            words.pop()  # "Bệnh viện Đa khoa tỉnh": the province is the article's
        name = _expand(words)
        if name == _expand(list(noun.plain)) and " ".join(noun.plain) not in v.complete_nouns:
            return None, place  # "Công đoàn Bệnh viện" names no unit ("BVĐK" does)
        return name, place

    def _ends_at(self, i: int) -> bool:
        return i >= len(self.toks) or self.is_stop(i) or not self.capitalised(i)


def _expand(words: list[str]) -> str:
    abbreviations = _vocab().unit_abbreviations
    return _ascii(" ".join(abbreviations.get(w, w) for w in words))


# --- the key ---------------------------------------------------------------------------------

# levels of a body: at the province, below it (district or unit), `city` for an unnamed
# "thành phố" (a centrally-run city is a province, another city a district: the article says)
PROVINCE, BELOW, CITY = "province", "below", "city"


@dataclass(frozen=True)
class _Parsed:
    kind: str
    level: str | None  # None: not said (only "Liên đoàn Lao động" alone)
    province: provinces.Province | None = None
    national: bool = False
    below: str | None = None  # district or unit name, as written
    # "tx" for a thị xã, "tp" for a city inside a province: a huyện and a thị xã or city of one
    # name can coexist (huyện Kỳ Anh and thị xã Kỳ Anh since 2015, Cao Lãnh, Cai Lậy ...)
    level_word: str | None = None


def _place(r: _Reader, kind: str) -> _Parsed:
    """The place after a head: tỉnh X, thành phố X, huyện X, X, Việt Nam, or nothing."""
    if r.take_national():
        return _Parsed(kind, PROVINCE, national=True)
    place = r.take(_vocab().places)
    if place is None:
        found = r.province()
        if found is not None:
            r.i += found[1]
            return _Parsed(kind, PROVINCE, found[0])
        # "LĐLĐ Nghĩa Đàn", "Công đoàn Giáo dục Tuy An": a name that is no province's. Not
        # after "ngành" and a sector we do not know (the words are that sector's), not for a
        # CĐVC (a province's body), and not in capitals, where a headline's next words
        # ("LĐLĐ QUAN TÂM ...") look like a name
        bare = kind.startswith(("ldld", "cd-")) and kind != "cd-" + UNKNOWN and not r.caps_free
        name = r.name() if bare else None
        if name is not None:
            return _Parsed(kind, BELOW, _trailing_province(r), below=name)
        return _Parsed(kind, None if kind == "ldld" else PROVINCE)
    if place.value == "province":
        return _Parsed(kind, PROVINCE, r.take_province())
    if place.value == "city":
        found = r.province()
        if found is not None and found[0].central_city and _names_in_full(r, found):
            r.i += found[1]
            return _Parsed(kind, PROVINCE, found[0])
        name = r.name()
        if name is None:
            return _Parsed(kind, CITY)
        return _Parsed(kind, BELOW, _trailing_province(r), below=name, level_word="tp")
    name = r.name()
    word = "tx" if place.value == "town" else None
    return _Parsed(kind, BELOW, _trailing_province(r), below=name, level_word=word)


def _names_in_full(r: _Reader, found: tuple[provinces.Province, int]) -> bool:
    """ "thành phố Huế" (a lookup-only form) was a city inside its province until 2025; "thành
    phố Hồ Chí Minh" is the centrally-run city."""
    p, n = found
    if p.name == "Hồ Chí Minh":
        return True
    written = r.text[r.toks[r.i].start : r.toks[r.i + n - 1].end]
    return _low(written) not in {_low(f) for f in p.lookup_only}


def _trailing_province(r: _Reader) -> provinces.Province | None:
    """ ", TP HCM", " - Bắc Kạn", " tỉnh Bắc Kạn" after a district's or unit's name."""
    save = r.i
    if not r.at_end() and r.toks[r.i].raw in ",-–(":
        r.i += 1
    place = r.take(_vocab().places)
    if place is not None and place.value in ("district", "town"):
        r.i = save
        return None
    p = r.take_province()
    if p is None:
        r.i = save
    return p


def _parse(text: str, article: provinces.Province | None) -> _Parsed | None:
    r = _Reader(text)
    v = _vocab()
    head = r.take(v.heads)
    if head is None:
        return None
    r.skip_parenthesis()
    if head.value == "tong-ldld":
        return _Parsed("tong-ldld", PROVINCE, national=True)
    if head.value == "ldld":
        return _place(r, "ldld")
    if head.value == "cdvc":
        return _place(r, "cdvc")
    if head.value == "cdcs":
        unit, place = r.unit(article)
        return _Parsed("cdcs", BELOW, place or _trailing_province(r), below=unit)
    # công đoàn ...
    after = r.take(v.after_cd)
    if after is not None:
        if after.value == "national":
            return _Parsed("tong-ldld", PROVINCE, national=True)
        if after.value in ("kcn", "kkt"):
            kind = f"cd-{after.value}"
            if r.take_national():
                return _Parsed(kind, PROVINCE, national=True)
            place = r.take(v.places)
            p = r.take_province() if place is None or place.value in ("province", "city") else None
            return _Parsed(kind, PROVINCE, p)
        if after.value == "tct":
            name = r.name(max_words=6)
            return _Parsed("cd-tct", BELOW, _trailing_province(r), below=name)
        sector = r.take(v.sectors)  # "ngành" + sector
        return _place(r, f"cd-{sector.value}" if sector else "cd-" + UNKNOWN)
    sector = r.take(v.sectors)
    if sector is not None:
        return _place(r, f"cd-{sector.value}")
    if r.match(v.unit_nouns) is not None:
        unit, place = r.unit(article)
        return _Parsed("cdcs", BELOW, place or _trailing_province(r), below=unit)
    if r.match(v.places) is not None or r.province() is not None:
        # "Công đoàn tỉnh Bà Rịa - Vũng Tàu", "Công đoàn huyện Cờ Đỏ": a federation's old name
        return _place(r, "ldld")
    return None


def key_of(
    organization: str | None,
    province: str | None = None,
    text: str | None = None,
    evidence: Evidence | None = None,
) -> str | None:
    """The key of the union named `organization`, in an article about `province`.

    When the article's `text` and the organization's `evidence` (its span) in it are given, the name is read
    on from there to the end of its line (the extracted name may stop short of a lower-case
    word: "Công đoàn ngành Giáo" in "Công đoàn ngành Giáo dục tổng kết ..."). None when the kind
    of body is not known.
    """
    source = name_window(organization, text, evidence.start if evidence is not None else None)
    if not source:
        return None
    return _key(source, province)


@lru_cache(maxsize=1 << 12)  # an archive names the same unions over and over
def _key(source: str, province: str | None) -> str | None:
    article = provinces.lookup(province) if province else None
    parsed = _parse(source, article)
    if parsed is None or parsed.level is None:
        return None
    kind, level = parsed.kind, parsed.level
    if level == CITY:  # an unnamed "thành phố": a centrally-run city is a province
        if article is None:
            level = UNKNOWN
        else:
            level = PROVINCE if article.central_city else BELOW
    if kind == "ldld":
        kind = {PROVINCE: "ldld-tinh", BELOW: "ldld-huyen"}.get(level, "ldld-" + UNKNOWN)
    if parsed.national:
        place = NATIONAL
    else:
        where = parsed.province or article
        place = province_slug(where) if where is not None else UNKNOWN
    if level in (PROVINCE, UNKNOWN):
        return f"{kind}/{place}"
    below = slug(parsed.below) if parsed.below else ""
    if below and parsed.level_word:
        below = f"{parsed.level_word}-{below}"
    return f"{kind}/{place}/{below or UNKNOWN}"


_LINE_END = re.compile(r"[\r\n]")


def name_window(organization: str | None, text: str | None, start: int | None) -> str | None:
    """The words the key is read from: the text from `start` to the end of its line (at most
    200 characters) when it begins with `organization`, else `organization` up to a line end."""
    if text is not None and start is not None and organization:
        window = text[start : start + 200]
        if window.startswith(organization.split("\n", 1)[0]):
            organization = window
    if not organization:
        return None
    return _LINE_END.split(organization, 1)[0].strip() or None


def matches(key: str | None, pattern: str) -> bool:
    """Whether `key` is one `--org` names: part by part, `?` or `*` in the pattern matches any
    part, a shorter pattern matches the keys it begins (`cdvc` matches every `cdvc/...`)."""
    if key is None:
        return False
    parts = key.split("/")
    want = pattern.strip().strip("/").split("/")
    if len(want) > len(parts):
        return False
    return all(w in (UNKNOWN, "*") or w == p for w, p in zip(want, parts, strict=False))


def pattern_of(org: str) -> str | None:
    """`--org` as given: a key (it has a `/` or is a bare kind such as `cdvc`) or a name, read
    as a key whose unknown parts match anything ("LĐLĐ huyện Chợ Mới" -> ldld-huyen/?/cho-moi)."""
    org = org.strip()
    if re.fullmatch(r"[a-z?*-]+(?:/[a-z0-9?*-]+)*/?", org):
        return org
    return key_of(org)
