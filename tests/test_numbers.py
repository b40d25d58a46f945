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
