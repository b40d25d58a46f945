"""Vietnamese number notation: `4.764` (dot groups thousands), `49,8` (comma is the decimal mark)."""

from __future__ import annotations

# No count has this many digits; a run of digits this long (a hash, a serial, garbage) is read as
# no number at all. Python refuses int() of more than 4,300 digits, which raised in the rules and
# cost the whole article.
MAX_DIGITS = 40


def digits_value(s: str | None) -> int | None:
    """The value of digits a pattern's `\\d` matched, or None.

    `regex` knows digits newer than Python's Unicode tables (U+116D5, say); `int()` raises on
    them. No date, year or count is read from such digits: the caller skips the match.
    """
    return int(s) if s and len(s) <= MAX_DIGITS and s.isdecimal() else None


def parse_int(s: str) -> int | None:
    """`4.764` -> 4764, `03` -> 3, `hai` -> 2, `51 ngàn` -> 51000; None when `s` is not a whole
    count."""
    s = s.strip()
    if s.isdigit():
        return int(s) if len(s) <= MAX_DIGITS else None
    head, _, unit = s.rpartition(" ")
    if unit in ("ngàn", "nghìn"):  # `51 ngàn`, `7,4 nghìn`: a count in thousands
        whole, comma, part = head.strip().partition(",")
        if comma and whole.isdigit() and part.isdigit() and len(part) <= 3:
            return int(whole) * 1000 + int(part.ljust(3, "0"))
        n = parse_int(head)
        return None if n is None else n * 1000
    if _grouped(s):
        digits = s.replace(".", "")
        return int(digits) if len(digits) <= MAX_DIGITS else None
    from unionparse.number_words import parse_number_words

    return parse_number_words(s)


def _grouped(s: str) -> bool:
    """`s` is 1-3 digits then one or more groups of `.` and 3 digits (`\\d{1,3}(?:\\.\\d{3})+`,
    `\\d` being a decimal digit: `isdecimal`); string methods, as a regex call costs more."""
    head, dot, rest = s.partition(".")
    if not dot or not 1 <= len(head) <= 3 or not head.isdecimal() or len(rest) % 4 != 3:
        return False
    groups = len(rest) // 4  # the dots after the first: every fourth character, and no other
    return (
        rest[3::4] == "." * groups
        and rest.count(".") == groups
        and rest.replace(".", "").isdecimal()
    )


def parse_decimal(s: str) -> float | None:
    """`49,8` -> 49.8; `53.5` (a dot before one or two digits is a decimal point too) -> 53.5."""
    s = s.strip().rstrip("%").strip()
    if not s:
        return None
    if "," in s:
        s = s.replace(".", "").replace(",", ".")
    try:
        value = float(s)
    except ValueError:
        return None
    return value


def parse_ratio(s: str) -> tuple[int, int] | None:
    """`33/37` -> (33, 37): the result, then the whole or the target."""
    if "/" not in s:
        return None
    a, _, b = s.partition("/")
    x, y = parse_int(a), parse_int(b)
    if x is None or y is None:
        return None
    return x, y
