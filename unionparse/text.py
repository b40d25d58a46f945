"""The article as the extractors see it: original text, a same-length folded copy, paragraphs.

Matching runs on `Doc.folded`, a lower-cased copy with lookalike letters, odd spaces and the old
tone-mark placement (hoà, uỷ) mapped one character to one character. Because the copy has the
same length as the text, every match offset is also an offset into the text as read, so
evidence always quotes the original and no table of shifts is needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property

import regex

from unionparse import lexicon
from unionparse.provinces import fold_tone

# One code point to one code point: lookalikes, invisible and non-breaking spaces.
_CHAR_FOLD = str.maketrans(
    {
        "\u00d0": "đ",  # Ð (Icelandic eth) typed for Đ
        "\u00f0": "đ",
        "\u0189": "đ",  # Ɖ (African D)
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u200b": " ",
        "\u200c": " ",
        "\u200d": " ",
        "\u2060": " ",
        "\ufeff": " ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u201c": '"',
        "\u201d": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\t": " ",
        "\r": "\n",
    }
)

_SPECIAL_MAP = {chr(k): v for k, v in _CHAR_FOLD.items()}
# `c in text` is a memchr-speed scan and str.replace copies once, where translate would look up
# every character in a dict; no replacement is itself a key, so the order does not matter.
_SPECIAL_ITEMS = tuple(_SPECIAL_MAP.items())


def fold(text: str) -> str:
    """Lower-case, see through lookalikes and tone-mark style; same length as `text`."""
    for char, repl in _SPECIAL_ITEMS:
        if char in text:
            text = text.replace(char, repl)
    low = text.lower()
    if len(low) != len(text):  # a rare letter whose lower case is longer (İ): go char by char
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return fold_tone(low)  # old tone placement -> new (hoà -> hòa, uỷ -> ủy)


@dataclass(slots=True)
class Para:
    """A line of the article with its role; `start`/`end` index the text."""

    start: int
    end: int
    text: str
    folded: str
    kind: str = "body"  # title | header | body | caption | furniture | byline


@dataclass
class Doc:
    text: str
    folded: str
    paras: list[Para] = field(default_factory=list)
    # the article's province is a centrally-run city: a bare `LĐLĐ thành phố` is then provincial
    central_city: bool = False
    # derived data several extractors use, computed once per article (e.g. number anchors)
    memo: dict[str, object] = field(default_factory=dict)

    @cached_property
    def body(self) -> list[Para]:
        return [p for p in self.paras if p.kind == "body"]

    @cached_property
    def body_and_captions(self) -> list[Para]:
        return [p for p in self.paras if p.kind in ("body", "caption")]


def split_paragraphs(text: str, folded: str) -> list[Para]:
    """The non-blank lines of `folded`, stripped of surrounding white space, as paragraphs."""
    paras = []
    pos = 0
    for line in folded.split("\n"):
        n = len(line)
        if n:
            stripped = line.strip()
            if stripped:
                s = pos if len(stripped) == n else pos + n - len(line.lstrip())
                e = s + len(stripped)
                paras.append(Para(s, e, text[s:e], stripped))
        pos += n + 1
    return paras


def word_count(s: str) -> int:
    return len(s.split())


_STOPS = (".", "!", "?", ":", ";", "…")


_NOT_LITERAL = frozenset(".^$*+?{}[]()|")


def required_literal(pattern: regex.Pattern[str]) -> str:
    """The longest text every match of `pattern` contains, or "" when none is certain.

    Reads only the top level of the source: a run of plain or backslash-escaped punctuation
    characters outside groups and classes and not under a quantifier. Gives up on a top-level `|`,
    an escape it does not know, and case-insensitive or verbose patterns. `literal in s` is then
    a cheap test that `pattern.search(s)` would fail.
    """
    if pattern.flags & (regex.IGNORECASE | regex.VERBOSE):
        return ""
    src = pattern.pattern
    best = run = ""
    depth = i = 0
    while i < len(src):
        c = src[i]
        lit = None
        if c == "\\":
            nxt = src[i + 1 : i + 2]
            if nxt and not nxt.isalnum():
                lit = nxt
            elif not nxt or nxt not in "dDsSwWbB":  # \p{..}, \x41, \1: has an argument
                return ""
            i += 2
        elif c == "[":
            i = _class_end(src, i)
        else:
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            elif c == "|" and depth == 0:
                return ""
            elif c in "*?{":  # the character before may be absent
                run = run[:-1]
                if c == "{":  # skip the counts of {m,n}
                    i = src.find("}", i)
                    if i < 0:
                        return ""
            elif c not in _NOT_LITERAL:
                lit = c
            i += 1
        if lit is not None and depth == 0:
            run += lit
        else:
            best = max(best, run, key=len)
            run = ""
    return max(best, run, key=len)


def _class_end(src: str, i: int) -> int:
    """The index after the `]` closing the character class that opens at `src[i]`."""
    j = i + 1
    if src[j : j + 1] == "^":
        j += 1
    if src[j : j + 1] == "]":  # a `]` first in the class is a member
        j += 1
    while j < len(src) and src[j] != "]":
        j += 2 if src[j] == "\\" else 1
    return j + 1


@cache
def _any_of(*names: str) -> regex.Pattern[str]:
    """One search that fails exactly when each of the named lexicon patterns fails."""
    sources = (lexicon.pattern(name).pattern for name in names)
    return regex.compile("|".join(f"(?:{s})" for s in sources), regex.VERSION0)


@cache
def _gated(*names: str) -> tuple[tuple[str, regex.Pattern[str]], ...]:
    """Lexicon patterns, each with the literal its matches contain, to test with `in` first."""
    return tuple((required_literal(p), p) for p in map(lexicon.pattern, names))


def classify(paras: list[Para]) -> None:
    """Mark page furniture, header lines, captions and the byline so extractors can skip them.

    Costs are kept per line: the line-start patterns share one search, the others are tried only
    on lines containing the literal their matches need, and words are counted only when needed.
    """
    # one search answers "neither" for most lines; each pattern is tried alone only after a hit
    tail_or_line = _any_of("furniture_tail", "furniture_line")
    tail_start = lexicon.pattern("furniture_tail")
    furniture_line = lexicon.pattern("furniture_line")
    breadcrumb = lexicon.pattern("breadcrumb")
    (count_lit, count), (pager_lit, pager) = _gated("furniture_count", "furniture_pager")
    (mark_lit, mark), (credit_lit, credit) = _gated("caption_mark", "caption_credit")
    in_tail = False
    seen_body = False
    seen_text: set[str] = set()
    seen_title = False
    for i, p in enumerate(paras):
        f = p.folded
        if len(f) > 40:
            if f in seen_text:
                p.kind = "duplicate"  # a lead paragraph printed twice is one statement
                continue
            seen_text.add(f)
        if in_tail:
            p.kind = "furniture"
            continue
        if len(f) > 400:  # furniture, headers and captions are short lines
            seen_body = True
            continue
        hit = tail_or_line.search(f) is not None
        if hit and tail_start.search(f):
            in_tail = True
            p.kind = "furniture"
            continue
        if (
            (hit and furniture_line.search(f))
            or (count_lit in f and count.search(f))
            or (pager_lit in f and pager.search(f))
            or (not seen_body and breadcrumb.search(f))
        ):
            p.kind = "furniture"
            continue
        if not seen_body:
            if _is_slogan(p.text):
                p.kind = "furniture"
                continue
            if i < 10 and not f.endswith(".") and word_count(f) <= 15 and _looks_like_header(p):
                p.kind = "header"
                continue
            if _is_menu(p):
                p.kind = "furniture"
                continue
        if (mark_lit in f and mark.search(f)) or (credit_lit in f and credit.search(f)):
            p.kind = "caption"
            continue
        if not f.rstrip(" \"'”)").endswith(_STOPS) and word_count(f) < 30:
            # a line without a closing stop: photo caption, cross-heading or byline
            if not seen_body and not seen_title and word_count(f) >= 4:
                p.kind, seen_title = "title", True
            elif not seen_body and not seen_title:
                p.kind = "furniture"  # a section label or masthead above the headline
            else:
                p.kind = "caption"
            continue
        seen_body = True


_MENU_SEP = regex.compile(r"\s[|›»>•·]\s|\S\s{3,}\S|(?:^|\s)[\w-]+\.(?:vn|com|net|org)\b")
# What `_MENU_SEP` needs to match at all: a mark, a domain ending, or three spaces in a row (any
# white space but " " is unprintable, so a printable line can only have plain spaces).
_MENU_MARKS = ("|", "›", "»", ">", "•", "·", ".vn", ".com", ".net", ".org", "   ")


def _is_menu(p: Para) -> bool:
    """A navigation bar (`Thời sự | Kinh tế | Xã hội`), breadcrumb or masthead with a domain."""
    t = p.text
    if "›" in t or " - bao" in p.folded:
        return True
    words = t.split()
    if any(m in t for m in _MENU_MARKS) or not t.isprintable():
        seps = len(_MENU_SEP.findall(t))
        if seps >= 2 or (seps and len(words) <= 8):
            return True
    return (
        len(words) >= 6
        and all(w[:1].isupper() for w in words)
        and not any(c.isdigit() for c in t)
        and t != t.upper()
    )


def _is_slogan(s: str) -> bool:
    """A banner in capitals ending in `!` (`CHÀO MỪNG ĐẠI HỘI ... NĂM 2023!`): not a headline."""
    s = s.strip()
    return len(s) >= 10 and s.endswith("!") and s == s.upper()


def _looks_like_header(p: Para) -> bool:
    """A short line near the top that is mostly a timestamp or site chrome, not a sentence."""
    return bool(lexicon.pattern("header_hint").search(p.folded))


def make_doc(text: str) -> Doc:
    folded = fold(text)
    paras = split_paragraphs(text, folded)
    classify(paras)
    return Doc(text=text, folded=folded, paras=paras)


_SENTENCE_END = regex.compile(r"(?<!\d)[.!?…](?!\d)\s++|(?<=\d)\.\s++(?=\p{Lu}|\d)|\n")


def sentences(p: Para) -> list[tuple[int, int]]:
    """Sentence spans inside a paragraph (absolute offsets)."""
    out = []
    pos = 0
    for m in _SENTENCE_END.finditer(p.text):
        if m.start() > pos:
            out.append((p.start + pos, p.start + m.start()))
        pos = m.end()
    if pos < len(p.text):
        out.append((p.start + pos, p.end))
    return out
