"""checks.implausible_years searches the body once; it must find what one search per body
paragraph finds (no match across a paragraph's end, none outside the body)."""

from __future__ import annotations

import regex

from unionparse import checks
from unionparse.text import Doc, make_doc

_YEAR = regex.compile(r"năm\s+(\d{4})(?!\d)")


def _per_paragraph(doc, anchor, spans) -> list[tuple[str, str]]:
    out = []
    for p in doc.body:
        for m in _YEAR.finditer(doc.folded, p.start, p.end):
            before = doc.folded[m.start() - 1] if m.start() else " "
            if before != " " and regex.match(r"\w", before):
                continue
            y = int(m.group(1))
            if abs(y - anchor) <= 10:
                continue
            last = [(s, n) for n, (s, _e) in spans.items() if p.start <= s <= m.start()]
            out.append((max(last)[1] if last else "text", f"year {y} at offset {m.start(1)}"))
    return out


TEXTS = [
    "Hội nghị tổng kết năm 2023\n\nSáng 10/1, LĐLĐ tỉnh tổng kết công tác năm\n2102 và kế hoạch năm 2024.\n",
    "Tiêu đề\n\nNội dung có năm 2123 và cả năm 1950; xnăm 2200 không tính. Năm  2190 thì có.\n"
    "Đoạn kết thúc bằng năm\n2099 đoạn mới bắt đầu bằng số.\n\nẢnh: năm 2150\n",
    "Một đoạn năm 20234 và năm 2023 và năm 3000\n",
]


def _docs(text: str) -> list[Doc]:
    """As classified, and with every line taken as body (a line ending in `năm` then is too)."""
    doc = make_doc(text)
    every = make_doc(text)
    for p in every.paras:
        p.kind = "body"
    return [doc, Doc(text=every.text, folded=every.folded, paras=every.paras)]


def test_one_search_finds_what_per_paragraph_searches_find() -> None:
    seen = 0
    for doc in (d for text in TEXTS for d in _docs(text)):
        text = doc.text
        for anchor in (2023, 2100, 1950):
            spans = {"ratings[0]": (doc.body[0].start, doc.body[0].start + 3)} if doc.body else {}
            got = [
                (w.field, w.message.split(" is far")[0])
                for w in checks.implausible_years(doc, anchor, spans)
            ]
            assert got == _per_paragraph(doc, anchor, spans), text
            seen += len(got)
    assert seen > 5


def _slow(doc: Doc, anchor: int, spans: dict[str, tuple[int, int]]) -> list[tuple[str, str]]:
    return [(w.field, w.message) for w in checks._far_years(doc, anchor, spans)]


def test_all_near_shortcut_returns_what_the_slow_path_finds() -> None:
    """_all_near may skip the per-match work only when that work would find nothing: digits of
    other scripts (mixed with ASCII, which compare as strings unlike their values) and anchors
    whose neighbours are not four digits take the slow path."""
    texts = [
        *TEXTS,
        "Tiêu đề\n\nKế hoạch năm 2024, năm 2023 và năm 2030.\n",
        "Tiêu đề\n\nNăm 1\u0660\u0660\u0660 và năm 2023; năm \uff12\uff10\uff12\uff13 và năm 2\u0669\u0669\u0669.\n",
        "Tiêu đề\n\nnăm 1000 năm 0999 năm 9999 năm 1995 năm 2015 năm 2016\n",
    ]
    hits = 0
    for doc in (d for text in texts for d in _docs(text)):
        if not doc.body:
            continue
        for anchor in (2023, 2005, 2026, 1005, 1010, 9990, 9989, 1999, 0, 10_500):
            spans = {"report_year": (doc.body[0].start, doc.body[0].start + 3)}
            got = [(w.field, w.message) for w in checks.implausible_years(doc, anchor, spans)]
            assert got == _slow(doc, anchor, spans), (doc.text, anchor)
            hits += bool(got)
    assert hits > 10


def test_all_near_is_exact_on_four_ascii_digits() -> None:
    years = [f"{y:04d}" for y in range(0, 10_000, 7)]
    for anchor in range(990, 10_020, 97):
        for y in years:
            assert checks._all_near([y], anchor) <= (abs(int(y) - anchor) <= 10), (y, anchor)
            if 1000 <= anchor - 10 and anchor + 10 <= 9999:
                assert checks._all_near([y], anchor) == (abs(int(y) - anchor) <= 10), (y, anchor)


def test_implausible_counts_are_flagged_and_unsafe_ones_left_out() -> None:
    """1.2e29 members and 1e20 admitted passed silently; a number past 2**53 - 1 is rounded by
    every JSON reader that uses doubles (JavaScript, jq), so it must not be written."""
    import json

    from unionparse.pipeline import extract_text
    from unionparse.writers import make_formatter

    text = (
        "Hội nghị tổng kết công tác công đoàn năm 2023\n\n"
        "LĐLĐ huyện X hiện có 35 công đoàn cơ sở với {total} đoàn viên, kết nạp mới {new} "
        "đoàn viên.\n"
    )
    huge = extract_text(text.format(total="120.000.000.000.000.000.000.000.000.000", new="25"))
    assert huge.members.total is None and huge.members.new == 25
    assert "members.total" not in huge.evidence
    (w,) = [w for w in huge.warnings if w.code == "implausible_count"]
    assert w.field == "members.total" and w.message.startswith("120000000000000000000000000000 ")
    line = make_formatter("jsonl").render_model(huge)
    assert json.loads(line)["members"]["total"] is None

    big = extract_text(text.format(total="12.000.000.000", new="25"))
    assert big.members.total == 12_000_000_000  # kept (exact in JSON), but flagged
    assert [w.field for w in big.warnings if w.code == "implausible_count"] == ["members.total"]

    fine = extract_text(text.format(total="4.764", new="25"))
    assert fine.members.total == 4764
    assert not [w for w in fine.warnings if w.code == "implausible_count"]
