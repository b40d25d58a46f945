"""Records -> a timeline: one row per (organization_key, period), merges, conflicts and gaps.

Reads records (``extract``'s JSON, as dicts or `Article` models) and never re-extracts. For every
union (``organization_key``, see organizations.py) and every period its articles cover
(``period`` {kind, start, end}), one row holds:

- grassroots unions, members (total, female, new), party (referred, admitted), rating counts
  by category (counts of one category in one article add up), award counts by kind and issuer
  level (collectives and individuals, added up over an article's entries of that kind and
  issuer), and the sources (paths) behind it;
- **merges**: a value several articles give alike is one value with all their sources
  (``field_sources``);
- **conflicts**: a value articles give differently is null in the row, and ``conflicts`` holds
  every value with its sources, with a ``source_conflict`` warning; nothing is picked;
- **gaps**: ``missing_before`` lists the periods with no article between this row and the
  union's previous one: calendar years between two annual (or part-year) rows, school years
  between two school-year rows. Terms and multi-year spans make no gaps.

A null value means no article gave it. Records without a period (an event, a campaign) and
error records are not rows; `Timeline.left_out` counts them. A key with an unknown part (``?``)
or no key says too little to merge on: each such record is a row of its own, with an
``unresolved_organization`` warning.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from unionparse import organizations
from unionparse.evaluate import get_dotted
from unionparse.models import AwardKind, IssuerLevel, RatingCategory

SCALARS = (
    "grassroots_unions",
    "members.total",
    "members.female",
    "members.new",
    "party.referred",
    "party.admitted",
)
CATEGORIES = tuple(c.value for c in RatingCategory)
AWARDS = tuple(k.value for k in AwardKind)
ISSUERS = (*(i.value for i in IssuerLevel), "unknown")
MEASURES = ("collectives", "individuals")
# within one end year: a part-year review comes before the year's, the year before a term's
_ROW_ORDER = {"part_year": 0, "year": 1, "school_year": 2, "term": 3, "multi_year": 4}
ANNUAL = ("year", "part_year")

SOURCE_CONFLICT = "source_conflict"
UNRESOLVED = "unresolved_organization"

Facts = dict[str, int]


@dataclass
class Row:
    """One union in one period."""

    organization_key: str | None
    period: dict[str, Any]
    names: list[str] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    # field path ("members.total", "ratings.kha", "awards.bang_khen.unknown.collectives") ->
    # the value its articles agree on, None where they disagree (see `conflicts`)
    values: dict[str, int | None] = field(default_factory=dict)
    field_sources: dict[str, list[str]] = field(default_factory=dict)  # agreed field -> paths
    conflicts: dict[str, list[tuple[int, list[str]]]] = field(
        default_factory=dict
    )  # (value, paths)
    award_pairs: set[tuple[str, str]] = field(default_factory=set)
    missing_before: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON: nested like the records (members, party), ratings by category."""
        v = self.values
        ratings = {c: v[f"ratings.{c}"] for c in CATEGORIES if f"ratings.{c}" in v}
        return {
            "organization_key": self.organization_key,
            "period": self.period,
            "names": self.names,
            "provinces": self.provinces,
            "grassroots_unions": v.get("grassroots_unions"),
            "members": {m: v.get(f"members.{m}") for m in ("total", "female", "new")},
            "party": {p: v.get(f"party.{p}") for p in ("referred", "admitted")},
            "ratings": ratings,
            "awards": [
                {
                    "award": award,
                    "issuer": None if issuer == "unknown" else issuer,
                    **{m: v.get(f"awards.{award}.{issuer}.{m}") for m in MEASURES},
                }
                for award, issuer in sorted(self.award_pairs, key=_pair_order)
            ],
            "sources": self.sources,
            "field_sources": self.field_sources,
            "conflicts": [
                {
                    "field": name,
                    "values": [{"value": val, "sources": srcs} for val, srcs in values],
                }
                for name, values in self.conflicts.items()
            ],
            "missing_before": self.missing_before,
            "warnings": self.warnings,
        }


@dataclass
class Timeline:
    rows: list[Row]
    left_out: dict[str, int] = field(default_factory=dict)  # reason -> records

    def keys(self) -> list[str | None]:
        seen: dict[str | None, None] = {}
        for r in self.rows:
            seen.setdefault(r.organization_key, None)
        return list(seen)


def _pair_order(pair: tuple[str, str]) -> tuple[int, int]:
    return AWARDS.index(pair[0]), ISSUERS.index(pair[1])


# --- reading records -------------------------------------------------------------------------


def _record(rec: Any) -> dict[str, Any]:
    if isinstance(rec, Mapping):
        return dict(rec)
    return rec.model_dump(mode="json")  # an Article


