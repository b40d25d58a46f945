"""Menu lines and word counts in text.py read as their plain forms do."""

from __future__ import annotations

from unionparse import text as T

LINES = [
    "",
    "   ",
    "Công đoàn Công Thương tỉnh: Quan tâm bảo vệ quyền",
    "Thời sự | Kinh tế | Xã hội",
    "Trang chủ › Tin tức",
    "(Baonghean.vn) - Sáng nay",
    "baolaodong.com.vn   Tin",
    "a.net b.org c.vn",
    "x\u00a0y\u2003z  w",
    " ".join(["từ"] * 15),
    " ".join(["từ"] * 16),
    " ".join(["từ"] * 29),
    " ".join(["từ"] * 30),
    " ".join(["từ"] * 31) + "  ",
    "Một · hai • ba » bốn > năm",
]


def test_menu_mark_is_has_any() -> None:
    for t in LINES:
        assert T._has_menu_mark(t) == T.has_any(t, T._MENU_MARKS), t


def test_words_past_is_a_capped_word_count() -> None:
    for t in LINES:
        for cap in (1, 8, 15, 29):
            assert T._words_past(t, cap) == min(T.word_count(t), cap + 1), (t, cap)
