"""Whole-article accuracy: the seeds stay exact, the development corpus stays above 0.95."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unionparse import extract_text
from unionparse.evaluate import SCALARS, evaluate

ROOT = Path(__file__).resolve().parents[1]
SHARED_GOLD = ROOT.parent / "shared" / "gold" / "seeds.jsonl"
SEEDS_GOLD = ROOT / "tests" / "corpus" / "seeds_gold.jsonl"


def _records(folder: Path) -> list[dict]:
    return [
        extract_text(p.read_text("utf-8"), path=str(p)).model_dump(mode="json")
        for p in sorted(folder.glob("*.txt"))
    ]


def _gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def test_seed_gold_copy_matches_shared() -> None:
    if not SHARED_GOLD.exists():
        pytest.skip("shared/ is not beside this checkout")
    assert _gold(SEEDS_GOLD) == _gold(SHARED_GOLD)


def test_seeds_score_exactly() -> None:
    report = evaluate(_gold(SEEDS_GOLD), _records(ROOT / "seeds"))
    assert report.matched == 5
    assert report.f1 == 1.0, report.format_text(errors=True)


@pytest.mark.parametrize("name", ["dev", "holdout", "holdout2"])
def test_written_corpora_score_at_least_095(name: str) -> None:
    """dev: 25 articles the rules were developed on; holdout and holdout2: 16 each, written
    blind to the rules (they scored 0.912 and 0.907 on first sight, then their misses were
    fixed as general rules; holdout2's gold follows the project's conventions where its writer
    decided otherwise, see its DECISIONS.md)."""
    gold = _gold(ROOT / "tests" / "corpus" / f"{name}_gold.jsonl")
    assert len(gold) >= 15
    report = evaluate(gold, _records(ROOT / "tests" / "corpus" / name))
    assert report.matched == len(gold)
    assert report.f1 >= 0.95, [m for m in report.mismatches][:40]


@pytest.mark.parametrize(
    "folder", ["seeds", "tests/corpus/dev", "tests/corpus/holdout", "tests/corpus/holdout2"]
)
def test_every_value_has_evidence_quoting_the_text(folder: str) -> None:
    for p in sorted((ROOT / folder).glob("*.txt")):
        text = p.read_text("utf-8")
        art = extract_text(text).model_dump(mode="json")
        ev = art["evidence"]
        for i, _ in enumerate(art["ratings"]):
            assert f"ratings[{i}]" in ev
        for i, _ in enumerate(art["awards"]):
            assert f"awards[{i}]" in ev
        for field in (f for f in SCALARS if "." not in f):
            if art[field] is not None:
                assert field in ev, (p.name, field)
        for group in ("members", "party"):
            for k, v in art[group].items():
                if v is not None:
                    assert f"{group}.{k}" in ev, (p.name, group, k)
        for key, e in ev.items():
            assert text[e["start"] : e["end"]] == e["quote"], (p.name, key)


def test_seed_warnings_fire_where_the_text_is_inconsistent_only() -> None:
    codes = {
        p.name[:3]: sorted(
            w["code"] for w in extract_text(p.read_text("utf-8")).model_dump()["warnings"]
        )
        for p in sorted((ROOT / "seeds").glob("*.txt"))
    }
    assert codes == {
        "000": ["implausible_year"],
        "001": [],
        "002": [],
        "003": ["percent_mismatch"],
        "004": [],
    }


def test_warm_up_sample_exercises_every_family() -> None:
    """warm_up() compiles the rules before workers fork; its sample must reach every extractor."""
    from unionparse.pipeline import _SAMPLE

    art = extract_text(_SAMPLE)
    assert (art.grassroots_unions, art.members.total, art.members.female, art.members.new) == (
        52,
        3942,
        2000,
        15,
    )
    assert (art.party.referred, art.party.admitted) == (88, 71)
    assert [(r.category, r.count) for r in art.ratings] == [("vung_manh_xuat_sac", 45)]
    assert [(a.award, a.issuer, a.collectives, a.individuals) for a in art.awards] == [
        ("bang_khen", "provincial_federation", 3, 20)
    ]
    assert (art.province, art.event_date, art.published, art.author) == (
        "Nghệ An",
        "2024-01-10",
        "2024-01-11T09:01",
        "Việt Long",
    )
