"""The report's timeline: `timeline/index.html` and a page per union with a series.

Reads the records the report already holds (never re-extracts) and builds the timeline with
unionparse.timeline: one row per (organization_key, period), merges, conflicts, gaps. A union
with at least two rows, or any conflict, gets `timeline/<key, / as _>.html`: its table (gaps as
"no article" rows, conflicts with every value and its sources highlighted, sources linked to
their article pages) and its chart, inline SVG (geometry from chart_svg, markup from
templates/_chart.svg.j2).

Each record enters the timeline with its article page's name as its source, so sources are
article pages (unique even when several records share a file) and link back without a lookup.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import jinja2

from unionparse import timeline
from unionparse.models import Article
from unionparse.report import chart_svg
from unionparse.report.render import AWARD_LABELS, CATEGORY_LABELS, _write
from unionparse.timeline import AWARDS, CATEGORIES, ISSUERS, MEASURES, SCALARS, Row, Timeline

FOLDER = "timeline"
_SCALAR_LABELS = {
    "grassroots_unions": "CĐCS",
    "members.total": "Members",
    "members.female": "Women",
    "members.new": "New members",
    "party.referred": "Referred to the Party",
    "party.admitted": "Admitted to the Party",
}
# column heads (the full label is their title)
_SCALAR_SHORT = {
    "grassroots_unions": "CĐCS",
    "members.total": "Members",
    "members.female": "Women",
    "members.new": "New",
    "party.referred": "Party: referred",
    "party.admitted": "Party: admitted",
}
CATEGORY_SHORT = {
    "vung_manh_xuat_sac": "VMXS",
    "vung_manh": "VM",
    "kha": "Khá",
    "trung_binh": "TB",
    "yeu": "Yếu",
    "hoan_thanh_xuat_sac": "HTXS",
    "hoan_thanh_tot": "HTT",
    "hoan_thanh": "HT",
    "khong_hoan_thanh": "KHT",
    "khong_xep_loai": "KXL",
}
ISSUER_LABELS = {
    "government": "government",
    "national_federation": "national federation",
    "national_sector_union": "national sector union",
    "provincial_committee": "provincial committee",
    "provincial_federation": "provincial federation",
    "sector_union": "sector union",
    "other": "other issuer",
    "unknown": "issuer unknown",
}


def record_of(rec: Article, page: str) -> dict[str, Any]:
    """What the timeline reads of a record, with its article page as its source."""
    out = rec.model_dump(
        mode="json",
        include={
            "organization_key",
            "organization",
            "province",
            "period",
            "grassroots_unions",
            "members",
            "party",
            "ratings",
            "awards",
        },
    )
    out["source"] = {"path": page}
    return out


def stem(key: str | None) -> str:
    """`cdvc/ha-tinh` -> `cdvc_ha-tinh`: the union page's name without `.html`, and its id."""
    return _safe((key or "none").replace("/", "_"))


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip(".") or "union"


def anchor(key: str | None) -> str:
    """The id of a union's line on the timeline index (article pages link there first)."""
    return "u-" + _safe((key or "none").replace("/", "_"))


def _pair_order(pair: tuple[str, str]) -> tuple[int, int]:
    return AWARDS.index(pair[0]), ISSUERS.index(pair[1])


def complete(key: str | None) -> bool:
    return key is not None and timeline.organizations.UNKNOWN not in key.split("/")


# ---------------------------------------------------------------- page data


@dataclass
class Ref:
    """A source of a row: its number on the union page, its article page and file."""

    n: int
    href: str
    path: str
    title: str
    conflict: bool = False
    link: str = ""  # `[n]` linked (markup, rendered once per page: see write)
    path_link: str = ""  # its path linked, for a source of a conflict


@dataclass
class Cell:
    """One field of a row: one agreed value, or every value of a conflict with its sources."""

    values: list[tuple[int, list[Ref]]] = field(default_factory=list)
    conflict: bool = False


