"""The evaluator: fields.md's scoring rules, and agreement with shared/tools/score.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from unionparse.cli import cli
from unionparse.evaluate import Counts, evaluate, load_records, normalize, prf

ROOT = Path(__file__).resolve().parents[1]
SCORE_PY = ROOT.parent / "shared" / "tools" / "score.py"
GOLD_SEEDS = ROOT.parent / "shared" / "gold" / "seeds.jsonl"
needs_score_py = pytest.mark.skipif(
    not SCORE_PY.exists(), reason="shared/tools/score.py not beside the repo"
)

EMPTY_GOLD = {
    "title": None,
    "author": None,
    "published": None,
    "province": None,
    "event_date": None,
    "report_year": None,
    "plan_year": None,
    "grassroots_unions": None,
    "members": {"total": None, "female": None, "new": None},
    "party": {"referred": None, "admitted": None},
    "ratings": [],
    "awards": [],
}


def gold(file: str, **fields) -> dict:
    rec = json.loads(json.dumps(EMPTY_GOLD))
    rec["file"] = file
    for key, value in fields.items():
        if "__" in key:
            outer, inner = key.split("__")
            rec[outer][inner] = value
        else:
            rec[key] = value
    return rec


def pred(path: str, **fields) -> dict:
    rec = gold("x", **fields)
    del rec["file"]
    rec["source"] = {"path": path, "sha256": None}
    return rec


def award(kind, issuer, collectives, individuals, name=None) -> dict:
    return {
        "award": kind,
        "issuer": issuer,
        "issuer_name": name,
        "collectives": collectives,
        "individuals": individuals,
    }


def rating(category, count, percent=None) -> dict:
    return {"category": category, "count": count, "percent": percent}


# A constructed pair with known counts (computed by hand below each record).
GOLD = [
    gold(
        "a.txt",
        title="Công đoàn  Viên chức",  # whitespace collapses
        author=None,  # not scored: gold is null
        published="2021-01-22T04:01",
        province="Nghệ An",
        report_year=2020,
        plan_year=2021,
        members__total=3942,
        ratings=[rating("kha", 5), rating("kha", 5), rating("yeu", 1)],
        awards=[
            award("bang_khen", "provincial_federation", 16, 25),
            award("giay_khen", None, 1, None),
        ],
    ),
    gold("b.txt", province="Nam Định", party__admitted=41, ratings=[rating("vung_manh", 4)]),
    gold("missing.txt", report_year=2012),
]
PRED = [
    pred(
        "out/a.txt",
        title="Công đoàn Viên chức",
        author="Somebody",  # ignored: gold author is null
        published="2021-01-22T04:01:00+07:00",  # seconds and zone are dropped
        province="Nghe An",  # fp + fn
        report_year=2020.0,  # a whole float equals the int
        plan_year=2022,  # fp + fn
        event_date="2021-01-22",  # fp (gold null)
        members__total=3942,
        ratings=[rating("kha", 5, 1.5), rating("yeu", 1), rating("hoan_thanh", 3)],
        awards=[
            award("bang_khen", "provincial_federation", 16.0, 25, name="LĐLĐ tỉnh"),
            award("giay_khen", "other", 1, None),
        ],
    ),
    {"source": {"path": "dir\\b.txt"}, "error": {"code": "binary", "message": "b.txt: binary"}},
    pred("not_in_gold.txt", province="Hà Nội"),
]
EXPECTED = {
    "title": (1, 0, 0),
    "published": (1, 0, 0),
    "province": (0, 1, 2),
    "event_date": (0, 1, 0),
    "report_year": (1, 0, 1),
    "plan_year": (0, 1, 1),
    "grassroots_unions": (0, 0, 0),
    "members.total": (1, 0, 0),
    "members.female": (0, 0, 0),
    "members.new": (0, 0, 0),
    "party.referred": (0, 0, 0),
    "party.admitted": (0, 0, 1),
    "ratings": (2, 1, 2),
    "awards": (1, 1, 1),
}


def test_known_counts_per_field() -> None:
    report = evaluate(GOLD, PRED)
    got = {k: (c.tp, c.fp, c.fn) for k, c in report.fields.items()}
    assert got == EXPECTED
    assert "author" not in report.fields  # gold never had one
    assert (report.files, report.matched) == (3, 2)
    total = report.total
    assert (total.tp, total.fp, total.fn) == (7, 5, 8)
    assert report.precision == pytest.approx(7 / 12)
    assert report.recall == pytest.approx(7 / 15)
    assert report.f1 == pytest.approx(2 * (7 / 12) * (7 / 15) / (7 / 12 + 7 / 15))


def test_mismatches_name_file_field_and_values() -> None:
    report = evaluate(GOLD, PRED)
    found = {(m.file, m.field, m.gold, m.pred) for m in report.mismatches}
    assert ("missing.txt", "record", "missing", None) in found
    assert ("a.txt", "province", "Nghệ An", "Nghe An") in found
    assert ("a.txt", "ratings", ("kha", 5), "missed") in found
    assert ("a.txt", "ratings", "unexpected", ("hoan_thanh", 3)) in found
    assert ("a.txt", "awards", ("giay_khen", None, 1, None), "missed") in found
    assert ("a.txt", "title", "Công đoàn Viên chức", "Công đoàn Viên chức") not in found


def test_title_and_author_scored_only_when_gold_has_them() -> None:
    g = [gold("a.txt", author="Việt Long")]
    assert evaluate(g, [pred("a.txt", title="invented")]).fields.get("title") is None
    assert evaluate(g, [pred("a.txt")]).fields["author"] == Counts(0, 0, 1)
    assert evaluate(g, [pred("a.txt", author="Việt  Long")]).fields["author"] == Counts(1, 0, 0)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("published", "2021-01-22T04:01:00", "2021-01-22T04:01"),
        ("published", "2021-01-22T04:01:00.000Z", "2021-01-22T04:01"),
        ("published", "2021-01-22T04:01+0700", "2021-01-22T04:01"),
        ("published", "2021-01-22T04:01:30", "2021-01-22T04:01:30"),
        ("published", "2023-12", "2023-12"),
        ("title", "  a \n b ", "a b"),
        ("title", "   ", None),
        ("province", "Nghe\u0323\u0302 An", "Nghệ An"),  # NFD -> NFC
        ("report_year", 2020.0, 2020),
        ("ratings", 53.5, 53.5),
        ("x", None, None),
    ],
)
def test_normalize(field: str, value, expected) -> None:
    assert normalize(field, value) == expected


def test_empty_sides_are_perfect_not_divide_by_zero() -> None:
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)
    assert prf(0, 3, 0) == (0.0, 1.0, 0.0)
    report = evaluate([], [])
    assert report.fields == {} and report.f1 == 1.0


def test_gold_without_file_key_is_an_error() -> None:
    with pytest.raises(ValueError, match="no 'file'"):
        evaluate([{"title": "x"}], [])


def _write(tmp_path: Path, name: str, recs: list[dict], as_array: bool = False) -> Path:
    path = tmp_path / name
    if as_array:
        path.write_text(json.dumps(recs, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        path.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8"
        )
    return path


def test_load_records_reads_arrays_and_lines_and_names_bad_lines(tmp_path: Path) -> None:
    assert load_records(str(_write(tmp_path, "a.json", PRED, as_array=True))) == PRED
    assert load_records(str(_write(tmp_path, "a.jsonl", PRED))) == PRED
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"file": "a"}\n{oops\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl: line 2: invalid JSON"):
        load_records(str(bad))
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    assert load_records(str(tmp_path / "empty.jsonl")) == []


def test_eval_command_reports_bad_gold_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "gold.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    pred_file = _write(tmp_path, "p.jsonl", PRED)
    result = CliRunner().invoke(cli, ["eval", str(bad), "--pred", str(pred_file)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"unionparse: {bad}: line 1: invalid JSON")
    assert "Traceback" not in result.output


@needs_score_py
@pytest.mark.parametrize("as_array", [False, True])
def test_eval_pred_agrees_with_score_py(tmp_path: Path, as_array: bool) -> None:
    gold_file = _write(tmp_path, "gold.jsonl", GOLD)
    pred_file = _write(tmp_path, "pred.json", PRED, as_array=as_array)
    runner = CliRunner()
    for extra in ([], ["--errors"]):
        ours = runner.invoke(cli, ["eval", str(gold_file), "--pred", str(pred_file), *extra])
        theirs = subprocess.run(
            [sys.executable, str(SCORE_PY), str(gold_file), str(pred_file), *extra],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        assert ours.exit_code == 0
        if extra:  # the same mismatches, order aside (score.py iterates Counter differences)
            assert sorted(ours.stdout.splitlines()) == sorted(theirs.stdout.splitlines())
        else:
            assert ours.stdout == theirs.stdout
    ours_json = json.loads(
        runner.invoke(cli, ["eval", str(gold_file), "--pred", str(pred_file), "--json"]).stdout
    )
    theirs_json = json.loads(
        subprocess.run(
            [sys.executable, str(SCORE_PY), str(gold_file), str(pred_file), "--json"],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
    )
    for key in ("precision", "recall", "f1", "files", "matched"):
        assert ours_json[key] == theirs_json[key]
    assert {
        k: {n: v[n] for n in ("tp", "fp", "fn")} for k, v in ours_json["fields"].items()
    } == theirs_json["fields"]


@needs_score_py
def test_eval_over_paths_agrees_with_score_py_on_extract_output(tmp_path: Path) -> None:
    runner = CliRunner()
    extracted = runner.invoke(cli, ["extract", str(ROOT / "seeds"), "-f", "jsonl"])
    assert extracted.exit_code == 0
    pred_file = tmp_path / "seeds.jsonl"
    pred_file.write_text(extracted.stdout, encoding="utf-8")
    ours = runner.invoke(cli, ["eval", str(GOLD_SEEDS), str(ROOT / "seeds")])
    assert ours.exit_code == 0, ours.stderr
    theirs = subprocess.run(
        [sys.executable, str(SCORE_PY), str(GOLD_SEEDS), str(pred_file)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert ours.stdout == theirs.stdout
    assert ours.stdout.splitlines()[-1].startswith("files 5/5 micro")
