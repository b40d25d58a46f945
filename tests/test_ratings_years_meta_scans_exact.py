"""Ratings, years, bylines, dates and checks find what their plain scans find: each gated scan
is compared with the plain one on every paragraph of the corpora, and on random mixtures of the
words it looks for."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

from unionparse.extractors import ratings
from unionparse.extractors.common import has_word, sentence_before
from unionparse.text import make_doc

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(
    p
    for d in ("seeds", "tests/corpus/dev", "tests/corpus/holdout")
    for p in (ROOT / d).glob("*.txt")
)
PIECES = [
    "phấn đấu", "phấn  đấu", "chỉ\ntiêu", "sẽ", "sẽx", "xsẽ", "nhằm", "nhiệm kỳ 2015-2020",
    "trong 5 năm", "trong năm năm", "năm", "5", "giai đoạn", "đăng ký", "kế hoạch", "hằng năm",
    "45 cđcs đạt vững mạnh", "trong đó", ". ", "! ", "\n", ", ", " ", "\u00a0", "\x1c", "_", "2",
]  # fmt: skip


def _texts() -> list[str]:
    rng = random.Random(5)
    out = [unicodedata.normalize("NFC", p.read_text(encoding="utf-8")) for p in FILES]
    for _ in range(300):
        out.append("".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30))))
    return out


def test_is_target_is_has_word_of_the_sentence_before() -> None:
    seen = 0
    for text in _texts():
        doc = make_doc(text)
        folded = doc.folded
        for start in range(0, len(folded) + 1, 7):
            want = has_word(sentence_before(folded, start), "target_cue", "term_cue")
            assert ratings._is_target(doc, start) == want, (folded[max(0, start - 80) : start],)
            seen += want
    assert seen > 100


def test_names_year_is_membership_in_page_years() -> None:
    from unionparse.extractors import when

    rng = random.Random(7)
    pieces = ["2015", "2016", "1949", "1950", "2099", "2100", "19", "20", "1", "0", "٣", "x"]
    pieces += [" ", "năm ", ".", "-", "/", "²"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(400)]
    # digits of a newer Unicode than Python's: `regex` reads them as `\d`, str.isdigit does not
    texts += ["\U00010d402015", "2015\U00010d40", "\U000116d52015 2016\U000116d5", "\U00010d40"]
    for s in texts:
        named = set(when._years(s))
        for y in (1949, 1950, 1999, 2000, 2014, 2015, 2016, 2099, 2100):
            assert when._names_year(s, y) == (y in named), (s, y)


def test_name_separator_split_needs_its_literals() -> None:
    from unionparse.extractors import meta
    from unionparse.text import has_any

    rng = random.Random(9)
    pieces = ["Ngọc", "Lan", " ", "  ", "\u00a0", "-", "–", ",", "và", "Và", "/", "x", "\n"]
    for _ in range(3000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        if not has_any(s, meta._SEP_CHARS):
            assert meta._NAME_SEP.split(s) == [s], repr(s)


def test_percent_only_is_tried_at_every_percent_it_can_match() -> None:
    from unionparse import lexicon
    from unionparse.extractors.rules import matches, number_anchors

    pct_only = lexicon.compile_template(ratings.PERCENT_ONLY)
    rng = random.Random(11)
    after = [*ratings.after_percent(), "cán bộ", "\x1c", "\u00a0", " ", "  ", ";", "%", "x"]
    texts = _texts()
    for _ in range(500):
        parts = [rng.choice(["45", "53,5", "100"]) + rng.choice(["%", " %", "%\u2003"])]
        parts += [rng.choice(after) for _ in range(rng.randint(0, 4))]
        parts.append(rng.choice(["vững mạnh", "khá", "hoàn thành tốt nhiệm vụ", "đoàn viên"]))
        texts.append(" ".join(parts) if rng.random() < 0.5 else "".join(parts))
    texts += [
        "Có 45% tổng số cđcs đạt vững mạnh, 20 % số đơn vị đạt khá; 5%\x1c cđcs đạt yếu.",
        'Có 45%  "vững mạnh", 30%\u00a0được xếp loại khá, 10% cán bộ đạt khá, 3%: yếu',
    ]
    seen = 0
    for text in texts:
        doc = make_doc(text)
        for p in doc.paras:
            folded = doc.folded
            full = [m.span() for m in pct_only.finditer(folded, p.start, p.end)]
            starts = [
                s
                for s, t in number_anchors(doc, p)
                if t < len(folded)
                and folded[t] == "%"
                and ratings.may_follow_percent(folded, t + 1)
            ]
            assert [m.span() for m in matches(pct_only, folded, p, starts)] == full, p.text
            seen += len(full)
    assert seen > 50


def test_category_led_is_tried_wherever_its_category_can_stand() -> None:
    from unionparse.extractors.rules import number_anchors

    led, before, lasts = ratings._category_led()
    rng = random.Random(13)
    texts = _texts()
    cats = ["vững mạnh xuất sắc", "khá", "trung bình", "không đánh giá, xếp loại", "httnv", "yếu"]
    gaps = [" ", "", ": ", " :", " :\u00a0", "\u2003", "\x1c", " \n", "  ", ","]
    for _ in range(400):
        texts.append(
            "Kết quả xếp loại: "
            + rng.choice(cats)
            + rng.choice(gaps)
            + rng.choice(["120", "48", "1.208", "5/7"])
            + rng.choice([" CĐCS", " đơn vị (25,8%)", " cđcs, ", "%", " người"])
        )
    seen = 0
    for text in texts:
        doc = make_doc(text)
        folded = doc.folded
        for p in doc.paras:
            for s, _ in number_anchors(doc, p):
                window = max(p.start, s - ratings._CATEGORY_WINDOW)
                can = bool(led.match(folded, s, p.end) and before.match(folded, window, s))
                if can:
                    seen += 1
                    assert ratings.may_follow_category(folded, p.start, s, lasts), p.text
    assert seen > 100


def test_every_compare_cue_holds_a_compare_literal() -> None:
    from unionparse import lexicon

    cues = lexicon.words("compare_cue")
    assert cues
    for cue in cues:
        assert any(lit in cue for lit in ratings.COMPARE_LITERALS), cue