@dataclass
class Line:
    """A row of the union's table: a period, or a gap ("no article")."""

    period: str
    gap: bool = False
    cells: dict[str, Cell] = field(default_factory=dict)
    ratings: dict[str, Cell] = field(default_factory=dict)
    awards: list[tuple[str, Cell, Cell]] = field(default_factory=list)  # label, coll., indiv.
    sources: list[Ref] = field(default_factory=list)
    conflict: bool = False  # a source of the row disagrees with another


@dataclass
class Union:
    key: str | None
    stem: str
    anchor: str
    rows: list[Row]
    names: list[str]
    provinces: list[str]
    articles: list[str]  # article pages, in row order
    conflicts: int
    gaps: int
    page: str | None = None  # `cdvc_ha-tinh.html` when it has one

    @property
    def periods(self) -> str:
        first, last = timeline.period_label(self.rows[0].period), None
        if len(self.rows) > 1:
            last = timeline.period_label(self.rows[-1].period)
        return first if last is None else f"{first} … {last}"


def unions_of(tl: Timeline) -> list[Union]:
    """The timeline's unions in its order (complete keys first), each with its rows."""
    by_key: dict[str | None, list[Row]] = {}
    for row in tl.rows:
        by_key.setdefault(row.organization_key, []).append(row)
    out: list[Union] = []
    used: set[str] = {"index"}
    for key, rows in by_key.items():
        names = list(dict.fromkeys(n for r in rows for n in r.names))
        provinces = list(dict.fromkeys(p for r in rows for p in r.provinces))
        articles = list(dict.fromkeys(s for r in rows for s in r.sources))
        conflicts = sum(len(r.conflicts) for r in rows)
        gaps = sum(1 for r in rows for _ in r.missing_before)
        name = stem(key)
        while name in used:  # two keys that read alike as file names
            name += "_"
        used.add(name)
        union = Union(key, name, anchor(key), rows, names, provinces, articles, conflicts, gaps)
        if complete(key) and (len(rows) >= 2 or conflicts):
            union.page = f"{name}.html"
        out.append(union)
    return out


def _lines(union: Union, pages: dict[str, tuple[str, str]]) -> tuple[list[Line], list[Ref]]:
    """The table's lines, and the numbered sources of the union."""
    refs: dict[str, Ref] = {}
    for row in union.rows:
        for s in row.sources:
            path, title = pages.get(s, (s, ""))
            refs.setdefault(s, Ref(len(refs) + 1, f"../{s}", path, title))
    conflicted = {s for r in union.rows for vs in r.conflicts.values() for _, ss in vs for s in ss}
    for s in conflicted:
        refs[s].conflict = True

    def cell(row: Row, name: str) -> Cell:
        if name in row.conflicts:
            return Cell([(v, [refs[s] for s in ss]) for v, ss in row.conflicts[name]], True)
        value = row.values.get(name)
        if value is None:
            return Cell()
        return Cell([(value, [refs[s] for s in row.field_sources.get(name, [])])])

    lines: list[Line] = []
    for row in union.rows:
        if row.missing_before:
            lines.append(Line(timeline.missing_label(row.missing_before), gap=True))
        line = Line(timeline.period_label(row.period))
        line.cells = {name: cell(row, name) for name in SCALARS}
        line.ratings = {c: cell(row, f"ratings.{c}") for c in CATEGORIES}
        for award, issuer in sorted(row.award_pairs, key=_pair_order):
            label = f"{AWARD_LABELS.get(award, award)} ({ISSUER_LABELS.get(issuer, issuer)})"
            coll, indiv = (cell(row, f"awards.{award}.{issuer}.{m}") for m in MEASURES)
            line.awards.append((label, coll, indiv))
        line.sources = [refs[s] for s in row.sources]
        line.conflict = any(s.conflict for s in line.sources)
        lines.append(line)
    return lines, list(refs.values())


# ---------------------------------------------------------------- writing


@dataclass
class TimelineSummary:
    unions: int = 0
    pages: int = 0
    page_of: dict[str | None, str] = field(default_factory=dict)  # key -> `timeline/X.html`


