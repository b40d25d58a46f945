"""Cross-field consistency: the one place warnings about the numbers are raised.

Codes (models.WarningCode): implausible_year (a year far from the article's own dates),
percent_mismatch (count / grassroots unions disagrees with the printed percent),
ratings_exceed_total (graded unions add up past the total), ratio_exceeds_total (`45/42`),
early_conference (an annual review held before the year it reviews is over), implausible_count
(a count past what any union could have: `implausible_counts`, on the finished record),
lossy_text (letters of the text were lost before it reached us, shown as U+FFFD: `lossy_text`).
conflicting_values is raised by resolve.pick.
"""

from __future__ import annotations

from typing import Any

from unionparse import pattern_cache
from unionparse.models import Article, Warning, WarningCode, warning_of
from unionparse.numbers import digits_value
from unionparse.text import Doc

# starts with its literal (a leading look-behind would be tried at every character); the word
# boundary before `năm` is checked on each match
_YEAR_IN_TEXT = pattern_cache.compile(r"năm\s+(\d{4})(?!\d)")
_WORD_CHAR = pattern_cache.compile(r"\w")


def _fmt(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def implausible_years(
    doc: Doc, anchor: int | None, spans: dict[str, tuple[int, int]]
) -> list[Warning]:
    """`năm 2102` in an article of 2013: said, not corrected."""
    body = doc.body
    if anchor is None or not body:
        return []
    years = _YEAR_IN_TEXT.findall(doc.folded, body[0].start, body[-1].end, concurrent=False)
    if _all_near(years, anchor):
        return []
    return _far_years(doc, anchor, spans)


def _all_near(years: list[str], anchor: int) -> bool:
    """True only when no year the pattern found is more than 10 from `anchor`: nearly every
    article, which then needs no per-match work (paragraph, word start, value). ASCII digits of
    one length compare as strings as they do as numbers; any other digit takes the slow path."""
    lo, hi = anchor - 10, anchor + 10
    if not years:
        return True
    return (
        1000 <= lo
        and hi <= 9999
        and "".join(years).isascii()
        and str(lo) <= min(years)
        and max(years) <= str(hi)
    )


def _far_years(doc: Doc, anchor: int, spans: dict[str, tuple[int, int]]) -> list[Warning]:
    body = doc.body
    out: list[Warning] = []
    folded = doc.folded
    # One search from the first body paragraph to the last (the pattern opens with a literal,
    # so the gaps cost little), instead of one search per paragraph; a match counts when it lies
    # inside one body paragraph, which is what a search bounded by that paragraph finds: such a
    # search cannot match across the paragraph's end, and one that does here only consumed the
    # white space and digits that open the next paragraph, where no `năm` can start.
    k, n = 0, len(body)
    for m in _YEAR_IN_TEXT.finditer(folded, body[0].start, body[-1].end, concurrent=False):
        s = m.start()
        while k < n and body[k].end <= s:
            k += 1
        if k == n:
            break
        p = body[k]
        if s < p.start or m.end() > p.end:
            continue
        before = folded[s - 1] if s else " "
        if before != " " and _WORD_CHAR.match(before):
            continue
        y = digits_value(m.group(1))
        if y is None or abs(y - anchor) <= 10:
            continue
        # the field whose evidence stands last before the year, in the same paragraph
        last = [(start, name) for name, (start, _e) in spans.items() if p.start <= start <= s]
        field = max(last)[1] if last else "text"
        out.append(
            warning_of(
                WarningCode.implausible_year,
                field,
                f"year {y} at offset {m.start(1)} is far from the article's year {anchor}",
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
                        warning_of(
                            WarningCode.percent_mismatch,
                            f"ratings[{i}]",
                            f"{r.count} of {grassroots} is {_fmt(share)}%, text says {_fmt(r.percent)}%",
                        )
                    )
        total = 0
        for r, n in zip(ratings, nested, strict=True):
            if not n and r.count is not None:
                total += r.count
        if total > grassroots:
            out.append(
                warning_of(
                    WarningCode.ratings_exceed_total,
                    "ratings",
                    f"graded grassroots unions add up to {total}, more than the {grassroots} managed",
                )
            )
    return out


def ratio_check(field: str, part: int, whole: int) -> Warning | None:
    if part > whole:
        return warning_of(
            WarningCode.ratio_exceeds_total,
            field,
            f"{part}/{whole}: the part exceeds the whole",
        )
    return None


def early_conference(
    event_iso: str | None, report_year: int | None, mid_year: bool
) -> Warning | None:
    if not event_iso or not report_year or mid_year:
        return None
    if event_iso < f"{report_year:04d}-12-01":
        return warning_of(
            WarningCode.early_conference,
            "event_date",
            f"the conference on {event_iso} is before the end of {report_year}, the year it reviews",
        )
    return None


# Past these no Vietnamese union's figures go: the whole confederation (VGCL) has about 11-12
# million members in some 130,000 grassroots unions and refers about 100,000 people to the Party
# a year. A figure beyond its bound is a misreading or a typo in the text: said, not corrected.
COUNT_BOUNDS = {
    "grassroots_unions": 500_000,
    "members": 20_000_000,
    "party": 2_000_000,
    "ratings": 500_000,
    "awards": 1_000_000,
}
# The largest integer every JSON reader keeps exactly (IEEE double: JavaScript, jq, pandas'
# float columns); a count past it would be rounded silently, so it is not written at all.
JSON_SAFE_MAX = 2**53 - 1


def implausible_counts(article: Article) -> Article:
    """`article` with a warning `implausible_count` for each count past its bound.

    A count past `JSON_SAFE_MAX` becomes null (and loses its evidence): a consumer would read
    another number than the text's. The warning keeps the text's digits.
    """
    found: list[tuple[str, int, int]] = []  # field path, value, bound
    bound = COUNT_BOUNDS["grassroots_unions"]
    if (v := article.grassroots_unions) is not None and v > bound:
        found.append(("grassroots_unions", v, bound))
    for group in ("members", "party"):
        sub = getattr(article, group)
        for name, v in sub.__dict__.items():
            if v is not None and v > COUNT_BOUNDS[group]:
                found.append((f"{group}.{name}", v, COUNT_BOUNDS[group]))
    for i, r in enumerate(article.ratings):
        if r.count is not None and r.count > COUNT_BOUNDS["ratings"]:
            found.append((f"ratings[{i}]", r.count, COUNT_BOUNDS["ratings"]))
    for i, a in enumerate(article.awards):
        for name in ("collectives", "individuals"):
            v = getattr(a, name)
            if v is not None and v > COUNT_BOUNDS["awards"]:
                found.append((f"awards[{i}].{name}", v, COUNT_BOUNDS["awards"]))
    if not found:
        return article
    warnings = list(article.warnings)
    unsafe = []
    for field, v, bound in found:
        message = f"{v} is more than any union could count here (at most {bound:,})"
        if v > JSON_SAFE_MAX:
            message += "; left out: a JSON reader would round it"
            unsafe.append(field)
        warnings.append(
            warning_of(
                WarningCode.implausible_count,
                field.split(".")[0] if field.startswith("awards[") else field,
                message,
            )
        )
    return _drop_values(article.model_copy(update={"warnings": warnings}), unsafe)


def _drop_values(article: Article, fields: list[str]) -> Article:
    """`article` with the counts at these field paths set to null, their evidence removed."""
    if not fields:
        return article
    update: dict[str, Any] = {}
    evidence = dict(article.evidence)
    ratings = list(article.ratings)
    awards = list(article.awards)
    for field in fields:
        if field == "grassroots_unions":
            update[field] = None
            evidence.pop(field, None)
        elif field.startswith(("members.", "party.")):
            group, name = field.split(".")
            sub = update.get(group, getattr(article, group))
            update[group] = sub.model_copy(update={name: None})
            evidence.pop(field, None)
        elif field.startswith("ratings["):
            i = int(field[8:-1])
            ratings[i] = ratings[i].model_copy(update={"count": None})
            update["ratings"] = ratings
        else:  # awards[i].collectives / .individuals
            head, name = field.split(".")
            i = int(head[7:-1])
            awards[i] = awards[i].model_copy(update={name: None})
            update["awards"] = awards
    update["evidence"] = evidence
    return article.model_copy(update=update)


def lossy_text(text: str) -> Warning | None:
    """Letters lost before the text reached us (a scraper's `errors="replace"`, a cut file): the
    record may miss words and figures near them."""
    n = text.count("\ufffd")
    if not n:
        return None
    return warning_of(
        WarningCode.lossy_text,
        "text",
        f"{n} character{'s' if n != 1 else ''} of the text could not be recovered (U+FFFD): "
        "words and figures near them may be missing",
    )


# words nearly every Vietnamese paragraph holds, written with their marks: text decoded with the
# wrong table (VNI read as cp1250: `Coâng ñoaøn`) or stripped of its marks holds almost none
_COMMON_WORDS = ("của", "và", "các", "được", "những", "đã", "người", "công", "đoàn", "năm")
_PLAUSIBLE_MIN_LETTERS = 300


def not_vietnamese(text: str) -> Warning | None:
    """A text of some length that holds (nearly) none of the commonest Vietnamese words: the
    rules read nothing in it, and an empty record must not pass for an article without facts."""
    hits = 0
    for w in _COMMON_WORDS:  # a few substring counts early on: what nearly every article stops at
        hits += text.count(w, 0, 3000)
        if hits >= 3:
            return None
    head = text[:20000]
    hits = sum(head.count(w) + head.count(w.capitalize()) for w in _COMMON_WORDS)
    if hits >= 3:
        return None
    letters = sum(1 for c in head if c.isalpha())
    if letters < _PLAUSIBLE_MIN_LETTERS:
        return None
    return warning_of(
        WarningCode.not_vietnamese,
        "text",
        f"{letters} letters but {hits} of the commonest Vietnamese words: the text may be in "
        "another language, a legacy encoding read wrongly, or stripped of its tone marks; the "
        "record may miss every figure",
    )


def finished(article: Article, text: str) -> Article:
    """The checks on a finished record: implausible counts, lost letters, text that does not
    read as Vietnamese."""
    article = implausible_counts(article)
    extra = [w for w in (lossy_text(text), not_vietnamese(text)) if w is not None]
    if extra:
        article = article.model_copy(update={"warnings": [*article.warnings, *extra]})
    return article
