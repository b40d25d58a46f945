"""The Doc builder: the folded copy and the paragraph spans."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from unionparse import lexicon
from unionparse.provinces import fold_tone
from unionparse.text import (
    _MENU_SEP,
    _SENTENCE_END,
    Para,
    _is_menu,
    classify,
    fold,
    make_doc,
    sentences,
    split_paragraphs,
)


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


def test_header_hint_is_the_whole_line_form_on_short_lines() -> None:
    """header_hint once read `^(?=.{0,160}$)(?:.*\\b(?:...)\\b)`; classify now tests the length
    and searches the bare alternation, which must say the same on every line."""
    old = lexicon.compile_template(
        r"^(?=.{0,160}$)(?:.*\b(?:\d{1,2}:\d{2}|\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}(?:-\d{2})?"
        r"|<<weekday>>|<<published_label>>)\b)"
    )
    new = lexicon.pattern("header_hint")
    root = Path(__file__).parent / "corpus"
    lines = ["05:26 | 5/06/2017", "thứ hai, 20/02/2022", "a" * 150 + " 2023-05", "cập nhật"]
    lines += ["x" * 158 + " 1:30", "x" * 159 + " 1:30", "ngày 12/3/20231", "12:345"]
    for path in sorted(root.glob("*/*.txt")):
        folded = fold(path.read_text(encoding="utf-8", errors="replace"))
        lines.extend(line.strip() for line in folded.split("\n") if line.strip())
    for line in lines:
        assert bool(old.search(line)) == (len(line) <= 160 and bool(new.search(line))), line


def _plain_sections(parts: list[str], least: int, most_words: int) -> bool:
    """At least `least` parts, each a capitalised name of at most `most_words` words (dashes
    not counted), with no digit and no closing stop."""
    if len(parts) < least:
        return False
    for part in (x.strip() for x in parts):
        words = [w for w in part.split() if w not in ("-", "–", "—")]
        if not words or not part[0].isupper() or len(words) > most_words:
            return False
        if any(c.isdigit() for c in part) or part.endswith((".", "!", "?", ":", ";", "…")):
            return False
    return True


def _is_menu_reference(p: Para) -> bool:
    """_is_menu as first written (whole-line split, every mark tested), to hold the fast one to."""
    t = p.text
    if "›" in t or " - bao" in p.folded:
        return True
    words = t.split()
    marks = ("|", "›", "»", ">", "•", "·", ".vn", ".com", ".net", ".org", "   ")
    if any(m in t for m in marks) or not t.isprintable():
        seps = len(_MENU_SEP.findall(t))
        if seps >= 2 or (seps and len(words) <= 8):
            return True
    if _plain_sections(re.split(r"\s{2,}", t.strip()), 4, 5):
        return True  # `Thời sự  Chính trị  Kinh tế  Xã hội`
    trail = next((m for m in (" » ", " > ", " › ", " / ") if m in t), None)
    if trail and _plain_sections(t.split(trail), 2, 8) and len(t.split(trail)) == 2:
        return True  # `Tin tức - Sự kiện » Hoạt động công đoàn ngành`
    return (
        len(words) >= 6
        and all(w[:1].isupper() for w in words)
        and not any(c.isdigit() for c in t)
        and t != t.upper()
    )


def test_is_menu_agrees_with_the_plain_reading() -> None:
    lines = [
        "Thời Sự Kinh Tế Xã Hội Văn Hóa Thể Thao",  # every word capitalised
        "Thời Sự Kinh Tế Xã Hội Văn Hóa Thể Thao Pháp luật",  # the 11th is not
        "Thời Sự Kinh Tế Xã Hội Văn Hóa Thể 2023",
        "TRANG CHỦ TIN TỨC SỰ KIỆN HOẠT ĐỘNG",
        "Trang chủ | Tin tức | Sự kiện",
        "(Baonghean.vn) - Sáng nay 8/10, Công đoàn tổ chức hội nghị",
        "Nguồn laodong.vn và congdoan.vn cùng đưa tin về hội nghị này hôm nay",
        "Nguồn laodong.vn và congdoan.vn | đưa tin về hội nghị này hôm nay nữa",
        "Nguồn laodong.vn và hội nghị này hôm nay đưa tin   về hội nghị",
        "Báo Nghệ An   Thời sự",
        "|",
        "ab",
        "A B C D E F G H I",
    ]
    root = Path(__file__).parent / "corpus"
    for path in sorted(root.glob("*/*.txt")):
        lines.extend(line for line in path.read_text(encoding="utf-8").split("\n") if line.strip())
    for line in lines:
        p = split_paragraphs(line, fold(line))[0]
        assert _is_menu(p) == _is_menu_reference(p), line


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("ảnh: phương loan", "caption"),
        ("tổng số: 12 | ảnh: phương loan", "furniture"),  # furniture wins over a caption mark
        ("hội nghị tổng kết (ảnh tư liệu)", "caption"),
        ("trang 2 / 5", "furniture"),
        ("hội nghị tổng kết công tác năm 2023.", "body"),
    ],
)
def test_classify_after_the_body(line: str, kind: str) -> None:
    lead = (
        "Ngày 7/11/2017, Công đoàn tổ chức hội nghị tổng kết công tác năm 2016 và đề ra nhiệm vụ."
    )
    text = lead + "\n" + line
    paras = split_paragraphs(text, fold(text))
    classify(paras)
    assert [p.kind for p in paras] == ["body", kind]


def test_repeats_are_found_among_lines_of_one_length() -> None:
    lines = [f"Đoạn văn số {i:03d} kể lại hội nghị tổng kết công tác công đoàn." for i in range(5)]
    text = "\n".join(lines + [lines[3], lines[0], lines[3]])
    paras = split_paragraphs(text, fold(text))
    assert len({len(p.folded) for p in paras}) == 1  # one length: the set path is taken
    classify(paras)
    assert [p.kind for p in paras] == ["body"] * 5 + ["duplicate"] * 3


def _sentences_by_scan(p: Para) -> list[tuple[int, int]]:
    """The definition: the text between `_SENTENCE_END` matches."""
    out, pos = [], 0
    for m in _SENTENCE_END.finditer(p.text):
        if m.start() > pos:
            out.append((p.start + pos, p.start + m.start()))
        pos = m.end()
    if pos < len(p.text):
        out.append((p.start + pos, p.end))
    return out


@pytest.mark.parametrize(
    "text",
    [
        "Năm 2014. Đồng chí A phát biểu. Hội nghị kết thúc!",
        "Đạt 5.  Tập thể",
        "Đạt 5. 4 tập thể",
        "Đạt 5. a tập thể",
        "Đạt 5.",
        "Đạt 5. ",
        "x.\u00a0y. z",
        "x.\u2003Y",
        "٣. A và ٣.\tB",
        "a\u0301. b",
        ". mở đầu",
        "1.5 và 2,5. Hết? Chưa… Xong!  ",
        "câu “trích dẫn.” tiếp. theo",
        "a.\x1cb. c",
        "số 12.\x0bA",
        "Năm 2023. Có 5 CĐCS.",
        "ngày 7.11. Hội nghị",
        "1.2. 3. a.b. C",
        "Số 12. đoàn viên. 13.\u00a0Tân",
    ],
)
def test_sentences_are_the_text_between_sentence_ends(text: str) -> None:
    for p in make_doc(text).paras:
        assert sentences(p) == _sentences_by_scan(p), p.text


def test_sentences_on_the_corpus_are_the_text_between_sentence_ends() -> None:
    root = Path(__file__).parent / "corpus"
    n = 0
    for path in sorted(root.glob("*/*.txt")):
        for p in make_doc(path.read_text(encoding="utf-8")).paras:
            assert sentences(p) == _sentences_by_scan(p), p.text
            n += 1
    assert n > 400
