"""Count rules: templates from the vocabulary compiled into matchers tried only where they can start.

A rule is `(rank, subset check, template)`. Most cores open with a number, so instead of letting
each pattern walk every character of a paragraph, the numbers of a paragraph are found once and a
rule is tried only at a number followed by a word its template allows there (the first words of
its noun list, read from the lexicon). A rule that opens with a word runs only in paragraphs that
contain that word. Both gates are necessary conditions of the pattern, so the matches are those of
`finditer` (tests/test_rules.py checks this on the corpora).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

import regex

from unionparse import lexicon
from unionparse.extractors.common import clause_before, has_word, qualifier_of, sentence_before
from unionparse.found import Found
from unionparse.numbers import parse_int
from unionparse.text import Doc, Para


class Rule(NamedTuple):
    rank: int
    subset_check: bool  # a part/change cue before the number disqualifies it
    core: regex.Pattern[str]  # the part that is searched; it holds the group `n`
    cue: regex.Pattern[str] | None  # must end right before the core (matched backwards)
    digit_led: bool  # the core can only start where a run of digits starts
    firsts: tuple[str, ...] | None  # one of these starts right after the number, if known
    lead: str | None  # a word the core opens with: paragraphs without it are skipped


# In a rule template, SPLIT separates the cue (`quản lý`, `có`, `phát triển mới` ...) from the
# number-led core. The core is searched (a digit is a cheap place to start); the cue is then
# matched backwards from the number in a short window. A leading alternation of cue words would
# otherwise be tried at every position of the text.
SPLIT = "<<@>>"
_CUE_WINDOW = 80

# A core that opens with <<int>> (or a digit behind a look-behind that refuses a digit) can only
# match where a run of digits starts.
_DIGIT_LED = regex.compile(r"^(?P<lb>\(\?<!\[\\d[^\]]*\]\))?(?:\(\?P<\w+>)?(?P<int><<int>>)?")
# ... and when the number is followed (after an optional `/37` and spaces) by a word list or a
# word, the text after the number must start with that list's first words or that word.
_AFTER_NUMBER = regex.compile(
    r"^\)?(?:<<ratio_tail>>\?)?\\s\*\+?"
    r"(?:(?:\(\?:<<(?P<name>\w+)>>\)|<<(?P<bare>\w+)>>)(?![?*+{|])"
    r"|(?P<word>[^\W\d_]+)(?=\\s|\(\?!\\w\)))"
)
_LEAD_WORD = regex.compile(r"^(?:\(\?<!\\w\))?(?P<word>[^\W\d_]+)(?=\\s|\(\?!\\w\))")
# a number (with an optional `/37`) and the spaces after it: where the next word starts
_NUMBER = regex.compile(r"(?<!\d)\d++(?:[.,]\d++)*+(?:\s*+/\s*+\d++(?:[.,]\d++)*+)?\s*+")


def _shape(core: str) -> tuple[bool, tuple[str, ...] | None, str | None]:
    """(digit_led, firsts, lead) of a core template."""
    m = _DIGIT_LED.match(core)
    assert m is not None  # every part of the pattern is optional
    digit_led = bool(m["int"]) or (bool(m["lb"]) and core[m.end() : m.end() + 2] == r"\d")
    if not digit_led:
        lead = _LEAD_WORD.match(core)
        return False, None, lead["word"] if lead else None
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
) -> tuple[regex.Pattern[str], regex.Pattern[str] | None, bool, tuple[str, ...] | None, str | None]:
    cue, core = template.split(SPLIT) if SPLIT in template else (None, template)
    cue_pat = lexicon.compile_template("(?r)" + cue + r"\Z") if cue is not None else None
    return (lexicon.compile_template(core), cue_pat, *_shape(core))


def firsts_of(after: tuple[str, ...]) -> tuple[str, ...]:
    """First words of the named lexicon lists, and plain words, as a `str.startswith` tuple."""
    out: set[str] = set()
    for item in after:
        known = item in lexicon.data()["words"] or item in lexicon.data()["tables"]
        out.update(w.split()[0] for w in lexicon.words(item)) if known else out.add(item)
    return tuple(sorted(out))


def make_rules(specs: list[tuple]) -> list[Rule]:
    """(rank, subset check, template[, after]) -> compiled rules, in the given order.

    `after` names what can follow the number where the template is too intricate for the
    first words to be read from it: lexicon lists and words (tests/test_rules.py holds them to
    the full scans).
    """
    out = []
    for rank, check, template, *after in specs:
        rule = Rule(rank, check, *compile_rule(template))
        if after and rule.digit_led:
            rule = rule._replace(firsts=firsts_of(tuple(after[0])))
        out.append(rule)
    return out


def number_anchors(doc: Doc, p: Para) -> list[tuple[int, int]]:
    """(where a number starts, where the word after it starts) in a paragraph; once per article."""
    memo = doc.memo.setdefault("number_anchors", {})
    assert isinstance(memo, dict)
    found = memo.get(p.start)
    if found is None:
        found = memo[p.start] = [m.span() for m in _NUMBER.finditer(doc.folded, p.start, p.end)]
    return found


def matches(
    pat: regex.Pattern[str], folded: str, p: Para, starts: list[int] | None
) -> Iterator[regex.Match[str]]:
    """`pat.finditer` over the paragraph, or the same matches tried only at `starts`."""
    if starts is None:
        yield from pat.finditer(folded, p.start, p.end, timeout=lexicon.TIMEOUT)
        return
    after = p.start  # matches do not overlap, as with finditer
    for pos in starts:
        if pos < after:
            continue
        # no timeout here: each try is one position of one paragraph, and a timeout costs a clock
        # reading per call (~2 us, more than the try); the hostile-input tests bound the patterns
        m = pat.match(folded, pos, p.end)
        if m is not None:
            after = m.end()
            yield m


def candidates(
    rule: Rule, folded: str, p: Para, anchors: list[tuple[int, int]]
) -> list[int] | None:
    """Where the rule can start in `p`: a list of positions, or None to search the paragraph."""
    if not rule.digit_led:
        return None
    if rule.firsts is None:
        return [s for s, _ in anchors]
    return [s for s, t in anchors if folded.startswith(rule.firsts, t)]


def scan_rules(
    doc: Doc, field: str, rules: list[Rule], paras: list[Para], yearly: bool = False
) -> list[Found]:
    """Run count rules (each with a group `n`, maybe `approx`) over paragraphs.

    `yearly`: a count in a sentence about a target or a five-year term is not the year's figure.
    """
    out: list[Found] = []
    folded = doc.folded
    anchors = [number_anchors(doc, p) for p in paras]
    # rules that share a noun list share their candidate positions: computed once per list
    starts_by_firsts: dict[tuple[str, ...] | None, list[list[int]]] = {}
    for rule in rules:
        core = rule.core
        if not rule.digit_led:
            for p in paras:
                if rule.lead is None or rule.lead in p.folded:
                    for m in core.finditer(folded, p.start, p.end, timeout=lexicon.TIMEOUT):
                        _take(doc, field, rule, p, m, yearly, out)
            continue
        per_para = starts_by_firsts.get(rule.firsts)
        if per_para is None:
            per_para = starts_by_firsts[rule.firsts] = [
                candidates(rule, folded, p, a) or [] for p, a in zip(paras, anchors, strict=True)
            ]
        for p, starts in zip(paras, per_para, strict=True):
            if starts:
                for m in matches(core, folded, p, starts):
                    _take(doc, field, rule, p, m, yearly, out)
    return out


def _take(
    doc: Doc, field: str, rule: Rule, p: Para, m: regex.Match[str], yearly: bool, out: list[Found]
) -> None:
    """Keep a match as a candidate unless its cue is missing or its sentence disqualifies it."""
    folded = doc.folded
    approx = m.groupdict().get("approx")
    begin = m.start()
    if rule.cue is not None:
        c = rule.cue.search(folded, max(p.start, begin - _CUE_WINDOW), begin)
        if c is None:
            return
        approx, begin = c.groupdict().get("approx"), c.start()
    if rule.subset_check and has_word(clause_before(folded, begin), "subset_cue"):
        return
    if yearly:
        before = sentence_before(folded, begin)
        if has_word(before, "aim_cue", "term_cue"):
            return
    value = parse_int(m.group("n"))
    if value is None:
        return
    s, e = m.span("n")
    out.append(Found(field, value, s, e, rule.rank, qualifier_of(approx)))
