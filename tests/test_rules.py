"""The gates of the count rules (number anchors, first words, cue ends, lead words) only skip places
where the rule cannot match: on every paragraph of the corpora they give what finditer and the cue
search give."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from unionparse.extractors import counts, party
from unionparse.extractors.rules import (
    _CUE_WINDOW,
    Hint,
    Rule,
    make_rules,
    matches,
    number_anchors,
    number_sites,
)
from unionparse.text import Doc, Para, make_doc

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(
    p
    for d in ("seeds", "tests/corpus/dev", "tests/corpus/holdout")
    for p in (ROOT / d).glob("*.txt")
)
FAMILIES = {
    "grassroots": list(counts.GRASSROOTS),
    "members": list(counts.MEMBERS),
    "female": [(r, False, *rest) for r, *rest in counts.FEMALE],
    "new": [(r, False, *rest) for r, *rest in counts.NEW],
    "admitted": [(r, False, *rest) for r, *rest in party.ADMITTED],
    "referred": [(r, False, *rest) for r, *rest in party.REFERRED],
}


def _cued(rule: Rule, doc: Doc, p: Para, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The matches whose cue is found before them, as scan_rules keeps them."""
    if rule.cue is None:
        return spans
    lo = p.start
    return [s for s in spans if rule.cue.search(doc.folded, max(lo, s[0] - _CUE_WINDOW), s[0])]


def _gated(rule: Rule, doc: Doc, p: Para) -> list[tuple[int, int]]:
    assert rule.gate is not None
    tries = rule.gate.tries([p], number_sites(doc, p))
    starts = None if tries and tries[0][0] is None else [t[0] for t in tries]
    return _cued(rule, doc, p, [m.span() for m in matches(rule.core, doc.folded, p, starts)])


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_gated_rules_find_what_a_full_scan_finds(family: str) -> None:
    rules = make_rules(FAMILIES[family])
    found = 0
    for path in FILES:
        doc = make_doc(unicodedata.normalize("NFC", path.read_text(encoding="utf-8")))
        for p in doc.paras:
            for rule in rules:
                full = [m.span() for m in rule.core.finditer(doc.folded, p.start, p.end)]
                full = _cued(rule, doc, p, full)
                assert _gated(rule, doc, p) == full, (path.name, p.text[:80])
                if full and rule.within is not None:  # scan_rules skips paragraphs without
                    assert any(w in p.folded for w in rule.within)
                found += len(full)
    assert found > 10  # the corpora exercise the family


def _text_end(folded: str, p: Para, s: int) -> int:
    """Where the text before a number ends once its spaces are stripped (in the cue window)."""
    w = max(p.start, s - _CUE_WINDOW)
    return w + len(folded[w:s].rstrip())


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_a_cue_ends_with_a_word_its_hint_names(family: str) -> None:
    """Stronger than the scan above: at every number, not only where the core matches."""
    rules = [r for r in make_rules(FAMILIES[family]) if r.lasts is not None]
    seen = 0
    for path in FILES:
        doc = make_doc(unicodedata.normalize("NFC", path.read_text(encoding="utf-8")))
        folded = doc.folded
        for p in doc.paras:
            for s, _, _, tail in number_sites(doc, p):
                lo = max(p.start, s - _CUE_WINDOW)
                for rule in rules:
                    assert rule.lasts is not None and rule.cue is not None
                    if rule.cue.search(folded, lo, s):
                        seen += 1
                        assert folded.endswith(rule.lasts, lo, _text_end(folded, p, s))
                        assert tail.endswith(rule.lasts), (rule.rank, folded[lo:s])
    assert seen > 5 or not rules


_ODD = [
    "a",
    "đó",
    "có",
    "lý",
    "5",
    ",",
    ".",
    " ",
    "  ",
    "\n",
    "\t",
    "\x1c",
    "\u00a0",
    "\u2003",
    "x" * 30,
]


