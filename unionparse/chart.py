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
        raise ChartError(
            f"{len(keys)} unions to draw, at most {MAX_UNIONS}: choose with --org KEY"
        )
    plt = _pyplot()
    fig, axes = plt.subplots(
        len(keys), 2, figsize=(11, 3.3 * len(keys)), squeeze=False, layout="constrained"
    )
    for band, key in zip(axes, keys, strict=True):
        rows = by_year([r for r in tl.rows if r.organization_key == key])
        _draw_counts(band[0], key, rows)
        _draw_ratings(band[1], key, rows)
    fig.savefig(path, dpi=80, metadata=_metadata(path))
    plt.close(fig)


def _metadata(path: str) -> dict[str, Any]:
    # no creation date in the file, so the same timeline gives the same bytes
    return {"Date": None} if path.lower().endswith(".svg") else {}


def _draw_counts(ax: Any, key: str, rows: dict[int, Row]) -> None:
    years = list(range(min(rows), max(rows) + 1)) if rows else []
    twin = ax.twinx()
    for axis, name, label, colour in (
        (ax, "members.total", "members", "#2166ac"),
        (twin, "grassroots_unions", "CĐCS", "#e08214"),
    ):
        ys = [_value(rows.get(y), name) for y in years]
        axis.plot(years, ys, marker="o", color=colour, label=label)
        for y in years:
            row = rows.get(y)
            if row is not None and name in row.conflicts:
                for value, _ in row.conflicts[name]:
                    axis.plot([y], [value], marker="x", markersize=10, color="#d7191c")
                axis.annotate(
                    "sources disagree",
                    (y, max(v for v, _ in row.conflicts[name])),
                    textcoords="offset points",
                    xytext=(0, 6),
                    ha="center",
                    fontsize=7,
                    color="#d7191c",
                )
        axis.set_ylabel(label, color=colour)
        axis.tick_params(axis="y", colors=colour)
        low, high = axis.get_ylim()
        axis.set_ylim(0, high * 1.12 if high > 0 else 1)
    for y in years:
        if y not in rows:
            ax.axvspan(y - 0.5, y + 0.5, color="#eeeeee", zorder=0)
    ax.set_title(f"{key}: members and CĐCS (grey: no article)", fontsize=10)
    ax.set_xticks(years)
    ax.set_xticklabels([_tick(rows.get(y), y) for y in years], rotation=45, ha="right")


def _value(row: Row | None, name: str) -> float:
    if row is None:
        return float("nan")
    v = row.values.get(name)
    return float("nan") if v is None else float(v)


def _tick(row: Row | None, year: int) -> str:
    if row is None or row.period["kind"] == "year":
        return str(year)
    return period_label(row.period)


def _draw_ratings(ax: Any, key: str, rows: dict[int, Row]) -> None:
    years = list(rows)
    used = [c for c in CATEGORIES if any(f"ratings.{c}" in r.values for r in rows.values())]
    bottoms = [0.0] * len(years)
    for c in used:
        heights = [shares(rows[y]).get(c, 0.0) * 100 for y in years]
        ax.bar(
            [str(y) for y in years],
            heights,
            bottom=bottoms,
            color=COLOURS[c],
            label=LABELS[c],
            edgecolor="white",
        )
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    ax.set_ylim(0, 100)
    ax.set_ylabel("% of CĐCS")
    ax.set_title(f"{key}: how the CĐCS were graded", fontsize=10)
    ax.tick_params(axis="x", rotation=45)
    if used:
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    else:
        ax.text(0.5, 0.5, "no grading reported", ha="center", va="center", transform=ax.transAxes)
