"""`unionparse timeline`: rows per (union, period), merges, conflicts and gaps.

tests/corpus/timeline/ was written for these tests: the Công đoàn Viên chức of Hà Tĩnh over
2016-2022 from two papers (Báo Hà Tĩnh every year but 2019, Báo Lao Động for 2018 and 2021),
with 2018 reported alike (a merge) and 2021's membership reported differently (a conflict),
and its 2023 congress reviewing the 2018-2023 term; and the Công đoàn Giáo dục of Quảng Trị
over three school years, 2021-2022 missing.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from unionparse import extract_file, timeline
from unionparse.chart import ChartError, draw, shares
from unionparse.timeline import Row, build, missing_label, period_label, read_output

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus" / "timeline"
SEEDS = REPO / "seeds"
TIMEOUT = 300


def _records(folder: Path) -> list[dict[str, Any]]:
    return [extract_file(str(p)).model_dump(mode="json") for p in sorted(folder.glob("*.txt"))]


@pytest.fixture(scope="module")
def corpus_records() -> list[dict[str, Any]]:
    return _records(CORPUS)


@pytest.fixture(scope="module")
def tl(corpus_records: list[dict[str, Any]]) -> timeline.Timeline:
    return build(corpus_records)


def _names(sources: list[str]) -> list[str]:
    return [Path(s).name for s in sources]


def _plain(row: Row) -> dict[str, Any]:
    """What a reader checks in a row: which union and period, its figures, where from."""
    d = row.to_dict()
    return {
        "key": d["organization_key"],
        "period": period_label(d["period"]),
        "cdcs": d["grassroots_unions"],
        "members": tuple(d["members"].values()),
        "party": tuple(d["party"].values()),
        "ratings": d["ratings"],
        "awards": [
            (a["award"], a["issuer"], a["collectives"], a["individuals"]) for a in d["awards"]
        ],
        "sources": [n[:2] for n in _names(d["sources"])],
        "missing": missing_label(d["missing_before"]),
    }


VM = {"vung_manh_xuat_sac": 0, "vung_manh": 0, "kha": 0}
HT = {"hoan_thanh_xuat_sac": 0, "hoan_thanh_tot": 0, "hoan_thanh": 0}


def _r(scheme: dict[str, int], *counts: int) -> dict[str, int]:
    return dict(zip(scheme, counts, strict=True))


BK = ("bang_khen", "provincial_federation")
GK = ("giay_khen", "sector_union")

EXPECTED = [
    {
        "key": "cd-giao-duc/quang-tri",
        "period": "2019-2020",
        "cdcs": 312,
        "members": (11450, 8230, None),
        "party": (120, 95),
        "ratings": _r(VM, 201, 96, 15),
        "awards": [],
        "sources": ["10"],
        "missing": "",
    },
    {
        "key": "cd-giao-duc/quang-tri",
        "period": "2020-2021",
        "cdcs": 308,
        "members": (11390, 8215, None),
        "party": (115, 90),
        "ratings": _r(VM, 205, 90, 13),
        "awards": [],
        "sources": ["11"],
        "missing": "",
    },
    {
        "key": "cd-giao-duc/quang-tri",
        "period": "2022-2023",
        "cdcs": 296,
        "members": (11020, 8010, None),
        "party": (110, 84),
        "ratings": _r(HT, 180, 104, 12),
        "awards": [],
        "sources": ["12"],
        "missing": "2021-2022",
    },
    {
        "key": "cdvc/ha-tinh",
        "period": "2016",
        "cdcs": 78,
        "members": (4850, 2610, 92),
        "party": (70, 48),
        "ratings": _r(VM, 50, 24, 4),
        "awards": [(*BK, 4, 9)],
        "sources": ["01"],
        "missing": "",
    },
    {
        "key": "cdvc/ha-tinh",
        "period": "2017",
        "cdcs": 80,
        "members": (4920, None, 105),
        "party": (75, 51),
        "ratings": _r(VM, 53, 23, 4),
        "awards": [(*GK, 15, 28)],
        "sources": ["02"],
        "missing": "",
    },
    {
        "key": "cdvc/ha-tinh",
        "period": "2018",
        "cdcs": 81,
        "members": (5010, 2700, 98),
        "party": (77, 54),  # only Báo Lao Động gives them
        "ratings": _r(VM, 55, 22, 4),
        "awards": [(*GK, 16, 30)],
        "sources": ["03", "04"],
        "missing": "",
    },
    {
        "key": "cdvc/ha-tinh",
        "period": "2020",
        "cdcs": 82,
        "members": (5150, 2790, 87),
        "party": (80, 56),
        "ratings": _r(VM, 57, 21, 4),
        "awards": [(*BK, 3, 7)],
        "sources": ["05"],
        "missing": "2019",
    },
    {
        "key": "cdvc/ha-tinh",
        "period": "2021",
        "cdcs": 83,
        "members": (None, None, 76),  # 5.210 or 5.120: a conflict, not a pick
        "party": (72, 50),
        "ratings": _r(HT, 40, 38, 5),
        "awards": [(*GK, 14, 26)],
        "sources": ["06", "07"],
        "missing": "",
    },
    {
        "key": "cdvc/ha-tinh",
        "period": "2022",
        "cdcs": 84,
        "members": (5260, 2880, 81),
        "party": (74, 52),
        "ratings": _r(HT, 44, 36, 4),
        "awards": [(*BK, 3, 6)],
        "sources": ["08"],
        "missing": "",
    },
    {
        "key": "cdvc/ha-tinh",
        "period": "2018-2023 (term)",
        "cdcs": 85,
        "members": (5300, None, 460),
        "party": (380, 262),
        "ratings": {},
        "awards": [(*BK, 6, 10)],
        "sources": ["09"],
        "missing": "",
    },
]


def test_corpus_gives_exactly_the_expected_rows(tl: timeline.Timeline) -> None:
    assert [_plain(r) for r in tl.rows] == EXPECTED
    assert tl.left_out == {}


def test_equal_values_merge_with_all_sources(tl: timeline.Timeline) -> None:
    row = next(
        r for r in tl.rows if r.organization_key == "cdvc/ha-tinh" and r.period["start"] == 2018
    )
    fs = {k: [n[:2] for n in _names(v)] for k, v in row.field_sources.items()}
    both = ["03", "04"]
    assert fs["grassroots_unions"] == both
    assert fs["members.total"] == both
    assert fs["ratings.vung_manh_xuat_sac"] == both
    assert fs["members.female"] == ["03"]  # only one paper gives it: no conflict with a silence
    assert fs["party.admitted"] == ["04"]
    assert row.conflicts == {} and row.warnings == []


def test_different_values_are_a_conflict_with_both_sources(tl: timeline.Timeline) -> None:
    row = next(
        r for r in tl.rows if r.organization_key == "cdvc/ha-tinh" and r.period["start"] == 2021
    )
    d = row.to_dict()
    assert d["members"]["total"] is None
    assert [
        (c["field"], [(v["value"], _names(v["sources"])) for v in c["values"]])
        for c in d["conflicts"]
    ] == [
        (
            "members.total",
            [
                (5210, ["06_cdvc_ha_tinh_2021_baohatinh.txt"]),
                (5120, ["07_cdvc_ha_tinh_2021_laodong.txt"]),
            ],
        )
    ]
    assert [(w["code"], w["field"]) for w in d["warnings"]] == [
        ("source_conflict", "members.total")
    ]
    # what both papers give alike still merges in the same row
    assert _names(d["field_sources"]["ratings.hoan_thanh_xuat_sac"]) == [
        "06_cdvc_ha_tinh_2021_baohatinh.txt",
        "07_cdvc_ha_tinh_2021_laodong.txt",
    ]
    # exactly one conflict in the whole corpus
    assert sum(len(r.conflicts) for r in tl.rows) == 1


def test_conflict_and_gap_in_csv_and_markdown(tl: timeline.Timeline) -> None:
    rows = list(csv.DictReader(io.StringIO(timeline.to_csv(tl))))
    by_period = {(r["organization_key"], r["period_start"], r["period_kind"]): r for r in rows}
    conflict = by_period[("cdvc/ha-tinh", "2021", "year")]
    assert conflict["members_total"] == "5210 | 5120"
    assert conflict["warnings"] == "source_conflict"
    assert "members.total: 5210 [" in conflict["conflicts"]
    assert by_period[("cdvc/ha-tinh", "2020", "year")]["missing_before"] == "2019"
    assert (
        by_period[("cd-giao-duc/quang-tri", "2022", "school_year")]["missing_before"] == "2021-2022"
    )
    assert by_period[("cdvc/ha-tinh", "2018", "term")]["party_admitted"] == "262"
    assert conflict["award_giay_khen_sector_union_collectives"] == "14"
    md = timeline.to_markdown(tl)
    assert "| 2019 | *no article* |" in md
    assert "| 2021-2022 | *no article* |" in md
    assert "**5210 [6] ≠ 5120 [7]**" in md


def test_seeds_give_cdvc_nghe_an_two_rows() -> None:
    tl = build(_records(SEEDS), ["cdvc/nghe-an"])
    assert [(r.organization_key, period_label(r.period)) for r in tl.rows] == [
        ("cdvc/nghe-an", "2012"),
        ("cdvc/nghe-an", "2023"),
    ]
    assert [_names(r.sources) for r in tl.rows] == [
        ["000_99af2271cb695912.txt"],
        ["002_32a87c9d27dee4ba.txt"],
    ]
    assert missing_label(tl.rows[1].missing_before) == "2013..2022"


# --- build() on hand-made records --------------------------------------------------------------


def rec(
    path: str, key: str | None = "cdvc/nghe-an", year: int | None = 2020, **fields: Any
) -> dict[str, Any]:
    r: dict[str, Any] = {
        "source": {"path": path},
        "organization": "Công đoàn Viên chức Nghệ An",
        "organization_key": key,
        "province": "Nghệ An",
        "period": {"kind": "year", "start": year, "end": year} if year else None,
        "grassroots_unions": None,
        "members": {"total": None, "female": None, "new": None},
        "party": {"referred": None, "admitted": None},
        "ratings": [],
        "awards": [],
    }
    r.update(fields)
    return r


def test_rating_and_award_counts_add_up_in_a_record_and_conflict_across_records() -> None:
    a = rec(
        "a.txt",
        ratings=[
            {"category": "vung_manh", "count": 30, "percent": None},
            {"category": "vung_manh", "count": 5, "percent": None},
            {"category": "kha", "count": None, "percent": 10.0},
        ],
        awards=[
            {"award": "bang_khen", "issuer": None, "collectives": 2, "individuals": None},
            {"award": "bang_khen", "issuer": None, "collectives": 1, "individuals": 4},
        ],
    )
    b = rec(
        "b.txt",
        ratings=[{"category": "vung_manh", "count": 35, "percent": None}],
        awards=[{"award": "bang_khen", "issuer": None, "collectives": 2, "individuals": 4}],
    )
    (row,) = build([a, b]).rows
    d = row.to_dict()
    assert d["ratings"] == {"vung_manh": 35}  # 30 + 5 in a; a percent alone is no count
    assert d["awards"] == [
        {"award": "bang_khen", "issuer": None, "collectives": None, "individuals": 4}
    ]
    assert [(c["field"], [v["value"] for v in c["values"]]) for c in d["conflicts"]] == [
        ("awards.bang_khen.unknown.collectives", [3, 2])
    ]


def test_left_out_records_are_counted() -> None:
    records = [
        rec("a.txt"),
        rec("event.txt", year=None),
        {"source": {"path": "bad.pdf"}, "error": {"code": "binary", "message": "..."}},
    ]
    tl = build(records)
    assert [_names(r.sources) for r in tl.rows] == [["a.txt"]]
    assert tl.left_out == {"no_period": 1, "error": 1}


def test_unresolved_keys_are_not_merged() -> None:
    """Two "Công đoàn Viên chức tỉnh" articles with no province may be two unions."""
    a = rec("a.txt", key="cdvc/?", grassroots_unions=50)
    b = rec("b.txt", key="cdvc/?", grassroots_unions=60)
    rows = build([a, b]).rows
    assert [(_names(r.sources), r.values["grassroots_unions"]) for r in rows] == [
        (["a.txt"], 50),
        (["b.txt"], 60),
    ]
    assert all([w["code"] for w in r.warnings] == ["unresolved_organization"] for r in rows)
    assert all(r.conflicts == {} and r.missing_before == [] for r in rows)


def test_records_written_before_organization_key_get_one_from_their_name() -> None:
    old = rec("old.txt")
    del old["organization_key"]
    old["organization"] = "CĐVC tỉnh"
    (row,) = build([old]).rows
    assert row.organization_key == "cdvc/nghe-an"


def test_org_filter_takes_a_key_prefix_or_a_name() -> None:
    records = [rec("a.txt"), rec("b.txt", key="ldld-huyen/bac-kan/cho-moi")]
    assert [r.organization_key for r in build(records, ["ldld-huyen"]).rows] == [
        "ldld-huyen/bac-kan/cho-moi"
    ]
    assert [r.organization_key for r in build(records, ["LĐLĐ huyện Chợ Mới"]).rows] == [
        "ldld-huyen/bac-kan/cho-moi"
    ]
    assert build(records, ["cdvc/ha-tinh"]).rows == []
    with pytest.raises(ValueError, match="names no union"):
        build(records, ["Hội nghị"])


def test_part_year_reviews_fill_their_year_and_sort_before_it() -> None:
    mid = rec("mid.txt", year=2021)
    mid["period"] = {"kind": "part_year", "start": 2021, "end": 2021}
    rows = build(
        [rec("a.txt", year=2022), mid, rec("b.txt", year=2021), rec("c.txt", year=2019)]
    ).rows
    assert [(period_label(r.period), missing_label(r.missing_before)) for r in rows] == [
        ("2019", ""),
        ("2021 (part)", "2020"),
        ("2021", ""),
        ("2022", ""),
    ]


# --- inputs ------------------------------------------------------------------------------------


def test_reads_extract_output_as_well_as_articles(
    tmp_path: Path, corpus_records: list[dict[str, Any]]
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in corpus_records), "utf-8"
    )
    assert timeline.is_output(str(out))
    assert timeline.to_json(build(read_output(str(out)))) == timeline.to_json(build(corpus_records))
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"text": "...", "url": "x"}) + "\n", "utf-8")
    assert not timeline.is_output(str(articles))


def test_archive_without_the_archive_module_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "archive.db"
    db.write_bytes(timeline.SQLITE_MAGIC + b"\0" * 100)
    assert timeline.is_output(str(db))
    import unionparse

    monkeypatch.delattr(unionparse, "archive", raising=False)
    monkeypatch.setitem(sys.modules, "unionparse.archive", None)  # import fails
    with pytest.raises(
        ValueError, match=r"archive\.db: reading a SQLite archive needs unionparse\.archive"
    ):
        read_output(str(db))


def _run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "unionparse", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def test_cli_csv_for_one_union(tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    done = _run("timeline", str(CORPUS), "--org", "cdvc/ha-tinh", "-f", "csv", "-o", str(out), "-q")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert [(r["period_kind"], r["period_start"], r["members_total"]) for r in rows] == [
        ("year", "2016", "4850"),
        ("year", "2017", "4920"),
        ("year", "2018", "5010"),
        ("year", "2020", "5150"),
        ("year", "2021", "5210 | 5120"),
        ("year", "2022", "5260"),
        ("term", "2018", "5300"),
    ]


def test_cli_archive_input(tmp_path: Path) -> None:
    """With the archive module (extract -o archive.db), the archive gives the same rows."""
    pytest.importorskip("unionparse.archive", reason="unionparse.archive is not in this tree")
    pytest.importorskip("sqlite_utils", reason="the archive needs sqlite-utils")
    db = tmp_path / "a.db"
    made = _run("extract", "tests/corpus/timeline", "-o", str(db), "-q")
    assert made.returncode == 0, made.stderr
    from_db = _run("timeline", str(db), "-f", "json")
    from_articles = _run("timeline", "tests/corpus/timeline", "-f", "json", "-q")
    assert from_db.returncode == 0, from_db.stderr
    assert json.loads(from_db.stdout) == json.loads(from_articles.stdout)


def test_cli_usage_and_chart_errors(tmp_path: Path) -> None:
    done = _run("timeline")
    assert done.returncode == 2 and "give PATH" in done.stderr
    done = _run("timeline", str(CORPUS), "--chart", str(tmp_path / "c.pdf"), "-q")
    assert done.returncode == 1
    assert (
        done.stderr.strip()
        == f"unionparse: {tmp_path / 'c.pdf'}: the chart is written as .png or .svg"
    )
    assert done.stdout == ""  # the chart is checked before any work


# --- chart ---------------------------------------------------------------------------------------


def test_chart_png_and_svg(tmp_path: Path, tl: timeline.Timeline) -> None:
    pytest.importorskip("matplotlib", reason="matplotlib is in the test extra")
    png = tmp_path / "t.png"
    draw(tl, str(png))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = tmp_path / "t.svg"
    draw(tl, str(svg))
    text = svg.read_text("utf-8")
    assert "cdvc/ha-tinh" in text and "cd-giao-duc/quang-tri" in text
    assert "5210 ≠ 5120" in text  # the conflict is drawn with both values


def test_rating_shares_are_of_the_unions_cdcs(tl: timeline.Timeline) -> None:
    row = next(
        r for r in tl.rows if r.organization_key == "cdvc/ha-tinh" and r.period["start"] == 2016
    )
    assert shares(row) == pytest.approx(
        {"vung_manh_xuat_sac": 50 / 78, "vung_manh": 24 / 78, "kha": 4 / 78}
    )


def test_chart_without_matplotlib(
    tmp_path: Path, tl: timeline.Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ChartError, match=r"pip install 'unionparse\[plot\]'"):
        draw(tl, str(tmp_path / "t.png"))


def test_readme_example_is_what_the_command_prints(corpus_records: list[dict[str, Any]]) -> None:
    """The README's Markdown example (ratings and awards columns left out) cannot rot."""
    readme = (REPO / "README.md").read_text("utf-8")
    intro = "prints (ratings and awards columns left out\nhere):\n\n```\n"
    assert intro in readme, "README.md lost the timeline example"
    block = readme.split(intro, 1)[1].split("```", 1)[0]
    shown = [[c.strip() for c in line.strip().strip("|").split("|")] for line in block.splitlines()]
    md = timeline.to_markdown(build(corpus_records, ["cdvc/ha-tinh"]))
    printed = []
    for line in md.splitlines():
        if not line.startswith("| ") or line.startswith("|---"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[1] == "*no article*":
            printed.append(cells[:2])
        else:
            printed.append(cells[:7] + cells[9:])  # without ratings and awards
    assert shown == printed
