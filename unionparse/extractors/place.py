"""The province: from the union's own name, the body, or a newspaper that carries it.

`Công đoàn Viên chức tỉnh Khánh Hòa`, `LĐLĐ tỉnh Nghệ An`, `Đại hội Công đoàn tỉnh Vĩnh Phúc`
rank above a bare place name; a masthead (`BÁO NAM ĐỊNH ĐIỆN TỬ`) or a source tag
(`(Baonghean.vn)`) settles it when the body names no province. A short dateline code is not
enough on its own.
"""

from __future__ import annotations

import re
from functools import cache

import regex

from unionparse import lexicon, pattern_cache, provinces
from unionparse.extractors.common import starts_of
from unionparse.found import Found
from unionparse.provinces import Province
from unionparse.text import Doc, Para, fold


@cache
def _alias_pattern() -> regex.Pattern[str]:
    return pattern_cache.compile(r"(?<!\w)(?P<p>" + provinces.alias_regex_source() + r")(?!\w)")


@cache
def _led_pattern() -> regex.Pattern[str]:
    head = lexicon.compile_template(r"(?:<<union_body_head>>)").pattern
    return pattern_cache.compile(
        r"(?<!\w)(?P<lead>"
        + head
        # `Công đoàn ngành Công Thương Hà Tĩnh`: a few words may name the sector first; not a
        # district (`LĐLĐ huyện Quảng Ninh` is in Quảng Bình: districts share provinces' names)
        + r"(?:\s+(?!tỉnh(?!\w)|thành\s+phố(?!\w)|huyện(?!\w)|quận(?!\w)|thị\s+xã(?!\w)|xã(?!\w)|phường(?!\w))[\w&.-]+){0,3}?(?:\s+(?:tỉnh|thành\s+phố|tp\.?))?"
        # `LĐLĐ quận Gò Vấp, TP HCM`, `huyện Tam Nông, Phú Thọ`: a district, then its province
        + r"|(?:huyện|quận|thị\s+xã)\s+[^,.;\n]{1,25}?,"
        + r"|tỉnh|thành\s+phố|tp\.?|ubnd\s+tỉnh)\s+(?P<p>"
        + provinces.alias_regex_source()
        + r")(?!\w)"
    )


@cache
def _paren_pattern() -> regex.Pattern[str]:
    return pattern_cache.compile(
        r"\(\s*(?P<paper>báo\s+)?(?P<p>" + provinces.alias_regex_source() + r")\s*\)"
    )


def find_provinces(folded: str) -> list[tuple[Province, int, int]]:
    out = []
    for m in _alias_pattern().finditer(folded):
        p = provinces.lookup(m.group("p"))
        if p:
            out.append((p, m.start("p"), m.end("p")))
    return out


@cache
def _gates() -> tuple[re.Pattern[str], re.Pattern[str]]:
    led, paren = _gate_sources()
    return re.compile(led), re.compile(paren)


@pattern_cache.kept
def _gate_sources() -> tuple[str, str]:
    r"""Stdlib `re` tests that hold wherever `_led_pattern` / `_paren_pattern` match, at a
    fraction of their cost (no 200-name alternation, no named groups): the patterns with each
    province name cut to its first word (with its second word where every name starting so
    has one) and each `[\w&.-]+` word widened to `\S+`. `re`'s `\s` takes in all of `regex`'s
    (and \x1c-\x1f), so they never turn a match away.

    The led gate is written one alternative per first letter (`c(?:ông\s+đoàn...|đvc)...|l...
    |t(?:ỉnh|hành\s+phố|p\.?)|u(?:bnd\s+tỉnh)`): each alternative opens with a literal, so a
    `re` search skips to those few letters by a character-set test, and one search per
    paragraph costs less than finding the lead words and trying the gate at each."""
    seconds = provinces.alias_second_words()
    name = _names_by_letter({w: seconds[w] for w in provinces.alias_first_words()})
    heads = [h.split() for h in lexicon.words("union_body_head")]
    # possessive: a word ends only at white space, so backing off into it never helps
    words = r"(?:\s++\S++){0,3}?(?:\s++(?:tỉnh|thành\s+phố|tp\.?))?"
    by_letter: dict[str, list[str]] = {}
    for c in sorted({h[0][0] for h in heads}):
        rests = [[h[0][1:], *h[1:]] for h in heads if h[0][0] == c]
        by_letter.setdefault(c, []).append(_word_tree(rests) + words)
    district = r"\s[^,.;\n]{1,25}?,"
    for lead in (
        "tỉnh",
        r"thành\s+phố",
        r"tp\.?",
        r"ubnd\s+tỉnh",
        "huyện" + district,
        "quận" + district,
        r"thị\s+xã" + district,
    ):
        by_letter.setdefault(lead[0], []).append(lead[1:])
    leads = "|".join(
        re.escape(c) + "(?:" + "|".join(alts) + ")" for c, alts in sorted(by_letter.items())
    )
    return rf"(?:{leads})\s++{name}", r"\(\s*+(?:báo\s++)?" + name


