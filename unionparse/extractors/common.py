"""Helpers the extractors share: clause context, qualifiers, keyword gates."""

from __future__ import annotations

from functools import cache

from unionparse import lexicon, pattern_cache
from unionparse.text import Doc, Para

_CLAUSE_START = pattern_cache.compile(r"[.;:!?\n(]|,\s|\s-\s")


def clause_before(folded: str, start: int, limit: int = 80) -> str:
    """The text of the clause that leads up to `start` (back to the last , ; . : or `limit`)."""
    lo = max(0, start - limit)
    chunk = folded[lo:start]
    last = None
    for m in _CLAUSE_START.finditer(chunk, concurrent=False):
        last = m
    return chunk[last.end() :] if last else chunk


_SENT_STOP = pattern_cache.compile(r"[.!?](?:\s+|$)|\n")
_CONTINUES = pattern_cache.compile(r"^\s*(?:trong\s+đó|cụ\s+thể|gồm|như|theo\s+đó)")
_CONTINUES_FIRST = ("trong", "cụ", "gồm", "như", "theo")  # first words of _CONTINUES: a cheap gate
NOT_REGEX_SPACE = "\x1c\x1d\x1e\x1f"  # str.isspace() says yes to these, regex's `\s` no


def last_stop_end(chunk: str) -> int | None:
    """Where the last `_SENT_STOP` match of a left-to-right scan ends, or None.

    Found with str.rfind from the end (a regex scan costs ~100 instructions a character): a stop
    is a line break, or `.!?` followed by white space (its whole run) or by the end.
    """
    n = len(chunk)
    best = chunk.rfind("\n") + 1 or None
    for ch in ".!?":
        i = chunk.rfind(ch)
        while i >= 0:
            j = i + 1
            while j < n and chunk[j].isspace() and chunk[j] not in NOT_REGEX_SPACE:
                j += 1
            if j > i + 1 or j == n:
                if best is None or j > best:
                    best = j
                break  # an earlier stop of this kind ends before this one starts
            i = chunk.rfind(ch, 0, i)
    return best


def sentence_before(folded: str, start: int, limit: int = 400) -> str:
    """The sentence up to `start`, with the one before it when this one continues it
    (`... đề ra nhiệm vụ năm 2013. Trong đó, 95% CĐCS đạt vững mạnh`)."""
    lo = max(0, start - limit)
    chunk = folded[lo:start]
    stop = last_stop_end(chunk)
    if stop is None:
        return chunk
    last = chunk[stop:]
    if not last.lstrip().startswith(_CONTINUES_FIRST) or not _CONTINUES.match(last):
        return last
    stops = [m.end() for m in _SENT_STOP.finditer(chunk, concurrent=False)]
    return chunk[stops[-2] :] if len(stops) >= 2 else chunk


_WORD_CHAR = pattern_cache.compile(r"\w")


@cache
def _phrases(name: str) -> tuple[tuple[str, str], ...] | None:
    """A word list's phrases with single spaces, each with its longest word; None for a
    composed fragment."""
    if name not in lexicon.data()["words"] and name not in lexicon.data()["tables"]:
        return None
    phrases = sorted({" ".join(w.split()) for w in lexicon.words(name)})
    return tuple((ph, max(ph.split(), key=len)) for ph in phrases)


def _searched(haystack: str, name: str) -> bool:
    pattern = lexicon.compile_template(r"(?<!\w)<<" + name + r">>(?!\w)")
    return pattern.search(haystack, concurrent=False) is not None


