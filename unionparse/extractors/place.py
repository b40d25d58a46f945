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

from unionparse import lexicon, provinces
from unionparse.extractors.common import starts_of
from unionparse.found import Found
from unionparse.provinces import Province
from unionparse.text import Doc, Para


@cache
def _alias_pattern() -> regex.Pattern[str]:
    return regex.compile(r"(?<!\w)(?P<p>" + provinces.alias_regex_source() + r")(?!\w)")


@cache
def _led_pattern() -> regex.Pattern[str]:
    head = lexicon.compile_template(r"(?:<<union_body_head>>)").pattern
    return regex.compile(
        r"(?<!\w)(?P<lead>"
        + head
        # `Công đoàn ngành Công Thương Hà Tĩnh`: a few words may name the sector first; not a
        # district (`LĐLĐ huyện Quảng Ninh` is in Quảng Bình: districts share provinces' names)
        + r"(?:\s+(?!tỉnh(?!\w)|thành\s+phố(?!\w)|huyện(?!\w)|quận(?!\w)|thị\s+xã(?!\w)|xã(?!\w)|phường(?!\w))[\w&.-]+){0,3}?(?:\s+(?:tỉnh|thành\s+phố|tp\.?))?"
        + r"|tỉnh|thành\s+phố|tp\.?|ubnd\s+tỉnh)\s+(?P<p>"
        + provinces.alias_regex_source()
        + r")(?!\w)"
    )


