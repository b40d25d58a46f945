"""The literal gates read from pattern sources: what they claim must hold for every match."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest
import regex

from unionparse import lexicon
from unionparse.literals import Literals, literals
from unionparse.text import fold


def _lits(source: str) -> Literals:
    return literals(regex.compile(source, regex.VERSION0))


@pytest.mark.parametrize(
    ("source", "within"),
    [
        ("tổng số:\\s*\\d++\\s*\\|", ("tổng số:",)),
        ("trang:?\\s*\\d++", ("trang",)),  # "trang:" needs "trang" too
        ("\\(ảnh[^)]{0,40}\\)\\s*$", ("(ảnh",)),  # escaped punctuation is literal
        ("ab{2,40}cd", ("ab",)),  # the first b is certain, the count is not read
        ("ab*?cdef", ("cdef",)),
        ("ab+c", ("ab",)),
        ("(a|b)cd", ("acd", "bcd")),
        ("(?:^|[\\s.(])(?:ảnh|nguồn ảnh|clip):", ("clip:", "ảnh:")),
        ("x(?=y)z", ("xz",)),  # a look-ahead takes no text
        ("[]x]yz", ("yz",)),
        ("[^\\]]ok", ("ok",)),
        ("abc|d", ("abc", "d")),
        ("abc|\\d", None),  # one alternative needs no literal
        ("q\\p{L}ab", None),  # an escape with an argument: give up
        ("a{3", None),
        ("a[[:alpha:]]b", None),  # a nested set: give up
        ("(?i)abc", None),  # case-insensitive: `in` would miss ABC
        ("x*", None),
    ],
)
def test_within(source: str, within: tuple[str, ...] | None) -> None:
    assert _lits(source).within == within


@pytest.mark.parametrize(
    ("source", "start"),
    [
        ("^(?:tin khác|các tin khác|tags?)\\b", ("các tin khác", "tag", "tin khác")),
        ("(?:^(?:ab|cd)\\b)|(?:^báo\\s\\w+$)", ("ab", "báo", "cd")),
        ("^ab|cd", None),  # the second alternative is not anchored
        ("^\\d+ab", None),  # no known first character
        ("(?:^|x)ab", None),
    ],
)
def test_start(source: str, start: tuple[str, ...] | None) -> None:
    assert _lits(source).start == start


def _holds(lits: Literals, m: regex.Match[str]) -> bool:
    text = m.group()
    if lits.within is not None and not any(w in text for w in lits.within):
        return False
    return lits.start is None or (m.start() == 0 and text.startswith(lits.start))


_ATOMS = ["a", "b", "c", " ", "[ab]", ".", "\\s", "\\b", "^", "$", "(?<!a)", "(?=b)"]
_QUANTS = ["", "", "", "?", "*", "+", "{2}", "{1,2}", "{0,2}", "++", "*?"]


def _random_pattern(rng: random.Random, depth: int = 0) -> str:
    parts = []
    for _ in range(rng.randint(1, 4)):
        if depth < 2 and rng.random() < 0.3:
            branches = [_random_pattern(rng, depth + 1) for _ in range(rng.randint(1, 3))]
            atom = rng.choice(["(?:", "(", "(?>"]) + "|".join(branches) + ")"
        else:
            atom = rng.choice(_ATOMS)
        quant = rng.choice(_QUANTS) if atom not in ("\\b", "^", "$", "(?<!a)", "(?=b)") else ""
        parts.append(atom + quant)
    return "".join(parts)


def test_random_patterns_on_every_short_string() -> None:
    """Brute force: random patterns against every string of up to five letters from `abc `."""
    rng = random.Random(5)
    subjects = ["".join(t) for n in range(6) for t in itertools.product("abc ", repeat=n)]
    checked = 0
    for _ in range(150):
        source = _random_pattern(rng)
        pattern = regex.compile(source, regex.VERSION0)
        lits = literals(pattern)
        if lits.start is None and lits.within is None:
            continue
        checked += 1
        for s in subjects:
            for m in pattern.finditer(s):
                assert _holds(lits, m), (source, lits, s, m.group())
    assert checked > 50


def _corpus_lines() -> list[str]:
    root = Path(__file__).parent / "corpus"
    lines = []
    for path in sorted(root.glob("*/*.txt")):
        folded = fold(path.read_text(encoding="utf-8", errors="replace"))
        lines.extend(line.strip() for line in folded.split("\n") if line.strip())
    return lines


def test_lexicon_patterns_on_the_corpus() -> None:
    lines = _corpus_lines() + [
        "tin liên quan",
        "xem thêm: hội nghị",
        "báo lao động điện tử",
        "tổng số: 12 | trang 1 / 3",
        "trang chủ > công đoàn > tin tức",
        "ảnh: phương loan",
        "lễ trao giải (ảnh: minh họa)",
        "thứ hai, 20/02/2022 19:00",
    ]
    for name in lexicon.data()["patterns"]:
        pattern = lexicon.pattern(name)
        lits = literals(pattern)
        for line in lines:
            for m in pattern.finditer(line):
                assert _holds(lits, m), (name, line)
