"""The shortcuts of ratings, years, meta, when and checks give what the slow forms they gate
give: on every paragraph of the corpora, and on random mixtures of the words they look for."""

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
