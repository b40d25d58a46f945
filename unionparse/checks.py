"""Cross-field consistency: the one place warnings about the numbers are raised.

Codes (models.WarningCode): implausible_year (a year far from the article's own dates),
percent_mismatch (count / grassroots unions disagrees with the printed percent),
ratings_exceed_total (graded unions add up past the total), ratio_exceeds_total (`45/42`),
early_conference (an annual review held before the year it reviews is over).
conflicting_values is raised by resolve.pick.
"""

from __future__ import annotations

import regex

from unionparse.models import Warning, WarningCode
from unionparse.text import Doc

# starts with its literal (a leading look-behind would be tried at every character); the word
# boundary before `năm` is checked on each match
_YEAR_IN_TEXT = regex.compile(r"năm\s+(?P<y>\d{4})(?!\d)")
_WORD_CHAR = regex.compile(r"\w")


def _fmt(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def implausible_years(
    doc: Doc, anchor: int | None, spans: dict[str, tuple[int, int]]
) -> list[Warning]:
    """`năm 2102` in an article of 2013: said, not corrected."""
    if anchor is None:
        return []
    out = []
    for p in doc.body:
        if "năm" not in p.folded:
            continue
        for m in _YEAR_IN_TEXT.finditer(doc.folded, p.start, p.end):
            before = doc.folded[m.start() - 1] if m.start() else " "
            if before != " " and _WORD_CHAR.match(before):
                continue
            y = int(m.group("y"))
            if abs(y - anchor) <= 10:
                continue
            # the field whose evidence stands last before the year, in the same paragraph
            before = [(s, name) for name, (s, _e) in spans.items() if p.start <= s <= m.start()]
            field = max(before)[1] if before else "text"
            out.append(
                Warning(
                    code=WarningCode.implausible_year,
                    field=field,
                    message=f"year {y} at offset {m.start('y')} is far from the article's year {anchor}",
                )
            )
    return out


def rating_checks(ratings: list, grassroots: int | None, nested: list[bool]) -> list[Warning]:
    out = []
    if grassroots:
        for i, r in enumerate(ratings):
            if r.count is not None and r.percent is not None:
                share = r.count / grassroots * 100
                if abs(share - r.percent) > 1.0:
                    out.append(
                        Warning(
                            code=WarningCode.percent_mismatch,
                            field=f"ratings[{i}]",
                            message=f"{r.count} of {grassroots} is {_fmt(share)}%, text says {_fmt(r.percent)}%",
                        )
                    )
        total = sum(
            r.count for r, n in zip(ratings, nested, strict=True) if r.count is not None and not n
        )
        if total > grassroots:
            out.append(
                Warning(
                    code=WarningCode.ratings_exceed_total,
                    field="ratings",
                    message=f"graded grassroots unions add up to {total}, more than the {grassroots} managed",
                )
            )
    return out


def ratio_check(field: str, part: int, whole: int) -> Warning | None:
    if part > whole:
        return Warning(
            code=WarningCode.ratio_exceeds_total,
            field=field,
            message=f"{part}/{whole}: the part exceeds the whole",
        )
    return None


def early_conference(
    event_iso: str | None, report_year: int | None, mid_year: bool
) -> Warning | None:
    if not event_iso or not report_year or mid_year:
        return None
    if event_iso < f"{report_year:04d}-12-01":
        return Warning(
            code=WarningCode.early_conference,
            field="event_date",
            message=f"the conference on {event_iso} is before the end of {report_year}, the year it reviews",
        )
    return None