def source_of(rec: Mapping[str, Any]) -> str:
    src = rec.get("source") or {}
    return str(src.get("path") or src.get("url") or src.get("id") or src.get("sha256") or "?")


def key_of_record(rec: Mapping[str, Any]) -> str | None:
    """The record's organization_key; for records written before it existed, from its name."""
    if "organization_key" in rec:
        return rec["organization_key"]
    return organizations.key_of(rec.get("organization"), rec.get("province"))


def facts(rec: Mapping[str, Any]) -> tuple[Facts, set[tuple[str, str]]]:
    """The row fields one record gives (non-null only), and the (award, issuer) pairs it names."""
    out: Facts = {}
    for name in SCALARS:
        value = get_dotted(rec, name)
        if value is not None:
            out[name] = value
    for r in rec.get("ratings") or []:
        if r.get("count") is not None:
            key = f"ratings.{r['category']}"
            out[key] = out.get(key, 0) + r["count"]
    pairs: set[tuple[str, str]] = set()
    for a in rec.get("awards") or []:
        pair = (a["award"], a.get("issuer") or "unknown")
        pairs.add(pair)
        for m in MEASURES:
            if a.get(m) is not None:
                key = f"awards.{pair[0]}.{pair[1]}.{m}"
                out[key] = out.get(key, 0) + a[m]
    return out, pairs


def _period_key(p: Mapping[str, Any]) -> tuple[str, int | None, int | None]:
    return (p["kind"], p.get("start"), p.get("end"))


def _complete(key: str | None) -> bool:
    return key is not None and organizations.UNKNOWN not in key.split("/")


# --- building ----------------------------------------------------------------------------------


def build(records: Iterable[Any], orgs: Iterable[str] = ()) -> Timeline:
    """The timeline of `records`, only of the unions `orgs` names (keys, key prefixes with `?`
    for any part, or names; see organizations.matches) when any are given."""
    patterns = [p for p in (organizations.pattern_of(o) for o in orgs) if p]
    if list(orgs) and not patterns:
        raise ValueError(f"--org names no union: {', '.join(orgs)}")
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    left_out: dict[str, int] = {}
    for n, raw in enumerate(records):
        rec = _record(raw)
        if "error" in rec:
            left_out["error"] = left_out.get("error", 0) + 1
            continue
        key = key_of_record(rec)
        if patterns and not any(organizations.matches(key, p) for p in patterns):
            continue
        period = rec.get("period")
        if not period:
            left_out["no_period"] = left_out.get("no_period", 0) + 1
            continue
        group = (key, _period_key(period)) if _complete(key) else (key, _period_key(period), n)
        groups.setdefault(group, []).append(rec)
    rows = [_row(recs) for recs in groups.values()]
    rows.sort(key=_row_sort)
    _mark_gaps(rows)
    return Timeline(rows, left_out)


def _row(recs: list[dict[str, Any]]) -> Row:
    key = key_of_record(recs[0])
    row = Row(key, dict(recs[0]["period"]))
    found: dict[str, dict[int, list[str]]] = {}
    for rec in recs:
        src = source_of(rec)
        if src not in row.sources:
            row.sources.append(src)
        for name, attr in (
            (rec.get("organization"), row.names),
            (rec.get("province"), row.provinces),
        ):
            if name and name not in attr:
                attr.append(name)
        given, pairs = facts(rec)
        row.award_pairs |= pairs
        for name, value in given.items():
            srcs = found.setdefault(name, {}).setdefault(value, [])
            if src not in srcs:
                srcs.append(src)
    for name in sorted(found, key=_field_order):
        by_value = found[name]
        if len(by_value) == 1:
            (value, srcs), *_ = by_value.items()
            row.values[name] = value
            row.field_sources[name] = srcs
            continue
        row.values[name] = None
        row.conflicts[name] = list(by_value.items())
        said = "; ".join(f"{', '.join(s)}: {v}" for v, s in by_value.items())
        row.warnings.append(
            {"code": SOURCE_CONFLICT, "field": name, "message": f"sources disagree: {said}"}
        )
    if not _complete(key):
        row.warnings.append(
            {
                "code": UNRESOLVED,
                "field": "organization_key",
                "message": f"which union is not fully known ({key}): not merged with other records",
            }
        )
    return row


def _field_order(name: str) -> tuple[int, ...]:
    if name in SCALARS:
        return (0, SCALARS.index(name))
    parts = name.split(".")
    if parts[0] == "ratings":
        return (1, CATEGORIES.index(parts[1]))
    return (2, *_pair_order((parts[1], parts[2])), MEASURES.index(parts[3]))


def _row_sort(row: Row) -> tuple[Any, ...]:
    key = row.organization_key
    p = row.period
    year = p.get("end") if p.get("end") is not None else p.get("start")
    return (
        key is None,
        not _complete(key),
        key or "",
        year if year is not None else 0,
        p.get("start") if p.get("start") is not None else year or 0,
        _ROW_ORDER.get(p["kind"], 9),
        row.sources,
    )


