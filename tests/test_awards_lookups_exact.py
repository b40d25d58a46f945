"""Award lookups give the answers of the full readings they stand for: an issuer's level, the
counted nouns before an award, its kind's name.

Each is compared with the plain reading on every issuer phrase and zone of the dev and holdout
articles and on made-up phrases.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from unionparse import lexicon
from unionparse.extractors import awards as aw
from unionparse.extractors import issuers
from unionparse.text import Doc, make_doc

CORPUS = Path(__file__).parent / "corpus"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@cache
def _docs() -> list[Doc]:
    paths = [
        *sorted(CORPUS.glob("dev/*.txt")),
        *sorted(CORPUS.glob("holdout/*.txt")),
        *sorted(SEEDS.glob("*.txt")),
    ]
    return [make_doc(p.read_text(encoding="utf-8")) for p in paths]


def _issuer_phrases() -> list[str]:
    """Issuer heads alone, with prefixes, places and names, and every article's issuer spans."""
    heads = lexicon.words("issuer_head")
    out = [*heads]
    for h in heads:
        for tail in (
            " tỉnh",
            " tỉnh nghệ an",
            " thành phố hà nội",
            " tp. hồ chí minh",
            " thành phố vinh",
            " huyện",
            " quận cầu giấy",
            " thị xã",
            " việt nam",
            " vn",
            " trung ương",
            " phối hợp với sở",
            "  tỉnh\u00a0",
        ):
            out.append(h + tail)
            out.append("ban thường vụ " + h + tail)
    out += ["bộ giáo dục", "bộ y tế", "ubnd tp", "bộ trưởng bộ công thương", ""]
    for doc in _docs():
        for a in aw.awards(doc):
            if a.issuer_name is not None:
                s = doc.folded.find(a.issuer_name.lower())
                if s >= 0:
                    out.append(doc.folded[s : s + len(a.issuer_name)])
    return out


def test_issuer_level_memo_is_the_plain_level() -> None:
    issuers.issuer_level.cache_clear()
    phrases = _issuer_phrases()
    assert len(phrases) > 500
    for central in (False, True):
        for s in phrases:
            want = issuers._issuer_level(s, central)
            assert issuers.issuer_level(s, central) == want, s
            assert issuers.issuer_level(s, central) == want, s  # now from the memo


def test_issuer_level_memo_is_bounded() -> None:
    issuers.issuer_level.cache_clear()
    for i in range(issuers.ISSUER_CACHE_SIZE + 50):
        issuers.issuer_level(f"công đoàn {i}")
    info = issuers.issuer_level.cache_info()
    assert info.maxsize == issuers.ISSUER_CACHE_SIZE
    assert info.currsize <= issuers.ISSUER_CACHE_SIZE


@pytest.mark.parametrize("central", [False, True])
def test_issuer_level_examples(central: bool) -> None:
    assert issuers.issuer_level("tổng lđlđ việt nam", central) == "national_federation"
    assert issuers.issuer_level("lđlđ tỉnh", central) == "provincial_federation"
    assert issuers.issuer_level("lđlđ huyện", central) == "sector_union"


def _slow_count_digits(folded: str, hs: int, end: int) -> tuple[bool, str, int, int] | None:
    r = aw._rules()
    m = r.counted_int.match(folded, hs, end)
    if m is None:
        return None
    gn, gc, gi = r.int_groups
    is_coll = m.group(gc) is not None
    return is_coll, m.group(gn), m.end(), m.start(gc if is_coll else gi)


_DIGIT_CASES = [
    "có 5 tập thể, 14 cá nhân được tặng",
    "12 tập thể lao động xuất sắc",
    "12 tập thể lao động",
    "12 tập thể  lao động",
    "12 tập thể\tlao động",
    "12 tập thể lao đao",
    "12 tập thểx",
    "12 tập thể_",
    "12 tập thể\u0301",
    "12  cá nhân.",
    "12\u00a0cá nhân",
    "12\tcá nhân",
    "12cá nhân",
    "1.200 người",
    "1,5 người",
    "4 bằng khen tập thể",
    "4 khen thưởng cá nhân",
    "a12 người",
    "x.12 người",
    "(12 người)",
    "“12 người”",
    "12 y, bác sĩ",
    "12 y,bác sĩ",
    "12 công đoàn bộ phận",
    "12 công đoàn cơ sở",
    "12 công  đoàn cơ sở",
    "12 chi nhánh,",
    "12 chiến sĩ thi đua",
    "1٢ người",
    "12٣ người",
    "12 người",
    "12 ngườ",
    "12 tổ công đoàn",
    "12 tổ",
    "12 chi nhánh",
    "12 giáo viên",
    "12 cờ thi đua",
    "12 tậ",
    "12\U0001d7d8 người",
    "\U0001d7d812 người",
]


