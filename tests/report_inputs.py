"""Inputs shared by the report's tests (tests/test_report*.py): a hostile article and records."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from unionparse.cli import cli

# Markup in the text, in the file name and (below) in every kind of record field: none of it
# may run or render as markup. Each payload sets window.__pwned, which a browser test reads.
HOSTILE_TEXT = (
    "Công đoàn Viên chức tỉnh <script>window.__pwned = 1</script> tổng kết năm 2023\n\n"
    'Ngày 12/1/2024, <img src=x onerror="window.__pwned = 2"> Công đoàn Viên chức tỉnh Nghệ An '
    "tổ chức hội nghị tổng kết công tác năm 2023. Công đoàn quản lý 49 công đoàn cơ sở với "
    "4.764 đoàn viên. </textarea></pre><script>window.__pwned = 3</script>\n"
)
HOSTILE_NAME = '<svg onload="window.__pwned=4">.txt'
HOSTILE_TITLE = "<script>window.__pwned = 5</script><b>Tiêu đề</b>"
HOSTILE_MESSAGE = '<img src=x onerror="window.__pwned = 6"> is not a number'


def hostile_pred(root: Path) -> Path:
    """A folder with one hostile article, and an `extract` output for it (`root/pred.jsonl`)
    whose record was then given markup in its title, an award's issuer and a warning."""
    folder = root / "hostile"
    folder.mkdir()
    (folder / HOSTILE_NAME).write_text(HOSTILE_TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(folder), "-f", "jsonl"])
    (rec,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert "error" not in rec and rec["members"]["total"] == 4764, rec
    rec["title"] = HOSTILE_TITLE
    rec["organization"] = "</td></tr></table><script>window.__pwned = 7</script>"
    rec["awards"] = [
        {
            "award": "bang_khen",
            "issuer": "other",
            "issuer_name": "<iframe src=javascript:window.__pwned=8>",
            "collectives": 1,
            "individuals": None,
        }
    ]
    rec["warnings"] = [
        {"code": "conflicting_values", "field": "members.total", "message": HOSTILE_MESSAGE}
    ]
    pred = root / "pred.jsonl"
    pred.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    return pred
