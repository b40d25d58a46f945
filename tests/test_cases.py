"""Sentence-level cases (tests/cases/*.toml): the specification of each phrasing family.

Each case is a short text, the values a reader would check, the fields that must stay empty,
and why. Conventions are in tests/cases/_header.txt.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from unionparse import extract_text

CASES_DIR = Path(__file__).parent / "cases"


def _load() -> list:
    out = []
    for f in sorted(CASES_DIR.glob("*.toml")):
        for case in tomllib.loads(f.read_text("utf-8")).get("case", []):
            out.append(pytest.param(case, id=f"{f.stem}:{case['id']}"))
    return out


CASES = _load()


def _get(d: dict, dotted: str):
    for part in dotted.split("."):
        d = d.get(part) if isinstance(d, dict) else None
    return d


def _none(v):
    return None if v in (-1, "") else v


def _ratings(items: list[dict]) -> Counter:
    return Counter((r["category"], _none(r.get("count"))) for r in items)


def _awards(items: list[dict]) -> Counter:
    return Counter(
        (
            a["award"],
            _none(a.get("issuer")),
            _none(a.get("collectives")),
            _none(a.get("individuals")),
        )
        for a in items
    )


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 60


@pytest.mark.parametrize("case", CASES)
def test_case(case: dict) -> None:
    art = extract_text(case["text"]).model_dump(mode="json")
    why = case.get("why", "")
    for key, want in case.get("expect", {}).items():
        if key == "warnings":
            codes = {w["code"] for w in art["warnings"]}
            assert set(want) <= codes, f"{why}: warnings {codes}"
        elif key == "ratings":
            assert _ratings(art["ratings"]) == _ratings(want), f"{why}: {art['ratings']}"
            for w in want:
                if "percent" in w:
                    got = [r["percent"] for r in art["ratings"] if r["category"] == w["category"]]
                    assert w["percent"] in got, why
        elif key == "awards":
            assert _awards(art["awards"]) == _awards(want), f"{why}: {art['awards']}"
        elif key == "period":  # -1 stands for a null start or end (TOML has no null)
            want = {k: _none(v) for k, v in want.items()}
            assert art["period"] == want, f"{why}: period {art['period']}"
        else:
            assert _get(art, key) == want, f"{key}: {why}"
    for key in case.get("absent", []):
        assert _get(art, key) in (None, []), f"{key} should be empty: {why}"
    if case.get("no_warnings"):
        assert art["warnings"] == [], why
    # every value carries its span
    for ev in art["evidence"].values():
        assert case["text"][ev["start"] : ev["end"]] == ev["quote"]
