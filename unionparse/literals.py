"""What text a pattern's matches must contain, read from its source: cheap gates before a search.

A `regex` search costs thousands of instructions per call even when it fails at once, while
`str.startswith(tuple)` and `in` cost a few hundred. For a pattern whose matches always begin
with, or contain, one of a few known strings, testing those strings first skips most searches
without changing a single result. The reading is conservative: any construct it does not know
ends what it can say (or makes it say nothing), so a gate can only be weaker than the truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from unionparse import pattern_cache

__all__ = ["Literals", "literals"]

_CAP = 64  # most strings kept per set; more and the set is treated as unknown
_SPECIAL = frozenset(".^$*+?{}[]()|\\")


@dataclass(frozen=True, slots=True)
class Literals:
    """`start`: every match is at offset 0 and begins with one of these; `within`: every match
    contains one of these. None when nothing certain is known."""

    start: tuple[str, ...] | None
    within: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class _Info:
    exact: frozenset[str] | None = None  # every match is one of these strings
    head: frozenset[str] | None = None  # every match begins with one of these
    need: frozenset[str] | None = None  # every match contains one of these
    anchored: bool = False  # matches only at the start of the subject


_ANY_CHAR = _Info()
_EMPTY = _Info(exact=frozenset({""}), head=frozenset({""}))
_START = _Info(exact=frozenset({""}), head=frozenset({""}), anchored=True)


class _GiveUp(Exception):
    """A construct the reader does not know: say nothing about the pattern."""


@cache
def literals(pattern: regex.Pattern[str]) -> Literals:
    """The strings every match of `pattern` begins with or contains, as far as is certain.

    Read once per pattern and kept between runs (pattern_cache): reading the rules' sources costs
    about a tenth of a second.
    """
    key = ("literals", pattern.pattern, int(pattern.flags))
    start, within = pattern_cache.remembered(key, lambda: _read(pattern))
    return Literals(start, within)


def _read(pattern: regex.Pattern[str]) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    if pattern.flags & (regex.IGNORECASE | regex.VERBOSE | regex.MULTILINE):
        return None, None
    try:
        info, end = _Reader(pattern.pattern).alternation(0)
    except _GiveUp:
        return None, None
    if end != len(pattern.pattern):  # an unbalanced `)`
        return None, None
    start = _useful(info.head, prefixes=True) if info.anchored else None
    return start, _useful(_best([info.need, info.exact]), prefixes=False)


def _useful(strings: frozenset[str] | None, *, prefixes: bool) -> tuple[str, ...] | None:
    """The set as a sorted tuple without members implied by another (one that begins with it,
    or contains it); None if it holds "", which every string begins with and contains."""
    if not strings or "" in strings:
        return None
    if prefixes:
        kept = [s for s in strings if not any(t != s and s.startswith(t) for t in strings)]
    else:
        kept = [s for s in strings if not any(t != s and t in s for t in strings)]
    return tuple(sorted(kept))


def _cross(a: frozenset[str], b: frozenset[str]) -> frozenset[str] | None:
    if len(a) * len(b) > _CAP:
        return None
    return frozenset(x + y for x in a for y in b)


def _best(sets: list[frozenset[str] | None]) -> frozenset[str] | None:
    """The most selective set: longest shortest member, then fewest members."""
    usable = [s for s in sets if s and "" not in s]
    if not usable:
        return None
    return max(usable, key=lambda s: (min(map(len, s)), -len(s)))


class _Reader:
    """A recursive reader of the subset of `regex` syntax the lexicon uses."""

    def __init__(self, src: str) -> None:
        self.src = src

    def alternation(self, i: int) -> tuple[_Info, int]:
        """The branches from `i` up to an unmatched `)` or the end."""
        branches = []
        while True:
            info, i = self.sequence(i)
            branches.append(info)
            if i < len(self.src) and self.src[i] == "|":
                i += 1
                continue
            break
        if len(branches) == 1:
            return branches[0], i
        exact: frozenset[str] | None = None
        if all(b.exact is not None for b in branches):
            exact = frozenset().union(*(b.exact for b in branches if b.exact is not None))
            exact = exact if len(exact) <= _CAP else None
        heads = [b.head if b.head is not None else b.exact for b in branches]
        head = frozenset().union(*heads) if all(h is not None for h in heads) else None  # type: ignore[arg-type]
        needs = [_best([b.need, b.exact]) for b in branches]
        need = frozenset().union(*needs) if all(n is not None for n in needs) else None  # type: ignore[arg-type]
        return _Info(exact, head, need, all(b.anchored for b in branches)), i

    def sequence(self, i: int) -> tuple[_Info, int]:
        """Atoms in a row, up to `|`, `)` or the end."""
        src = self.src
        items: list[_Info] = []
        while i < len(src) and src[i] not in "|)":
            atom, i = self.atom(i)
            atom, i = self.quantified(atom, i)
            items.append(atom)
        exact: frozenset[str] | None = frozenset({""})
        head: frozenset[str] | None = frozenset({""})
        head_open = True
        run: frozenset[str] = frozenset({""})
        candidates: list[frozenset[str] | None] = []
        for it in items:
            if exact is not None:
                exact = _cross(exact, it.exact) if it.exact is not None else None
            if it.exact is not None:
                grown = _cross(run, it.exact)
                if grown is not None:
                    run = grown
                    if head_open and head is not None:
                        head = _cross(head, it.exact) or head
                    continue
                candidates.append(run)
                run = frozenset({""})
                head_open = False
                continue
            candidates.append(_cross(run, it.head) if it.head is not None else run)
            candidates.append(it.need)
            run = frozenset({""})
            if head_open and head is not None and it.head is not None:
                head = _cross(head, it.head) or head
            head_open = False
        candidates.append(run)
        anchored = bool(items) and items[0].anchored
        return _Info(exact, head, _best(candidates), anchored), i

    def atom(self, i: int) -> tuple[_Info, int]:
        src = self.src
        c = src[i]
        if c == "\\":
            return self.escape(i)
        if c == "[":
            return _ANY_CHAR, _class_end(src, i)
        if c == "(":
            return self.group(i)
        if c == "^":
            return _START, i + 1
        if c == "$":
            return _EMPTY, i + 1
        if c == ".":
            return _ANY_CHAR, i + 1
        if c in _SPECIAL:  # a quantifier with nothing to repeat, a stray `{`
            raise _GiveUp
        return _literal(c), i + 1

    def escape(self, i: int) -> tuple[_Info, int]:
        nxt = self.src[i + 1 : i + 2]
        if not nxt:
            raise _GiveUp
        if not nxt.isalnum() and nxt != "_":
            return _literal(nxt), i + 2
        if nxt in "bB":
            return _EMPTY, i + 2
        if nxt == "A":
            return _START, i + 2
        if nxt in "dDsSwW":
            return _ANY_CHAR, i + 2
        if nxt in "nt":
            return _literal("\n" if nxt == "n" else "\t"), i + 2
        raise _GiveUp  # \p{..}, \x41, \1, \Z ...: has an argument or a meaning not read here

    def group(self, i: int) -> tuple[_Info, int]:
        src = self.src
        zero_width = False
        if src.startswith("(?:", i) or src.startswith("(?>", i):
            i += 3
        elif src.startswith(("(?=", "(?!"), i):
            i, zero_width = i + 3, True
        elif src.startswith(("(?<=", "(?<!"), i):
            i, zero_width = i + 4, True
        elif src.startswith("(?P<", i) or src.startswith("(?<", i):
            close = src.find(">", i)
            if close < 0:
                raise _GiveUp
            i = close + 1
        elif src.startswith("(?", i):
            raise _GiveUp  # flags, conditionals, comments
        else:
            i += 1
        info, i = self.alternation(i)
        if i >= len(src) or src[i] != ")":
            raise _GiveUp
        return (_EMPTY if zero_width else info), i + 1

    def quantified(self, atom: _Info, i: int) -> tuple[_Info, int]:
        """`atom` under a following quantifier, if any."""
        src = self.src
        if i >= len(src) or src[i] not in "?*+{":
            return atom, i
        c = src[i]
        if c == "{":
            close = src.find("}", i)
            if close < 0:
                raise _GiveUp
            lo_text, _, hi_text = src[i + 1 : close].partition(",")
            if not (lo_text.isdigit() or lo_text == "") or not (hi_text.isdigit() or hi_text == ""):
                raise _GiveUp
            lo = int(lo_text) if lo_text else 0
            hi = int(hi_text) if hi_text else (lo if "," not in src[i:close] else -1)
            i = close + 1
        else:
            lo, hi = (0, 1) if c == "?" else (0, -1) if c == "*" else (1, -1)
            i += 1
        if i < len(src) and src[i] in "?+":  # lazy or possessive: the same strings
            i += 1
        if lo == hi == 1:
            return atom, i
        if lo == 0:
            if hi == 1 and atom.exact is not None:
                return _Info(exact=atom.exact | {""}, head=frozenset({""})), i
            return _EMPTY if hi == 0 else _Info(), i
        need = _best([atom.need, atom.exact])
        return _Info(
            None, atom.head if atom.head is not None else atom.exact, need, atom.anchored
        ), i


def _literal(c: str) -> _Info:
    s = frozenset({c})
    return _Info(exact=s, head=s, need=s)


def _class_end(src: str, i: int) -> int:
    """The index after the `]` closing the character class that opens at `src[i]`."""
    j = i + 1
    if src[j : j + 1] == "^":
        j += 1
    if src[j : j + 1] == "]":  # a `]` first in the class is a member
        j += 1
    while j < len(src) and src[j] != "]":
        if src[j] == "[":  # a nested set or [:alpha:]: not read here
            raise _GiveUp
        j += 2 if src[j] == "\\" else 1
    if j >= len(src):
        raise _GiveUp
    return j + 1
