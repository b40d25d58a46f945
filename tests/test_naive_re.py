"""bench/naive_re.py, the reference script the benchmark times unionparse against, finds on
the seeds what its patterns say (a benchmark against a script that found nothing would
flatter us)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "naive_re.py"
SEEDS = ROOT / "seeds"


def _naive() -> ModuleType:
    spec = importlib.util.spec_from_file_location("naive_re", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_about_thirty_patterns() -> None:
    assert 28 <= len(_naive().PATTERNS) <= 32


def test_counts_years_and_awards_of_a_seed() -> None:
    found = _naive().extract(_seed("000"))
    assert found["party_admitted"] == ["41"]  # "kết nạp 41 đảng viên mới"
    assert found["ratio"] == ["33/37"]  # "33/37 cơ sở công đoàn đạt ... vững mạnh xuất sắc"
    assert found["collectives"] == ["16"] and found["individuals"] == ["25"]
    assert found["certificate"] == ["bằng khen"]
    assert set(found["year_nam"]) == {"2012", "2013"}
    assert "date_dmy" not in found  # "Sáng nay 22/1" has no year


def test_dates_terms_and_members_of_a_seed() -> None:
    found = _naive().extract(_seed("001"))
    assert found["date_dmy"] == ["22/01/2021"]
    assert found["time"] == ["04:01"]
    assert found["term"] == ["2018 2023"]  # "nhiệm kỳ 2018 - 2023"
    assert found["members"] == ["3.942"]  # thousands kept as printed
    assert found["grassroots_cdcs"][0] == "52"


def test_cli_prints_one_line_per_seed() -> None:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), str(SEEDS)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [Path(r["source"]).name for r in lines] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert lines[2]["money"][:2] == ["8 triệu đồng", "53 triệu đồng"]