def write(
    env: jinja2.Environment,
    out_dir: str,
    records: Iterable[dict[str, Any]],
    pages: dict[str, tuple[str, str]],
    title: str,
) -> TimelineSummary:
    """Write `out_dir/timeline/`: the index and the union pages of `records` (see
    `record_of`); `pages` maps an article page to its (path, title)."""
    tl = timeline.build(records)
    unions = unions_of(tl)
    folder = os.path.join(out_dir, FOLDER)
    os.makedirs(folder, exist_ok=True)
    with_pages = [u for u in unions if u.page]
    summary = TimelineSummary(len([u for u in unions if complete(u.key)]), len(with_pages))
    tpl = env.get_template("timeline_union.html.j2")
    links = env.get_template("_tl_cell.html.j2").module
    for u in with_pages:
        lines, refs = _lines(u, pages)
        for ref in refs:  # each is named in many cells: its markup once
            ref.link = links.ref_link(ref)  # type: ignore[attr-defined]
            if ref.conflict:
                ref.path_link = links.path_link(ref)  # type: ignore[attr-defined]
        used = [c for c in CATEGORIES if any(line.ratings.get(c, Cell()).values for line in lines)]
        html = tpl.render(
            union=u,
            lines=lines,
            refs=refs,
            categories=[(c, CATEGORY_SHORT.get(c, c), CATEGORY_LABELS.get(c, c)) for c in used],
            scalars=[(n, _SCALAR_SHORT[n], _SCALAR_LABELS[n]) for n in SCALARS],
            conflicts=_conflicts(u, lines),
            chart=chart_svg.panels(u.rows),
            report_title=title,
            root="../",
        )
        _write(os.path.join(folder, u.page or ""), html)
        summary.page_of[u.key] = f"{FOLDER}/{u.page}"
    html = env.get_template("timeline_index.html.j2").render(
        unions=[u for u in unions if complete(u.key)],
        unknown=[u for u in unions if not complete(u.key)],
        left_out=tl.left_out,
        pages=pages,
        report_title=title,
        root="../",
    )
    _write(os.path.join(folder, "index.html"), html)
    return summary


def _conflicts(union: Union, lines: list[Line]) -> list[tuple[str, str, Cell]]:
    """(period, field label, cell) of every conflict, for the list under the table."""
    out = []
    periods = [line for line in lines if not line.gap]
    for row, line in zip(union.rows, periods, strict=True):
        for name in row.conflicts:
            out.append((line.period, field_label(name), _cell_of(line, name)))
    return out


def field_label(name: str) -> str:
    parts = name.split(".")
    if name in _SCALAR_LABELS:
        return _SCALAR_LABELS[name]
    if parts[0] == "ratings":
        return f"Ratings: {CATEGORY_LABELS.get(parts[1], parts[1])}"
    award, issuer, measure = parts[1:]
    return f"{AWARD_LABELS.get(award, award)} ({ISSUER_LABELS.get(issuer, issuer)}): {measure}"


def _cell_of(line: Line, name: str) -> Cell:
    if name in line.cells:
        return line.cells[name]
    parts = name.split(".")
    if parts[0] == "ratings":
        return line.ratings[parts[1]]
    label = f"{AWARD_LABELS.get(parts[1], parts[1])} ({ISSUER_LABELS.get(parts[2], parts[2])})"
    for award_label, coll, indiv in line.awards:
        if award_label == label:
            return coll if parts[3] == "collectives" else indiv
    return Cell()


def link_articles(out_dir: str, keys: Iterable[tuple[str, str]], page_of: dict[Any, str]) -> None:
    """Point each article page's link to its union (written as the timeline index's line for
    it, before the timeline was known) at the union's own page, where it has one."""
    for page, key in keys:
        target = page_of.get(key)
        if target is None:
            continue
        old = f'href="{FOLDER}/index.html#{anchor(key)}"'.encode()
        # one open, and only the bytes from the link on written again: this runs for most
        # article pages
        with open(os.path.join(out_dir, page), "r+b") as f:
            html = f.read()
            at = html.find(old)
            if at < 0:
                continue
            f.seek(at)
            f.write(f'href="{target}"'.encode() + html[at + len(old) :])
            f.truncate()
