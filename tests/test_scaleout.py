"""The README "Scaling out" recipe, run verbatim on a local Dask, so it cannot rot.

The recipe's code block is read from README.md and executed in a temporary folder holding
`archive/` (seed articles in nested folders, more than one partition's worth, plus one file that
cannot be read). Dask's default bag scheduler is a pool of spawned processes, so this also proves
that the recipe's function and `extract_text` cross process boundaries. The JSONL parts must
hold one record per input, in input order, equal to calling `extract_text` directly, and each
line must be the one `unionparse extract --format jsonl` prints for that file.
"""

from __future__ import annotations

import json
import pickle
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from unionparse import extract_text
from unionparse.cli import cli
from unionparse.writers import article_record

dask = pytest.importorskip("dask", reason="dask comes with the test extra")

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
COPIES = 14  # 5 seeds x 14 = 70 articles: two partitions of the recipe's 64


def recipe_code(markdown: str) -> str:
    """The first ```python block after the "Scaling out" heading."""
    m = re.search(r"^#+\s*Scaling out\b.*?^```python\n(.*?)^```", markdown, re.M | re.S)
    if m is None:
        raise AssertionError(
            "README.md has no 'Scaling out' section with a ```python block "
            "(the recipe this test runs; see bench/README.md)"
        )
    return m.group(1)


def test_recipe_is_found_in_markdown() -> None:
    md = "# T\n\n## Scaling out\n\ntext\n\n```sh\nx\n```\n```python\nprint(1)\n```\n"
    assert recipe_code(md) == "print(1)\n"
    with pytest.raises(AssertionError):
        recipe_code("## Benchmark\n\n```python\nprint(1)\n```\n")


def test_extract_text_is_picklable() -> None:
    again = pickle.loads(pickle.dumps(extract_text))
    assert again is extract_text


def _archive(root: Path) -> list[str]:
    """Seeds copied into nested folders; returns the relative paths in sorted order."""
    assert SEEDS, "no seed articles found"
    for k in range(COPIES):
        folder = root / "archive" / f"y{k % 3}" / f"batch{k:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        for seed in SEEDS:
            shutil.copyfile(seed, folder / seed.name)
    (root / "archive" / "broken.txt").write_bytes(b"")  # nothing to read: an error record
    return sorted(str(p.relative_to(root)) for p in (root / "archive").rglob("*.txt"))


def test_readme_recipe_runs_on_local_dask(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = REPO / "README.md"
    assert readme.is_file(), "README.md is missing (it must hold the 'Scaling out' recipe)"
    code = recipe_code(readme.read_text(encoding="utf-8"))
    paths = _archive(tmp_path)
    monkeypatch.chdir(tmp_path)

    exec(compile(code, "README.md:Scaling out", "exec"), {"__name__": "readme_recipe"})

    parts = sorted((tmp_path / "out").glob("*.jsonl"))
    assert len(parts) >= 2, "the archive spans two partitions, so two parts are expected"
    lines = [line for part in parts for line in part.read_text(encoding="utf-8").splitlines()]
    records = [json.loads(line) for line in lines]
    assert [r["source"]["path"] for r in records] == paths  # one per input, in input order

    # each line is the one `unionparse extract --format jsonl` prints for that file
    # (checked on one folder of the archive plus the broken file, to keep the test quick)
    args = ["extract", "archive/y0/batch00", "archive/broken.txt", "--format", "jsonl", "-q"]
    result = CliRunner().invoke(cli, args)
    cli_lines = {  # click 8.1 mixes stderr into stdout: keep the records
        json.loads(line)["source"]["path"]: line
        for line in result.stdout.splitlines()
        if line.startswith("{")
    }
    assert len(cli_lines) == len(SEEDS) + 1
    recipe_lines = dict(zip(paths, lines, strict=True))
    assert cli_lines == {path: recipe_lines[path] for path in cli_lines}

    by_path = dict(zip(paths, records, strict=True))
    broken = by_path.pop("archive/broken.txt")
    assert broken["error"]["code"], broken
    assert not any("error" in r for r in by_path.values())
    direct = {}  # extract_text called directly, once per distinct text
    for path, rec in by_path.items():
        text = unicodedata.normalize("NFC", (tmp_path / path).read_bytes().decode("utf-8"))
        if text not in direct:
            direct[text] = dict(article_record(extract_text(text, path=path)), source=None)
        assert dict(rec, source=None) == direct[text], path
