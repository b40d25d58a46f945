"""text -> Article, pure: no I/O, no printing; global state is only compiled patterns and bounded
memos of pure functions (a gate's answer for a word after a number, an issuer phrase's level)."""

from __future__ import annotations

from typing import Any

from unionparse import checks, organizations, provinces
from unionparse.dates import PartialDate, infer_year
from unionparse.extractors import awards as awards_x
from unionparse.extractors import counts, meta, party, place, ratings, when, years
from unionparse.extractors import period as period_x
from unionparse.found import Found
from unionparse.models import (
    Article,
    Award,
    Evidence,
    Members,
    Party,
    Period,
    Rating,
    Source,
    Warning,
    built,
)
from unionparse.resolve import pick
from unionparse.text import Doc, has_any, make_doc

SPANS = ("term", "multi_year")  # periods of several years


def extract_text(text: str, path: str | None = None, source: Source | None = None) -> Article:
    """Every field of the contract from one article's decoded, NFC text."""
    src = source if source is not None else Source(path=path)
    doc = make_doc(text)
    warnings: list[Warning] = []
    ev: dict[str, Evidence] = {}
    values: dict[str, Any] = {}  # field -> value, as the extractors typed it

    def take(cands: list[Found] | Found | None) -> Found | None:
        if not cands:  # None or no candidate (a Found is always true)
            return None
        chosen: Found | None
        if isinstance(cands, Found):
            chosen = cands
        else:
            chosen = pick(cands, warnings)
            if chosen is None:
                return None
        values[chosen.field] = chosen.value
        s, e = chosen.start, chosen.end
        ev[chosen.field] = built(
            Evidence, start=s, end=e, quote=text[s:e], qualifier=chosen.qualifier
        )
        return chosen

    for fn in (meta.title, meta.author, meta.publisher, meta.organization):
        take(fn(doc))
    doc.education_union = meta.education_union(doc)
    take(place.province(doc))

    # years reviewed and planned; a missing one follows from the other in a review article
    rep = take(years.report_years(doc))
    plan = take(years.plan_years(doc))
    part_year = period_x.part_year_span(doc)
    mid_year = years.is_mid_year(doc) or part_year is not None
    if (not years.is_congress(doc) or rep or plan) and not mid_year:
        mention = years.year_mention(doc, plan.value - 1) if plan and not rep else None  # type: ignore[operator]
        if mention and years.is_review(doc):
            take(mention)
        elif rep and not plan and years.has_plan_cue(doc):
            values["plan_year"] = rep.value + 1  # type: ignore[operator]
            ev["plan_year"] = ev["report_year"]
    elif mid_year and plan and not rep:
        take(years.same_year_report(plan))  # `6 tháng đầu năm, ... 6 tháng cuối năm 2013`
    elif mid_year and rep and not plan and years.plans_rest_of_year(doc):
        values["plan_year"] = rep.value  # the rest of the reviewed year is planned (v1.1)
        ev["plan_year"] = ev["report_year"]
    report_year = values.get("report_year")
    plan_year = values.get("plan_year")
    rep_ev = ev.get("report_year")
    # `năm học 2021-2022` (any dash) ends in summer
    school_year = rep_ev is not None and "-" in doc.folded[rep_ev.start : rep_ev.end]
    found_period = period_x.period(
        doc, report_year, (rep_ev.start, rep_ev.end) if rep_ev else None, school_year, part_year
    )
    period_model = None
    if found_period is not None:
        period_model = built(
            Period, kind=found_period.kind, start=found_period.start, end=found_period.end
        )
        doc.spans_years = found_period.kind in SPANS
        s, e = found_period.span
        ev["period"] = built(Evidence, start=s, end=e, quote=text[s:e], qualifier=None)

    pub = when.published(doc)
    published_date: PartialDate | None = None
    if pub:
        published_date = pub[0]
        take(pub[1])
    event_date = None
    found_event = when.event(doc)
    if found_event:
        pd, s, e = found_event
        if pd.year is None:
            pd.year = infer_year(pd.month or 0, published_date, report_year, plan_year)  # type: ignore[arg-type]
        if pd.year is None and period_model is not None and period_model.kind in SPANS:
            pd.year = period_model.end  # a congress meets as its term ends; a 5-year review too
        if pd.year is None:
            pd.year = years.anniversary_year(doc)
        event_date = pd.iso()
        if event_date:
            values["event_date"] = event_date
            ev["event_date"] = built(Evidence, start=s, end=e, quote=text[s:e], qualifier=None)

    # counts
    for fn in (
        counts.grassroots,
        counts.members_total,
        counts.members_female,
        counts.members_new,
        party.referred,
        party.admitted,
    ):
        take(fn(doc))

    found_ratings = _dedupe_ratings(ratings.of_year(doc, ratings.ratings(doc), report_year))
    rating_models = []
    spans: dict[str, tuple[int, int]] = {}  # of ratings and awards, for checks.implausible_years
    for i, r in enumerate(found_ratings):
        rating_models.append(built(Rating, category=r.category, count=r.count, percent=r.percent))
        s, e = r.start, r.end
        key = f"ratings[{i}]"
        ev[key] = built(Evidence, start=s, end=e, quote=text[s:e], qualifier=None)
        spans[key] = (s, e)
        if r.whole is not None and r.count is not None:
            w = checks.ratio_check(key, r.count, r.whole)
            if w:
                warnings.append(w)

    prov = provinces.lookup(values["province"]) if values.get("province") else None  # type: ignore[arg-type]
    # a `quận` is a district of a centrally-run city: its city's LĐLĐ is provincial (v1.1)
    doc.central_city = bool(prov and prov.central_city) or _names_urban_district(doc)
    award_models = []
    for i, a in enumerate(_dedupe_awards(awards_x.awards(doc))):
        award_models.append(
            built(
                Award,
                award=a.award,
                issuer=a.issuer,
                issuer_name=a.issuer_name,
                collectives=a.collectives,
                individuals=a.individuals,
            )
        )
        s, e = a.start, a.end
        key = f"awards[{i}]"
        ev[key] = built(Evidence, start=s, end=e, quote=text[s:e], qualifier=None)
        spans[key] = (s, e)

    grassroots = values.get("grassroots_unions")
    warnings.extend(
        checks.rating_checks(rating_models, grassroots, [r.nested for r in found_ratings])
    )  # type: ignore[arg-type]
    anchor = _anchor_year(event_date, published_date, plan_year, report_year)  # type: ignore[arg-type]
    warnings.extend(checks.implausible_years(doc, anchor, spans))
    early = checks.early_conference(event_date, report_year, mid_year or school_year)  # type: ignore[arg-type]
    if early:
        warnings.append(early)

    article = built(
        Article,
        source=src,
        title=values.get("title"),
        publisher=values.get("publisher"),
        published=values.get("published"),
        author=values.get("author"),
        organization=values.get("organization"),
        organization_key=organizations.key_of(
            values.get("organization"), values.get("province"), text, ev.get("organization")
        ),
        province=values.get("province"),
        province_2025=prov.province_2025 if prov else None,
        event_date=event_date,
        report_year=report_year,
        plan_year=plan_year,
        period=period_model,
        grassroots_unions=grassroots,
        members=built(
            Members,
            total=values.get("members.total"),
            female=values.get("members.female"),
            new=values.get("members.new"),
        ),
        ratings=rating_models,
        party=built(
            Party, referred=values.get("party.referred"), admitted=values.get("party.admitted")
        ),
        awards=award_models,
        evidence=ev,
        warnings=warnings,
    )
    return checks.finished(article, text)


