"""Report entries -> a folder of static HTML: `index.html` (+ `index-N.html`) and one page per input.

A thin layer over the records: it reads `Article` / `ErrorRecord` models and their texts, never
re-extracts. Pages come from Jinja2 templates (autoescape on) in `templates/`; CSS and the small
script (sorting, filtering, paging, scrolling to a span) are copied from `static/` into
`assets/`. Nothing is fetched from anywhere: the folder opens from `file://` and reads without
JavaScript (the index then shows its rows in static pages of PAGE_SIZE).

Pages are written as the entries come (one entry of look-ahead, for the "next" link), so memory
holds the index rows, not the texts.
"""

from __future__ import annotations

import json
import operator
import os
import re
import shutil
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import jinja2
from pydantic import BaseModel

from unionparse import __version__
from unionparse.models import Article, AwardKind, ErrorRecord, RatingCategory
from unionparse.report.entries import ReportEntry
from unionparse.report.highlight import highlight

PAGE_SIZE = 100
"""Index rows per static page (without JavaScript); the script pages all rows itself."""

ASSETS = ("report.css", "report.js")
_PAGE_NAME = re.compile(r"^\d{5,}-[A-Za-z0-9._-]*\.html$")
_INDEX_NAME = re.compile(r"^index(-\d+)?\.html$|^index-data\.js$")

# ---------------------------------------------------------------- labels

FIELD_LABELS: dict[str, str] = {
    "title": "Title",
    "publisher": "Publisher",
    "published": "Published",
    "author": "Author",
    "organization": "Organization",
    "organization_key": "Organization key",
    "province": "Province",
    "province_2025": "Province (after 2025)",
    "event_date": "Event date",
    "report_year": "Year reviewed",
    "plan_year": "Year planned",
    "period": "Period",
    "grassroots_unions": "Grassroots unions (CĐCS)",
    "members.total": "Members",
    "members.female": "Members: women",
    "members.new": "Members: new",
    "party.referred": "Referred to the Party",
    "party.admitted": "Admitted to the Party",
    "ratings": "Ratings",
    "awards": "Awards",
}

CATEGORY_LABELS: dict[str, str] = {
    RatingCategory.vung_manh_xuat_sac.value: "Vững mạnh xuất sắc",
    RatingCategory.vung_manh.value: "Vững mạnh",
    RatingCategory.kha.value: "Khá",
    RatingCategory.trung_binh.value: "Trung bình",
    RatingCategory.yeu.value: "Yếu",
    RatingCategory.hoan_thanh_xuat_sac.value: "Hoàn thành xuất sắc nhiệm vụ",
    RatingCategory.hoan_thanh_tot.value: "Hoàn thành tốt nhiệm vụ",
    RatingCategory.hoan_thanh.value: "Hoàn thành nhiệm vụ",
    RatingCategory.khong_hoan_thanh.value: "Không hoàn thành nhiệm vụ",
    RatingCategory.khong_xep_loai.value: "Không xếp loại",
}

AWARD_LABELS: dict[str, str] = {
    AwardKind.bang_khen.value: "Bằng khen",
    AwardKind.giay_khen.value: "Giấy khen",
    AwardKind.co_thi_dua.value: "Cờ thi đua",
    AwardKind.bang_lao_dong_sang_tao.value: "Bằng Lao động sáng tạo",
    AwardKind.ky_niem_chuong.value: "Kỷ niệm chương",
    AwardKind.chien_si_thi_dua.value: "Chiến sĩ thi đua",
    AwardKind.huan_chuong.value: "Huân chương",
    AwardKind.other.value: "other award",
}

PERIOD_LABELS = {
    "year": "year",
    "school_year": "school year",
    "part_year": "part of",
    "term": "term",
    "multi_year": "years",
}

QUALIFIER_LABELS = {"more_than": "more than", "less_than": "less than", "about": "about"}

STATUS_LABELS = {
    "ok": "",
    "changed": "source changed",
    "unverified": "unverified",
    "unreadable": "no text",
    "no_source": "no source",
}


def scalar_paths() -> list[str]:
    """The record's one-value fields as evidence keys, in model order, from the models (a new
    field shows up in the report without a change here)."""
    paths: list[str] = []
    for name, info in Article.model_fields.items():
        if name in ("source", "ratings", "awards", "evidence", "warnings"):
            continue
        sub = info.annotation
        if isinstance(sub, type) and issubclass(sub, BaseModel) and name != "period":
            paths += [f"{name}.{s}" for s in sub.model_fields]
        else:
            paths.append(name)
    return paths


