"""docs/contract.md, the output contract in the repository, names every field of the models."""

from __future__ import annotations

import re
from pathlib import Path

from unionparse.fields import field_names
from unionparse.models import WarningCode

ROOT = Path(__file__).resolve().parent.parent


def test_the_contract_in_the_repository_names_every_field() -> None:
    text = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
    words = set(re.findall(r"[a-z_0-9]+(?:\.[a-z_0-9]+)?", text))
    missing = [
        name for name in field_names() if name not in words and name.split(".")[-1] not in words
    ]
    assert missing == [], f"docs/contract.md does not mention {missing}"


def test_the_readme_names_every_warning_code() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [c.value for c in WarningCode if f"`{c.value}`" not in text] == []
