"""Digits that `regex` knows and Python does not (Unicode newer than Python's tables) match the
patterns' `\\d`, but `int()` raises on them: no article may fail on them, and nothing is read
from them."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest

from unionparse.numbers import digits_value
from unionparse.pipeline import extract_text

ROOT = Path(__file__).resolve().parents[1]
# Myanmar Extended-C (U+116D5, Unicode 16), Kawi (U+11F55, 15), Nag Mundari
# (U+1E4F5, 15); and digits Python does know, which must keep their value
NEW = ("\U000116d5", "\U00011f55", "\U0001e4f5")
KNOWN = ("\u0665", "\uff15")


def _known_to_regex_only(c: str) -> bool:
    import regex

    return regex.match(r"\d", c) is not None and not c.isdecimal()


def test_the_digits_used_here_are_unknown_to_python() -> None:
    assert all(_known_to_regex_only(c) for c in NEW)
    assert digits_value(NEW[0] * 2) is None
    assert digits_value("\uff15\u0665") == 55
    assert digits_value("2023") == 2023
    assert digits_value(None) is None and digits_value("") is None


@pytest.mark.parametrize(
    "text",
    [
        "Nghệ An, 12/01/202\U000116d5 09:3\U00011f55\n\nNăm 20\U000116d5\U000116d5, quản lý 52 CĐCS.",
        "2024-0\U0001e4f5-12 10:05\n\nSáng 1\U000116d5/12, Công đoàn tổ chức hội nghị tổng kết.",
        "Tặng \U000116d5 bằng khen tập thể của UBND tỉnh.\n\nCó 3\U00011f55 CĐCS.",
    ],
)
def test_an_article_with_such_digits_is_read(text: str) -> None:
    art = extract_text(text)
    assert art.grassroots_unions in (None, 52)


def test_seed_articles_with_digits_swapped_never_fail() -> None:
    rng = random.Random(5)
    paths = sorted((ROOT / "seeds").glob("*.txt"))
    texts = [unicodedata.normalize("NFC", p.read_text(encoding="utf-8")) for p in paths]
    for k in range(40):
        rate = (0.05, 0.3, 1.0)[k % 3]
        pool = NEW + KNOWN
        t = "".join(
            rng.choice(pool) if c.isdigit() and rng.random() < rate else c
            for c in texts[k % len(texts)]
        )
        extract_text(t)  # raises on a bug