_DIGITS = re.compile(r"\d+")  # the digit branch of count_start


def _fast(folded: str, hs: int, end: int) -> tuple[bool, str, int, int] | None:
    m = _DIGITS.match(folded, hs, end)
    if m is None:
        return None
    return aw._count_digits(aw._rules(), folded, hs, m.end(), end)


@pytest.mark.parametrize("text", _DIGIT_CASES)
def test_count_digits_is_the_pattern_examples(text: str) -> None:
    folded = make_doc(text).folded
    for hs in range(len(folded)):
        if not folded[hs].isdigit():
            continue
        for end in range(hs + 1, len(folded) + 1):
            fast = _fast(folded, hs, end)
            if fast is not None:
                assert fast == _slow_count_digits(folded, hs, end), (folded, hs, end)


def test_count_digits_is_the_pattern_on_articles() -> None:
    n = 0
    for doc in _docs():
        f = doc.folded
        for p in doc.body_and_captions:
            for hs in range(p.start, p.end):
                if f[hs].isdigit():
                    fast = _fast(f, hs, p.end)
                    if fast is not None:
                        assert fast == _slow_count_digits(f, hs, p.end), f[hs : hs + 40]
                        n += 1
    assert n > 200


def test_noun_literals_are_nouns() -> None:
    """Each single-spaced form is matched whole by the noun pattern, in its group, and no
    form is the start of a later one (the alternation's order then does not matter) but the
    long form of an optional tail."""
    r = aw._rules()
    lits = r.noun_literals
    for i, (lit, coll, _) in enumerate(lits):
        m = r.noun.fullmatch(lit)
        assert m is not None and (m.group("coll") is not None) == coll, lit
        for later, _, _ in lits[i + 1 :]:
            assert not (later + " ").startswith(lit + " "), (lit, later)
        assert not lit.startswith(r.award_firsts)
    keys = {lit[:3] for lits in r.noun_by3.values() for lit, _, _ in lits}
    assert keys >= {"tập", "cá ", "đơn", "giá", "ngư", "đoà"}
    for key in keys:  # no award word followed by white space starts with these three
        for w in r.award_firsts:
            assert not (w + " ").startswith(key) and not (w + "\t").startswith(key)


@pytest.mark.parametrize(
    "text",
    [
        "cácác chínhiều mộtám bốnăm nămột tám12các 4.764 người",
        "ba bảy bốn hai nhai thai 1 2 3 các những nhiều mười chín sáu",
        "\U0001d7d8\U0001d7d9 x\U0001f600y 12\U0001d7d834 ١٢ ٣",
        "không có số nào",
        "",
    ],
)
def test_count_starts_is_the_pattern_examples(text: str) -> None:
    r = aw._rules()
    for s in range(len(text) + 1):
        for e in range(s, len(text) + 1):
            want = [m.span() for m in r.count_start.finditer(text, s, e)]
            assert aw._count_starts(r, text, s, e) == want, (text, s, e)


def test_count_starts_is_the_pattern_on_articles() -> None:
    r = aw._rules()
    for doc in _docs():
        for p in doc.body_and_captions:
            for s in range(p.start, p.end, 7):
                for e in (min(p.end, s + 40), min(p.end, s + 150), p.end):
                    want = [m.span() for m in r.count_start.finditer(doc.folded, s, e)]
                    assert aw._count_starts(r, doc.folded, s, e) == want


def test_count_words_are_the_first_set() -> None:
    """Every count word starts with a letter of the reference pattern's first set."""
    first_set = aw._rules().count_start.pattern.split("]")[0]
    for w in aw._COUNT_WORDS:
        assert w[0] in first_set and w.isalpha()


def test_kind_names_are_classify_phrase() -> None:
    r = aw._rules()
    assert len(r.kind_names) >= 15
    for phrase, kind in r.kind_names.items():
        assert kind == (lexicon.classify_phrase("award_kind", phrase) or "other")
    for phrase in ("bằng  khen", "cờ thi\tđua", "huân chương"):
        assert aw._kind_of(r, phrase) == (lexicon.classify_phrase("award_kind", phrase) or "other")


def test_every_person_role_holds_a_role_literal() -> None:
    """_named_role tests these literals before its pattern."""
    from unionparse import lexicon
    from unionparse.extractors.awards import role_literals

    roles = lexicon.words("award_person_role")
    assert roles
    for role in roles:
        assert any(lit in role for lit in role_literals()), role
