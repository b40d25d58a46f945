"""Awards are found wherever the full patterns match, and only there.

Each gated scan (a pattern tried only where a literal starts, one pattern for a count and its
noun, the issuer pattern without its number-word tail) is compared with the plain scan on every
zone of the dev and holdout articles.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import regex

from unionparse import lexicon
from unionparse.extractors import awards as aw
from unionparse.text import Doc, make_doc

CORPUS = Path(__file__).parent / "corpus"


@cache
def _docs() -> list[Doc]:
    paths = sorted(CORPUS.glob("dev/*.txt")) + sorted(CORPUS.glob("holdout/*.txt"))
    return [make_doc(p.read_text(encoding="utf-8")) for p in paths]


def _zones(doc: Doc, width: int = 60, step: int = 23):
    for p in doc.body_and_captions:
        for s in range(p.start, p.end, step):
            yield s, min(p.end, s + width)


def _plain_counted(doc: Doc, start: int, end: int) -> list[tuple[bool, str | None, int, int]]:
    r = aw._rules()
    out = []
    for nm in r.noun.finditer(doc.folded, start, end):
        m = r.before_noun.search(doc.folded, max(start, nm.start() - 40), nm.start())
        if m:
            out.append((nm.group("coll") is not None, m.group("n"), m.start(), nm.end()))
    return out


def test_counted_is_noun_then_count_before_it() -> None:
    n = 0
    for doc in _docs():
        for s, e in _zones(doc):
            assert aw._counted(doc, s, e) == _plain_counted(doc, s, e), doc.folded[s:e]
            n += 1
    assert n > 1000


@pytest.mark.parametrize(
    "text",
    [
        "có 5 tập thể, 14 cá nhân được tặng",
        "hai mươi ba đoàn viên và các tập thể",
        "tặng 4 bằng khen tập thể, 1.200 người",
        "x" * 45 + " 3 bằng lao động sáng tạo      giáo viên",
        "năm 2016 có 12 cđcs, 4.764 đoàn viên",
    ],
)
def test_counted_examples(text: str) -> None:
    doc = make_doc(text)
    for s in range(len(text)):  # every zone start, also inside a number or a word
        assert aw._counted(doc, s, len(text)) == _plain_counted(doc, s, len(text))


def test_no_count_ends_a_giving_verb() -> None:
    """Why issuer_before_verb may be tried first: its match is then the full pattern's."""
    ends_in_count = lexicon.compile_template(r"(?r)(?:<<count>>)\Z")
    for phrase in [*lexicon.words("giving_verb"), "danh hiệu"]:
        assert not ends_in_count.search("x " + phrase), phrase
    # nor any text that ends in the last word of one (the shortcut tests a suffix)
    for word in aw._rules().verb_ends:
        for before in ("", "x ", "1", "1 ", "một ", "hai mươi ", "ba", "mười "):
            assert not ends_in_count.search(before + word), before + word


def test_issuer_before_shortcut_matches_full_pattern() -> None:
    r = aw._rules()
    verbs = regex.compile(r"(?<!\w)(?:tặng|trao|thưởng|tăng|nhận|cấp|hiệu)(?!\w)\s*")
    n = 0
    for doc in _docs():
        for p in doc.body_and_captions:
            for v in verbs.finditer(doc.folded, p.start, p.end):
                for lo in (p.start, max(p.start, v.start() - 50), max(p.start, v.start() - 20)):
                    for hi in (v.end(), v.end() + 3):
                        full = r.issuer_before.match(doc.folded, lo, hi)
                        short = r.issuer_before_verb.match(doc.folded, lo, hi)
                        if short:
                            n += 1
                            assert full is not None and full.groupdict() == short.groupdict()
                            for g in (0, "iss", "name"):
                                assert full.span(g) == short.span(g)
    assert n > 20


def test_paragraph_gate_is_the_needle_list() -> None:
    needles = (
        "khen",
        "cờ",
        "huân chương",
        "niệm chương",
        "chiến s",
        "huy hiệu",
        "lao động sáng tạo",
        "lđst",
        "dương",
    )
    for doc in _docs():
        for p in doc.paras:
            assert aw._has_needle(p.folded) == any(n in p.folded for n in needles)


def test_issuer_after_shortcut() -> None:
    r = aw._rules()
    for doc in _docs():
        for s, e in _zones(doc, width=120, step=7):
            full = r.issuer_after.match(doc.folded, s, e)
            fast = aw._issuer_after(doc.folded, s, e)
            assert (full and (full.span(), full.span("iss"))) == (
                fast and (fast.span(), fast.span("iss"))
            )


def test_cue_needs_one_of_its_first_words() -> None:
    r = aw._rules()
    for doc in _docs():
        for s, e in _zones(doc):
            left = doc.folded[s:e]
            if r.cue.search(left):
                assert any(h in left for h in r.cue_heads)


def test_head_starts_find_every_kind_and_other_word() -> None:
    r = aw._rules()
    for doc in _docs():
        for p in doc.body_and_captions:
            kind_at, other_at = aw._head_starts(r, p)
            for pat, at in ((r.kind, kind_at), (r.other, other_at)):
                want = [m.span() for m in pat.finditer(doc.folded, p.start, p.end)]
                assert aw._matches(pat, doc.folded, at, p.start, p.end) == want


def test_cert_tail_and_issuer_next_gates() -> None:
    r = aw._rules()
    for doc in _docs():
        for s, e in _zones(doc, width=90, step=3):
            full = r.cert_tail.match(doc.folded, s, e)
            fast = aw._cert_tail(doc.folded, s, e)
            assert (full and full.span(1)) == (fast and fast.span(1))
            if r.issuer_next.match(doc.folded, s, e):
                assert aw._next_word_may_start(doc.folded, s, e, r.issuer_first)


@pytest.mark.parametrize("text", [" tập thể", "\u2003tập thể", "  \u2003 cá  nhân", " ", "tập thể"])
def test_cert_tail_white_space(text: str) -> None:
    r = aw._rules()
    full = r.cert_tail.match(text, 0, len(text))
    assert (full and full.span()) == ((m := aw._cert_tail(text, 0, len(text))) and m.span())


def test_reverse_patterns_match_where_they_were_searched() -> None:
    """A `(?r)...\\Z` pattern can only end at the zone's end: `match` is `search` there."""
    r = aw._rules()
    n = 0
    for doc in _docs():
        for s, e in _zones(doc, width=70, step=11):
            for pat in (r.issuer_before, r.issuer_generic):
                a, b = pat.search(doc.folded, s, e), pat.match(doc.folded, s, e)
                assert (a and a.span("iss")) == (b and b.span("iss"))
                n += bool(a)
    assert n > 20


def test_issuer_before_is_either_pattern() -> None:
    """_issuer_before gives what trying both patterns in turn gives, on zones ending anywhere."""
    r = aw._rules()
    n = 0
    for doc in _docs():
        for s, e in _zones(doc, width=50, step=5):
            want = r.issuer_before_verb.match(doc.folded, s, e) or r.issuer_before.match(
                doc.folded, s, e
            )
            got = aw._issuer_before(r, doc.folded, s, e)
            assert (want and want.span(r.iss)) == (got and got.span(r.iss)), doc.folded[s:e]
            n += bool(want)
    assert n > 20