def has_word(haystack: str, *names: str) -> bool:
    """Whether a phrase of one of the lists `names` stands as whole words in `haystack`.

    The same answer as searching `(?<!\\w)<<name>>(?!\\w)`, but by plain substring search on
    the haystack with its spaces collapsed: a search of the alternation costs ~20 ns per char.
    (`str.split` also splits at \\x1c-\\x1f, which `\\s` does not match: a haystack holding
    one is searched when the shortcut says yes.)
    """
    flat: str | None = None
    for name in names:
        phrases = _phrases(name)
        if phrases is None:
            if _searched(haystack, name):
                return True
            continue
        found, flat = _phrase_in(haystack, phrases, flat)
        if found:
            if not any(c in haystack for c in NOT_REGEX_SPACE) or _searched(haystack, name):
                return True
    return False


def _phrase_in(
    haystack: str, phrases: tuple[tuple[str, str], ...], flat: str | None
) -> tuple[bool, str | None]:
    """Whether a phrase stands in the single-spaced haystack `flat` (made when first needed)."""
    for phrase, word in phrases:
        # a phrase stands in the single-spaced text only if each of its words stands in the
        # haystack: the longest is tested first, and the single-spaced text made only then
        if word not in haystack:
            continue
        if flat is None:
            flat = " ".join(haystack.split())
        if phrase not in flat:
            continue
        i = flat.find(phrase)
        while i >= 0:
            end = i + len(phrase)
            if not (i and _WORD_CHAR.match(flat, i - 1)) and not _WORD_CHAR.match(flat, end):
                return True, flat
            i = flat.find(phrase, i + 1)
    return False, flat


@cache
def _qualifiers() -> dict[str, str]:
    """Each approximation word (single-spaced) -> its qualifier."""
    out: dict[str, str] = {}
    for name, q in (
        ("approx_about", "about"),
        ("approx_less", "less_than"),
        ("approx_more", "more_than"),
    ):
        out.update(
            dict.fromkeys(lexicon.words(name), q)
        )  # later lists win: more_than, then less_than
    return out


def qualifier_of(word: str | None) -> str | None:
    if not word:
        return None
    return _qualifiers().get(" ".join(word.split()))


def starts_of(text: str, needles: tuple[str, ...]) -> list[int]:
    """Where one of the literals stands in `text`, in order: the places a pattern that opens
    with one of them is tried (str.find is far cheaper than letting the pattern scan)."""
    out: list[int] = []
    for w in needles:
        if w not in text:  # the common case, and `in` is cheaper than a find call
            continue
        i = text.find(w)
        while i >= 0:
            out.append(i)
            i = text.find(w, i + 1)
    if len(needles) > 1:
        out.sort()
    return out


def paras_with(doc: Doc, *needles: str, captions: bool = False) -> list[Para]:
    """Keyword gate: only paragraphs that contain one of the literal needles."""
    pool = doc.body_and_captions if captions else doc.body
    out = []
    for p in pool:  # a plain loop: a generator per paragraph costs more than the tests
        f = p.folded
        for n in needles:
            if n in f:
                out.append(p)
                break
    return out


# what a list item opens with
LIST_MARKS = ("+", "-", "–", "•", "*", "·", "✅", "👉", "📌")


def target_list_items(doc: Doc) -> set[int]:
    """Where the items of a list under a heading of targets start (`1. Chỉ tiêu chủ yếu`, then
    `- Phát triển mới 200 đoàn viên ...`): their figures are aims, not results. Once per
    article."""
    memo = doc.memo.get("target_list_items")
    if memo is None:
        memo = doc.memo["target_list_items"] = list_items_under(doc, "target_heading")
    assert isinstance(memo, set)
    return memo


def list_items_under(doc: Doc, heading: str) -> set[int]:
    """Where the items of each list whose line above holds a phrase of the word list `heading`
    start (only the line above a list is read: most articles have no list)."""
    out: set[int] = set()
    paras = doc.paras
    under: bool | None = None  # for the list being read: None before its first item
    for i, p in enumerate(paras):
        if not p.folded.startswith(LIST_MARKS):
            under = None
            continue
        if under is None:
            under = i > 0 and has_word(paras[i - 1].folded, heading)
        if under:
            out.add(p.start)
    return out
