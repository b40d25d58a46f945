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

from unionparse import lexicon, pattern_cache
from unionparse.literals import literals
from unionparse.provinces import fold_tone, lookup

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
    # title | header | body | caption | furniture | byline | masthead (the site's name in
    # capitals above the menus: no headline, but it names the site's owner)
    kind: str = "body"


@dataclass
class Doc:
    text: str
    folded: str
    paras: list[Para] = field(default_factory=list)
    # the article's province is a centrally-run city: a bare `LĐLĐ thành phố` is then provincial
    central_city: bool = False
    # the article reviews a term or several years: totals over them are its figures (v1.1)
    spans_years: bool = False
    # the union is the education sector's: its schools' CĐCS are all of it, not a block
    education_union: bool = False
    # derived data several extractors use, computed once per article (e.g. number anchors)
    memo: dict[str, object] = field(default_factory=dict)

    @cached_property
    def body(self) -> list[Para]:
        return [p for p in self.paras if p.kind == "body"]

    @cached_property
    def body_and_captions(self) -> list[Para]:
        return [p for p in self.paras if p.kind in ("body", "caption")]


# a line at least this long that stops mid-sentence before a number was wrapped by its page or
# its scanner (a shorter one may be a heading over a figure)
_WRAPPED_LINE = 45


# a line that opens with a date or a time is a timestamp, never the rest of a sentence
_DATED_START = pattern_cache.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2}|\d{1,2}:\d\d")


def unwrap_lines(text: str, folded: str) -> str:
    """Text copied from a PDF, a scanned bulletin or a narrow page breaks its sentences across
    lines (`... tổ chức Hội nghị tổng kết hoạt động công\nđoàn năm 2019, ...`): a line break
    becomes a space where the line before stops mid-sentence and the next line goes on: it opens
    in lower case (a sentence opens with a capital), or with any word after a comma, or with a
    number that is not a date or a time after a long line (a short one may be a heading). Never
    after a table's or a menu's row or a word split by a hyphen. The length stays the same, so
    every offset still points into the text as written (a quote across the break keeps its line
    break)."""
    chars: list[str] | None = None
    size = len(text)
    start = 0
    while (i := text.find("\n", start)) >= 0:
        line_start, start = start, i + 1
        k = i - 1  # the line's last character
        while k > line_start and text[k] in " \t\r":
            k -= 1
        j = start  # the next line's first character
        while j < size and text[j] in " \t":
            j += 1
        # (most lines end a sentence, or the next is blank or opens with a capital)
        if k < line_start or j >= size or text[k] in _STOP_CHARS or text[j] == "\n":
            continue
        c, last = text[j], text[k]
        if c.isdigit():
            if k - line_start + 1 < _WRAPPED_LINE or _DATED_START.match(text, j):
                continue
        elif not (
            c.islower()
            or (last == "," and c.isupper())
            or (c.isupper() and k - line_start + 1 >= _WRAPPED_LINE and _name_split(text, k, j))
        ):
            continue
        if last in "-–" or _ROW_MARK.search(text, line_start, i):
            continue  # a word split by a hyphen, a table's or a menu's row
        if chars is None:
            chars = list(folded)
        chars[i] = " "
    return folded if chars is None else "".join(chars)


_ROW_MARK = pattern_cache.compile(r"[\t|]")


def _name_split(text: str, k: int, j: int) -> bool:
    """A province's name broken across the lines (`... tỉnh Quảng\nNinh tổ chức ...`): the last
    word of one line and the first of the next name it together."""
    last = text[text.rfind(" ", 0, k) + 1 : k + 1]
    end = j
    while end < len(text) and text[end].isalpha():
        end += 1
    return lookup(f"{last} {text[j:end]}") is not None


def split_paragraphs(text: str, folded: str) -> list[Para]:
    """The non-blank lines of `folded` (a wrapped line goes on in the next: see unwrap_lines),
    stripped of surrounding white space, as paragraphs."""
    paras: list[Para] = []
    append = paras.append
    new = object.__new__  # a Para filled in place: a third of the cost of calling __init__
    pos = 0
    for line in folded.split("\n"):
        if line:
            stripped = line.strip()  # the same object when there is nothing to strip
            if stripped:
                s = pos if stripped is line else pos + len(line) - len(line.lstrip())
                e = s + len(stripped)
                p = new(Para)
                p.start = s
                p.end = e
                written = text[s:e]
                # a line break inside a paragraph is a wrapped line's (unwrap_lines): a space
                p.text = written.replace("\n", " ") if "\n" in written else written
                p.folded = stripped
                p.kind = "body"
                append(p)
            pos += len(line) + 1
        else:
            pos += 1
    return paras


