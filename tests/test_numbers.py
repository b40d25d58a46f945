"""Vietnamese number notation: grouped thousands, decimal commas, ratios."""

from __future__ import annotations

import itertools

import pytest
import regex

from unionparse.numbers import _grouped, parse_decimal, parse_int, parse_ratio

# the definition the string-method reading of grouped numbers must agree with
_GROUPED = regex.compile(r"\d{1,3}(?:\.\d{3})++")


@pytest.mark.parametrize(
    ("s", "value"),
    [
        ("4.764", 4764),
        (" 75.147.282 ", 75147282),
        ("03", 3),
        ("hai", 2),
        ("mười lăm", 15),
        ("1.2345", None),
        ("12..345", None),
        (".123", None),
        ("1234.567", None),
        ("1.234.", None),
        ("١.٢٣٤", 1234),  # any decimal digits, as `\d` reads them
        ("", None),
    ],
)
def test_parse_int(s: str, value: int | None) -> None:
    assert parse_int(s) == value


def test_grouped_numbers_agree_with_the_pattern() -> None:
    """Every string of up to eight characters from a digit, another script's digit, a dot and
    a letter."""
    for n in range(1, 9):
        for chars in itertools.product("1٣.a", repeat=n):
            s = "".join(chars)
            assert _grouped(s) == bool(_GROUPED.fullmatch(s)), s


def test_parse_decimal_and_ratio() -> None:
    assert parse_decimal("49,8") == 49.8
    assert parse_decimal("53.5%") == 53.5
    assert parse_ratio("33/37") == (33, 37)
    assert parse_ratio("33") is None


def test_a_run_of_digits_too_long_for_a_count_is_no_number() -> None:
    """More than 4,300 digits made int() raise (Python's limit) and killed the article."""
    assert parse_int("9" * 5000) is None
    assert parse_int("1" + ".000" * 2000) is None
    assert parse_int("9" * 40) == int("9" * 40)


def test_an_article_with_a_5000_digit_run_keeps_its_fields() -> None:
    from pathlib import Path

    from unionparse.pipeline import extract_text

    seeds = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    text = next(t for t in texts if extract_text(t).members.total is not None)
    plain = extract_text(text)
    damaged = extract_text(text + "\n\nCông đoàn có " + "9" * 5000 + " đoàn viên.\n")
    assert damaged.members.total == plain.members.total
    assert damaged.awards == plain.awards and damaged.ratings == plain.ratings
