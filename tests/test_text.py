"""The Doc builder: the folded copy and the paragraph spans."""

from __future__ import annotations

import pytest

from unionparse.provinces import fold_tone
from unionparse.text import Para, fold, split_paragraphs


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
    # built in place, they still equal paragraphs made the ordinary way, every field set
    assert paras == [Para(p.start, p.end, p.text, p.folded) for p in paras]