def _mark_gaps(rows: list[Row]) -> None:
    """Fill `missing_before`: per union, calendar years between its annual and part-year rows,
    school years between its school-year rows."""
    last: dict[tuple[str | None, str], int] = {}
    for row in rows:
        if not _complete(row.organization_key):
            continue
        p = row.period
        if p["kind"] in ANNUAL and p.get("start") is not None:
            cadence, year = "year", p["start"]
        elif p["kind"] == "school_year" and p.get("end") is not None:
            cadence, year = "school_year", p["end"]
        else:
            continue
        before = last.get((row.organization_key, cadence))
        if before is not None:
            for y in range(before + 1, year):
                start = y if cadence == "year" else y - 1
                row.missing_before.append({"kind": cadence, "start": start, "end": y})
        last[(row.organization_key, cadence)] = year


# --- output ------------------------------------------------------------------------------------


def period_label(p: Mapping[str, Any]) -> str:
    """ "2023", "2021-2022" (school year), "6 th. 2024"-like part years as "2024 (part)",
    terms "2018-2023 (term)"."""
    kind, start, end = p["kind"], p.get("start"), p.get("end")
    s = "?" if start is None else str(start)
    e = "?" if end is None else str(end)
    if kind == "year":
        return s
    if kind == "part_year":
        return f"{s} (part)"
    if kind == "school_year":
        return f"{s}-{e}"
    return f"{s}-{e} ({kind.replace('_', '-')})"


def missing_label(missing: list[dict[str, Any]]) -> str:
    """Missing periods, calendar runs joined: "2013..2022", school years one by one."""
    out: list[str] = []
    years = [m["start"] for m in missing if m["kind"] == "year"]
    if years:
        out.append(str(years[0]) if len(years) == 1 else f"{years[0]}..{years[-1]}")
    out.extend(period_label(m) for m in missing if m["kind"] != "year")
    return ", ".join(out)


def to_json(tl: Timeline, pretty: bool = True) -> str:
    rows = [r.to_dict() for r in tl.rows]
    return json.dumps(rows, ensure_ascii=False, indent=2 if pretty else None) + "\n"


def csv_columns(tl: Timeline) -> list[str]:
    """Fixed columns, then one pair of award columns for each (kind, issuer) that occurs."""
    pairs = sorted({p for r in tl.rows for p in r.award_pairs}, key=_pair_order)
    return [
        "organization_key",
        "period_kind",
        "period_start",
        "period_end",
        "names",
        "grassroots_unions",
        "members_total",
        "members_female",
        "members_new",
        "party_referred",
        "party_admitted",
        *[f"rating_{c}" for c in CATEGORIES],
        *[f"award_{a}_{i}_{m}" for a, i in pairs for m in MEASURES],
        "sources",
        "missing_before",
        "conflicts",
        "warnings",
    ]


def _cell(row: Row, name: str) -> Any:
    if name in row.conflicts:  # both values in the cell, never one of them
        return " | ".join(str(v) for v, _ in row.conflicts[name])
    return row.values.get(name)


def to_csv(tl: Timeline) -> str:
    from unionparse.writers import safe_cell

    columns = csv_columns(tl)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(columns)
    for row in tl.rows:
        p = row.period
        cells: dict[str, Any] = {
            "organization_key": row.organization_key,
            "period_kind": p["kind"],
            "period_start": p.get("start"),
            "period_end": p.get("end"),
            "names": "; ".join(row.names),
            "sources": "; ".join(row.sources),
            "missing_before": missing_label(row.missing_before),
            "conflicts": "; ".join(
                f"{name}: " + " | ".join(f"{v} [{', '.join(s)}]" for v, s in values)
                for name, values in row.conflicts.items()
            ),
            "warnings": ";".join(w["code"] for w in row.warnings),
        }
        for name in SCALARS:
            cells[name.replace(".", "_")] = _cell(row, name)
        for c in CATEGORIES:
            cells[f"rating_{c}"] = _cell(row, f"ratings.{c}")
        for col in columns:
            if col.startswith("award_"):
                award, issuer, measure = _award_column(col)
                cells[col] = _cell(row, f"awards.{award}.{issuer}.{measure}")
        w.writerow([safe_cell(cells.get(c)) for c in columns])
    return buf.getvalue()


def _award_column(col: str) -> tuple[str, str, str]:
    body, measure = col.removeprefix("award_").rsplit("_", 1)
    for award in sorted(AWARDS, key=len, reverse=True):
        if body.startswith(award + "_"):
            return award, body[len(award) + 1 :], measure
    raise ValueError(col)


