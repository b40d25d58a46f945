"""resolve.pick: the highest rank wins, then the first in the text; equal-rank disagreement warns."""

from __future__ import annotations

import random

from unionparse.found import Found
from unionparse.models import Warning
from unionparse.resolve import pick


def _by_sorting(cands: list[Found]) -> tuple[Found | None, list[str]]:
    """The rule written the plain way: top rank, stable sort by start, distinct other values."""
    if not cands:
        return None, []
    top = max(c.rank for c in cands)
    best = sorted((c for c in cands if c.rank == top), key=lambda c: c.start)
    chosen = best[0]
    return chosen, sorted({str(c.value) for c in best if c.value != chosen.value})


def test_pick_agrees_with_the_sorting_rule() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        cands = [
            Found("members.total", rng.choice([12, 12, 30, 45]), s, s + 5, rng.randint(0, 2))
            for s in (rng.randint(0, 40) for _ in range(rng.randint(0, 6)))
        ]
        warnings: list[Warning] = []
        chosen = pick(cands, warnings)
        expected, others = _by_sorting(cands)
        assert chosen is expected
        if others:
            assert len(warnings) == 1
            assert warnings[0].code == "conflicting_values"
            assert warnings[0].message.endswith(f"also {', '.join(others)} in the text")
        else:
            assert warnings == []


def test_take_skips_pick_only_where_pick_returns_the_one_candidate() -> None:
    """pipeline.take hands a one-candidate list its candidate without calling pick: what pick
    gives for it, with no warning."""
    for c in (
        Found("title", "x", 0, 1),
        Found("members.total", 3, 5, 9, rank=2, qualifier="about"),
    ):
        warnings: list = []
        assert pick([c], warnings) is c
        assert warnings == []
