"""Vietnam's 63 former provinces, their 2025 successors, and how articles spell them.

The table lives in ``data/provinces.toml`` (reviewable data, not code); this module only loads it,
indexes it and compiles its surface forms. Names are matched on a *match key*: NFC, lower case,
the look-alike letters U+00D0 'Ð' / U+0189 'Ɖ' read as 'Đ', and the tone mark of oa/oe/uy
syllables moved to one placement (see :func:`fold_tone`). The key has the same length as the
text, so a match on the key is a match on the text at the same offsets.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from unionparse import data_files, pattern_cache

__all__ = [
    "Province",
    "alias_regex_source",
    "all_provinces",
    "by_masthead",
    "by_slug",
    "fold_for_match",
    "fold_tone",
    "lookup",
    "units_2025",
]


@dataclass(frozen=True)
class Province:
    """One of the 63 provincial units that existed before the 2025 merger.

    ``name`` has no "tỉnh"/"thành phố" prefix ("Hồ Chí Minh", "Nghệ An"). ``aliases`` holds every
    other spelling that is safe to search for in running text, in both tone-mark placements;
    ``lookup_only`` holds forms accepted by :func:`lookup` but too ambiguous in running text.
    """

    name: str
    province_2025: str
    central_city: bool
    aliases: tuple[str, ...]
    slug: str
    code: str = ""
    slugs: tuple[str, ...] = ()
    lookup_only: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    mastheads: tuple[str, ...] = ()
    common_word: bool = False
    not_followed_by: tuple[str, ...] = ()
    not_preceded_by: tuple[str, ...] = ()


# --- tone placement ---------------------------------------------------------------------------

# Two spellings of the same syllable coexist in Vietnamese text: the mark on the first vowel of a
# final oa/oe/uy ("hòa", "khỏe", "thủy", "ủy": most of today's press and our canonical names) or on
# the second ("hoà", "khoẻ", "thuỷ", "uỷ"). Only syllables that END in oa/oe/uy differ: with a
# final consonant or glide both styles put the mark on the second vowel ("hoàng", "khuỷu",
# "huỳnh"), and in qu- the u is part of the onset ("quý", "quỳnh", "quà"), so those are kept.
# Each search starts with the first vowel, so `re` skips ahead with its prefix or character-set
# scan (a leading look-behind would be tried at every position); a string without a capital O or U
# is searched for a literal "o" and "u", which is faster still. Pairing (o with a/e, u with y) and
# the qu- exception are checked in `_fold_pair`: a rejected candidate cannot hide another one,
# since its second character is never an o or u.
_TONE_FOLD_RE = re.compile(r"[oOuU][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ](?![^\W\d_])")
_TONE_FOLD_LOWER = (
    re.compile(r"o[àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ](?![^\W\d_])"),
    re.compile(r"u[ỳýỷỹỵỲÝỶỸỴ](?![^\W\d_])"),
)
_TONE_UNFOLD_RE = re.compile(
    r"(?<![qQ])(?:([òóỏõọÒÓỎÕỌ])([aAeE])|([ùúủũụÙÚỦŨỤ])([yY]))(?![^\W\d_])"
)


def _move_mark(m: re.Match[str], *, to_first: bool) -> str:
    first, second = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return _moved(first, second, to_first=to_first)


def _moved(first: str, second: str, *, to_first: bool) -> str:
    donor, taker = (second, first) if to_first else (first, second)
    decomposed = unicodedata.normalize("NFD", donor)
    base, mark = decomposed[0], decomposed[1:]
    toned = unicodedata.normalize("NFC", taker + mark)
    return toned + base if to_first else base + toned


# Every old-style pair and its new-style spelling ("oà" -> "òa", "Uỷ" -> "Ủy").
_TONE_FOLD_PAIRS = {
    first + second: _moved(first, second, to_first=True)
    for firsts, seconds in (("oO", "àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ"), ("uU", "ỳýỷỹỵỲÝỶỸỴ"))
    for first in firsts
    for second in seconds
}


def _fold_pair(m: re.Match[str]) -> str:
    pair = m.group()
    start = m.start()
    if start and m.string[start - 1] in "qQ":  # the u of qu- is part of the onset
        return pair
    return _TONE_FOLD_PAIRS.get(pair, pair)


def fold_tone(s: str) -> str:
    """Move the tone mark of a final oa/oe/uy to its first vowel: "hoà" -> "hòa", "uỷ" -> "ủy".

    Two characters become two characters, so offsets into the result are offsets into ``s``.
    Case is kept per character ("HOÀ" -> "HÒA"). NFC in, NFC out. "hoàng", "khuỷu", "quý" and
    other syllables whose mark does not depend on the style are left alone.
    """
    if "O" in s or "U" in s:
        return _TONE_FOLD_RE.sub(_fold_pair, s)
    # o- and u- pairs never overlap, and a fold changes neither a q nor whether a letter follows
    for pattern in _TONE_FOLD_LOWER:
        s = pattern.sub(_fold_pair, s)
    return s


def _unfold_tone(s: str) -> str:
    """The inverse of :func:`fold_tone` ("hòa" -> "hoà"), used to generate old-style aliases."""
    return _TONE_UNFOLD_RE.sub(lambda m: _move_mark(m, to_first=False), s)


_D_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ", "Ɖ": "Đ", "ɖ": "đ"})


def fold_for_match(s: str) -> str:
    """Lower-case, read 'Ð'/'Ɖ' as 'Đ' and :func:`fold_tone`, keeping the length of ``s``.

    A character whose lower case is longer (e.g. 'İ') is kept as it is, so offsets stay valid.
    """
    s = s.translate(_D_LOOKALIKES)
    low = s.lower()
    if len(low) != len(s):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in s)
    return fold_tone(low)


# --- lookup keys ----------------------------------------------------------------------------

_SPACES_RE = re.compile(r"\s+")
_DASH_RE = re.compile(r"\s*[-‐‑‒–—]\s*")
_DOT_SPACE_RE = re.compile(r"\.\s+")
_PREFIX_RE = re.compile(r"^(?:tỉnh|thành phố|thủ đô|tinh|thanh pho|t\.p\.?|tp\.?)\s*(?=\w)")
_STRIP_CHARS = " .,;:()[]\"'“”"


def _key(s: str) -> str:
    """Whole-string lookup key: match-folded, spaces collapsed, dashes and 'TP. X' tightened."""
    s = fold_for_match(unicodedata.normalize("NFC", s))
    s = _SPACES_RE.sub(" ", s).strip(_STRIP_CHARS)
    s = _DASH_RE.sub("-", s)
    return _DOT_SPACE_RE.sub(".", s)


def _ascii_slug(s: str) -> str:
    """ "Bà Rịa - Vũng Tàu" -> "bariavungtau": no marks, no spaces or punctuation, đ -> d."""
    s = unicodedata.normalize("NFD", s.translate(_D_LOOKALIKES).replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in s.lower() if c.isascii() and c.isalnum())


# --- loading --------------------------------------------------------------------------------


def _tuple(row: dict[str, object], field: str) -> tuple[str, ...]:
    value = row.get(field, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"provinces.toml: {row.get('name')!r}: {field} must be a list of strings")
    return tuple(value)


def _with_variants(forms: tuple[str, ...]) -> tuple[str, ...]:
    """Each form followed by its other tone placement, when it has one; no duplicates."""
    out: list[str] = []
    for form in forms:
        for v in (form, _unfold_tone(form)):
            if v not in out:
                out.append(v)
    return tuple(out)


def _province(row: dict[str, object]) -> Province:
    name = row["name"]
    if not isinstance(name, str):
        raise ValueError(f"provinces.toml: bad name {name!r}")
    aliases = tuple(a for a in _with_variants((name, *_tuple(row, "aliases"))) if a != name)
    return Province(
        name=name,
        province_2025=str(row["province_2025"]),
        central_city=bool(row.get("central_city", False)),
        aliases=aliases,
        slug=str(row["slug"]),
        code=str(row.get("code", "")),
        slugs=_tuple(row, "slugs"),
        lookup_only=_with_variants(_tuple(row, "lookup_only")),
        domains=_tuple(row, "domains"),
        mastheads=_tuple(row, "mastheads"),
        common_word=bool(row.get("common_word", False)),
        not_followed_by=_tuple(row, "not_followed_by"),
        not_preceded_by=_tuple(row, "not_preceded_by"),
    )


@cache
def all_provinces() -> tuple[Province, ...]:
    """The 63 provinces in GSO code order, loaded once from ``data/provinces.toml``."""
    return tuple(_province(row) for row in data_files.load("provinces")["province"])


def _add(index: dict[str, Province], key: str, province: Province, what: str) -> None:
    other = index.setdefault(key, province)
    if other is not province:
        raise ValueError(f"provinces.toml: {what} {key!r} means {other.name} and {province.name}")


@cache
def _indexes() -> tuple[dict[str, Province], dict[str, Province], dict[str, Province]]:
    by_name: dict[str, Province] = {}
    by_slug_: dict[str, Province] = {}
    by_paper: dict[str, Province] = {}
    for p in all_provinces():
        for form in (p.name, *p.aliases, *p.lookup_only):
            _add(by_name, _key(form), p, "name")
        for slug in (p.slug, *p.slugs):
            _add(by_slug_, slug, p, "slug")
        for domain in p.domains:
            _add(by_paper, domain.lower(), p, "domain")
        for masthead in p.mastheads:
            _add(by_paper, _key(masthead), p, "masthead")
    return by_name, by_slug_, by_paper


@cache
def _keys_as_written() -> dict[str, Province]:
    """The name index restricted to keys that are their own key (`_key(k) == k`): a string equal
    to one of them has that key, so :func:`lookup` may answer it at once."""
    return {k: p for k, p in _indexes()[0].items() if _key(k) == k}


@cache
def _answered() -> dict[str, Province]:
    """Strings :func:`lookup` answers at once: :func:`_keys_as_written`, and every form as the
    table writes it ("Nghệ An"), answered by the full lookup here, once (the pipeline looks up
    the chosen province by its canonical name)."""
    by_name, by_slug_, _ = _indexes()
    known = dict(_keys_as_written())
    for p in all_provinces():
        for form in (p.name, *p.aliases, *p.lookup_only):
            found = _lookup_by_key(form, by_name, by_slug_)
            if found is not None:
                known.setdefault(form, found)
    return known


def units_2025() -> tuple[str, ...]:
    """The 34 provincial units after the 2025 merger, sorted."""
    return tuple(sorted({p.province_2025 for p in all_provinces()}))


# --- lookups --------------------------------------------------------------------------------


def lookup(name: str) -> Province | None:
    """The province a whole string names, or None.

    Accepts the canonical name, any alias or lookup-only form, in either tone placement, any case,
    with or without a "tỉnh" / "thành phố" / "TP" / "TP." prefix, with 'Ð' for 'Đ', with extra or
    non-breaking spaces, and plain ASCII without marks ("Nghe An").
    """
    found = _answered().get(name)  # a name in key form or as written needs no folding
    if found is not None:
        return found
    by_name, by_slug_, _ = _indexes()
    return _lookup_by_key(name, by_name, by_slug_)


def _lookup_by_key(
    name: str, by_name: dict[str, Province], by_slug_: dict[str, Province]
) -> Province | None:
    key = _key(name)
    if not key:
        return None
    found = by_name.get(key)
    if found is None:
        bare = _PREFIX_RE.sub("", key)
        found = by_name.get(bare) if bare != key else None
        key = bare
    if found is None and key.isascii():
        found = by_slug_.get(_ascii_slug(key))
    return found


_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*://")
_TLD_RE = re.compile(r"(?:\.(?:vn|com|org|net|info|gov|edu))+$")


def by_slug(slug: str) -> Province | None:
    """The province of a slug ("nghean") or of a newspaper domain ("baonghean.vn", "https://
    www.baovinhphuc.com.vn/..."), from the ``bao<slug>`` pattern or the listed exceptions
    ("baoapbac.vn" -> Tiền Giang). None when the domain carries no province."""
    _, by_slug_, by_paper = _indexes()
    host = _SCHEME_RE.sub("", slug.strip().lower()).split("/", 1)[0].split(":", 1)[0]
    host = host.removeprefix("www.").strip("()[] ")
    if host in by_paper:
        return by_paper[host]
    label = _TLD_RE.sub("", host).rsplit(".", 1)[-1]
    if label in by_slug_:
        return by_slug_[label]
    if label.startswith("bao"):
        return by_slug_.get(label[3:])
    return None


_MASTHEAD_RE = re.compile(r"^(?:báo|tạp chí|đài)\s+|\s+(?:điện tử|online|đt)$")


def by_masthead(title: str) -> Province | None:
    """The province of a newspaper title: "Báo Nam Định điện tử" -> Nam Định, "Báo Ấp Bắc" ->
    Tiền Giang, "Baonghean.vn" -> Nghệ An. None for national papers ("Báo Lao Động")."""
    _, _, by_paper = _indexes()
    key = _key(title)
    if key.isascii() and "." in key and " " not in key:
        return by_slug(key)
    bare = _MASTHEAD_RE.sub("", key)
    return by_paper.get(bare) or lookup(bare)


# --- text pattern ---------------------------------------------------------------------------

_HSPACE = r"[^\S\r\n]"


def _form_pattern(form: str) -> str:
    """Escape one lower-case surface form; its spaces, dashes and 'TP.' spacing become flexible."""
    form = _DOT_SPACE_RE.sub(".", _DASH_RE.sub("-", form))
    out: list[str] = []
    for ch in form:
        if ch == " ":
            out.append(_HSPACE + "+")
        elif ch == "-":
            out.append(f"{_HSPACE}*[-‐‑‒–—]{_HSPACE}*")
        elif ch == ".":
            out.append(r"\." + _HSPACE + "*")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _words(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(fold_for_match(w)) for w in words)


def _guarded(p: Province, pattern: str) -> str:
    """Add the province's lookarounds: "thái bình" not before "dương", "bình dương" not after
    "thái" (Thái Bình Dương, the Pacific), "điện biên" not before "phủ"."""
    if p.not_preceded_by:
        pattern = rf"(?<!(?<!\w)(?:{_words(p.not_preceded_by)}){_HSPACE}+)" + pattern
    if p.not_followed_by:
        pattern += rf"(?!{_HSPACE}+(?:{_words(p.not_followed_by)})(?!\w))"
    return pattern


def _searchable_forms() -> dict[str, Province]:
    """Every searchable surface form, match-folded, with its province (lookup-only ones left out)."""
    forms: dict[str, Province] = {}
    for p in all_provinces():
        excluded = {_key(f) for f in p.lookup_only}
        for form in (p.name, *p.aliases):
            folded = fold_for_match(form)
            if _key(folded) not in excluded:
                forms.setdefault(folded, p)
    return forms


@pattern_cache.kept
def alias_first_words() -> tuple[str, ...]:
    """What the text must start with where :func:`alias_regex_source` matches: each form's
    letters up to its first space, dash or dot ("nghệ", "tp", "bà"). A cheap test
    (``str.startswith``) before trying the pattern."""
    return tuple(sorted({_first_word(f) for f in _searchable_forms()}))


@pattern_cache.kept
def alias_second_words() -> dict[str, tuple[str, ...] | None]:
    """For each of :func:`alias_first_words`, the words that follow it after a space in the
    forms that go on that way ("nghệ" -> ("an",)); None when some form ends with it or goes on
    with a dash or a dot, so that no second word is needed."""
    out: dict[str, set[str] | None] = {}
    for form in _searchable_forms():
        form = _DOT_SPACE_RE.sub(".", _DASH_RE.sub("-", form))
        first = _first_word(form)
        rest = form[len(first) :]
        second = _first_word(rest[1:]) if rest.startswith(" ") else ""
        seconds = out.setdefault(first, set())
        if not second or seconds is None:
            out[first] = None
        else:
            seconds.add(second)
    return {w: tuple(sorted(after)) if after is not None else None for w, after in out.items()}


def _first_word(form: str) -> str:
    out = []
    for ch in form:
        if ch in " -.‐‑‒–—":
            break
        out.append(ch)
    return "".join(out)


@pattern_cache.kept
def alias_regex_source() -> str:
    """A non-capturing alternation of every searchable surface form, longest first.

    Forms are lower case in the folded tone style, to be matched on :func:`fold_for_match` of the
    text (same length, so offsets carry over). Spaces match runs of horizontal whitespace, dashes
    any dash with optional spaces. ``lookup_only`` forms are left out; the few guarded names carry
    their lookarounds ("thái bình" not before "dương"), which need the ``regex`` module. No word
    boundaries are added: the caller wraps the group. ``lookup()`` of a matched span gives its
    province.
    """
    forms = _searchable_forms()
    seen: set[str] = set()
    parts: list[str] = []
    for form in sorted(forms, key=lambda f: (-len(f), f)):
        pattern = _guarded(forms[form], _form_pattern(form))
        if pattern not in seen:
            seen.add(pattern)
            parts.append(pattern)
    # the look-ahead is implied by the alternatives; it fails at once where no form can start,
    # so a caller that tries the pattern at many offsets skips the 80-odd alternatives there
    return "(?=" + _start_lookahead(forms) + ")(?:" + "|".join(parts) + ")"


def _start_lookahead(forms: dict[str, Province]) -> str:
    """The first two letters any form can start with, grouped by the first: `t[hpu]|b[àì]|...`."""
    seconds: dict[str, set[str]] = {}
    for form in forms:
        form = _DOT_SPACE_RE.sub(".", _DASH_RE.sub("-", form))
        second = form[1:2]
        seconds.setdefault(form[0], set()).add(second if second.isalpha() else "")
    out = []
    for first, after in sorted(seconds.items()):
        if "" in after:  # a one-letter word starts a form: the first letter is all we know
            out.append(re.escape(first))
        else:
            out.append(re.escape(first) + "[" + "".join(sorted(after)) + "]")
    return "|".join(out)
