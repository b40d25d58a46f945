"""Candidates -> one value per field. The most direct phrasing wins, then the first in the text;
two equally direct statements that disagree raise `conflicting_values` instead of a silent pick."""

from __future__ import annotations

from unionparse.found import Found
from unionparse.models import Evidence, Warning, WarningCode, built


def pick(cands: list[Found], warnings: list[Warning]) -> Found | None:
    if not cands:
        return None
    top = max(c.rank for c in cands)
    best = [c for c in cands if c.rank == top]
    best.sort(key=lambda c: c.start)
    chosen = best[0]
    others = sorted({str(c.value) for c in best if c.value != chosen.value})
    if others:
        warnings.append(
            Warning(
                code=WarningCode.conflicting_values,
                field=chosen.field,
                message=f"{chosen.field} is {chosen.value} here but also {', '.join(others)} in the text",
            )
        )
    return chosen


def evidence(text: str, start: int, end: int, qualifier: str | None = None) -> Evidence:
    return built(Evidence, start=start, end=end, quote=text[start:end], qualifier=qualifier)
