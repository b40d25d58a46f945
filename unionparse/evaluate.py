"""Scoring extraction output against gold records (the rules of fields.md, "Gold files and scoring").

Mirrors the independent scorer `shared/tools/score.py` unit for unit, so `unionparse eval` and
that script agree on every count:
- records are matched by file name (gold `file`; output `source.path`'s last component);
- scalars are compared after normalisation (whitespace collapsed, NFC, `published` without
  `:00` seconds or a time zone, whole floats as ints, empty strings as null); `title` and
  `author` are scored only where the gold is not null;
- `period` (v1.1) is one value, the triple `(kind, start, end)`; a v1 gold line without the
  key does not score it;
- `ratings` are a multiset of `(category, count)`, `awards` of
  `(award, issuer, collectives, individuals)`;
- precision and recall are 1.0 when nothing was predicted / expected; micro-averaged over all
  units and reported per field.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

SCALARS = [
    "title",
    "author",
    "published",
    "province",
    "event_date",
    "report_year",
    "plan_year",
    "period",
    "grassroots_unions",
    "members.total",
    "members.female",
    "members.new",
    "party.referred",
    "party.admitted",
]
ONLY_WHEN_GOLD = {"title", "author"}
MULTISETS = ["ratings", "awards"]
FIELDS = SCALARS + MULTISETS

_SECONDS = re.compile(r"(T\d\d:\d\d):00(\.0+)?")
_ZONE = re.compile(r"(Z|[+-]\d\d:?\d\d)$")


def load_records(path: str) -> list[dict[str, Any]]:
    """Records from a JSON array file, a JSON Lines file or a SQLite archive (`extract -o
    archive.db`); ValueError names file and line."""
    from unionparse import archive

    if archive.is_archive_path(path):
        return archive.load_records(path)
    try:
        with open(path, encoding="utf-8-sig") as f:
            text = f.read().strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read: {exc}") from exc
    if not text:
        return []
    if text.startswith(("source_path,", "source_path\t")):
        raise ValueError(
            f"{path}: a CSV table cannot be scored (it holds no awards or evidence); "
            "score JSON Lines: unionparse extract ... -f jsonl -o out.jsonl"
        )
    if text.startswith("["):
        try:
            records = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: invalid JSON: {exc}") from exc
    else:
        records = []
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}: line {n}: invalid JSON: {exc.msg}") from exc
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ValueError(f"{path}: expected JSON objects, one per record")
    return records


def get_dotted(rec: Mapping[str, Any], dotted: str) -> Any:
    """`rec["members"]["total"]` for `members.total`; None where a part is missing."""
    cur: Any = rec
    for part in dotted.split("."):
        if not isinstance(cur, Mapping):
            return None
        cur = cur.get(part)
    return cur


def normalize(field_name: str, value: Any) -> Any:
    """The comparable form of a scalar (see module docstring)."""
    if value is None:
        return None
    if field_name == "period":  # v1.1: one value, the triple (kind, start, end)
        if isinstance(value, dict):
            return (value.get("kind"), value.get("start"), value.get("end"))
        return ("?", value)
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", " ".join(value.split()))
        if field_name == "published":
            value = _SECONDS.sub(r"\1", value)
            value = _ZONE.sub("", value)
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def file_name(rec: Mapping[str, Any]) -> str:
    """The key a record is matched by: gold `file`, else the last component of its path."""
    if "file" in rec:
        return rec["file"]
    path = (rec.get("source") or {}).get("path") or rec.get("path") or ""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _tuples(field_name: str, items: Iterable[Mapping[str, Any]] | None) -> Counter[tuple]:
    out: Counter[tuple] = Counter()
    for item in items or []:
        if field_name == "ratings":
            out[(item.get("category"), normalize("", item.get("count")))] += 1
        else:
            out[
                (
                    item.get("award"),
                    item.get("issuer"),
                    normalize("", item.get("collectives")),
                    normalize("", item.get("individuals")),
                )
            ] += 1
    return out


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1; an empty denominator counts as perfect."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def prf(self) -> tuple[float, float, float]:
        return prf(self.tp, self.fp, self.fn)


@dataclass(frozen=True)
class Mismatch:
    """One disagreement: for multisets, `gold` is the missed tuple or `pred` the unexpected one."""

    file: str
    field: str
    gold: Any
    pred: Any


@dataclass
class Report:
    """Per-field counts (fields in the order first scored), mismatches, and file coverage."""

    fields: dict[str, Counts] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)
    files: int = 0
    matched: int = 0

    @property
    def total(self) -> Counts:
        return Counts(
            sum(c.tp for c in self.fields.values()),
            sum(c.fp for c in self.fields.values()),
            sum(c.fn for c in self.fields.values()),
        )

    @property
    def precision(self) -> float:
        return self.total.prf[0]

    @property
    def recall(self) -> float:
        return self.total.prf[1]

    @property
    def f1(self) -> float:
        return self.total.prf[2]

    def to_dict(self) -> dict[str, Any]:
        """The shape of `score.py --json`, with P/R/F1 added per field and the mismatches."""
        fields = {}
        for name, c in self.fields.items():
            p, r, f = c.prf
            fields[name] = {
                "tp": c.tp,
                "fp": c.fp,
                "fn": c.fn,
                "precision": p,
                "recall": r,
                "f1": f,
            }
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "files": self.files,
            "matched": self.matched,
            "fields": fields,
            "mismatches": [
                {
                    "file": m.file,
                    "field": m.field,
                    "gold": _jsonable(m.gold),
                    "pred": _jsonable(m.pred),
                }
                for m in self.mismatches
            ],
        }

    def format_text(self, errors: bool = False) -> str:
        """The table `score.py` prints (same columns and rounding), mismatches with `errors`."""
        lines = [f"{'field':20} {'tp':>4} {'fp':>4} {'fn':>4}  {'P':>5} {'R':>5} {'F1':>5}"]
        for name in FIELDS:
            if name in self.fields:
                c = self.fields[name]
                p, r, f = c.prf
                lines.append(f"{name:20} {c.tp:4} {c.fp:4} {c.fn:4}  {p:5.2f} {r:5.2f} {f:5.2f}")
        if errors:
            for m in self.mismatches:
                lines.append("\t".join(["ERR", m.file, m.field, str(m.gold), str(m.pred)]))
        lines.append(
            f"files {self.matched}/{self.files} micro "
            f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f}"
        )
        return "\n".join(lines) + "\n"


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def evaluate(
    gold_records: Iterable[Mapping[str, Any]], pred_records: Iterable[Mapping[str, Any]]
) -> Report:
    """Score predicted records (articles or error records) against gold records."""
    gold = {}
    for n, g in enumerate(gold_records, 1):
        if "file" not in g:
            raise ValueError(f"gold record {n} has no 'file' key")
        gold[g["file"]] = g
    preds = {file_name(p): p for p in pred_records}
    report = Report(files=len(gold), matched=len(set(gold) & set(preds)))
    miss = report.mismatches.append
    for fname, g in sorted(gold.items()):
        p = preds.get(fname)
        if p is None:
            miss(Mismatch(fname, "record", "missing", None))
            p = {}
        for name in SCALARS:
            if name == "period" and "period" not in g:
                continue  # a v1 gold file: period is not scored
            gv, pv = normalize(name, get_dotted(g, name)), normalize(name, get_dotted(p, name))
            if name in ONLY_WHEN_GOLD and gv is None:
                continue
            c = report.fields.setdefault(name, Counts())
            if gv is not None and pv == gv:
                c.tp += 1
            else:
                if pv is not None:
                    c.fp += 1
                if gv is not None:
                    c.fn += 1
                if pv != gv:
                    miss(Mismatch(fname, name, gv, pv))
        for name in MULTISETS:
            gt, pt = _tuples(name, g.get(name)), _tuples(name, p.get(name))
            tp = sum((gt & pt).values())
            c = report.fields.setdefault(name, Counts())
            c.tp += tp
            c.fp += sum(pt.values()) - tp
            c.fn += sum(gt.values()) - tp
            for t in gt - pt:
                miss(Mismatch(fname, name, t, "missed"))
            for t in pt - gt:
                miss(Mismatch(fname, name, "unexpected", t))
    return report
