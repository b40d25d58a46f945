"""The province: from the union's own name, the body, or a newspaper that carries it.

`Công đoàn Viên chức tỉnh Khánh Hòa`, `LĐLĐ tỉnh Nghệ An`, `Đại hội Công đoàn tỉnh Vĩnh Phúc`
rank above a bare place name; a masthead (`BÁO NAM ĐỊNH ĐIỆN TỬ`) or a source tag
(`(Baonghean.vn)`) settles it when the body names no province. A short dateline code is not
enough on its own.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache

import regex

from unionparse import lexicon, provinces
from unionparse.found import Found
from unionparse.provinces import Province
from unionparse.text import Doc


@cache
def _alias_pattern() -> regex.Pattern[str]:
    return regex.compile(r"(?<!\w)(?P<p>" + provinces.alias_regex_source() + r")(?!\w)")


@cache
def _led_pattern() -> regex.Pattern[str]:
    head = lexicon.compile_template(r"(?:<<union_body_head>>)").pattern
    return regex.compile(
        r"(?<!\w)(?P<lead>"
        + head
        # `Công đoàn ngành Công Thương Hà Tĩnh`: a few words may name the sector first
        + r"(?:\s+(?!tỉnh(?!\w)|thành\s+phố(?!\w))[\w&.-]+){0,3}?(?:\s+(?:tỉnh|thành\s+phố|tp\.?))?"
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
    out = []
    for w in words:
        i = folded.find(w, start, end)
        while i >= 0:
            out.append(i)
            i = folded.find(w, i + 1, end)
    out.sort()
    return out


@cache
def _lead_reach() -> int:
    """How many words after its first a `_led_pattern` match can reach before the province:
    the longest union head, three sector words and `thành phố`."""
    return max(len(w.split()) for w in lexicon.words("union_body_head")) + 3 + 2


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
def _lead_rules() -> tuple[int, dict, frozenset[str], dict, tuple[str, ...], frozenset[str]]:
    firsts = provinces.alias_first_words()
    # the letters a name's first word starts with: a word starting otherwise is passed over
    # without comparing it with every first word (an empty first word would start any word)
    letters = frozenset(w[:1] for w in firsts) if all(firsts) else None
    return (
        _lead_reach(),
        _lead_next(),
        frozenset(firsts),
        provinces.alias_second_words(),
        firsts,
        letters,
    )


def _may_lead(folded: str, i: int, end: int) -> bool:
    r"""Whether a `_led_pattern` match can start at `i`: the word there is a whole lead word
    (with its second word, `công đoàn`), and a province name's first two words are in reach of
    it (the words split as `\s` splits them)."""
    reach, lead_next, first_set, seconds, firsts, letters = _lead_rules()
    window = folded[i : min(end, i + 160)]
    if not window.isprintable():  # str.split() also splits at \x1c-\x1f, `\s` does not
        return True
    # the lead word, the `reach` words after it and one more (a name's second word), whole
    words = window.split(None, reach + 2)
    if len(words) <= reach + 2 and i + 160 < end:  # long words: the window was too short
        window = folded[i:end]
        if not window.isprintable():
            return True
        words = window.split(None, reach + 2)
    after = lead_next.get(words[0])
    if after is None or (after and (len(words) < 2 or words[1] not in after)):
        return False
    words = words[1 : reach + 2]
    if not first_set.isdisjoint(words[:reach]):
        for k in range(min(reach, len(words))):
            after = seconds.get(words[k], ())
            if after is None or (after and (k + 1 == len(words) or words[k + 1].startswith(after))):
                return True
    # a word of letters only starts a name only when it is the name's first word; others
    # (`tp.hcm`, `kontum,`) are compared by their start
    for w in words[:reach]:
        if not w.isalpha() and (letters is None or w[0] in letters) and w.startswith(firsts):
            return True
    return False


def _province_in(doc: Doc, paras: list, out: list[Found]) -> None:
    """`_led_pattern` and `_paren_pattern` matches in `paras` (in text order), as finditer over
    each paragraph would give them: both can start only at a lead word or a bracket, so they
    are tried there alone, and a lead word with no province name in reach is passed over."""
    if not paras:
        return
    folded = doc.folded
    # one scan per run of adjacent paragraphs, skipping the text of the others between them
    # a run whose words are all one space apart is searched for whole leads (`công đoàn`)
    leads: list[int] = []
    brackets: list[int] = []
    lo = paras[0].start
    spaced = True
    for k, para in enumerate(paras):
        hi = para.end
        spaced = spaced and "  " not in para.folded and para.folded.isprintable()
        if k + 1 == len(paras) or not folded[hi : paras[k + 1].start].isspace():
            leads += _starts(folded, _lead_phrases() if spaced else _lead_words(), lo, hi)
            brackets += _starts(folded, ("(",), lo, hi)
            if k + 1 < len(paras):
                lo, spaced = paras[k + 1].start, True
    led, paren = _led_pattern(), _paren_pattern()
    for para in paras:
        s, e = para.start, para.end
        last = -1
        for i in leads[bisect_left(leads, s) : bisect_left(leads, e)]:
            if i < last or not _may_lead(folded, i, e):
                continue
            m = led.match(folded, i, e)
            if m is None:
                continue
            last = m.end()
            p = provinces.lookup(m.group("p"))
            if p is None:
                continue
            # a bare `tỉnh X` may be a place visited; the union's own name or its newspaper
            # says more
            rank = 4 if m.group("lead").strip() not in ("tỉnh", "thành phố", "tp", "tp.") else 2
            out.append(Found("province", p.name, m.start("p"), m.end("p"), rank))
        # `LĐLĐ huyện Krông Pắc (Đắk Lắk)`, `(Báo Quảng Ngãi) - ...`
        last = -1
        for i in brackets[bisect_left(brackets, s) : bisect_left(brackets, e)]:
            if i < last:
                continue
            m = paren.match(folded, i, e)
            if m is None:
                continue
            last = m.end()
            p = provinces.lookup(m.group("p"))
            if p and doc.text[m.start("p")].isupper():
                rank = 3 if not m.group("paper") else 2
                out.append(Found("province", p.name, m.start("p"), m.end("p"), rank))


def province(doc: Doc) -> list[Found]:
    out: list[Found] = []
    # the union's name is in the title or the lead: read the rest only when they name no province
    pool = [q for q in doc.paras if q.kind in ("title", "body", "caption")]
    _province_in(doc, pool[:4], out)
    if not any(f.rank >= 4 for f in out):
        _province_in(doc, pool[4:], out)
    if any(f.rank >= 4 for f in out):
        return out
    pub = _publisher_province(doc)
    if pub:
        out.append(pub)
    return out


def _publisher_province(doc: Doc) -> Found | None:
    """The province of the newspaper (meta.publisher reads mastheads, source tags, `Theo dõi`)."""
    from unionparse.extractors.meta import publisher

    pub = publisher(doc)
    p = provinces.by_masthead(doc.text[pub.start : pub.end].strip()) if pub else None
    if p is None and pub:
        p = provinces.by_masthead(pub.value)
    return Found("province", p.name, pub.start, pub.end, 3) if p and pub else None
