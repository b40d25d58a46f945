"""`--fields`: the keys of each record a user wants (JSON, JSON Lines, the CSV articles table).

Names are the record's keys (`title`, `members`, `awards`) or one level into a sub-object
(`source.path`, `members.total`, `period.kind`), in the order given; the output keeps that
order. An error record keeps its `error` (its CSV row its `error_code`, `error_message`) and the
`source` keys asked for, so a failure never disappears from the output.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from unionparse.models import Article, RatingCategory
from unionparse.writers import (
    ARTICLE_COLUMNS,
    CsvFormatter,
    Formatter,
    Record,
    _submodel,
    article_row,
    make_formatter,
)


def field_names() -> list[str]:
    """Every name `--fields` takes, in record order."""
    names: list[str] = []
    for name, field in Article.model_fields.items():
        names.append(name)
        sub = _submodel(field.annotation)
        if sub is not None:
            names += [f"{name}.{s}" for s in sub.model_fields]
    return names


def parse_fields(spec: str) -> tuple[str, ...]:
    """`source.path,members.total` -> ("source.path", "members.total"); ValueError names an
    unknown one and lists the known."""
    known = field_names()
    fields = tuple(f.strip() for f in spec.split(",") if f.strip())
    if not fields:
        raise ValueError("--fields: give at least one field name")
    for f in fields:
        if f not in known:
            raise ValueError(f"--fields: unknown field {f!r}; known: {', '.join(known)}")
    return fields


def csv_columns(fields: tuple[str, ...]) -> list[str]:
    """The articles-table columns for `fields`, then error_code and error_message."""
    cols: list[str] = []
    for f in fields:
        if f == "evidence":
            raise ValueError("--fields: evidence has no column in CSV (use --table awards/ratings)")
        if f == "ratings":
            new = [f"rating_{c.value}" for c in RatingCategory]
        elif f == "awards":
            new = ["awards_count"]
        elif "." in f:
            new = [f.replace(".", "_")]
        else:
            new = [c for c in ARTICLE_COLUMNS if c == f or c.startswith(f + "_")]
        cols += [c for c in new if c not in cols]
    return cols + [c for c in ("error_code", "error_message") if c not in cols]


def select(rec: Record, fields: tuple[str, ...]) -> Record:
    """The record with only `fields` (an error record: those of its source, and its error)."""
    error = "error" in rec
    out: dict[str, Any] = {}
    for f in fields:
        head, dot, sub = f.partition(".")
        if error and head != "source":
            continue
        value = rec.get(head)
        if not dot:
            out[head] = value
        elif value is None:
            out.setdefault(head, None)
        else:
            if not isinstance(out.get(head), dict):
                out[head] = {}
            out[head][sub] = value.get(sub)
    if error:
        out["error"] = rec["error"]
    return out


class SelectedFields:
    """A formatter that writes only the chosen fields, around the format's own formatter."""

    model_text_is_utf8 = False

    def __init__(self, base: Formatter, fields: tuple[str, ...]) -> None:
        self.base, self.fields = base, fields
        self.lead, self.separator = base.lead, base.separator
        self.trail, self.footer = base.trail, base.footer
        self.header = base.header
        self.picks: list[int] | None = None
        if isinstance(base, CsvFormatter):
            columns = csv_columns(fields)
            self.picks = [ARTICLE_COLUMNS.index(c) for c in columns]
            self.header = base._encode([columns])

    def render(self, rec: Record) -> str:
        if self.picks is not None:
            row = article_row(rec, self.base.cell)  # type: ignore[attr-defined]
            return self.base._encode([[row[i] for i in self.picks]])  # type: ignore[attr-defined]
        return self.base.render(select(rec, self.fields))

    def render_model(self, model: BaseModel) -> str:
        return self.render(model.model_dump(mode="json"))

    def render_model_bytes(self, model: BaseModel) -> bytes | None:
        return None


def make_output_formatter(
    fmt: str,
    table: str = "articles",
    pretty: bool = False,
    fields: tuple[str, ...] = (),
    delimiter: str = ",",
    formula_escape: bool = True,
) -> Formatter:
    base = make_formatter(fmt, table, pretty, delimiter, formula_escape)
    return SelectedFields(base, fields) if fields else base