SCALAR_PATHS = scalar_paths()


@cache
def group_of(key: str) -> str:
    """The colour group of an evidence key: `ratings[2]` -> `ratings`, `members.total` kept."""
    return key.split("[", 1)[0]


@cache
def css_id(key: str) -> str:
    """An id/class-safe form of a key: `ratings[2]` -> `ratings-2`, `members.total` ->
    `members-total`."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-")


def period_text(period: Any) -> str:
    if period is None:
        return ""
    kind, start, end = period.kind, period.start, period.end
    if kind in ("year", "part_year") and start == end:
        return f"{PERIOD_LABELS[kind]} {start}"
    span = f"{start if start is not None else '…'}–{end if end is not None else '…'}"
    return f"{PERIOD_LABELS.get(kind, kind)} {span}"


def rating_text(r: Any) -> str:
    parts = [CATEGORY_LABELS.get(r.category, r.category)]
    if r.count is not None:
        parts.append(str(r.count))
    if r.percent is not None:
        parts.append(f"({r.percent:g}%)")
    return " ".join(parts)


def award_text(a: Any) -> str:
    parts = [AWARD_LABELS.get(a.award, a.award)]
    if a.issuer_name or a.issuer:
        parts.append(f"from {a.issuer_name or a.issuer}")
    if a.collectives is not None:
        parts.append(f"· {a.collectives} collective{'s' if a.collectives != 1 else ''}")
    if a.individuals is not None:
        parts.append(f"· {a.individuals} individual{'s' if a.individuals != 1 else ''}")
    return " ".join(parts)


def value_of(article: Article, key: str) -> Any:
    """The record's value at an evidence key (`members.total`, `ratings[1]`, `period`)."""
    if "[" in key:
        name, index = key[:-1].split("[")
        items = getattr(article, name, None) or []
        i = int(index)
        return items[i] if 0 <= i < len(items) else None
    try:
        return _getter(key)(article)
    except AttributeError:  # not a field of the record
        return None


@cache
def _getter(key: str) -> Callable[[Any], Any]:
    """`members.total` -> a function reading `article.members.total`."""
    return operator.attrgetter(key)


def value_text(article: Article, key: str) -> str:
    value = value_of(article, key)
    if value is None:
        return ""
    if key == "period":
        return period_text(value)
    if key.startswith("ratings["):
        return rating_text(value)
    if key.startswith("awards["):
        return award_text(value)
    return str(value)


# ---------------------------------------------------------------- page names


def _slug(path: str | None) -> str:
    name = os.path.basename(path or "") or "input"
    stem = name.rsplit(".", 1)[0] if "." in name.strip(".") else name
    folded = unicodedata.normalize("NFKD", stem.replace("đ", "d").replace("Đ", "D"))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_only).strip("-")[:60]


def page_name(number: int, path: str | None) -> str:
    """`00012-003_886f1ca231641e4e.html`: the input's place (unique) and its file name."""
    return f"{number:05d}-{_slug(path)}.html"


def index_name(page: int) -> str:
    return "index.html" if page <= 1 else f"index-{page}.html"


def _fold(text: str) -> str:
    """Lower case without diacritics, for search (`Nghệ An` is found by `nghe an`)."""
    text = text.lower().replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# ---------------------------------------------------------------- page data


@dataclass(slots=True)
class FieldRow:
    """A value of the record as the page shows it: a link to its span when it is highlighted."""

    key: str  # the evidence key: `members.total`, `ratings[2]`
    id: str  # the key as an id: `members-total`, `ratings-2`
    group: str  # its colour class part: `members-total`, `ratings`
    label: str
    value: str
    shown: bool  # its span is highlighted in the text
    note: str = ""  # the qualifier, or why there is no highlight
    warnings: list[Any] = field(default_factory=list)
    code: str = ""  # the JSON value under a label (`vung_manh`), for ratings and awards
    item: Any = None  # the Rating or Award
    n: int = 0  # its place in its list, for ratings and awards


def _years(article: Article) -> list[int]:
    """The years a row is filed under: the period's, else the year reviewed, else the year of
    the event or the publication."""
    p = article.period
    if p is not None and p.start is not None and p.end is not None and 0 <= p.end - p.start <= 10:
        return list(range(p.start, p.end + 1))
    for year in (article.report_year, p.end if p else None, p.start if p else None):
        if year is not None:
            return [year]
    for date in (article.event_date, article.published):
        if date and date[:4].isdigit():
            return [int(date[:4])]
    return []