@cache
def _paren_pattern() -> regex.Pattern[str]:
    return regex.compile(
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
def _lead_words() -> tuple[str, ...]:
    """The words a `_led_pattern` match can start with: the union heads' first words and the
    bare `tỉnh`, `thành phố`, `tp`, `ubnd tỉnh` leads."""
    heads = {w.split()[0] for w in lexicon.words("union_body_head")}
    return tuple(sorted(heads | {"tỉnh", "thành", "tp", "ubnd"}))


def _starts(folded: str, words: tuple[str, ...], start: int, end: int) -> list[int]:
    """Every offset in [start, end) where one of `words` begins, ascending."""
    return [start + i for i in starts_of(folded[start:end], words)]


@cache
def _lead_next() -> dict[str, frozenset[str]]:
    r"""Each lead word (a whole word: `\s` follows it in every lead) and the words that may come
    next when the lead has more than one word (`công` -> `đoàn`), empty when any word may."""
    any_next: set[str] = {"tỉnh", "tp", "tp."}  # one-word leads: any word may follow
    seconds: dict[str, set[str]] = {}
    leads = [h.split() for h in lexicon.words("union_body_head")]
    for words in [*leads, ["thành", "phố"], ["ubnd", "tỉnh"]]:
        if len(words) == 1:
            any_next.add(words[0])
        else:
            seconds.setdefault(words[0], set()).add(words[1])
    out = {w: frozenset(after) for w, after in seconds.items()}
    out.update((w, frozenset()) for w in any_next)
    return out


@cache
def _lead_phrases() -> tuple[str, ...]:
    """`_lead_words` with their second word where the lead has one, as written with single
    spaces (`công đoàn`, `thành phố`): fewer, longer words to look for."""
    out: set[str] = set()
    for w, after in _lead_next().items():
        if w == "tp.":  # `tp` finds it
            continue
        if after:
            out.update(f"{w} {a}" for a in after)
        else:
            out.add(w)
    return tuple(sorted(out))


@cache
def _gates() -> tuple[re.Pattern[str], re.Pattern[str]]:
    r"""Stdlib `re` tests that hold wherever `_led_pattern` / `_paren_pattern` match, at a
    fraction of their cost (no 200-name alternation, no named groups): the patterns with each
    province name cut to its first word (with its second word where every name starting so
    has one) and each `[\w&.-]+` word widened to `\S+`. `re`'s `\s` takes in all of `regex`'s
    (and \x1c-\x1f), so they never turn a match away."""
    seconds = provinces.alias_second_words()
    name = _names_by_letter({w: seconds[w] for w in provinces.alias_first_words()})
    head = _word_tree([h.split() for h in lexicon.words("union_body_head")])
    # possessive: a word ends only at white space, so backing off into it never helps
    led = re.compile(
        rf"(?:{head}(?:\s++\S++){{0,3}}?(?:\s++(?:tỉnh|thành\s+phố|tp\.?))?"
        rf"|tỉnh|thành\s+phố|tp\.?|ubnd\s+tỉnh)\s++{name}"
    )
    paren = re.compile(r"\(\s*+(?:báo\s++)?" + name)
    return led, paren


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


def _province_in(doc: Doc, paras: list[Para], at: list[int], out: list[Found]) -> None:
    """`_led_pattern` and `_paren_pattern` matches in `paras` (in text order), as finditer over
    each paragraph would give them: both can start only at a lead word or a bracket, so they
    are tried there alone, after a cheap `_gates` test. `at` holds each paragraph's index in
    `doc.paras`."""
    if not paras:
        return
    folded = doc.folded
    # one scan per run of adjacent paragraphs (next to each other in `doc.paras`: only white
    # space lies between them), skipping the text of the others between them; a run whose
    # words are all one space apart is searched for whole leads (`công đoàn`)
    leads: list[int] = []
    brackets: list[int] = []
    lo = paras[0].start
    spaced = True
    last_k = len(paras) - 1
    for k, para in enumerate(paras):
        spaced = spaced and "  " not in para.folded and para.folded.isprintable()
        if k == last_k or at[k + 1] != at[k] + 1:
            run = folded[lo : para.end]
            words = _lead_phrases() if spaced else _lead_words()
            leads += [lo + i for i in starts_of(run, words)]
            brackets += [lo + i for i in starts_of(run, ("(",))]
            if k < last_k:
                lo, spaced = paras[k + 1].start, True
    led, paren = _led_pattern(), _paren_pattern()
    led_gate, paren_gate = _gates()
    lookup = provinces.lookup
    lead_g, led_p, paper_g, paren_p = _groups()
    # every lead and bracket lies in one of `paras`, both lists ascend: each paragraph takes
    # the next ones before its end
    li = bi = 0
    n_leads, n_brackets = len(leads), len(brackets)
    for para in paras:
        e = para.end
        last = -1
        while li < n_leads and leads[li] < e:
            i = leads[li]
            li += 1
            if i < last or led_gate.match(folded, i, e) is None:
                continue
            m = led.match(folded, i, e)
            if m is None:
                continue
            last = m.end()
            p = lookup(m.group(led_p))
            if p is None:
                continue
            # a bare `tỉnh X` may be a place visited; the union's own name or its newspaper
            # says more
            rank = 4 if m.group(lead_g).strip() not in ("tỉnh", "thành phố", "tp", "tp.") else 2
            out.append(Found("province", p.name, m.start(led_p), m.end(led_p), rank))
        # `LĐLĐ huyện Krông Pắc (Đắk Lắk)`, `(Báo Quảng Ngãi) - ...`
        last = -1
        while bi < n_brackets and brackets[bi] < e:
            i = brackets[bi]
            bi += 1
            if i < last or paren_gate.match(folded, i, e) is None:
                continue
            m = paren.match(folded, i, e)
            if m is None:
                continue
            last = m.end()
            p = lookup(m.group(paren_p))
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
    pool: list[Para] = []
    at: list[int] = []
    for k, q in enumerate(doc.paras):
        if q.kind in _POOL:
            pool.append(q)
            at.append(k)
    # the union's name is in the title or the lead: read the rest only when they name no province
    _province_in(doc, pool[:4], at[:4], out)
    strong = _strong(out)
    if not strong:
        _province_in(doc, pool[4:], at[4:], out)
        strong = _strong(out)
    if strong:
        return out
    pub = _publisher_province(doc)
    if pub:
        out.append(pub)
    elif not out:
        # a union's own site: its masthead (`LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐẮK LẮK`) names its owner
        heads = [k for k, q in enumerate(doc.paras) if q.kind == "masthead"]
        _province_in(doc, [doc.paras[k] for k in heads], heads, out)
    return out


def _publisher_province(doc: Doc) -> Found | None:
    """The province of the newspaper (meta.publisher reads mastheads, source tags, `Theo dõi`)."""
    from unionparse.extractors.meta import publisher

    pub = publisher(doc)
    p = provinces.by_masthead(doc.text[pub.start : pub.end].strip()) if pub else None
    if p is None and pub:
        p = provinces.by_masthead(pub.value)
    return Found("province", p.name, pub.start, pub.end, 3) if p and pub else None
