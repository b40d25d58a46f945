"""text -> Article, pure. (Being built: extractors are wired in here.)"""

from __future__ import annotations

from unionparse.models import Article, Source


def extract_text(text: str, path: str | None = None, source: Source | None = None) -> Article:
    src = source if source is not None else Source(path=path)
    return Article(source=src)


def extract_file(path: str) -> Article:
    from unionparse.reader import load_path

    doc = load_path(path)
    return extract_text(doc.text, source=doc.source)
