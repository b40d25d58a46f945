"""Whole-article accuracy: the seeds stay exact, the project's corpora stay above 0.95 and the
press corpus (shared/, articles modelled on real pages) above 0.93 per slice."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from unionparse import extract_text
from unionparse.evaluate import SCALARS, evaluate

ROOT = Path(__file__).resolve().parents[1]
SHARED_GOLD = ROOT.parent / "shared" / "gold" / "seeds.jsonl"
SEEDS_GOLD = ROOT / "tests" / "corpus" / "seeds_gold.jsonl"
PRESS = ROOT.parent / "shared" / "corpus" / "press"
SCORER = ROOT.parent / "shared" / "tools" / "score.py"
PRESS_SLICES = ["federations", "sectors", "mixed"]


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


@pytest.mark.parametrize(
    "name", ["dev", "holdout", "holdout2", "blind3", "press2", "press3", "press4", "press5"]
)
def test_written_corpora_score_at_least_095(name: str) -> None:
    """dev: 25 articles the rules were developed on; holdout and holdout2: 16 each, written
    blind to the rules (they scored 0.912 and 0.907 on first sight, then their misses were
    fixed as general rules; holdout2's gold follows the project's conventions where its writer
    decided otherwise, see its DECISIONS.md); blind3: 10 written blind in the press corpus's
    style (0.921 on first sight, never tuned on: docs/first-sight-scores.md); press2: 12 written
    in session 7 to find families where real pages vary most (bylines, timestamps, award
    sentences), 0.937 on first sight, then tuned on by family; press3 (session 7, body figures)
    0.945, press4 (session 8, awards, Party, periods, bylines) 0.935 and press5 (session 8,
    members, ratings, page tops) 0.942 on first sight, tuned on
    likewise. All v1.1 gold."""
    gold = _gold(ROOT / "tests" / "corpus" / f"{name}_gold.jsonl")
    assert len(gold) >= 10
    report = evaluate(gold, _records(ROOT / "tests" / "corpus" / name))
    assert report.matched == len(gold)
    assert report.f1 >= 0.95, [m for m in report.mismatches][:40]


def test_hard_shapes_tuning_set_scores_at_least_088() -> None:
    """press7: 12 articles of harder shapes (OCR'd bulletins with lines broken mid-sentence,
    PDF and Word reports, fan-page and Zalo posts), 0.691 on first sight in session 8, tuned on
    by family to 0.891; what is left is mostly titles, bylines and dates of those shapes
    (docs/first-sight-scores.md)."""
    gold = _gold(ROOT / "tests" / "corpus" / "press7_gold.jsonl")
    report = evaluate(gold, _records(ROOT / "tests" / "corpus" / "press7"))
    assert report.matched == len(gold) == 12
    assert report.f1 >= 0.88, report.format_text()


def _press(slice_: str) -> Path:
    folder = PRESS / slice_
    if not (folder / "gold.jsonl").exists():
        pytest.skip(f"the press corpus is not beside this checkout ({folder} is absent)")
    return folder


# Blind sets: written by helpers that read no code, scored once on first sight, never tuned on
# (only their per-field figures were ever looked at; docs/first-sight-scores.md). Each is held
# at about its first-sight score, so that no change loses ground on text the rules were not
# written from. (name, articles, floor): blind4, end of session 6, 0.921 on first sight;
# blind5, start of session 7, 0.946; blind6, late in session 7, 0.984; blind7, start of
# session 8, 0.926; blind8 (harder shapes: a fan-page repost, a scanned bulletin), written
# during session 8 and scored once after its fixes, 0.870.
BLIND_SETS = [
    ("blind4", 8, 0.92),
    ("blind5", 10, 0.94),
    ("blind6", 10, 0.97),
    ("blind7", 10, 0.92),
    ("blind8", 10, 0.86),
]


@pytest.mark.parametrize(("name", "articles", "floor"), BLIND_SETS)
def test_blind_sets_hold_their_first_sight_scores(name: str, articles: int, floor: float) -> None:
    gold = _gold(ROOT / "tests" / "corpus" / f"{name}_gold.jsonl")
    report = evaluate(gold, _records(ROOT / "tests" / "corpus" / name))
    assert report.matched == len(gold) == articles
    assert report.f1 >= floor, report.format_text()


@pytest.mark.parametrize("slice_", PRESS_SLICES)
def test_press_corpus_scores_at_least_093(slice_: str) -> None:
    """The press corpus (shared/corpus/press, v1.1 gold), each slice held at micro F1 >= 0.93
    (first sight 0.740 / 0.658 / 0.731: docs/first-sight-scores.md)."""
    folder = _press(slice_)
    gold = _gold(folder / "gold.jsonl")
    report = evaluate(gold, _records(folder))
    assert report.matched == len(gold)
    assert report.f1 >= 0.93, report.format_text(errors=True)


@pytest.mark.parametrize("slice_", PRESS_SLICES)
def test_eval_and_the_independent_scorer_agree(slice_: str, tmp_path: Path) -> None:
    """`unionparse eval` and shared/tools/score.py give the same table on what extract prints."""
    folder = _press(slice_)
    if not SCORER.exists():
        pytest.skip(f"the independent scorer is not beside this checkout ({SCORER})")
    out = tmp_path / "out.jsonl"
    cli = [sys.executable, "-m", "unionparse"]
    extracted = subprocess.run(
        [*cli, "extract", str(folder), "-f", "jsonl", "-o", str(out), "-q"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert extracted.returncode == 0, extracted.stderr
    ours = subprocess.run(
        [*cli, "eval", str(folder / "gold.jsonl"), "--pred", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    theirs = subprocess.run(
        [sys.executable, str(SCORER), str(folder / "gold.jsonl"), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert theirs.returncode == 0, theirs.stderr
    assert ours.stdout == theirs.stdout
    f1 = float(re.search(r"F1=([\d.]+)", theirs.stdout).group(1))  # type: ignore[union-attr]
    assert f1 >= 0.93


@pytest.mark.parametrize(
    "folder",
    [
        "seeds",
        "tests/corpus/dev",
        "tests/corpus/holdout",
        "tests/corpus/holdout2",
        "tests/corpus/blind3",
    ],
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


@pytest.mark.parametrize("slice_", PRESS_SLICES)
def test_press_evidence_quotes_the_text(slice_: str) -> None:
    for p in sorted(_press(slice_).glob("*.txt")):
        text = p.read_text("utf-8")
        for key, e in extract_text(text).model_dump(mode="json")["evidence"].items():
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
