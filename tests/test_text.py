"""The Doc builder: the folded copy, paragraph spans and the literal gate of lexicon patterns."""

from __future__ import annotations

import pytest
import regex

from unionparse import lexicon
from unionparse.provinces import fold_tone
from unionparse.text import fold, required_literal, split_paragraphs


@pytest.mark.parametrize(
    ("source", "literal"),
    [
        ("tổng số:\\s*\\d++\\s*\\|", "tổng số:"),
        ("trang:?\\s*\\d++", "trang"),  # the colon is optional
        ("\\(ảnh[^)]{0,40}\\)\\s*$", "(ảnh"),  # escaped punctuation is literal
        ("ab{2,40}cd", "cd"),  # a counted character and the counts are not
        ("ab*?cdef", "cdef"),
        ("ab+c", "ab"),  # at least once: `ab` is in every match
        ("(a|b)cd", "cd"),  # alternatives inside a group do not matter
        ("[]x]yz", "yz"),
        ("[^\\]]ok", "ok"),
        ("\\d+ xyz\\s", " xyz"),
        ("abc|d", ""),  # a top-level alternative may match without it
        ("q\\p{L}ab", ""),  # an escape with an argument: give up
        ("a{3", ""),
        ("(?i)abc", ""),  # case-insensitive: `in` would miss ABC
    ],
)
def test_required_literal(source: str, literal: str) -> None:
    assert required_literal(regex.compile(source, regex.VERSION0)) == literal


@pytest.mark.parametrize(
    "name", ["furniture_count", "furniture_pager", "caption_mark", "caption_credit"]
)
@pytest.mark.parametrize(
    "line",
    [
        "tổng số: 12 | trang 1 / 3",
        "trang 2 trên tổng số 5",
        "lễ trao giải (ảnh: minh họa)",
        "ảnh: phương loan",
        "hội nghị tổng kết (ảnh tư liệu)",
        "trang chủ › công đoàn",
    ],
)
def test_required_literal_is_in_every_match(name: str, line: str) -> None:
    pattern = lexicon.pattern(name)
    if pattern.search(line):
        assert required_literal(pattern) in line


def test_fold_keeps_length_and_offsets() -> None:
    text = "Ðảng uỷ\u00a0Khối\r\n“Hoà” – QUỶ İstanbul\t"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.startswith('đảng ủy khối\n\n"hòa" - quỷ ')


@pytest.mark.parametrize("text", ["hoà uỷ quỷ Quà khoẻ thuỵ", "XOÀ tUỶ hoàng quý oÀ", "ò ủy"])
def test_fold_tone_lower_case_path_agrees(text: str) -> None:
    lower = text.lower()
    assert fold_tone(lower) == fold_tone(text).lower()


def test_split_paragraphs_strips_and_indexes_the_text() -> None:
    text = "  Tiêu đề \r\n\n\t Đoạn một.\u00a0\n   \nĐoạn hai"
    paras = split_paragraphs(text, fold(text))
    assert [p.text for p in paras] == ["Tiêu đề", "Đoạn một.", "Đoạn hai"]
    assert all(text[p.start : p.end] == p.text for p in paras)
    assert [p.folded for p in paras] == ["tiêu đề", "đoạn một.", "đoạn hai"]
