"""The domain's vocabulary (data/lexicon.toml) compiled once into `regex` patterns.

Vocabulary lives in the TOML file as word lists and as pattern templates that name those lists
(`<<award_kind>>`); this module only expands and compiles them. All matching is on folded text
(lower case, new tone style; see text.fold), so entries are written that way.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

import regex

from unionparse import data_files, pattern_cache

_PLACEHOLDER = pattern_cache.compile(r"<<(\w+)>>")
TIMEOUT = 2.0  # seconds; no pattern here can backtrack catastrophically, this is a backstop


def data() -> dict[str, Any]:
    return data_files.load("lexicon")


@cache
def words(name: str) -> tuple[str, ...]:
    """A word list, or the union of a table of lists (e.g. every award kind's phrases).

    A tuple, built once: callers in hot paths can neither pay for a copy nor change the list.
    """
    if name in data()["tables"]:
        return tuple(w for values in data()["tables"][name].values() for w in values)
    return tuple(data()["words"][name])


def table(name: str) -> dict[str, list[str]]:
    """A table key -> phrases (rating categories, award kinds, issuer levels)."""
    return dict(data()["tables"][name])


def phrase_regex(phrase: str) -> str:
    """A phrase as a pattern: escaped, any run of spaces between words."""
    return r"\s+".join(regex.escape(w) for w in phrase.split())


def alternation(phrases: Iterable[str]) -> str:
    """Longest first, so `vững mạnh xuất sắc` wins over `vững mạnh`."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))  # a stable order: a stable cache key
    return "(?:" + "|".join(phrase_regex(p) for p in ordered) + ")"


@cache
def fragment(name: str) -> str:
    """A named fragment: a template from [fragments] or a word list, expanded recursively."""
    frags = data()["fragments"]
    if name in frags:
        return "(?:" + _expand(frags[name]) + ")"
    if name in data()["words"] or name in data()["tables"]:
        return alternation(words(name))
    if name == "number_words":
        from unionparse.number_words import NUMBER_WORDS_REGEX

        return "(?:" + NUMBER_WORDS_REGEX + ")"
    raise KeyError(f"unknown lexicon fragment: {name}")


def _expand(template: str) -> str:
    return _PLACEHOLDER.sub(lambda m: fragment(m.group(1)), template)


@cache
def pattern(name: str) -> regex.Pattern[str]:
    """A compiled pattern from [patterns]."""
    return compile_template(data()["patterns"][name])


@cache
def compile_template(template: str) -> regex.Pattern[str]:
    """For engine code that composes fragments inline."""
    return pattern_cache.compile(expanded(template), regex.VERSION0)


@pattern_cache.kept
def expanded(template: str) -> str:
    """The template with its fragments written out (kept between runs: expanding the rules'
    templates costs more than loading their compiled patterns)."""
    return _expand(template)


def _pairs(table_name: str) -> list[tuple[str, str]]:
    """(phrase, key), longest phrase first (stable: table order among equal lengths)."""
    pairs = [(p, key) for key, phrases in table(table_name).items() for p in phrases]
    pairs.sort(key=lambda kv: len(kv[0]), reverse=True)
    return pairs


@cache
def phrase_lookup(table_name: str) -> tuple[tuple[regex.Pattern[str], str], ...]:
    """(pattern, key) pairs, longest phrase first, to name what a matched span is."""
    return tuple((pattern_cache.compile(phrase_regex(p)), key) for p, key in _pairs(table_name))


@cache
def _exact_phrases(table_name: str) -> dict[str, str]:
    """single-spaced phrase -> the key phrase_lookup would give for exactly that text."""
    out: dict[str, str] = {}
    for p, key in _pairs(table_name):
        out.setdefault(" ".join(p.split()), key)
    return out


def classify_phrase(table_name: str, s: str) -> str | None:
    """The key of the first phrase (longest first) of the table found in `s`.

    `s` is most often exactly one phrase (the span an alternation matched): a dict lookup then
    gives the same key as the search, as no longer phrase fits in it.
    """
    exact = _exact_phrases(table_name).get(" ".join(s.split()))
    if exact is not None:
        return exact
    for pat, key in phrase_lookup(table_name):
        if pat.search(s):
            return key
    return None


def has_phrase(s: str, phrases: tuple[str, ...]) -> bool:
    """Whole-word containment of any phrase (s already folded and space-normalised)."""
    return has_padded_phrase(f" {s} ", phrases)


def has_padded_phrase(padded: str, phrases: tuple[str, ...]) -> bool:
    """has_phrase on a string already padded with a space each side (pad once, test many)."""
    for p in phrases:
        if p not in padded:  # the usual case, decided without a loop in Python
            continue
        i = padded.find(p)
        while i >= 0:
            before = padded[i - 1] if i > 0 else " "
            after = padded[i + len(p)] if i + len(p) < len(padded) else " "
            if (not before.isalnum() or p[0] == " ") and not after.isalnum():
                return True
            i = padded.find(p, i + 1)
    return False
