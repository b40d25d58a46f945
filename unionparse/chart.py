"""A timeline as a picture: members and grassroots unions over the years, and rating shares.

matplotlib is an optional extra (`pip install 'unionparse[plot]'`); it is imported only here, on
use. One band of two panels per union:

- left: members (total) and grassroots unions (CĐCS) by year, each on its own axis; a year with
  no figure breaks the line (gaps stay visible), and a year whose sources disagree shows every
  value as a red cross instead of a point;
- right: how the CĐCS were graded, as shares of the union's CĐCS that year (of the graded
  total when the CĐCS count is unknown), one stacked bar per year.

A year is the end of a row's period (a school year 2021-2022 is drawn at 2022); when a union
has several rows ending in one year, the annual review is drawn, else the school year, the
part-year review, a term or a multi-year span, in that order.
"""

from __future__ import annotations

from typing import Any

from unionparse.timeline import CATEGORIES, Row, Timeline, period_label

INSTALL_HINT = "pip install 'unionparse[plot]'"
MAX_UNIONS = 8
_PREFERENCE = {"year": 0, "school_year": 1, "part_year": 2, "term": 3, "multi_year": 4}
# greens for the good grades, greys for the middle, reds for the bad; old and new scheme alike
COLOURS = {
    "vung_manh_xuat_sac": "#1b7837",
    "vung_manh": "#7fbf7b",
    "kha": "#d9f0d3",
    "trung_binh": "#bababa",
    "yeu": "#d6604d",
    "hoan_thanh_xuat_sac": "#00441b",
    "hoan_thanh_tot": "#5aae61",
    "hoan_thanh": "#c2a5cf",
    "khong_hoan_thanh": "#b2182b",
    "khong_xep_loai": "#878787",
}
LABELS = {
    "vung_manh_xuat_sac": "vững mạnh xuất sắc",
    "vung_manh": "vững mạnh",
    "kha": "khá",
    "trung_binh": "trung bình",
    "yeu": "yếu",
    "hoan_thanh_xuat_sac": "hoàn thành xuất sắc",
    "hoan_thanh_tot": "hoàn thành tốt",
    "hoan_thanh": "hoàn thành",
    "khong_hoan_thanh": "không hoàn thành",
    "khong_xep_loai": "không xếp loại",
}
# the two counts drawn as lines: field, label, colour
SERIES = (("members.total", "members", "#2166ac"), ("grassroots_unions", "CĐCS", "#e08214"))


class ChartError(Exception):
    """The chart cannot be drawn (no matplotlib, nothing to draw, too many unions)."""


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ChartError(f"--chart needs matplotlib: {INSTALL_HINT}") from None
    return plt


def check(path: str) -> None:
    """Fail early, before any work, when `path` cannot be drawn to."""
    if not path.lower().endswith((".png", ".svg")):
        raise ChartError(f"{path}: the chart is written as .png or .svg")
    _pyplot()


def by_year(rows: list[Row]) -> dict[int, Row]:
    """One row per year for the picture (see the module docstring)."""
    chosen: dict[int, Row] = {}
    for row in rows:
        p = row.period
        year = p.get("end") if p.get("end") is not None else p.get("start")
        if year is None:
            continue
        old = chosen.get(year)
        if old is None or _PREFERENCE[p["kind"]] < _PREFERENCE[old.period["kind"]]:
            chosen[year] = row
    return dict(sorted(chosen.items()))


def shares(row: Row) -> dict[str, float]:
    """Each counted category's share of the union's CĐCS (of the graded total without it)."""
    counts = {c: row.values.get(f"ratings.{c}") for c in CATEGORIES}
    counts = {c: n for c, n in counts.items() if n is not None}
    whole = row.values.get("grassroots_unions") or sum(counts.values())
    if not whole:
        return {}
    return {c: n / whole for c, n in counts.items()}