def index_row(number: int, page: str, entry: ReportEntry) -> dict[str, Any]:
    """One index row (also the script's data for it: plain JSON values)."""
    rec = entry.record
    path = rec.source.path or ""
    if isinstance(rec, ErrorRecord):
        return {
            "n": number,
            "href": page,
            "title": "",
            "path": path,
            "org": "",
            "prov": "",
            "period": "",
            "pkey": "",
            "years": [],
            "gu": None,
            "mem": None,
            "rat": 0,
            "awd": 0,
            "warn": 0,
            "codes": [],
            "err": rec.error.code,
            "status": entry.status,
            "q": _fold(f"{path} {rec.error.code} {rec.error.message}"),
        }
    p = rec.period
    pkey = f"{p.end or p.start or 0:04d}{p.start or 0:04d}{p.kind}" if p is not None else ""
    title = rec.title or ""
    return {
        "n": number,
        "href": page,
        "title": title,
        "path": path,
        "org": rec.organization or "",
        "prov": rec.province or "",
        "period": period_text(p),
        "pkey": pkey,
        "years": _years(rec),
        "gu": rec.grassroots_unions,
        "mem": rec.members.total,
        "rat": len(rec.ratings),
        "awd": len(rec.awards),
        "warn": len(rec.warnings),
        "codes": sorted({w.code for w in rec.warnings}),
        "err": None,
        "status": entry.status,
        "q": _fold(f"{title} {path} {rec.organization or ''} {rec.province or ''}"),
    }


def _field_rows(
    article: Article, values: dict[str, str], shown: set[str], missing: dict[str, str]
) -> dict[str, Any]:
    """The record's rows (scalars, ratings, awards), each with the warnings about it; the
    warnings about a whole list, and those with no row of their own."""
    by_field: dict[str, list[Any]] = {}
    for w in article.warnings:
        by_field.setdefault(w.field, []).append(w)
    evidence = article.evidence

    def row(
        key: str, label: str, value: str, code: str = "", item: Any = None, n: int = 0
    ) -> FieldRow:
        ev = evidence.get(key)
        note = ""
        if ev is not None:
            if ev.qualifier:
                note = QUALIFIER_LABELS.get(ev.qualifier, ev.qualifier)
            elif key in missing:
                note = f"not highlighted: {missing[key]}"
        return FieldRow(
            key=key,
            id=css_id(key),
            group=css_id(group_of(key)),
            label=label,
            value=value,
            shown=key in shown,
            note=note,
            warnings=by_field.pop(key, []),
            code=code,
            item=item,
            n=n,
        )

    scalars = [row(k, FIELD_LABELS.get(k, k), values[k]) for k in SCALAR_PATHS]
    ratings = [
        row(f"ratings[{i}]", "", CATEGORY_LABELS.get(r.category, r.category), r.category, r, i)
        for i, r in enumerate(article.ratings)
    ]
    awards = [
        row(f"awards[{i}]", "", AWARD_LABELS.get(a.award, a.award), a.award, a, i)
        for i, a in enumerate(article.awards)
    ]
    return {
        "rows": scalars,
        "rating_rows": ratings,
        "award_rows": awards,
        "ratings_warnings": by_field.pop("ratings", []),
        "awards_warnings": by_field.pop("awards", []),
        "other_warnings": [w for ws in by_field.values() for w in ws],
    }


def _legend(keys: Iterable[str]) -> list[tuple[str, str]]:
    """(css class part, label) of each field group highlighted, in evidence order."""
    seen: dict[str, str] = {}
    for key in keys:
        group = group_of(key)
        seen.setdefault(css_id(group), FIELD_LABELS.get(group, group))
    return list(seen.items())


@dataclass(slots=True)
class MarkTag:
    """What the template writes for a highlight's opening tag."""

    key: str
    cls: str  # `f-members-total h0`: colour group, and how many levels it holds (at most 3)
    anchor: str  # `ev-members-total` on a key's first part (the link target), else ""
    part: int
    title: str  # shown on hover: `members.total = 4609`