_SHORT = {
    "vung_manh_xuat_sac": "VMXS",
    "vung_manh": "VM",
    "kha": "khá",
    "trung_binh": "TB",
    "yeu": "yếu",
    "hoan_thanh_xuat_sac": "HTXS",
    "hoan_thanh_tot": "HTT",
    "hoan_thanh": "HT",
    "khong_hoan_thanh": "KHT",
    "khong_xep_loai": "KXL",
}


def _md_value(row: Row, name: str, refs: dict[str, int]) -> str:
    if name in row.conflicts:
        return (
            "**"
            + " ≠ ".join(
                f"{v} [{','.join(str(refs[s]) for s in srcs)}]" for v, srcs in row.conflicts[name]
            )
            + "**"
        )
    v = row.values.get(name)
    return "" if v is None else str(v)


def to_markdown(tl: Timeline) -> str:
    """One section per union: a table of its periods, gaps as rows of their own, conflicts in
    bold with the numbers of their sources, then the numbered sources."""
    out: list[str] = []
    for key in tl.keys():
        rows = [r for r in tl.rows if r.organization_key == key]
        names = sorted({n for r in rows for n in r.names})
        out.append(f"## {key or '(unknown union)'}\n")
        if names:
            out.append("Names: " + "; ".join(names) + "\n")
        refs: dict[str, int] = {}
        for r in rows:
            for s in r.sources:
                refs.setdefault(s, len(refs) + 1)
        out.append(
            "| period | CĐCS | members | female | new | referred | admitted | ratings | awards"
            " | sources |"
        )
        out.append("|---|---|---|---|---|---|---|---|---|---|")
        for r in rows:
            if r.missing_before:
                out.append(f"| {missing_label(r.missing_before)} | *no article* |" + " |" * 8)
            ratings = ", ".join(
                f"{_SHORT[c]} {_md_value(r, f'ratings.{c}', refs)}"
                for c in CATEGORIES
                if f"ratings.{c}" in r.values
            )
            awards = ", ".join(
                f"{a} ({i}) "
                + "/".join(_md_value(r, f"awards.{a}.{i}.{m}", refs) or "–" for m in MEASURES)
                for a, i in sorted(r.award_pairs, key=_pair_order)
            )
            cells = [
                period_label(r.period),
                *(_md_value(r, n, refs) for n in SCALARS),
                ratings,
                awards,
                ", ".join(str(refs[s]) for s in r.sources),
            ]
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        out.append("")
        for s, n in refs.items():
            out.append(f"{n}. {s}")
        conflicts = [(r, w) for r in rows for w in r.warnings if w["code"] == SOURCE_CONFLICT]
        if conflicts:
            out.append("")
            for r, w in conflicts:
                out.append(
                    f"- {SOURCE_CONFLICT}: {period_label(r.period)} {w['field']}: {w['message']}"
                )
        out.append("")
    return "\n".join(out)


def render(tl: Timeline, fmt: str, pretty: bool = True) -> str:
    if fmt == "json":
        return to_json(tl, pretty)
    if fmt == "csv":
        return to_csv(tl)
    if fmt == "md":
        return to_markdown(tl)
    raise ValueError(f"unknown format {fmt!r}")


# --- inputs ------------------------------------------------------------------------------------

ARCHIVE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
SQLITE_MAGIC = b"SQLite format 3\x00"


def is_archive(path: str) -> bool:
    """A SQLite archive (`extract -o archive.db`), by its first bytes or its suffix."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError:
        return path.lower().endswith(ARCHIVE_SUFFIXES)
    return head == SQLITE_MAGIC or (not head and path.lower().endswith(ARCHIVE_SUFFIXES))


def is_output(path: str) -> bool:
    """Whether a PATH holds records (an archive, or `extract`'s JSON / JSON Lines output) rather
    than articles: a .json file, or a .jsonl / .ndjson file whose first object has a `source`
    and no article text (JSON Lines articles carry `text`, `content` or `body`)."""
    lower = path.lower()
    if is_archive(path):
        return True
    if lower.endswith(".json"):
        return True
    if not lower.endswith((".jsonl", ".ndjson")):
        return False
    try:
        with open(path, encoding="utf-8-sig") as f:
            first = next((line for line in f if line.strip()), "")
        obj = json.loads(first) if first else {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return (
        isinstance(obj, dict)
        and "source" in obj
        and not any(k in obj for k in ("text", "content", "body"))
    )


def read_output(path: str) -> list[dict[str, Any]]:
    """The records in an archive or a JSON / JSON Lines output; ValueError says why not."""
    if is_archive(path):
        try:
            from unionparse import archive
        except ImportError:
            raise ValueError(
                f"{path}: reading a SQLite archive needs unionparse.archive, which this "
                "installation does not have; export it to JSON Lines or give the articles"
            ) from None
        return archive.load_records(path)
    from unionparse.evaluate import load_records

    return load_records(path)