def test_the_words_around_a_number_answer_as_the_text_does() -> None:
    """A gate reads the word after a number and the word before it: for any hint word, the
    answers are those of `startswith` at the word's place and `endswith` before the number."""
    import random

    rng = random.Random(11)
    words = ("có", "lý", "đó", "a", ",", "5", "x" * 24, "aa", "có,")
    for _ in range(3000):
        text = "".join(rng.choice(_ODD) for _ in range(rng.randint(0, 14)))
        text += " 52 " + "".join(rng.choice(_ODD) for _ in range(rng.randint(0, 6)))
        doc = Doc(text, text, [Para(0, len(text), text, text)])
        (p,) = doc.paras
        anchors = number_anchors(doc, p)
        for (s, t), (s2, _, head, tail) in zip(anchors, number_sites(doc, p), strict=True):
            assert s == s2
            for w in words:
                # the gate may pass more than the text does (white space where the word
                # starts: the text cannot start with a word there), never less
                if t < len(text) and not text[t].isspace():
                    assert head.startswith(w) == text.startswith(w, t), (text, w)
                else:
                    assert not text.startswith(w, t)
                e = _text_end(text, p, s)
                assert tail.endswith(w) == text.endswith(w, max(0, s - _CUE_WINDOW), e), (text, w)


@pytest.mark.parametrize("word", ["hai từ", "x" * 25, ""])
def test_a_hint_word_the_gate_cannot_read_is_refused(word: str) -> None:
    with pytest.raises(ValueError, match="hint word"):
        make_rules([(4, False, r"(?P<n><<int>>)\s*+cđcs", Hint(after=(word,)))])


def test_a_wrong_cue_hint_is_caught() -> None:
    (rule,) = make_rules(
        [(4, False, r"(?<!\w)(?:<<total_cue>>)\s+<<@>>(?P<n><<int>>)\s*+cđcs", Hint(before=("x",)))]
    )
    doc = make_doc("Công đoàn quản lý 52 CĐCS.")
    (p,) = doc.paras
    assert _gated(rule, doc, p) == []  # the gate wrongly skips it ...
    full = [m.span() for m in rule.core.finditer(doc.folded, p.start, p.end)]
    assert _cued(rule, doc, p, full) != []  # ... and the scan test above would say so


def test_first_words_come_from_the_noun_lists() -> None:
    (gr,) = make_rules([(3, False, r"(?P<n><<int>>)\s*+<<grassroots_noun>>\s+trực")])
    assert gr.digit_led and gr.firsts is not None and {"cđcs", "công", "cơ"} <= set(gr.firsts)
    (word,) = make_rules([(4, False, r"(?P<n><<int>>)\s*+người\s+là")])
    assert word.firsts == ("người",)
    (optional,) = make_rules([(4, False, r"(?P<n><<int>>)\s*(?:<<member_noun>>)?\s+đã")])
    assert optional.digit_led and optional.firsts is None  # an optional noun gives no gate
    (lead,) = make_rules([(4, False, r"tổng\s+số\s+<<grassroots_noun>>\s*(?P<n><<int>>)")])
    assert not lead.digit_led and lead.leads == ("tổng",)
    (cue,) = make_rules(
        [
            (
                4,
                False,
                r"(?<!\w)có\s+<<@>>(?P<n><<int>>)",
                Hint(before=("approx_less", "approx_about", "có")),
            )
        ]
    )
    assert cue.lasts is not None and {"có", "khoảng", "đến", "như"} <= set(cue.lasts)


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("năm 2023 phấn   đấu 95% cđcs", "aim_cue", True),  # any run of spaces between words
        ("phấn\nđấu", "aim_cue", True),
        ("không phấn đấux", "aim_cue", False),  # whole words only
        ("xsẽ", "aim_cue", False),
        ("trong 5 năm qua", "term_cue", True),
        ("", "subset_cue", False),
    ],
)
def test_has_word_agrees_with_the_pattern(text: str, name: str, expected: bool) -> None:
    from unionparse import lexicon
    from unionparse.extractors.common import has_word

    pattern = lexicon.compile_template(r"(?<!\w)<<" + name + r">>(?!\w)")
    assert has_word(text, name) is expected
    assert bool(pattern.search(text)) is expected
    assert has_word(text, "subset_cue", name) is (expected or has_word(text, "subset_cue"))