_URBAN_DISTRICT_UNIONS = ("lđlđ quận", "liên đoàn lao động quận", "công đoàn quận")


def _names_urban_district(doc: Doc) -> bool:
    return has_any(doc.folded, _URBAN_DISTRICT_UNIONS)


def _anchor_year(
    event_iso: str | None, published: PartialDate | None, plan: int | None, report: int | None
) -> int | None:
    if event_iso:
        return int(event_iso[:4])
    if published and published.year:
        return published.year
    return plan or report


def _dedupe_ratings(found: list[ratings.RatingFound]) -> list[ratings.RatingFound]:
    seen: set[tuple[str, int | None, float | None]] = set()
    out = []
    for r in found:
        key = (r.category, r.count, r.percent)
        if key in seen:
            continue
        seen.add(key)
        out.append(r)
    return out


def _dedupe_awards(found: list[awards_x.AwardFound]) -> list[awards_x.AwardFound]:
    """An unnamed award with no number summarises the others, when there are others. A photo
    caption that repeats a body award adds nothing; one that is the only mention stays.
    A caption shows a body award whose issuer and counts do not contradict it (what one of them
    leaves out, the other may give), whatever award word it uses: the body's wording sets the
    code (v1.1)."""
    if any(not a.vague for a in found):
        # `khen thưởng các tập thể, cá nhân` beside the awards stated one by one: their summary
        found = [a for a in found if not a.vague]
    body = [a for a in found if not a.caption]
    out = list(body)
    for a in found:
        if not a.caption:
            continue
        dup = any(
            (a.issuer is None or b.issuer is None or b.issuer == a.issuer)
            and (a.collectives is None or b.collectives is None or a.collectives == b.collectives)
            and (a.individuals is None or b.individuals is None or a.individuals == b.individuals)
            for b in body
        )
        if not dup:
            out.append(a)
    out.sort(key=lambda a: a.start)
    return out


_SAMPLE = """Công đoàn Viên chức tỉnh Nghệ An tổng kết năm 2023

09:01 | 11/01/2024

Sáng 10/1, Công đoàn Viên chức tỉnh Nghệ An tổ chức hội nghị tổng kết công tác năm 2023, triển khai nhiệm vụ năm 2024. Công đoàn quản lý 52 CĐCS với 3.942 đoàn viên, nữ 2.000 người; phát triển mới 15 đoàn viên. Có 45 CĐCS đạt vững mạnh xuất sắc (53,5%). Giới thiệu 88 đoàn viên ưu tú cho Đảng; 71 đoàn viên được kết nạp Đảng. LĐLĐ tỉnh tặng Bằng khen cho 3 tập thể, 20 cá nhân.

Việt Long
"""


def warm_up() -> None:
    """Compile every rule now (they compile on first use), e.g. before forking workers."""
    extract_text(_SAMPLE)


def extract_file(path: str) -> Article:
    """Read, decode and extract one file (raises reader.InputError on unreadable input)."""
    from unionparse.reader import load_path

    doc = load_path(path)
    return extract_text(doc.text, source=doc.source)