def word_count(s: str) -> int:
    return len(s.split())


def _words_past(s: str, cap: int) -> int:
    """`word_count(s)` when it is `cap` or less, else `cap + 1`: the split stops there."""
    return len(s.split(None, cap))


_STOPS = (".", "!", "?", ":", ";", "…")
_STOP_CHARS = frozenset("".join(_STOPS))


class _Gated:
    """A lexicon pattern with the literals its matches need: `search` tries the pattern only on
    a line that has them, which most lines do not."""

    __slots__ = ("pattern", "first", "within")

    def __init__(self, name: str) -> None:
        self.pattern = lexicon.pattern(name)
        lits = literals(self.pattern)
        # a start gate is read as first character -> the literals starting with it
        self.first = _by_first(lits.start) if lits.start is not None else None
        self.within = _by_probe(lits.within) if lits.within is not None else None

    def search(self, s: str) -> bool:
        first = self.first
        if first is not None and not s.startswith(first.get(s[:1], ())):
            return False
        within = self.within
        if within is not None:
            for probe, w in within:
                if probe in s and (probe is w or w in s):
                    break
            else:
                return False
        return self.pattern.search(s) is not None


def _by_probe(within: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each literal after a probe to test first: a punctuation mark of it when it has one (`in`
    finds one character at memchr speed, and marks are rarer than letters), else itself."""
    out = []
    for w in within:
        mark = next((c for c in w if not c.isalnum() and not c.isspace()), w)
        out.append((w if mark == w else mark, w))
    return tuple(out)


def _by_first(heads: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Literals grouped by their first character, for `s.startswith(by_first.get(s[:1]))`."""
    out: dict[str, tuple[str, ...]] = {}
    for head in heads:
        out[head[0]] = (*out.get(head[0], ()), head)
    return out


class _AnyOf:
    """Gated patterns asked together in one call, each under a label: the first label in order
    whose patterns match. Literals that share a probe are tried only when it is there."""

    __slots__ = ("entries",)

    def __init__(self, *labelled: tuple[int, _Gated]) -> None:
        if any(g.first is not None for _, g in labelled):
            raise ValueError("start gates are not read by _AnyOf")
        always = ("", "")  # a pattern without a `within` gate: `"" in s` always holds
        by_probe: dict[str, list[tuple[str, regex.Pattern[str], int]]] = {}
        for label, g in labelled:
            for probe, w in g.within if g.within is not None else (always,):
                by_probe.setdefault(probe, []).append((w, g.pattern, label))
        self.entries = tuple((probe, tuple(tests)) for probe, tests in by_probe.items())

    def search(self, s: str) -> int:
        """The smallest label with a match, 0 when there is none (labels are 1, 2, ...)."""
        best = 0
        for probe, tests in self.entries:
            if probe in s:
                for w, pattern, label in tests:
                    if (
                        (best == 0 or label < best)
                        and (probe is w or w in s)
                        and pattern.search(s) is not None
                    ):
                        if label == 1:
                            return 1
                        best = label
        return best


@cache
def _gates() -> tuple[_Gated, ...]:
    names = ("furniture_tail", "furniture_line", "furniture_count", "furniture_pager")
    names += ("breadcrumb", "caption_mark", "caption_credit", "header_hint")
    return tuple(map(_Gated, names))


_FURNITURE, _CAPTION = 1, 2  # labels of the patterns that may match anywhere in a line


@cache
def _anywhere() -> _AnyOf:
    """The furniture patterns that may match anywhere in a line, then the caption ones."""
    _, _, count, pager, _, mark, credit, _ = _gates()
    return _AnyOf((_FURNITURE, count), (_FURNITURE, pager), (_CAPTION, mark), (_CAPTION, credit))


@cache
def _line_start_gate() -> dict[str, tuple[str, ...]] | None:
    """What a line must start with for furniture_tail or furniture_line to match (None: any)."""
    tail, line = _gates()[:2]
    if tail.first is None or line.first is None:
        return None
    return _by_first(
        tuple(h for first in (tail.first, line.first) for v in first.values() for h in v)
    )


# How many lines a page's top can take before the body: a masthead, its tagline, a date widget,
# a menu, a breadcrumb, a section label, a kicker, the headline, its timestamp and a byline.
PAGE_TOP = 12


def classify(paras: list[Para]) -> None:
    """Mark page furniture, header lines, captions and the byline so extractors can skip them.

    Costs are kept per line: each pattern is tried only on lines holding the literals its
    matches need (see `literals`), and words are counted only when needed.
    """
    tail, line, _, _, breadcrumb, _, _, header = _gates()
    anywhere = _anywhere()
    starts = _line_start_gate()
    in_tail = False
    seen_body = False
    # long lines seen so far, by length: a line, or the set of lines once a length recurs, so
    # that a line of a new length is stored without hashing it
    seen_text: dict[int, str | set[str]] = {}
    seen_title = False
    for i, p in enumerate(paras):
        f = p.folded
        n = len(f)
        if n > 40:
            same_length = seen_text.get(n)
            if same_length is None:
                seen_text[n] = f
            elif f == same_length or (isinstance(same_length, set) and f in same_length):
                p.kind = "duplicate"  # a lead paragraph printed twice is one statement
                continue
            elif isinstance(same_length, set):
                same_length.add(f)
            else:
                seen_text[n] = {same_length, f}
        if in_tail:
            p.kind = "furniture"
            continue
        if n > 400:  # furniture, headers and captions are short lines
            seen_body = True
            continue
        heads = starts.get(f[:1], ()) if starts is not None else None
        if heads is None or (heads and f.startswith(heads)):
            if tail.search(f):
                in_tail = True
                p.kind = "furniture"
                continue
            if line.search(f):
                p.kind = "furniture"
                continue
        found = anywhere.search(f)  # furniture wins over caption; both are read in order below
        if found == _FURNITURE or (not seen_body and breadcrumb.search(f)):
            p.kind = "furniture"
            continue
        if not seen_body:
            if _is_slogan(p.text) or f.startswith(_CMS_PLACEHOLDERS):
                p.kind = "furniture"
                continue
            if _kicker(f):
                # a kicker (`Công đoàn Viên chức tỉnh:`) over the headline (under a banner read
                # as the title, too: _masthead_above_headline puts that right)
                p.kind = "furniture"
                continue
            if (
                i < 10
                and n <= 160
                and not f.endswith(".")
                and _words_past(f, 15) <= 15
                and header.search(f)
            ):
                p.kind = "header"
                continue
            if _is_menu(p):
                p.kind = "furniture"
                continue
        elif i < 10 and n <= 40 and _TIMESTAMP_LINE.match(f):
            p.kind = "header"  # a CMS timestamp printed under the lead paragraph
            continue
        if found == _CAPTION:
            p.kind = "caption"
            continue
        if not f.rstrip(" \"'”)").endswith(_STOPS):
            words = _words_past(f, 29)
            if words < 30:
                # a line without a closing stop: photo caption, cross-heading or byline
                if not seen_body and not seen_title and words >= 4 and not _label_over(paras, i):
                    p.kind, seen_title = "title", True
                elif not seen_body and not seen_title:
                    p.kind = "furniture"  # a section label or masthead above the headline
                else:
                    p.kind = "caption"
                continue
        # (under the headline too: the top photo's caption may stand above the lead)
        if (seen_body or seen_title) and n <= 160 and _photo_sentence(f):
            p.kind = "caption"
            continue
        seen_body = True
    _masthead_above_headline(paras)


@cache
def _caption_words() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    scenes = lexicon.words("caption_scene")
    return (*lexicon.words("caption_lead"), *scenes), scenes, lexicon.words("caption_verb")


def _photo_sentence(f: str) -> bool:
    """A photo caption written as one short sentence after the body began: `Lãnh đạo tỉnh trao
    Huân chương Lao động hạng Nhì cho Công đoàn các KCN.` or `Toàn cảnh hội nghị.` (its award
    repeats the body's; its numbers are not the article's)."""
    leads, scenes, verbs = _caption_words()
    if not f.startswith(leads) or _words_past(f, 25) > 25:
        return False
    body = f.rstrip(" .")
    if any(c in body for c in ".;!?"):
        return False  # more than one sentence
    return f.startswith(scenes) or has_any(f, verbs)


def _masthead_above_headline(paras: list[Para]) -> None:
    """The site's name taken as the title when the headline follows it before the body: a
    masthead in capitals (`LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐẮK LẮK`, `TRƯỜNG MẦM NON TẢN LĨNH`), a
    station or domain banner (`HYTV - Truyền hình Hưng Yên`, `BAOHAUGIANG.COM.VN trên Google
    News`) or a section name that the page's menu also lists. The headline-like line after it is
    the title; the banner keeps the kind `masthead` (it names the site's owner)."""
    for i, p in enumerate(paras):
        if p.kind == "body":
            return
        if p.kind != "title":
            continue
        q = next((q for q in paras[i + 1 :] if q.kind == "body" or _headline_after(p, q)), None)
        if q is None or q.kind == "body":
            return  # most pages: the headline is followed by the body
        if p.text == p.text.upper() or _banner(p) or _menu_section(paras[:i], p.text.strip()):
            p.kind, q.kind = "masthead", "title"
            continue  # the new title may be a section name in its turn: read on from it
        return


def _kicker(f: str) -> bool:
    """`Công đoàn Viên chức tỉnh:` over a headline: a line of at most 8 words ending in a colon."""
    return f.rstrip().endswith(":") and _words_past(f, 8) <= 8


def _headline_after(p: Para, q: Para) -> bool:
    """`q`, a line after the title `p`, reads as a headline (one in capitals longer than `p`)."""
    return (
        q.kind == "caption"
        and not _photo_sentence(q.folded)
        and (
            _headline_like(q.text)
            or _headline_like(q.text.capitalize())
            and len(q.text.split()) > len(p.text.split())
        )
    )


# a line that is nothing but a date with a year and maybe a weekday and a time
# (`06/06/2024 07:45`, `07:45 | 06/06/2024 (GMT+7)`, `Thứ Ba, 08/08/2023 10:05`): a timestamp
# wherever it stands near the top
_TIMESTAMP_LINE = lexicon.compile_template(
    r"^\s*(?:(?:<<weekday>>)\s*,?\s*)?(?:\d{1,2}:\d\d\s*[,|-]?\s*)?\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
    r"(?:\s*[,|-]?\s*\d{1,2}:\d\d(?::\d\d)?)?(?:\s*\(?gmt\s*[+-]\s*\d{1,2}\)?)?\s*$"
)
# a CMS placeholder printed where the headline should be (`null CÔNG ĐOÀN ...`, `Asset Publisher`)
_CMS_PLACEHOLDERS = ("null", "undefined", "asset publisher", "none ")
_BANNER = lexicon.compile_template(
    r"^\p{Lu}[\p{Lu}\d]{1,7}\s+-\s+|[\w-]+\.(?:com\.vn|vn|com|net|org)\b|(?<!\w)(?:<<site_banner_word>>)(?!\w)"
)


def _banner(p: Para) -> bool:
    """A station or site banner: `HYTV - Truyền hình Hưng Yên`, a domain, `Cổng thông tin ...`,
    a site's tagline (`... - Cơ quan của Liên đoàn Lao động tỉnh ...`)."""
    return _BANNER.search(p.text) is not None or _BANNER.search(p.folded) is not None


def _menu_section(before: list[Para], t: str) -> bool:
    """The line is one of the sections a menu above it lists (`LĐLĐ huyện, thị xã, thành phố`)."""
    return len(t) >= 6 and any(
        q.kind == "furniture" and t in q.text and t != q.text.strip() for q in before
    )


def _headline_like(t: str) -> bool:
    """Five to sixty words in mixed case, with no byline label (`Bài và ảnh: ...`) in front (a
    section label such as `Hoạt động đoàn thể` is shorter)."""
    words = t.split(None, 60)
    if not 5 <= len(words) <= 60 or t == t.upper():
        return False
    label = t.find(":")  # `Bài và ảnh: ...` is a byline; `Lào Cai: ...` a headline's kicker
    return not (0 <= label and fold(t[:label]).strip() in _byline_labels())


@cache
def _byline_labels() -> frozenset[str]:
    return frozenset(lexicon.words("byline_label"))


_MENU_SEP = pattern_cache.compile(r"\s[|›»>•·]\s|\S\s{3,}\S|(?:^|\s)[\w-]+\.(?:vn|com|net|org)\b")
# What `_MENU_SEP` needs to match at all: a mark, a domain ending, or three spaces in a row (any
# white space but " " is unprintable, so a printable line can only have plain spaces). Every
# match is 3 characters or more.
_MENU_CHARS = ("|", "›", "»", ">", "•", "·")
_MENU_DOMAINS = (".vn", ".com", ".net", ".org")
_MENU_MARKS = (*_MENU_CHARS, *_MENU_DOMAINS, "   ")


def _has_menu_mark(t: str) -> bool:
    """`has_any(t, _MENU_MARKS)`, one-character marks first: an ASCII literal of several
    characters is copied to the line's width for each `in` (a Vietnamese line is UCS-2), and
    every domain ending holds a `.`."""
    return has_any(t, _MENU_CHARS) or ("." in t and has_any(t, _MENU_DOMAINS)) or "   " in t


def _is_menu(p: Para) -> bool:
    """A navigation bar (`Thời sự | Kinh tế | Xã hội`), breadcrumb or masthead with a domain."""
    t = p.text
    if "›" in t or ("-" in p.folded and " - bao" in p.folded):
        return True
    # the first eight words and the rest: enough to count up to 8 and to test most lines, whose
    # second or third word is not capitalised, without splitting a whole paragraph
    words = t.split(None, 8)
    if len(t) >= 3 and (_has_menu_mark(t) or not t.isprintable()):
        if len(words) <= 8 or not _one_domain_at_most(t):
            seps = len(_MENU_SEP.findall(t))
            if seps >= 2 or (seps and len(words) <= 8):
                return True
    if "  " in t and _spaced_menu(t):
        return True
    if _section_trail(t):
        return True
    if len(words) < 6:
        return False
    for w in words[:8]:  # a loop: most lines stop at their second word, before a generator pays
        if not w[:1].isupper():
            return False
    return (
        all(w[:1].isupper() for w in t.split())
        and not any(c.isdigit() for c in t)
        and t != t.upper()
    )


def has_any(t: str, literals: tuple[str, ...]) -> bool:
    """`any(w in t for w in literals)` without a generator's cost (the extractors' keyword
    gates call it in their inner loops)."""
    for w in literals:
        if w in t:
            return True
    return False


_GAP = pattern_cache.compile(r"\s{2,}")
_DASHES = ("-", "–", "—")
_TRAIL_MARKS = (" » ", " > ", " › ", " / ")


def _section_names(parts: list[str], most_words: int) -> bool:
    """Each part a section name: capitalised, at most `most_words` words (dashes not counted),
    no digit, no stop."""
    for part in parts:
        part = part.strip()
        words = [w for w in part.split() if w not in _DASHES]
        if not words or not part[:1].isupper() or len(words) > most_words:
            return False
        if any(c.isdigit() for c in part) or part.endswith(_STOPS):
            return False
    return True


def _label_over(paras: list[Para], i: int) -> bool:
    """`Chính trị - Xã hội` over the headline: two section names of at most three words joined
    by a dash, with a longer headline-like line among the next three."""
    parts = paras[i].text.split(" - ")
    if len(parts) != 2 or not _section_names(parts, 3):
        return False
    return any(_headline_like(q.text) for q in paras[i + 1 : i + 4])


def _spaced_menu(t: str) -> bool:
    """`Thời sự  Chính trị  Kinh tế  Xã hội`: four or more section names set apart by spaces."""
    parts = _GAP.split(t.strip())
    return len(parts) >= 4 and _section_names(parts, 5)


def _section_trail(t: str) -> bool:
    """`Tin tức - Sự kiện » Hoạt động công đoàn ngành`: a breadcrumb of two section names."""
    for mark in _TRAIL_MARKS:
        if mark in t:
            parts = t.split(mark)
            return len(parts) == 2 and _section_names(parts, 8)
    return False


def _one_domain_at_most(t: str) -> bool:
    """True when `_MENU_SEP` matches `t` once at most, seen without a search: on a printable line
    with no mark and no three spaces only the domain alternative can match, and each of its
    matches holds its own `.vn`/`.com`/`.net`/`.org` (a lead like `(Baonghean.vn) - Sáng ...`)."""
    if "   " in t or not t.isprintable() or has_any(t, _MENU_MARKS[:6]):
        return False
    return sum(map(t.count, _MENU_MARKS[6:10])) < 2


def _is_slogan(s: str) -> bool:
    """A banner in capitals ending in `!` (`CHÀO MỪNG ĐẠI HỘI ... NĂM 2023!`): not a headline."""
    s = s.strip()
    return len(s) >= 10 and s.endswith("!") and s == s.upper()


def make_doc(text: str) -> Doc:
    folded = unwrap_lines(text, fold(text))
    paras = split_paragraphs(text, folded)
    classify(paras)
    return Doc(text=text, folded=folded, paras=paras)


_SENTENCE_END = pattern_cache.compile(r"(?<!\d)[.!?…](?!\d)\s++|(?<=\d)\.\s++(?=\p{Lu}|\d)|\n")
# regex's own `\s`, `\d` and `\p{Lu}|\d` on ASCII (see _boundary)
_ASCII_CHARS = [chr(i) for i in range(128)]
_ASCII_SPACE = frozenset(filter(pattern_cache.compile(r"\s").match, _ASCII_CHARS))
_ASCII_DIGIT = frozenset(filter(pattern_cache.compile(r"\d").match, _ASCII_CHARS))
_ASCII_UPPER_OR_DIGIT = frozenset(filter(pattern_cache.compile(r"\p{Lu}|\d").match, _ASCII_CHARS))


def sentences(p: Para) -> list[tuple[int, int]]:
    """Sentence spans inside a paragraph (absolute offsets): the text between `_SENTENCE_END`
    matches.

    Every sentence end starts at `.`, `!`, `?` or `…` (a paragraph holds no line break), so
    those are found by str.find and judged one by one (`_boundary`): a scan of the pattern
    would try its look-behind at every character."""
    text = p.text
    stops = []
    for ch in ".!?…":
        i = text.find(ch)
        while i >= 0:
            stops.append(i)
            i = text.find(ch, i + 1)
    stops.sort()
    out = []
    pos = 0
    n = len(text)
    for q in stops:
        span = _boundary(text, q, n)
        if span is None:
            continue
        if span[0] > pos:
            out.append((p.start + pos, p.start + span[0]))
        pos = span[1]
    if pos < n:
        out.append((p.start + pos, p.end))
    return out


def _boundary(text: str, q: int, n: int) -> tuple[int, int] | None:
    """The span of the sentence-end match at the stop `text[q]`, or None.

    `(?<!\\d)[.!?…](?!\\d)\\s++` or `(?<=\\d)\\.\\s++(?=\\p{Lu}|\\d)`, judged on ASCII
    characters and letters (never a digit or a space); anything else goes to the pattern."""
    if q + 1 >= n:
        return None  # both need white space after the stop
    prev = text[q - 1] if q else " "
    if prev.isascii():
        after_digit = prev in _ASCII_DIGIT
    elif prev.isalpha():
        after_digit = False
    else:
        return _boundary_slow(text, q)
    j = q + 1
    while j < n:
        c = text[j]
        if c.isascii():
            if c not in _ASCII_SPACE:
                break
        elif c.isalpha():
            break
        else:
            return _boundary_slow(text, q)
        j += 1
    if j == q + 1:
        return None
    if not after_digit:
        return q, j
    if text[q] != "." or j == n:
        return None
    c = text[j]
    if not c.isascii():
        return _boundary_slow(text, q)
    return (q, j) if c in _ASCII_UPPER_OR_DIGIT else None


def _boundary_slow(text: str, q: int) -> tuple[int, int] | None:
    m = _SENTENCE_END.match(text, q)
    return m.span() if m else None