def _tags(tokens: list[tuple[str, Any]], values: dict[str, str]) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for kind, value in tokens:
        if kind == "open":
            key = value.key
            cls = f"f-{css_id(group_of(key))} h{min(value.height, 3)}"
            anchor = f"ev-{css_id(key)}" if value.part == 0 else ""
            value = MarkTag(key, cls, anchor, value.part, f"{key} = {values[key]}")
        out.append((kind, value))
    return out


def article_context(entry: ReportEntry) -> dict[str, Any]:
    """What the article template needs beyond navigation."""
    rec = entry.record
    if isinstance(rec, ErrorRecord):
        return {"error": rec.error}
    tokens: list[tuple[str, Any]] = []
    missing: dict[str, str] = {}
    if entry.text is not None:
        if entry.status == "changed":  # the offsets are for another text: none are placed
            tokens = [("text", entry.text)]
        else:
            hl = highlight(entry.text, rec.evidence)
            tokens, missing = hl.tokens, hl.missing
    shown = set(rec.evidence) - set(missing) if tokens and entry.status != "changed" else set()
    values = {k: value_text(rec, k) for k in SCALAR_PATHS}
    values.update((k, value_text(rec, k)) for k in shown if k not in values)
    return {
        "error": None,
        "tokens": _tags(tokens, values),
        "legend": _legend(k for k in rec.evidence if k in shown),
        **_field_rows(rec, values, shown, missing),
    }


# ---------------------------------------------------------------- writing


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("unionparse.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # templates are package data: no stat() per include
    )
    env.filters["css_id"] = css_id
    env.filters["union_anchor"] = _union_anchor
    env.globals.update(status_label=lambda s: STATUS_LABELS.get(s, s), version=__version__)
    return env


def _union_anchor(key: str) -> str:
    from unionparse.report.timeline_pages import anchor

    return anchor(key)


def _script_json(value: Any) -> str:
    """JSON safe inside a script file or element: no `<`, `>`, `&` or line separators as such."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


class ReportExists(Exception):
    """The output folder holds files that are not an earlier report."""


def prepare_folder(out_dir: str) -> None:
    """Make `out_dir`, or empty it of an earlier report's files; refuse a folder of other files
    (the report never deletes what it did not write)."""
    os.makedirs(out_dir, exist_ok=True)
    names = [n for n in os.listdir(out_dir) if not n.startswith(".")]
    if not names:
        return
    ours = [
        n
        for n in names
        if n in ("assets", "timeline") or _PAGE_NAME.match(n) or _INDEX_NAME.match(n)
    ]
    if "index.html" not in names or len(ours) != len(names):
        strangers = sorted(set(names) - set(ours))[:3]
        raise ReportExists(
            f"{out_dir}: folder is not empty and not an earlier report "
            f"(holds {', '.join(strangers) or 'no index.html'}); choose a new or empty folder"
        )
    for name in ours:
        target = os.path.join(out_dir, name)
        if os.path.isdir(target) and not os.path.islink(target):
            shutil.rmtree(target)
        else:
            os.unlink(target)


@dataclass
class Summary:
    """What was written, for the command's last line."""

    folder: str
    articles: int = 0
    errors: int = 0
    warnings: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    timeline: Any = None  # timeline_pages.TimelineSummary

    @property
    def inputs(self) -> int:
        return self.articles + self.errors


def _write(path: str, text: str) -> None:
    """`text` as UTF-8, line ends as they are (bytes: no text layer for a one-shot write)."""
    with open(path, "wb") as f:
        f.write(text.encode("utf-8"))


def _pairs(entries: Iterable[ReportEntry]) -> Iterator[tuple[ReportEntry, ReportEntry | None]]:
    """Each entry with the one after it (None for the last)."""
    it = iter(entries)
    current = next(it, None)
    while current is not None:
        following = next(it, None)
        yield current, following
        current = following


@dataclass(frozen=True)
class _Page:
    """One page to render: the entry and where it stands among the others."""

    entry: ReportEntry
    name: str
    row: dict[str, Any]
    prev: str | None
    next: str | None
    index: str


_renderer: dict[str, Any] = {}


def record_row_parts(env: jinja2.Environment) -> dict[str, Any]:
    """The record table's markup that depends on the field only (_record_row.html.j2), once
    per field: `row_heads[key, null]` opens a row up to its value cell, `value_links[key]` opens
    the link of its value to its words."""
    macros = env.get_template("_record_row.html.j2").module
    heads, links = {}, {}
    for key in SCALAR_PATHS:
        label, id_ = FIELD_LABELS.get(key, key), css_id(key)
        for null in (False, True):
            heads[key, null] = macros.head(key, id_, label, null)  # type: ignore[attr-defined]
        links[key] = macros.link(key, id_, css_id(group_of(key)))  # type: ignore[attr-defined]
    return {"row_heads": heads, "value_links": links}


