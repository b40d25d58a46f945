"""Lossy mojibake (issue 13, item 4): UTF-8 read as Windows-1252 with `errors="replace"` or
`"ignore"` loses the bytes 0x81 0x8D 0x8F 0x90 0x9D. Every sequence is repaired on its own; a
letter that stays ambiguous is U+FFFD, and the record warns `lossy_text`."""

from __future__ import annotations

import difflib
import unicodedata
from pathlib import Path

import pytest

from unionparse.mojibake import repair
from unionparse.pipeline import extract_text
from unionparse.reader import _VI_LETTERS, decode_bytes

SEED_FILES = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def _letters(s: str) -> int:
    return sum(1 for c in s if not c.isascii() and c.isalpha())


def recovered(original: str, text: str) -> float:
    """The share of the original's non-ASCII letters found in place in `text`."""
    sm = difflib.SequenceMatcher(None, original, text, autojunk=False)
    same = sum(_letters(original[b.a : b.a + b.size]) for b in sm.get_matching_blocks())
    return same / _letters(original)


@pytest.mark.parametrize("mode", ["replace", "ignore"])
def test_lossy_mojibake_is_repaired_per_sequence_and_flagged(mode: str) -> None:
    original = unicodedata.normalize("NFC", SEED_FILES[3].read_text(encoding="utf-8"))
    scraped = original.encode("utf-8").decode("cp1252", errors=mode).encode("utf-8")
    text, label = decode_bytes(scraped)
    assert label == "utf-8+mojibake-repaired"
    assert recovered(original, text) > 0.95  # was 0.78 (ignore) and 0.92 (replace)
    assert "Ä" not in text and "á»" not in text and "Æ°" not in text
    clean, lossy = extract_text(original), extract_text(text)
    assert lossy.members == clean.members and lossy.ratings == clean.ratings
    assert lossy.grassroots_unions == clean.grassroots_unions
    (warning,) = [w for w in lossy.warnings if w.code == "lossy_text"]
    n = text.count("\ufffd")
    assert n > 0 and warning.message.startswith(f"{n} characters of the text could not be")
    assert not [w for w in clean.warnings if w.code == "lossy_text"]


def test_a_lost_byte_after_a_lead_that_allows_one_letter_gives_that_letter() -> None:
    ignored = "CĐCS và quyền".encode().decode("cp1252", errors="ignore")  # CÄCS ... quyá»n
    assert repair(ignored, _VI_LETTERS) == ("CĐCS và quy\ufffdn", 1)  # ề ọ ỏ Ố ờ all fit
    replaced = "CĐCS".encode().decode("cp1252", errors="replace")
    assert repair(replaced, _VI_LETTERS) == ("CĐCS", 0)


def test_vietnamese_capitals_that_look_like_leads_are_left_alone() -> None:
    for text in ("XÃ HỘI", "ĐÃ ĐĂNG KÝ", "Ã", "À Á Â"):
        assert repair(text, _VI_LETTERS) == (text, 0)