def _word_tree(phrases: list[list[str]]) -> str:
    r"""An alternation of the phrases (lists of words, `\s+` between them) with each shared
    first word written once: `công\s+đoàn(?:\s+(?:ngành|y\s+tế|...))?|lđlđ|...`."""
    firsts: dict[str, list[list[str]]] = {}
    for words in phrases:
        firsts.setdefault(words[0], []).append(words[1:])
    out = []
    for w, rests in sorted(firsts.items()):
        longer = [r for r in rests if r]
        if not longer:
            out.append(re.escape(w))
            continue
        tail = r"\s+" + _word_tree(longer)
        out.append(re.escape(w) + (f"(?:{tail})?" if len(longer) < len(rests) else tail))
    return "(?:" + "|".join(out) + ")"


def _names_by_letter(words: dict[str, tuple[str, ...] | None]) -> str:
    r"""An alternation of `words`, each followed by `\s+` and one of its next words when it has
    them, grouped by first letter: `re` tries the branches of an alternation one by one, and
    this way a word is compared only with the names sharing its first letter."""
    branches = []
    for c in sorted({w[:1] for w in words}):
        rest = []
        for w in sorted((w for w in words if w[:1] == c), key=len, reverse=True):
            after = words[w]
            tail = r"\s+(?:" + "|".join(map(re.escape, after)) + ")" if after else ""
            rest.append(re.escape(w[1:]) + tail)
        branches.append(re.escape(c) + "(?:" + "|".join(rest) + ")")
    return "(?:" + "|".join(branches) + ")"


_GUEST = lexicon.compile_template(r"(?r)(?<!\w)(?:<<guest_cue>>)(?:\s+của)?\s*+\Z")


def _province_in(doc: Doc, paras: list[Para], out: list[Found]) -> None:
    """`_led_pattern` and `_paren_pattern` matches in `paras` (in text order), as finditer over
    each paragraph would give them: a led match is tried only where the led gate's search
    stops (it holds wherever the pattern matches), a bracket one at a `(` after its gate."""
    folded = doc.folded
    led = _led_pattern()
    gate = _gates()[0].search
    lookup = provinces.lookup
    lead_g, led_p, _, _ = _groups()
    for para in paras:
        e = para.end
        i = para.start
        while (g := gate(folded, i, e)) is not None:
            i = g.start()
            m = led.match(folded, i, e)
            if m is None:
                i += 1
                continue
            i = m.end()  # the next match starts after this one, as in finditer
            p = lookup(m.group(led_p))
            if p is None:
                continue
            # a bare `tỉnh X` may be a place visited; the union's own name or its newspaper
            # says more
            rank = 4 if m.group(lead_g).strip() not in ("tỉnh", "thành phố", "tp", "tp.") else 2
            if rank == 4 and _GUEST.match(folded, max(para.start, m.start() - 40), m.start()):
                rank = 1  # a visiting delegation's union: its province is not the host's
            out.append(Found("province", p.name, m.start(led_p), m.end(led_p), rank))
        if "(" in para.folded:
            _bracketed(doc, para, out)


