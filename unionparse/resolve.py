"""Candidates -> one value per field. The most direct phrasing wins, then the first in the text;
two equally direct statements that disagree raise `conflicting_values` instead of a silent pick."""

from __future__ import annotations

from unionparse.found import Found
from unionparse.models import Warning, WarningCode, warning_of


def pick(cands: list[Found], warnings: list[Warning]) -> Found | None:
    # one pass (most lists hold one or two candidates): the highest rank, then the smallest
    # start, then the first listed -- what a stable sort by start of the top-ranked gives
    chosen: Found | None = None
    for c in cands:
        if (
            chosen is None
            or c.rank > chosen.rank
            or (c.rank == chosen.rank and c.start < chosen.start)
        ):
            chosen = c
    if chosen is None:
        return None
    top, value = chosen.rank, chosen.value
    others = None
    for c in cands:
        if c.rank == top and c.value != value:
            if others is None:
                others = set()
            others.add(str(c.value))
    if others:
        warnings.append(
            warning_of(
                WarningCode.conflicting_values,
                chosen.field,
                f"{chosen.field} is {chosen.value} here but also {', '.join(sorted(others))} in the text",
            )
        )
    return chosen