def draw(tl: Timeline, path: str) -> None:
    """Write the chart of every union with a complete key in `tl` to `path` (.png or .svg)."""
    check(path)
    keys = [k for k in tl.keys() if k is not None and "?" not in k.split("/")]
    if not keys:
        raise ChartError("no union with a known key to draw")
    if len(keys) > MAX_UNIONS:
        raise ChartError(f"{len(keys)} unions to draw, at most {MAX_UNIONS}: choose with --org KEY")
    plt = _pyplot()
    fig, axes = plt.subplots(
        len(keys),
        3,
        figsize=(14, 3.4 * len(keys)),
        squeeze=False,
        layout="constrained",
        width_ratios=[1, 1, 1.25],
    )
    for band, key in zip(axes, keys, strict=True):
        rows = by_year([r for r in tl.rows if r.organization_key == key])
        years = list(range(min(rows), max(rows) + 1)) if rows else []
        labels = year_labels(rows, years)
        for ax, (name, label, colour) in zip(band, SERIES, strict=False):
            _draw_count(ax, key, rows, years, name, label, colour)
        _draw_ratings(band[2], key, rows, years)
        if not years:
            band[0].text(0.5, 0.5, "no dated period", ha="center", transform=band[0].transAxes)
            continue
        for ax in band:
            for y in years:
                if y not in rows:
                    ax.axvspan(y - 0.5, y + 0.5, color="#e6e6e6", zorder=0)
            ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
            ax.set_xticks(years)
            ax.set_xticklabels(labels, rotation=45, ha="right", fontsize=8)
    fig.suptitle("grey: no article for that year; red crosses: sources disagree", fontsize=9)
    fig.savefig(path, dpi=72, metadata=_metadata(path))
    plt.close(fig)


def _metadata(path: str) -> dict[str, Any]:
    # no creation date in the file, so the same timeline gives the same bytes
    return {"Date": None} if path.lower().endswith(".svg") else {}


def year_labels(rows: dict[int, Row], years: list[int]) -> list[str]:
    """A row's period ("2021-2022", "2018-2023 (term)"); a year with no row in the union's
    cadence (a school year when most of its rows are school years)."""
    school = sum(r.period["kind"] == "school_year" for r in rows.values()) * 2 > len(rows)
    out = []
    for y in years:
        row = rows.get(y)
        if row is not None:
            out.append(str(y) if row.period["kind"] == "year" else period_label(row.period))
        else:
            out.append(f"{y - 1}-{y}" if school else str(y))
    return out


def _draw_count(
    ax: Any, key: str, rows: dict[int, Row], years: list[int], name: str, label: str, colour: str
) -> None:
    ys = [_value(rows.get(y), name) for y in years]
    ax.plot(years, ys, marker="o", color=colour)
    top = max((v for v in ys if v == v), default=0.0)
    for y in years:
        row = rows.get(y)
        if row is None or name not in row.conflicts:
            continue
        values = [v for v, _ in row.conflicts[name]]
        ax.plot([y] * len(values), values, "x", markersize=9, mew=2, color="#d7191c")
        ax.annotate(
            " ≠ ".join(str(v) for v in values),
            (y, max(values)),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            fontsize=7,
            color="#d7191c",
        )
        top = max(top, *values)
    ax.set_ylim(0, top * 1.18 if top > 0 else 1)
    ax.set_title(f"{key}: {label}", fontsize=10)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)


def _value(row: Row | None, name: str) -> float:
    if row is None:
        return float("nan")
    v = row.values.get(name)
    return float("nan") if v is None else float(v)


def _draw_ratings(ax: Any, key: str, rows: dict[int, Row], years: list[int]) -> None:
    used = [c for c in CATEGORIES if any(f"ratings.{c}" in r.values for r in rows.values())]
    bottoms = [0.0] * len(years)
    for c in used:
        heights = [shares(rows[y]).get(c, 0.0) * 100 if y in rows else 0.0 for y in years]
        ax.bar(years, heights, bottom=bottoms, color=COLOURS[c], label=LABELS[c], width=0.75)
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    for y, b in zip(years, bottoms, strict=True):
        if y in rows and b == 0:
            ax.text(y, 3, "none\nreported", ha="center", fontsize=6, color="#555555")
    ax.set_ylim(0, 100)
    ax.set_ylabel("% of CĐCS", fontsize=8)
    ax.set_title(f"{key}: grading of the CĐCS", fontsize=10)
    if used:
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
