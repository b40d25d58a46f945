"""The names the CLI offers before anything heavy is imported: output formats, CSV tables,
schema kinds. `unionparse --help` and `--version` need these, not pydantic or the rules."""

from __future__ import annotations

FORMATS = ("json", "jsonl", "csv")
TABLES = ("articles", "awards", "ratings")
SCHEMA_FILES = {"article": "article.schema.json", "error": "error_record.schema.json"}
