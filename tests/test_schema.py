"""The JSON Schemas in schemas/ are generated from the models and must not drift from them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from unionparse.cli import cli
from unionparse.models import Article, ErrorRecord
from unionparse.writers import SCHEMA_FILES, json_schema, schema_text

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
REGENERATE = "regenerate with: unionparse schema -o schemas/  (then review and commit the diff)"


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_committed_schema_matches_the_models(kind: str) -> None:
    path = SCHEMAS / SCHEMA_FILES[kind]
    assert path.exists(), f"{path} is missing; {REGENERATE}"
    assert path.read_text(encoding="utf-8") == schema_text(kind), (
        f"{path.name} differs from the models; {REGENERATE}"
    )


def test_no_stray_schema_files() -> None:
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(SCHEMA_FILES.values())


def test_schema_command_prints_and_writes_the_same_text(tmp_path: Path) -> None:
    runner = CliRunner()
    printed = runner.invoke(cli, ["schema"])
    assert printed.exit_code == 0 and printed.output == schema_text("article")
    error = runner.invoke(cli, ["schema", "--record", "error"])
    assert error.output == schema_text("error")
    out = tmp_path / "generated"
    assert runner.invoke(cli, ["schema", "-o", f"{out}/"]).exit_code == 0
    for kind, name in SCHEMA_FILES.items():
        assert (out / name).read_text(encoding="utf-8") == schema_text(kind)
    single = tmp_path / "one.json"
    assert runner.invoke(cli, ["schema", "--record", "error", "-o", str(single)]).exit_code == 0
    assert single.read_text(encoding="utf-8") == schema_text("error")


def test_schema_describes_the_records_we_write() -> None:
    schema = json_schema("article")
    assert schema["$schema"].endswith("2020-12/schema")
    assert set(schema["properties"]) == set(Article.model_fields)
    assert schema["additionalProperties"] is False
    categories = schema["$defs"]["RatingCategory"]["enum"]
    assert "vung_manh_xuat_sac" in categories and "khong_xep_loai" in categories
    assert set(json_schema("error")["properties"]) == set(ErrorRecord.model_fields)
    assert json.loads(schema_text("article")) == schema


CORPORA = [Path(__file__).resolve().parents[1] / d for d in ("seeds", "tests/corpus/dev")]


@pytest.mark.parametrize("path", sorted(p for d in CORPORA for p in d.glob("*.txt")), ids=str)
def test_records_built_without_validation_pass_validation(path: Path) -> None:
    # the pipeline builds its models with model_construct (speed); strict re-validation of
    # the written record must accept it and give back the same record
    from unionparse.pipeline import extract_file

    article = extract_file(str(path))
    written = article.model_dump_json()
    again = Article.model_validate_json(written, strict=True)
    assert again.model_dump_json() == written
    for ev in again.evidence.values():
        assert 0 <= ev.start <= ev.end
