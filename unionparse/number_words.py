"""Vietnamese number words (0..999 999) in the count slot: "hai tập thể", "mười lăm cá nhân".

Articles sometimes spell small counts out. The phrasings covered are the written standard:

- units: một, hai, ba, bốn, năm, sáu, bảy (bẩy), tám, chín;
- 10..19: "mười", "mười một", "mười bốn"/"mười tư", "mười lăm" (not "mười năm": that is "ten years");
- tens: "hai mươi", "hai mươi mốt" (or "một"), "ba mươi tư"/"bốn", "hai mươi lăm"/"nhăm";
- hundreds: "một trăm", "một trăm linh năm" / "lẻ năm" (105), "một trăm hai mươi";
- thousands: "<1..999> nghìn"/"ngàn", then "<hundreds>" or "không trăm linh năm".

Not covered, on purpose: a bare "không" (far more often "not" than zero), a bare "tư" (4 only in
compounds), "trăm" without a multiplier ("hàng trăm" is vague), and colloquial contractions
("hai mốt", "trăm rưỡi"). Because "năm" is also "year", :data:`NUMBER_WORDS_REGEX` is meant to be
used only right before a count noun, which the caller adds.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import regex

from unionparse import pattern_cache

__all__ = ["NUMBER_WORDS_REGEX", "parse_number_words"]

_UNITS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "nhăm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
}

_END = r"(?!\w)"
_SP = r"[^\S\r\n]++"


def _alt(*words: str) -> str:
    """Alternation of whole words, longest first; each word must end at a word boundary."""
    return "(?:" + "|".join(sorted(words, key=lambda w: (-len(w), w))) + ")" + _END


_D1_9 = _alt("một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "bẩy", "tám", "chín")
_D2_9 = _alt("hai", "ba", "bốn", "năm", "sáu", "bảy", "bẩy", "tám", "chín")
_AFTER_MUOI10 = _alt("một", "hai", "ba", "bốn", "tư", "lăm", "sáu", "bảy", "bẩy", "tám", "chín")
_AFTER_MUOI = _alt(
    "mốt", "một", "hai", "ba", "bốn", "tư", "lăm", "nhăm", "sáu", "bảy", "bẩy", "tám", "chín"
)
_AFTER_LINH = _alt("một", "hai", "ba", "bốn", "tư", "năm", "sáu", "bảy", "bẩy", "tám", "chín")

# Each optional tail is possessive: when it matches, the longer number is the right reading.
_TENS = rf"(?:mười{_END}(?:{_SP}{_AFTER_MUOI10})?+|{_D2_9}{_SP}mươi{_END}(?:{_SP}{_AFTER_MUOI})?+)"
_LINH = rf"(?:linh|lẻ){_END}{_SP}{_AFTER_LINH}"
_HUNDREDS = rf"(?:{_D1_9}{_SP}trăm{_END}(?:{_SP}(?:{_LINH}|{_TENS}))?+)"
_BELOW_1000 = rf"(?:{_HUNDREDS}|{_TENS}|{_D1_9})"
_ZERO_HUNDREDS = rf"(?:không{_END}{_SP}trăm{_END}{_SP}(?:{_LINH}|{_TENS}))"
_THOUSANDS = (
    rf"(?:{_BELOW_1000}{_SP}(?:nghìn|ngàn){_END}(?:{_SP}(?:{_ZERO_HUNDREDS}|{_HUNDREDS}))?+)"
)

#: A number phrase in lower case, anchored on word boundaries; alternatives are ordered so that
#: the first match is the longest reading, so the fragment may be wrapped atomically. An ordinal
#: ("lần thứ hai", "thứ ba") is not a count, so "thứ" may not precede it; nor may a word that
#: only occurs inside a number ("hai mươi năm cá nhân" must not yield "năm cá nhân" = 5).
_NOT_AFTER = r"(?<!(?<!\w)(?:thứ|mươi|mười|trăm|nghìn|ngàn|linh|lẻ)[^\S\r\n]+)"
NUMBER_WORDS_REGEX: str = rf"(?<!\w){_NOT_AFTER}(?>{_THOUSANDS}|{_BELOW_1000})"


@cache
def _full() -> regex.Pattern[str]:
    """Compiled on first use (~2% of startup): most articles write their numbers in digits."""
    return pattern_cache.compile(NUMBER_WORDS_REGEX)


def parse_number_words(s: str) -> int | None:
    """The value of a number phrase ("ba mươi tư" -> 34), or None if ``s`` is not exactly one.

    Case-insensitive; spaces may be any horizontal whitespace.
    """
    text = unicodedata.normalize("NFC", s).strip().lower()
    if not text or not _full().fullmatch(text):
        return None
    total = group = last = 0
    for word in text.split():
        if word in _UNITS:
            last = _UNITS[word]
            group += last
        elif word == "mười":
            group += 10
        elif word == "mươi":
            group += last * 9  # "hai" was counted as 2; "hai mươi" is 20
        elif word == "trăm":
            group += last * 99
        elif word in ("nghìn", "ngàn"):
            total, group = total + group * 1000, 0
        # "linh"/"lẻ" only mark an empty tens place
    return total + group