def _bracketed(doc: Doc, para: Para, out: list[Found]) -> None:
    """`LĐLĐ huyện Krông Pắc (Đắk Lắk)`, `(Báo Quảng Ngãi) - ...`: `_paren_pattern` matches."""
    folded = doc.folded
    paren, gate = _paren_pattern(), _gates()[1]
    _, _, paper_g, paren_p = _groups()
    e = para.end
    last = -1
    for i in starts_of(para.folded, ("(",)):
        i += para.start
        if i < last or gate.match(folded, i, e) is None:
            continue
        m = paren.match(folded, i, e)
        if m is None:
            continue
        last = m.end()
        p = provinces.lookup(m.group(paren_p))
        if p and doc.text[m.start(paren_p)].isupper():
            rank = 3 if not m.group(paper_g) else 2
            out.append(Found("province", p.name, m.start(paren_p), m.end(paren_p), rank))


@cache
def _groups() -> tuple[int, int, int, int]:
    """Group numbers of `lead` and `p` in `_led_pattern`, `paper` and `p` in `_paren_pattern`:
    `regex` reads a group name slowly."""
    led, paren = _led_pattern().groupindex, _paren_pattern().groupindex
    return led["lead"], led["p"], paren["paper"], paren["p"]


_POOL = ("title", "body", "caption")


def _strong(found: list[Found]) -> bool:
    """A province from the union's own name (rank 4) is among `found`."""
    for f in found:
        if f.rank >= 4:
            return True
    return False


def province(doc: Doc) -> list[Found]:
    out: list[Found] = []
    pool = [q for q in doc.paras if q.kind in _POOL]
    # the union's name is in the title or the lead: read the rest only when they name no province
    _province_in(doc, pool[:4], out)
    strong = _strong(out)
    if not strong:
        _province_in(doc, pool[4:], out)
        strong = _strong(out)
    if strong:
        return out
    dateline = _dateline(doc)
    if dateline is not None:
        out.append(dateline)
        return out
    pub = _publisher_province(doc)
    if pub:
        out.append(pub)
    elif not out:
        # a union's own site: its masthead (`LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐẮK LẮK`) names its owner
        mastheads = [q for q in doc.paras if q.kind == "masthead"]
        _province_in(doc, mastheads, out)
        if not out:
            out.extend(f for q in mastheads if (f := _masthead_ends_in_province(q)))
    return out


# `HÀ TĨNH - Chiều ngày 4-1-2019, ...`: a dateline in capitals before the lead's first words
_DATELINE = pattern_cache.compile(r"^\s*(\p{Lu}[\p{Lu}\s.]{2,24}?)\s+[-–]\s")


def _dateline(doc: Doc) -> Found | None:
    """The province a national paper's dateline names (a full name, not a code: `TTH`), at the
    head of the lead paragraph (a summary in bold may come before it)."""
    for q in doc.body[:2]:
        m = _DATELINE.match(q.text)
        prov = provinces.lookup(fold(m.group(1))) if m is not None else None
        if m is not None and prov is not None:
            return Found("province", prov.name, q.start + m.start(1), q.start + m.end(1), 3)
    return None


_BELOW_PROVINCE = ("huyện", "quận", "thị xã", "thành phố", "tp", "xã", "phường", "thị trấn")


def _masthead_ends_in_province(p: Para) -> Found | None:
    """Another provincial body's site (`TỈNH ĐOÀN NINH THUẬN`): the masthead ends in the
    province's name, not in that of a district (`... HUYỆN QUẢNG NINH`)."""
    words = p.text.split()
    for n in (3, 2, 1):
        if len(words) <= n:
            continue
        name = " ".join(words[-n:])
        before = p.text[: p.text.rindex(name)].lower().rstrip()
        if before.endswith(_BELOW_PROVINCE):
            return None
        prov = provinces.lookup(name)
        if prov is not None:
            start = p.start + p.text.rindex(name)
            return Found("province", prov.name, start, start + len(name), 2)
    return None


def _publisher_province(doc: Doc) -> Found | None:
    """The province of the newspaper (meta.publisher reads mastheads, source tags, `Theo dõi`)."""
    from unionparse.extractors.meta import publisher

    pub = publisher(doc)
    p = provinces.by_masthead(doc.text[pub.start : pub.end].strip()) if pub else None
    if p is None and pub:
        p = provinces.by_masthead(pub.value)
    return Found("province", p.name, pub.start, pub.end, 3) if p and pub else None
