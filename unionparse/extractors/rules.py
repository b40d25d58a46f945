"""Count rules: templates from the vocabulary compiled into matchers tried only where they can start.

A rule is `(rank, subset check, template[, Hint])`. Most cores open with a number, so instead of
letting each pattern walk every character of a paragraph, the numbers of a paragraph are found
once and a rule is tried only at a number followed by a word its template allows there (the first
words of its noun list, read from the lexicon) and, when the rule needs a cue before the number
(`quản lý 52 CĐCS`), preceded by a word the cue can end with. A rule that opens with a word is
tried only where that word stands (found by `str.find`), not by a scan of the paragraph. Every gate
is a necessary condition of the pattern, so the matches are those of `finditer` followed by the
cue search (tests/test_rules.py checks this on the corpora).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

import regex

from unionparse import lexicon, pattern_cache
from unionparse.extractors.common import (
    clause_before,
    has_word,
    qualifier_of,
    sentence_before,
    starts_of,
    target_list_items,
)
from unionparse.found import Found
from unionparse.literals import literals
from unionparse.numbers import parse_int
from unionparse.text import Doc, Para, has_any


class Hint(NamedTuple):
    """What a template is too intricate to tell by itself: lexicon list names and plain words.

    after: what can follow the number; before: what the cue can end with (the text before the
    number, its spaces stripped, ends with one of them); leads: the literals a core that does not
    open with a number can start with.
    """

    after: tuple[str, ...] | None = None
    before: tuple[str, ...] | None = None
    leads: tuple[str, ...] | None = None


class Rule(NamedTuple):
    rank: int
    subset_check: bool  # a part/change cue before the number disqualifies it
    core: regex.Pattern[str]  # the part that is searched; it holds the group `n`
    cue: regex.Pattern[str] | None  # must end right before the core (matched backwards)
    digit_led: bool  # the core can only start where a run of digits starts
    firsts: tuple[str, ...] | None  # one of these starts right after the number, if known
    leads: tuple[str, ...] | None  # the core opens with one of these: tried only where they stand
    lasts: tuple[str, ...] | None  # the cue ends with one of these, if known
    n: int  # group numbers: by number, as `regex` looks a name up by formatting an error first
    approx: int | None
    cue_approx: int | None
    gate: Gate | None = None  # where it is tried; shared by the rules with the same one
    within: tuple[str, ...] | None = None  # a paragraph it matches in holds one of these


# In a rule template, SPLIT separates the cue (`quản lý`, `có`, `phát triển mới` ...) from the
# number-led core. The core is searched (a digit is a cheap place to start); the cue is then
# matched backwards from the number in a short window. A leading alternation of cue words would
# otherwise be tried at every position of the text.
SPLIT = "<<@>>"
_CUE_WINDOW = 80

# A core that opens with <<int>> (or a digit behind a look-behind that refuses a digit) can only
# match where a run of digits starts; a negative look-behind before it (`(?<!(?:ở|tại)\s{1,3})`)
# consumes nothing and changes nothing to that.
_DIGIT_LED = pattern_cache.compile(
    r"^(?P<lb>\(\?<!\[\\d[^\]]*\]\))?(?:\(\?<!(?:[^()]|\([^()]*\))*\))?(?:\(\?P<\w+>)?(?P<int><<int>>)?"
)
# ... and when the number is followed (after an optional `/37` and spaces) by a word list or a
# word, the text after the number must start with that list's first words or that word.
_AFTER_NUMBER = pattern_cache.compile(
    r"^\)?(?:<<ratio_tail>>\?)?\\s\*\+?"
    r"(?:(?:\(\?:<<(?P<name>\w+)>>\)|<<(?P<bare>\w+)>>)(?![?*+{|])"
    r"|(?P<word>[^\W\d_]+)(?=\\s|\(\?!\\w\)))"
)
_LEAD_WORD = pattern_cache.compile(r"^(?:\(\?<!\\w\))?(?P<word>[^\W\d_]+)(?=\\s|\(\?!\\w\))")
# a number (with an optional `/37`) and the spaces after it: where the next word starts
_NUMBER = pattern_cache.compile(r"(?<!\d)\d++(?:[.,]\d++)*+(?:\s*+/\s*+\d++(?:[.,]\d++)*+)?\s*+")


def _shape(core: str) -> tuple[bool, tuple[str, ...] | None, tuple[str, ...] | None]:
    """(digit_led, firsts, leads) of a core template."""
    m = _DIGIT_LED.match(core)
    assert m is not None  # every part of the pattern is optional
    digit_led = bool(m["int"]) or (bool(m["lb"]) and core[m.end() : m.end() + 2] == r"\d")
    if not digit_led:
        lead = _LEAD_WORD.match(core)
        return False, None, (lead["word"],) if lead else None
    if not m["int"]:
        return True, None, None
    after = _AFTER_NUMBER.match(core[m.end() :])
    if after is None:
        return True, None, None
    if after["word"]:
        return True, (after["word"],), None
    name = after["name"] or after["bare"]
    if name not in lexicon.data()["words"] and name not in lexicon.data()["tables"]:
        return True, None, None  # a composed fragment: no cheap test
    return True, tuple(sorted({w.split()[0] for w in lexicon.words(name)})), None


@cache
def compile_rule(
    template: str,
) -> tuple[
    regex.Pattern[str],
    regex.Pattern[str] | None,
    bool,
    tuple[str, ...] | None,
    tuple[str, ...] | None,
]:
    cue, core = template.split(SPLIT) if SPLIT in template else (None, template)
    cue_pat = lexicon.compile_template("(?r)" + cue + r"\Z") if cue is not None else None
    return (lexicon.compile_template(core), cue_pat, *_shape(core))


def _words_of(items: tuple[str, ...], pick: int) -> tuple[str, ...]:
    """Word `pick` (0 first, -1 last) of each phrase of the named lexicon lists, and plain words."""
    out: set[str] = set()
    for item in items:
        if item in lexicon.data()["fragments"]:
            raise ValueError(f"hint names the fragment {item!r}: name its word lists")
        known = item in lexicon.data()["words"] or item in lexicon.data()["tables"]
        out.update(w.split()[pick] for w in lexicon.words(item)) if known else out.add(item)
    return tuple(sorted(out))


def firsts_of(after: tuple[str, ...]) -> tuple[str, ...]:
    """First words of the named lexicon lists, and plain words, as a `str.startswith` tuple."""
    return _words_of(after, 0)


def lasts_of(before: tuple[str, ...]) -> tuple[str, ...]:
    """Last words of the named lexicon lists, and plain words, as a `str.endswith` tuple."""
    return _words_of(before, -1)


def _group(pat: regex.Pattern[str] | None, name: str) -> int | None:
    return None if pat is None else pat.groupindex.get(name)


def make_rules(specs: list[tuple]) -> list[Rule]:
    """(rank, subset check, template[, Hint]) -> compiled rules, in the given order.

    A Hint names what the template is too intricate to tell (tests/test_rules.py holds every
    hint to the full scans).
    """
    out = []
    for rank, check, template, *more in specs:
        hint: Hint = more[0] if more else Hint()
        core, cue, digit_led, firsts, leads = compile_rule(template)
        if hint.after is not None and digit_led:
            firsts = firsts_of(hint.after)
        if hint.leads is not None and not digit_led:
            leads = tuple(hint.leads)
        lasts = lasts_of(hint.before) if hint.before is not None and cue is not None else None
        n = _group(core, "n")
        assert n is not None, template
        approx = _group(core, "approx")
        gate = gate_of(digit_led, firsts, lasts, leads)
        cue_approx = _group(cue, "approx")
        within = literals(core).within
        out.append(
            Rule(
                rank,
                check,
                core,
                cue,
                digit_led,
                firsts,
                leads,
                lasts,
                n,
                approx,
                cue_approx,
                gate,
                within,
            )
        )
    return out


def number_anchors(doc: Doc, p: Para) -> list[tuple[int, int]]:
    """(where a number starts, where the word after it starts) in a paragraph; once per article."""
    memo = doc.memo.setdefault("number_anchors", {})
    assert isinstance(memo, dict)
    found = memo.get(p.start)
    if found is None:
        found = memo[p.start] = [
            m.span() for m in _NUMBER.finditer(doc.folded, p.start, p.end, concurrent=False)
        ]
    return found


# A hint word is at most this long: the word after a number and the word before it are read
# from this many characters (a longer word would be cut, and the gate would refuse it).
_WORD_MAX = 24

# A site: (where the number starts, its paragraph, the word after it, the word before it). The
# words are cut at white space, as hint words hold none: `text.startswith(w, t)` for such a w
# is `head.startswith(w)`, and the cue test `text.endswith(w, window, end)` is
# `tail.endswith(w)`.
Site = tuple[int, Para, str, str]


def number_sites(doc: Doc, p: Para) -> list[Site]:
    """The number anchors of a paragraph with the words around them; once per article."""
    memo = doc.memo.setdefault("number_sites", {})
    assert isinstance(memo, dict)
    found = memo.get(p.start)
    if found is None:
        folded, lo, cut = doc.folded, p.start, _WORD_MAX
        found = memo[p.start] = []
        for s, t in number_anchors(doc, p):
            before = folded[max(lo, s - _CUE_WINDOW) : s].rstrip()
            after = folded[t : t + cut].split(None, 1)
            found.append(
                (
                    s,
                    p,
                    after[0] if after else "",
                    before[-cut:].rsplit(None, 1)[-1] if before else "",
                )
            )
    return found


class _Verdicts(dict[str, bool]):
    """Whether a word around a number passes a gate, remembered per word.

    A memo of a pure function of (gate words, word): the answers never depend on the article.
    It is cleared when it grows past `_VERDICTS_MAX` words (an archive's vocabulary after
    numbers is small, but unbounded in principle).
    """

    def __init__(self, words: tuple[str, ...], at_end: bool) -> None:
        super().__init__()
        self.words, self.at_end = words, at_end

    def __missing__(self, word: str) -> bool:
        if len(self) >= _VERDICTS_MAX:
            self.clear()
        ok = self[word] = word.endswith(self.words) if self.at_end else word.startswith(self.words)
        return ok


_VERDICTS_MAX = 4096

# An anchored match is tried against at most this much text: `regex` scans from the start to
# `endpos` for a required literal before it matches, so a try bounded by the paragraph's end
# cost time in the paragraph's length (a 3.4 MB paragraph took 23 s). No rule spans as much.
MATCH_SPAN = 1000


def _checked(words: tuple[str, ...]) -> tuple[str, ...]:
    for w in words:
        if len(w) > _WORD_MAX or w.split() != [w]:
            raise ValueError(f"hint word {w!r}: one word of at most {_WORD_MAX} characters")
    return words


class Gate:
    """Where rules with the same first words, cue words and lead words are tried.

    One object per distinct gate (`gate_of`), so the rules of a family that share it share its
    tries, and its remembered word answers serve every article.
    """

    def __init__(
        self,
        digit_led: bool,
        firsts: tuple[str, ...] | None,
        lasts: tuple[str, ...] | None,
        leads: tuple[str, ...] | None,
    ) -> None:
        self.digit_led, self.leads = digit_led, leads
        self.head_ok = _Verdicts(_checked(firsts), False) if firsts is not None else None
        self.tail_ok = _Verdicts(_checked(lasts), True) if lasts is not None else None

    def sites(self, sites: list[Site]) -> list[Site]:
        """The number sites where the word after the number and the word before it pass."""
        head_ok, tail_ok = self.head_ok, self.tail_ok
        if tail_ok is None:
            return sites if head_ok is None else [x for x in sites if head_ok[x[2]]]
        if head_ok is None:
            return [x for x in sites if tail_ok[x[3]]]
        return [x for x in sites if head_ok[x[2]] and tail_ok[x[3]]]

    def tries(
        self, paras: list[Para], sites: list[Site]
    ) -> list[Site] | list[tuple[int | None, Para]]:
        """Where its rules are tried: the number sites that pass (digit-led rules), or
        (position, paragraph) where a lead word stands, in text order, or (None, paragraph) for
        a paragraph searched whole. `sites` are the number sites of `paras`."""
        if self.digit_led:
            return self.sites(sites)
        if self.leads is None:
            return [(None, p) for p in paras]
        return [(p.start + i, p) for p in paras for i in starts_of(p.folded, self.leads)]


_gates: dict[tuple, Gate] = {}


def gate_of(
    digit_led: bool,
    firsts: tuple[str, ...] | None,
    lasts: tuple[str, ...] | None,
    leads: tuple[str, ...] | None,
) -> Gate:
    key = (digit_led, firsts, lasts, leads)
    gate = _gates.get(key)
    if gate is None:
        gate = _gates[key] = Gate(digit_led, firsts, lasts, leads)
    return gate


def matches(
    pat: regex.Pattern[str], folded: str, p: Para, starts: list[int] | None
) -> Iterator[regex.Match[str]]:
    """`pat.finditer` over the paragraph, or the same matches tried only at `starts`."""
    if starts is None:
        yield from pat.finditer(folded, p.start, p.end, timeout=lexicon.TIMEOUT, concurrent=False)
        return
    after = p.start  # matches do not overlap, as with finditer
    for pos in starts:
        if pos < after:
            continue
        # no timeout here: each try is one position of one paragraph, and a timeout costs a clock
        # reading per call (~2 us, more than the try); the hostile-input tests bound the patterns
        m = pat.match(folded, pos, min(p.end, pos + MATCH_SPAN), concurrent=False)
        if m is not None:
            after = m.end()
            yield m


def scan_rules(
    doc: Doc, field: str, rules: list[Rule], paras: list[Para], yearly: bool = False
) -> list[Found]:
    """Run count rules (each with a group `n`, maybe `approx`) over paragraphs.

    `yearly`: a count in a sentence about a target is no figure; one about a five-year term is
    not the year's figure, unless the article reviews that term (`doc.spans_years`).
    """
    out: list[Found] = []
    folded = doc.folded
    sites: list[Site] = []  # digit-led rules need a number: paragraphs without one are never tried
    for p in paras:
        sites += number_sites(doc, p)
    # rules that share their gates share their tries: (position, paragraph) pairs, in text order,
    # or (None, paragraph) for a paragraph the rule searches whole
    tries_by_gate: dict[Gate, list] = {}
    for rule in rules:
        core, gate = rule.core, rule.gate
        assert gate is not None
        tries = tries_by_gate.get(gate)
        if tries is None:
            tries = tries_by_gate[gate] = gate.tries(paras, sites)
        within = rule.within
        after = 0
        here = None
        live = True
        # matches() written out: this hot loop, through matches(), costs 4.7% more per article
        for t in tries:
            pos, p = t[0], t[1]
            if p is not here:
                here, after = p, p.start  # matches do not overlap within a paragraph
                # a match lies in its paragraph, and holds one of the rule's literals
                live = within is None or has_any(p.folded, within)
            if not live:
                continue
            if pos is None:
                for m in core.finditer(
                    folded, p.start, p.end, timeout=lexicon.TIMEOUT, concurrent=False
                ):
                    _take(doc, field, rule, p, m, yearly, out)
                continue
            if pos >= after:
                m = core.match(folded, pos, min(p.end, pos + MATCH_SPAN), concurrent=False)
                if m is not None:
                    after = m.end()
                    _take(doc, field, rule, p, m, yearly, out)
    return out


def _of_a_part(folded: str, begin: int) -> bool:
    """A part, a change or a target cue in the count's clause; when the count's cue opens its
    clause (`11 CĐCS được thành lập ..., với 537 đoàn viên`), in the clause it goes on from."""
    clause = clause_before(folded, begin)
    if has_word(clause, "subset_cue"):
        return True
    if clause.strip():
        return False
    at = begin - len(clause)
    while at > 0 and folded[at - 1] == " ":
        at -= 1
    if at <= 0 or folded[at - 1] != ",":
        return False
    return has_word(clause_before(folded, at - 1), "subset_cue")


# a bracketed abbreviation after a count's noun: `57 công đoàn cơ sở (CĐCS) khối trường học`
_ABBREVIATION = pattern_cache.compile(r"\s*\([^()\n]{1,12}\)")


# every block_after, block_cue and school_block_cue phrase holds one of these
_BLOCK_LITERALS = ("khối", "nhà nước", "quốc doanh", "trường")


def _of_a_block(doc: Doc, begin: int, end: int) -> bool:
    """A count of one block of the union (v1.1: a subgroup's figure is not the union's): the block
    is named right after the count's noun (`57 CĐCS khối trường học`) or in its clause (`các CĐCS
    khối trường học phát triển 29 đoàn viên`); schools are a block unless the union is the
    education sector's own."""
    folded = doc.folded
    if _block_goes_on(doc, begin):
        return True
    near = folded[max(0, begin - 80) : end + 40]
    if not has_any(near, _BLOCK_LITERALS):
        return False  # most counts: no block word anywhere near
    a = _ABBREVIATION.match(folded, end, end + 16)
    after = folded[a.end() if a else end : end + 40].lstrip()
    names = ("block_after",) if doc.education_union else ("block_after", "school_block_cue")
    if after and any(after.startswith(w) for n in names for w in lexicon.words(n)):
        return True
    clause = clause_before(folded, begin)
    if doc.education_union:
        return has_word(clause, "block_cue")
    return has_word(clause, "block_cue", "school_block_cue")


_BRACKETED = pattern_cache.compile(r"\([^()]*\)")


def _block_goes_on(doc: Doc, begin: int) -> bool:
    """`Các CĐCS trường học đã phát triển mới 29 đoàn viên; lựa chọn giới thiệu 41 đoàn viên ưu
    tú ...; đã kết nạp 17 đảng viên mới`: a part after `;` with no subject of its own goes on
    from the block that the sentence's first part is about."""
    folded = doc.folded
    window = folded[max(0, begin - 400) : begin]  # sentence_before's reach
    if ";" not in window or not has_any(window, _BLOCK_LITERALS):
        return False
    sentence = sentence_before(folded, begin)
    first, semi, rest = sentence.partition(";")
    if not semi or has_word(rest.rpartition(";")[2], "clause_subject"):
        return False
    first = _BRACKETED.sub(" ", first)  # `(khối A 12, khối B 5)`: a breakdown, not the subject
    if doc.education_union:
        return has_word(first, "block_cue")
    return has_word(first, "block_cue", "school_block_cue")


def _take(
    doc: Doc, field: str, rule: Rule, p: Para, m: regex.Match[str], yearly: bool, out: list[Found]
) -> None:
    """Keep a match as a candidate unless its cue is missing or its sentence disqualifies it."""
    folded = doc.folded
    approx = m.group(rule.approx) if rule.approx is not None else None
    begin = m.start()
    if rule.cue is not None:
        # a reverse pattern's match is anchored at its end, where the cue's \Z puts it anyway
        c = rule.cue.match(folded, max(p.start, begin - _CUE_WINDOW), begin, concurrent=False)
        if c is None:
            return
        approx = c.group(rule.cue_approx) if rule.cue_approx is not None else None
        begin = c.start()
    if rule.subset_check and _of_a_part(folded, begin):
        return
    if _of_a_block(doc, begin, m.end()):
        return
    if yearly:
        before = sentence_before(folded, begin)
        if has_word(before, "aim_cue") or (not doc.spans_years and has_word(before, "term_cue")):
            return
        if p.start in target_list_items(doc):
            return  # `1. Chỉ tiêu chủ yếu` / `- Phát triển mới 200 đoàn viên`: an aim
    value = parse_int(m.group(rule.n))
    if value is None:
        return
    s, e = m.span(rule.n)
    out.append(Found(field, value, s, e, rule.rank, qualifier_of(approx)))
