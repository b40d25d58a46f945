"""The session-4 shortcuts in extractors/awards.py and issuers.py give the slow path's answers.

Each memo or fast path is compared with the code it stands in for, on every issuer phrase and
zone of the dev and holdout articles and on made-up phrases.
"""

from __future__ import annotations

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
