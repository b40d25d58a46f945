"""Vietnamese number words in the count slot."""

from __future__ import annotations

import pytest
import regex

from unionparse.number_words import NUMBER_WORDS_REGEX, parse_number_words


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("một", 1),
        ("hai", 2),
        ("bốn", 4),
        ("năm", 5),
        ("bảy", 7),
        ("bẩy", 7),
        ("chín", 9),
        ("mười", 10),
        ("mười một", 11),
        ("mười bốn", 14),
        ("mười tư", 14),
        ("mười lăm", 15),
        ("mười chín", 19),
        ("hai mươi", 20),
        ("hai mươi mốt", 21),
        ("hai mươi một", 21),
        ("hai mươi lăm", 25),
        ("hai mươi nhăm", 25),
        ("ba mươi tư", 34),
        ("ba mươi bốn", 34),
        ("năm mươi", 50),
        ("chín mươi chín", 99),
        ("một trăm", 100),
        ("một trăm linh năm", 105),
        ("một trăm lẻ năm", 105),
        ("một trăm linh tư", 104),
        ("một trăm mười", 110),
        ("một trăm mười lăm", 115),
        ("hai trăm hai mươi mốt", 221),
        ("năm trăm", 500),
        ("chín trăm chín mươi chín", 999),
        ("một nghìn", 1000),
        ("một ngàn", 1000),
        ("hai nghìn ba trăm", 2300),
        ("hai nghìn không trăm linh năm", 2005),
        ("mười hai nghìn", 12000),
        ("Hai Mươi Mốt", 21),
        ("MƯỜI LĂM", 15),
        (" hai\u00a0mươi  mốt ", 21),
    ],
)
def test_parse(text: str, value: int) -> None:
    assert parse_number_words(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "không",  # mostly "not"
        "tư",  # 4 only inside a compound
        "trăm",
        "nghìn",
        "mươi",
        "mười năm",  # "ten years"; 15 is "mười lăm"
        "mười mốt",  # 11 is "mười một"
        "hai mươi năm",  # "twenty years"
        "hai mười",
        "một mươi",
        "lăm",
        "mốt",
        "hai mốt",  # colloquial contraction, not covered
        "một trăm năm",  # "a hundred years"
        "hai ba",
        "năm năm",
        "một trăm linh",
        "ba mươi tư tưởng",
        "hai tập thể",
        "12",
        "hai mươi mốt mốt",
    ],
)
def test_parse_rejects(text: str) -> None:
    assert parse_number_words(text) is None


# The caller's use: the phrase right before a count noun.
COUNT = regex.compile(
    NUMBER_WORDS_REGEX + r"[^\S\r\n]++(?:tập thể|cá nhân|công đoàn cơ sở)(?!\w)", regex.V1
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("tặng bằng khen cho hai tập thể và mười lăm cá nhân", ["hai tập thể", "mười lăm cá nhân"]),
        ("còn một công đoàn cơ sở chưa xếp loại", ["một công đoàn cơ sở"]),
        ("hai mươi mốt cá nhân", ["hai mươi mốt cá nhân"]),
        ("một trăm linh năm cá nhân", ["một trăm linh năm cá nhân"]),
        ("mười cá nhân", ["mười cá nhân"]),
        ("lần thứ hai tập thể được tặng", []),  # an ordinal, not a count
        ("mười năm qua nhiều tập thể", []),
        ("hai mươi năm cá nhân", []),
        ("thứ ba cá nhân", []),
        ("khai tập thể", []),  # "hai" inside a word
    ],
)
def test_regex_in_count_slot(text: str, found: list[str]) -> None:
    assert [m.group() for m in COUNT.finditer(text)] == found


def test_regex_value_agrees_with_parser() -> None:
    counted = regex.compile(rf"(?P<n>{NUMBER_WORDS_REGEX})[^\S\r\n]++(?:tập thể|cá nhân|đơn vị)")
    text = "gồm ba mươi tư tập thể, một trăm lẻ tư cá nhân và mười đơn vị"
    values = [parse_number_words(m.group("n")) for m in counted.finditer(text)]
    assert values == [34, 104, 10]


def test_regex_works_atomically() -> None:
    """Wrapped in an atomic group, the first match is still the longest reading."""
    atomic = regex.compile(r"(?>" + NUMBER_WORDS_REGEX + r")[^\S\r\n]++cá nhân")
    assert atomic.search("tặng hai mươi mốt cá nhân").group() == "hai mươi mốt cá nhân"
    assert atomic.search("tặng chín trăm chín mươi chín cá nhân").group().startswith("chín trăm")