def _init_renderer(out_dir: str, title: str, in_child: bool = True) -> None:
    """Per process: the compiled article template, its fields' markup, where pages go."""
    env = _environment()
    _renderer["template"] = env.get_template("article.html.j2")
    _renderer["parts"] = record_row_parts(env)
    _renderer["out_dir"] = out_dir
    _renderer["title"] = title


def _render_pages(pages: list[_Page]) -> list[None]:
    tpl = _renderer["template"]
    for p in pages:
        html = tpl.render(
            entry=p.entry,
            rec=p.entry.record,
            row=p.row,
            prev=p.prev,
            next=p.next,
            index=p.index,
            report_title=_renderer["title"],
            **_renderer["parts"],
            **article_context(p.entry),
        )
        _write(os.path.join(_renderer["out_dir"], p.name), html)
    return [None] * len(pages)


def build_report(
    entries: Iterable[ReportEntry],
    out_dir: str,
    title: str = "unionparse report",
    jobs: int = 1,
) -> Summary:
    """Write the report of `entries` into `out_dir` (see `prepare_folder`); article pages are
    made in `jobs` processes (the index and the timeline, in this one)."""
    from unionparse.report import timeline_pages

    started = time.perf_counter()
    prepare_folder(out_dir)
    env = _environment()
    assets = os.path.join(out_dir, "assets")
    os.makedirs(assets, exist_ok=True)
    for name in ASSETS:
        source = resources.files("unionparse.report").joinpath("static", name)
        _write(os.path.join(assets, name), source.read_text(encoding="utf-8"))

    summary = Summary(out_dir)
    rows: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []  # what the timeline reads of each article

    def pages() -> Iterator[_Page]:
        previous: str | None = None
        for number, (entry, following) in enumerate(_pairs(entries), 1):
            name = page_name(number, entry.record.source.path)
            after = page_name(number + 1, following.record.source.path) if following else None
            row = index_row(number, name, entry)
            rows.append(row)
            if isinstance(entry.record, ErrorRecord):
                summary.errors += 1
            else:
                summary.articles += 1
                summary.warnings.update(w.code for w in entry.record.warnings)
                records.append(timeline_pages.record_of(entry.record, name))
            summary.statuses[entry.status] += 1
            yield _Page(
                entry, name, row, previous, after, index_name((number - 1) // PAGE_SIZE + 1)
            )
            previous = name

    if jobs <= 1:
        _init_renderer(out_dir, title)
        for page in pages():
            _render_pages([page])
    else:
        from unionparse.parallel import ordered_map

        rendered = ordered_map(
            _render_pages, pages(), jobs, _init_renderer, (out_dir, title), 16, warm=None
        )
        for _ in rendered:
            pass
    titles = {r["href"]: (r["path"], r["title"]) for r in rows}
    summary.timeline = timeline_pages.write(env, out_dir, records, titles, title)
    keys = ((r["source"]["path"], r["organization_key"]) for r in records)
    timeline_pages.link_articles(out_dir, keys, summary.timeline.page_of)
    _write_index(env, out_dir, rows, summary, title)
    summary.seconds = time.perf_counter() - started
    return summary


def _write_index(
    env: jinja2.Environment,
    out_dir: str,
    rows: list[dict[str, Any]],
    summary: Summary,
    title: str,
) -> None:
    _write(
        os.path.join(out_dir, "index-data.js"),
        f"window.UNIONPARSE_ROWS = {_script_json(rows)};\n",
    )
    tpl = env.get_template("index.html.j2")
    provinces = sorted({r["prov"] for r in rows if r["prov"]}, key=_fold)
    years = sorted({y for r in rows for y in r["years"]}, reverse=True)
    error_codes = Counter(r["err"] for r in rows if r["err"])
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    for page in range(1, pages + 1):
        html = tpl.render(
            rows=rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
            summary=summary,
            error_codes=sorted(error_codes.items()),
            warning_codes=sorted(summary.warnings.items()),
            provinces=provinces,
            years=years,
            page=page,
            pages=pages,
            page_links=[(p, index_name(p)) for p in range(1, pages + 1)],
            report_title=title,
        )
        _write(os.path.join(out_dir, index_name(page)), html)
