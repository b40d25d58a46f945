"""The article as the extractors see it: original text, a same-length folded copy, paragraphs.

Matching runs on `Doc.folded`, a lower-cased copy with lookalike letters, odd spaces and the old
tone-mark placement (hoà, uỷ) mapped one character to one character. Because the copy has the
same length as the text, every match offset is also an offset into the text as read, so
evidence always quotes the original and no table of shifts is needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

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
_SPECIAL = regex.compile("[" + regex.escape("".join(_SPECIAL_MAP)) + "]")

# Old tone placement -> new (hoà -> hòa, uỷ -> ủy) is provinces.fold_tone; it runs only when a
# marked second vowel of oa/oe/uy is present at all.
_OLD_TONE_HINT = regex.compile("[àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ]")


def fold(text: str) -> str:
    """Lower-case, see through lookalikes and tone-mark style; same length as `text`."""
    if _SPECIAL.search(text):  # str.translate walks a dict per character: only when needed
        text = _SPECIAL.sub(lambda m: _SPECIAL_MAP[m.group()], text)
    low = text.lower()
    if len(low) != len(text):  # a rare letter whose lower case is longer (İ): go char by char
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if _OLD_TONE_HINT.search(low):
        low = fold_tone(low)
    return low


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


_LINE = regex.compile(r"[^\n]++")


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_paragraphs(text: str, folded: str) -> list[Para]:
    paras = []
    for m in _LINE.finditer(folded):
        s, e = _strip_span(folded, m.start(), m.end())
        if s < e:
            paras.append(Para(s, e, text[s:e], folded[s:e]))
    return paras


def word_count(s: str) -> int:
    return len(s.split())


def classify(paras: list[Para]) -> None:
    """Mark page furniture, header lines, captions and the byline so extractors can skip them."""
    furniture = lexicon.pattern("furniture_line")
    tail_start = lexicon.pattern("furniture_tail")
    caption_mark = lexicon.pattern("caption_mark")
    in_tail = False
    seen_body = False
    seen_text: set[str] = set()
    seen_title = False
    for i, p in enumerate(paras):
        if len(p.folded) > 40 and p.folded in seen_text:
            p.kind = "duplicate"  # a lead paragraph printed twice is one statement
            continue
        seen_text.add(p.folded)
        if in_tail:
            p.kind = "furniture"
            continue
        if len(p.folded) > 400:  # furniture, headers and captions are short lines
            seen_body = True
            continue
        if tail_start.search(p.folded):
            in_tail = True
            p.kind = "furniture"
            continue
        if furniture.search(p.folded) or (
            not seen_body and lexicon.pattern("breadcrumb").search(p.folded)
        ):
            p.kind = "furniture"
            continue
        if not seen_body and _is_slogan(p.text):
            p.kind = "furniture"
            continue
        words = word_count(p.folded)
        if (
            not seen_body
            and i < 10
            and words <= 15
            and not p.folded.endswith(".")
            and _looks_like_header(p)
        ):
            p.kind = "header"
            continue
        if not seen_body and _is_menu(p):
            p.kind = "furniture"
            continue
        if caption_mark.search(p.folded):
            p.kind = "caption"
            continue
        if words < 30 and not p.folded.rstrip(" \"'”)").endswith((".", "!", "?", ":", ";", "…")):
            # a line without a closing stop: photo caption, cross-heading or byline
            if not seen_body and not seen_title and words >= 4:
                p.kind, seen_title = "title", True
            elif not seen_body and not seen_title:
                p.kind = "furniture"  # a section label or masthead above the headline
            else:
                p.kind = "caption"
            continue
        seen_body = True


_MENU_SEP = regex.compile(r"\s[|›»>•·]\s|\S\s{3,}\S|(?:^|\s)[\w-]+\.(?:vn|com|net|org)\b")


def _is_menu(p: Para) -> bool:
    """A navigation bar (`Thời sự | Kinh tế | Xã hội`), breadcrumb or masthead with a domain."""
    seps = len(_MENU_SEP.findall(p.text))
    if seps >= 2 or (seps and len(p.text.split()) <= 8) or "›" in p.text or " - bao" in p.folded:
        return True
    words = p.text.split()
    return (
        len(words) >= 6
        and all(w[:1].isupper() for w in words)
        and not any(c.isdigit() for c in p.text)
        and p.text != p.text.upper()
    )


def _is_slogan(s: str) -> bool:
    """A banner in capitals ending in `!` (`CHÀO MỪNG ĐẠI HỘI ... NĂM 2023!`): not a headline."""
    s = s.strip()
    return len(s) >= 10 and s.endswith("!") and s == s.upper()


_HEADER_HINT = None


def _looks_like_header(p: Para) -> bool:
    """A short line near the top that is mostly a timestamp or site chrome, not a sentence."""
    global _HEADER_HINT
    if _HEADER_HINT is None:
        _HEADER_HINT = lexicon.pattern("header_hint")
    return bool(_HEADER_HINT.search(p.folded))


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