def test_the_last_sentence_stop_found_backwards_is_the_last_one_scanned_forwards() -> None:
    import random

    from unionparse.extractors.common import _SENT_STOP, last_stop_end

    rng = random.Random(7)
    pieces = [
        "a",
        "b",
        ".",
        "!",
        "?",
        " ",
        "\n",
        "\t",
        "5",
        "...",
        "đó",
        "\x1c",
        "\u00a0",
        "\u2003",
    ]
    for _ in range(30000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        stops = [m.end() for m in _SENT_STOP.finditer(s)]
        assert last_stop_end(s) == (stops[-1] if stops else None), repr(s)


def test_rating_patterns_are_tried_at_every_number_they_can_match() -> None:
    from unionparse import lexicon
    from unionparse.extractors import ratings

    counted = lexicon.compile_template(ratings.COUNTED)
    pct_only = lexicon.compile_template(ratings.PERCENT_ONLY)
    seen = 0
    for path in FILES:
        doc = make_doc(unicodedata.normalize("NFC", path.read_text(encoding="utf-8")))
        for p in doc.paras:
            anchors = number_anchors(doc, p)
            for pat, firsts in ((counted, ratings.after_count()), (pct_only, ("%",))):
                full = [m.span() for m in pat.finditer(doc.folded, p.start, p.end)]
                starts = [s for s, t in anchors if doc.folded.startswith(firsts, t)]
                assert [m.span() for m in matches(pat, doc.folded, p, starts)] == full, p.text
                seen += len(full)
    assert seen > 50


@pytest.mark.parametrize("table", ["rating_category", "award_kind"])
def test_phrase_keys_by_lookup_agree_with_the_search(table: str) -> None:
    from unionparse import lexicon

    for phrases in lexicon.table(table).values():
        for phrase in phrases:
            for text in (phrase, phrase.replace(" ", "  "), f"x {phrase}", phrase.upper()):
                searched = next(
                    (key for pat, key in lexicon.phrase_lookup(table) if pat.search(text)), None
                )
                assert lexicon.classify_phrase(table, text) == searched, text


def test_has_word_agrees_with_the_pattern_on_random_text() -> None:
    """The substring shortcuts of has_word (longest word first, then the single-spaced text)
    give the pattern's answer."""
    import random

    from unionparse import lexicon
    from unionparse.extractors.common import has_word

    names = ("subset_cue", "aim_cue", "term_cue")
    pats = {n: lexicon.compile_template(r"(?<!\w)<<" + n + r">>(?!\w)") for n in names}
    words = [w for n in names for ph in lexicon.words(n) for w in ph.split()]
    seps = [" ", "  ", "\n", ", ", "", "x", "\u00a0", "\x1c"]
    rng = random.Random(13)
    hits = 0
    for _ in range(4000):
        text = "".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(0, 6)))
        for n in names:
            expected = bool(pats[n].search(text))
            hits += expected
            assert has_word(text, n) is expected, (text, n)
    assert hits > 200


def test_block_literals_cover_every_block_phrase() -> None:
    """_of_a_block's cheap gate: every block phrase holds one of its literals."""
    from unionparse import lexicon
    from unionparse.extractors.rules import _BLOCK_LITERALS

    for name in ("block_after", "block_cue", "school_block_cue"):
        for phrase in lexicon.words(name):
            assert any(lit in phrase for lit in _BLOCK_LITERALS), (name, phrase)
