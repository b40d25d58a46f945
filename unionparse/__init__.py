"""unionparse: Vietnamese trade-union review articles -> verifiable JSON records.

The names below are loaded on first use (PEP 562), so `import unionparse` and commands that never
extract (`--version`, `--help`, `schema`) do not pay for pydantic and the rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from unionparse.models import Article, ErrorRecord, Source
    from unionparse.pipeline import extract_file, extract_text

__version__ = "1.0.0"
__all__ = ["Article", "ErrorRecord", "Source", "extract_file", "extract_text", "__version__"]

_HOMES = {
    "Article": "unionparse.models",
    "ErrorRecord": "unionparse.models",
    "Source": "unionparse.models",
    "extract_file": "unionparse.pipeline",
    "extract_text": "unionparse.pipeline",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'unionparse' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
