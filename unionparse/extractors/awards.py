"""Award statements: which award, from whom, how many collectives and individuals.

Shapes covered (see tests/cases/awards.toml): recipient first (`3 tập thể và 20 cá nhân được
tặng Bằng khen của LĐLĐ tỉnh`), issuer first (`Ban Thường vụ CĐVC tỉnh tặng Giấy khen cho 13
tập thể, 41 cá nhân`), an issuer written once after a list (`1 tập thể được nhận Cờ thi đua, 1
tập thể được nhận Bằng khen của Tổng LĐLĐ Việt Nam`), two issuers in one sentence, counted
certificates (`4 bằng khen tập thể và 7 bằng khen cá nhân`), one named recipient (the union
itself, a school's union, a person: 1), unnamed awards (`khen thưởng 4 tập thể`: other).
Proposals (`đề nghị ... tặng`) and targets are not awards.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

import regex

from unionparse import lexicon, pattern_cache
from unionparse.extractors.common import clause_before
from unionparse.extractors.issuers import issuer_level, issuer_name_end
from unionparse.numbers import parse_int
from unionparse.text import Doc, Para, has_any, sentences


def _has_needle(folded: str) -> bool:
    """The paragraph gate: one of these literals (an `or` chain costs no loop per paragraph)."""
    return (
        "khen" in folded
        or "cờ" in folded
        or "huân chương" in folded
        or "niệm chương" in folded
        or "chiến s" in folded
        or "huy hiệu" in folded
        or "lao động sáng tạo" in folded
        or "lđst" in folded
        or "dương" in folded
    )


@dataclass(slots=True)
class AwardFound:
    award: str
    issuer: str | None
    issuer_name: str | None
    collectives: int | None
    individuals: int | None
    start: int
    end: int
    caption: bool = False
    issuer_from: str | None = None  # after | before | inherited
    certificate: bool = False  # `4 bằng khen tập thể`: counted certificates
    # an unnamed award to recipients given no number (`khen thưởng các tập thể, cá nhân`): the
    # summary of awards the article may state one by one
    vague: bool = False


def _kind_alternation() -> str:
    table = lexicon.table("award_kind")
    phrases = [p for k, ps in table.items() if k != "other" for p in ps]
    return lexicon.alternation(phrases)


def _heads(phrases: list[str]) -> tuple[str, ...]:
    """The first words of phrases: every match of their alternation starts with one of them."""
    return tuple(sorted({p.split()[0] for p in phrases}))


# recipient nouns counted as collectives and as individuals (`6 giáo viên`)
_COLL_NOUNS = (
    r"tập\s+thể(?:\s+lao\s+động)?",
    r"đơn\s+vị",
    r"doanh\s+nghiệp",
    r"công\s+đoàn\s+cơ\s+sở",
    r"cđcs",
    r"trường",
    r"tổ\s+công\s+đoàn",
    r"công\s+đoàn\s+bộ\s+phận",
    r"khoa",
    r"phòng",
    r"chi\s+nhánh",
)
_IND_NOUNS = (
    r"cá\s+nhân",
    r"đồng\s+chí",
    r"cán\s+bộ",
    r"giáo\s+viên",
    r"công\s+đoàn\s+viên",
    r"đoàn\s+viên",
    r"người",
    r"lao\s+động",
    r"công\s+nhân",
    r"nhà\s+giáo",
    r"y,\s*bác\s+sĩ",
)
_MANY = ("nhiều", "các", "những")
# the words a count can begin with (`count`'s number words and `_MANY`): letters only, and no
# two can match at one place
_COUNT_WORDS = (*_MANY, "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười")


def _noun_literals() -> tuple[tuple[str, bool, str | None], ...]:
    r"""(noun written with single spaces, collective?, first word of its optional tail or None)
    in the order the noun alternation tries them; an optional tail (`tập thể lao động`) gives
    the long form, then the short one. Only `\s+`, `\s*` and `(?:\s+...)?` are expected."""
    out: list[tuple[str, bool, str | None]] = []
    for sources, coll in ((_COLL_NOUNS, True), (_IND_NOUNS, False)):
        for src in sources:
            m = regex.fullmatch(r"(.*?)(?:\(\?:\\s\+(.*)\)\?)?", src)
            assert m is not None
            head = m.group(1).replace(r"\s+", " ").replace(r"\s*", " ")
            tail = m.group(2).replace(r"\s+", " ") if m.group(2) else None
            for lit in (head, tail):
                assert lit is None or regex.fullmatch(r"[\w, ]+", lit), src
            if tail:
                out.append((head + " " + tail, coll, None))
            out.append((head, coll, tail.split()[0] if tail else None))
    return tuple(out)


def _first_words(sources: tuple[str, ...]) -> list[str]:
    """The literal word each pattern source starts with."""
    out = []
    for src in sources:
        m = regex.match(r"\w+", src)
        assert m is not None, src
        out.append(m.group())
    return out


@cache
def _number_grammar_words() -> frozenset[str]:
    """Every word of the number-word grammar (escapes such as `\\S` removed first)."""
    src = regex.sub(r"\\.", "", lexicon.fragment("number_words"))
    return frozenset(regex.findall(r"\p{L}+", src))


def _group_numbers(pat: regex.Pattern[str], *names: str) -> tuple[int, ...]:
    return tuple(pat.groupindex[n] for n in names)


class _Rules:
    """Patterns compiled once on first use."""

    def __init__(self) -> None:
        issuer = r"(?:(?:<<issuer_prefix>>)\s+)?(?:<<issuer_head>>)"
        table = lexicon.table("award_kind")
        table_words = [p for ps in table.values() for p in ps]
        self.kind = pattern_cache.compile(r"(?<!\w)" + _kind_alternation() + r"(?!\w)")
        self.other = pattern_cache.compile(
            r"(?<!\w)" + lexicon.alternation(table["other"]) + r"(?!\w)"
        )
        # the kind and other patterns are only tried where one of their first words stands
        self.kind_names = {
            p: lexicon.classify_phrase("award_kind", p) or "other"
            for ps in table.values()
            for p in ps
        }
        self.kind_heads = _heads([p for k, ps in table.items() if k != "other" for p in ps])
        self.other_heads = _heads(table["other"])
        # has_word(proposal_cue) or has_word(target_cue), in one scan
        self.cue = lexicon.compile_template(r"(?<!\w)(?:<<proposal_cue>>|<<target_cue>>)(?!\w)")
        # a cue starts with one of these words: without any of them the scan is skipped
        self.cue_heads = _heads(lexicon.words("proposal_cue") + lexicon.words("target_cue"))
        self.cert_tail = pattern_cache.compile(r"\s+(tập\s+thể|cá\s+nhân)(?!\w)")
        # what the issuer right after the award can start with (see _issuer_after)
        self.issuer_first = _heads(
            [*lexicon.words("issuer_prefix"), *lexicon.words("issuer_head"), "của", "do"]
        )
        # the number of counted certificates before the award word: digits, or words (`ba giấy
        # khen tập thể`, read backwards, and only after a number word: see _cert_number)
        self.cert_num = pattern_cache.compile(r"(\d++)\s*+$")
        self.cert_num_words = lexicon.compile_template(r"(?r)(?<![\w.,])(<<number_words>>)\s*+\Z")
        self.on_behalf = lexicon.words("on_behalf_cue")
        self.on_behalf_cue = lexicon.compile_template(
            r"(?<!\w)(?:<<on_behalf_cue>>)(?!\w)(?:\s+của)?"
        )
        self.issuer_after = lexicon.compile_template(
            r"(?:[^.;,\n]{0,70}?\s(?:của|do)\s+|\s*+(?:của|do)?\s*+)(?P<iss>" + issuer + r")(?!\w)"
        )
        # its second branch alone: where no `của`/`do` is in reach of the first one
        self.issuer_next = lexicon.compile_template(
            r"\s*+(?:của|do)?\s*+(?P<iss>" + issuer + r")(?!\w)"
        )
        # matched backwards from the award word (`match`: a reverse pattern is anchored at the
        # end of the zone, where its `\Z` holds; `search` would try every position)
        before = (
            r"(?r)(?:(?<!\w)(?:được|do)\s+)?(?P<iss>"
            + issuer
            + r")(?!\w)(?P<name>(?:\s+(?!(?:được|do|và|cho)(?!\w))[\w.&-]+){0,10}?)"
            r"\s*,?\s+(?:đã\s+|vừa\s+|cũng\s+|đồng\s+thời\s+)?(?:<<giving_verb>>)(?:\s+danh\s+hiệu)?"
        )
        self.issuer_before = lexicon.compile_template(before + r"(?:\s+(?:<<count>>))?\s*\Z")
        # the same without the count after the verb: the number-word grammar makes every try
        # of the full pattern costly. A zone that ends in a verb (no count can end in one, see
        # tests/test_awards_scans_exact.py) gets the same match from both; else the full one is tried.
        self.issuer_before_verb = lexicon.compile_template(before + r"\s*\Z")
        # another giver joined before it: `Giám đốc Sở GTVT và Chủ tịch Công đoàn ngành trao
        # tặng` (two bodies giving together: other, v1.1)
        self.co_giver_before = lexicon.compile_template(
            r"(?r)(?<!\w)(?:<<issuer_prefix>>|<<issuer_head>>)(?!\w)[^,.;:]{0,40}?\s(?:và|cùng)\s*+\Z"
        )
        # the last words of the giving verbs and of `danh hiệu`: a zone without any of them
        # has no issuer before its award (see _issuer_before)
        self.verb_ends = tuple(
            sorted({*(p.split()[-1] for p in lexicon.words("giving_verb")), "hiệu"})
        )
        self.issuer_generic = lexicon.compile_template(
            r"(?r)(?P<iss>"  # matched backwards too
            + issuer
            + r")(?!\w)(?P<name>(?:\s+[\w.&-]+){0,6}?)\s*(?:đã\s+|vừa\s+|cũng\s+)?"
            # `... đã thông qua Quyết định, khen thưởng 9 Tổ công đoàn`: the decision's maker
            r"(?:(?:thông\s+qua|ban\s+hành|ra|công\s+bố)\s+quyết\s+định\s*,?\s+)?(?:biểu\s+dương,?\s+)?\Z"
        )
        # recipients: a count, an award word maybe, then the noun (`6 giáo viên`)
        noun = (
            r"(?<!\p{L})(?:(?P<coll>" + "|".join(_COLL_NOUNS) + r")"
            r"|(?P<ind>" + "|".join(_IND_NOUNS) + r"))(?!\w)"
        )
        self.noun = pattern_cache.compile(noun)
        # `1.086 lượt cá nhân`: times a person was awarded, counted as individuals
        count = r"(?<![\w.,/])(?:(?P<many>nhiều|các|những)|(?P<n><<count>>))\s*+(?:lượt\s+)?(?:(?:<<award_kind>>)\s+)?"
        self.before_noun = lexicon.compile_template(count + "$")
        # the count and its noun in one pattern (see _counted), tried only where a count can
        # begin: a digit run or one of the words `count` starts with. `re` scans for these
        # literals many times faster than `regex` runs the full pattern at every position.
        # (Above U+FFFF `regex` knows digits that `re` does not: any such character is a start.)
        self.counted = lexicon.compile_template(count + noun)
        # at a digit only `<<int>>` can match: without the number-word grammar a try is cheap
        self.counted_int = lexicon.compile_template(
            r"(?<![\w.,/])(?P<n><<int>>)\s*+(?:lượt\s+)?(?:(?:<<award_kind>>)\s+)?" + noun
        )
        # (the look-ahead is one set of first characters: `re` then skips other positions fast)
        # group numbers: a named group costs a failed int conversion in `regex` at each access
        self.counted_groups = _group_numbers(self.counted, "many", "n", "coll", "ind")
        self.int_groups = _group_numbers(self.counted_int, "n", "coll", "ind")
        self.before_noun_n = self.before_noun.groupindex["n"]
        # `iss` (and `name`) have one number in each issuer pattern
        self.iss = self.issuer_after.groupindex["iss"]
        self.name = self.issuer_before.groupindex["name"]
        for pat in (self.issuer_next, self.issuer_before_verb, self.issuer_generic):
            assert pat.groupindex["iss"] == self.iss
        for pat in (self.issuer_before_verb, self.issuer_generic):
            assert pat.groupindex["name"] == self.name
        # what the word after a count (past white space) starts with when `counted` can match
        # there: a recipient noun or an award word, and after a number word also a number word
        noun_or_award = _heads([*_first_words(_COLL_NOUNS + _IND_NOUNS), *table_words])
        noun_or_award = tuple(sorted({*noun_or_award, "lượt"}))
        self.after_count = noun_or_award
        self.after_number_word = tuple(sorted({*noun_or_award, *_number_grammar_words()}))
        self.noun_literals = _noun_literals()
        self.award_firsts = _heads(table_words)
        # the single-spaced nouns by their first three characters, in order; none of those
        # three can begin an award word (an award word after the count would come first)
        self.noun_by3 = _nouns_by_prefix(self.noun_literals, self.award_firsts)
        # where a count can begin, as one pattern (the reference, see _count_starts)...
        self.count_start = re.compile(
            "(?=[\\d\U00010000-\U0010ffffnchmbst])"
            "(?:\\d+|[\U00010000-\U0010ffff]|" + "|".join(_COUNT_WORDS) + ")"
        )
        # ...and its digit branches alone, starting with one set of characters (`re` then skips
        # other positions fast): `\d+` or one character above U+FFFF
        self.digit_start = re.compile("[\\d\U00010000-\U0010ffff](?:(?<=\\d)\\d*)?")
        # recipients after the award: `cho 5 tập thể`, `tặng 11 cán bộ` (after `của X`), `cho: 21`
        # or right after the award's quoted title (`bằng khen chuyên đề “Dạy tốt” 3 tập thể`)
        self.for_ = pattern_cache.compile(
            r"[^.;]{0,80}?(?:(?<!\w)(?:cho|tới|đến|tặng)(?:\s*:\s*|\s+)|[”\"](?=\s*\d)\s*)"
        )
        self.verb = lexicon.compile_template(
            r"(?<!\w)(?:<<award_verb>>|giành|đón\s+nhận|vinh\s+dự)(?!\w)"
        )
        self.org = lexicon.compile_template(r"(?<!\w)(?:<<award_org_noun>>)(?!\w)")
        # another named collective: `..., Công đoàn trường THPT B và Công đoàn trường C`
        self.and_org = lexicon.compile_template(
            r"(?:,\s*+|(?<!\w)và\s+)(?:<<award_org_noun>>)(?!\w)"
        )
        self.person = lexicon.compile_template(r"(?<!\w)(?:<<award_person_cue>>)\s+\w")
        self.role = lexicon.compile_template(r"(?<!\w)(?:<<award_person_role>>)\s+(?=\w)")
        self.plural = pattern_cache.compile(
            r"(?<!\w)(?:các|những|nhiều|một\s+số)\s+(?:tập\s+thể|cá\s+nhân|đơn\s+vị|cđcs|công\s+đoàn\s+cơ\s+sở|đồng\s+chí|cán\s+bộ|giáo\s+viên|đoàn\s+viên|trường|công\s+đoàn|doanh\s+nghiệp)(?!\w)"
        )
        self.history_cues = tuple(lexicon.words("history_cue"))
        self.passive = pattern_cache.compile(r"(?<!\w)(?:được|nhận|vinh\s+dự|đón\s+nhận)(?!\w)")


_RULES: _Rules | None = None


def _rules() -> _Rules:
    global _RULES
    if _RULES is None:
        _RULES = _Rules()
    return _RULES


def _counted(doc: Doc, start: int, end: int) -> list[tuple[bool, str | None, int, int]]:
    """(collective?, count text or None for `các`, count start, noun end) of each recipient noun
    with a count before it (`6 giáo viên`, `các tập thể`) in a zone.

    The same as finding the nouns, then `before_noun` in the 40 characters before each; in one
    scan: a noun and a count contain no words of each other, so the pairs do not overlap. Only a
    count that starts further back than those 40 characters is looked up again the long way.
    The pattern is tried only where the text after the count can fit it (`_may_match`)."""
    r = _rules()
    folded = doc.folded
    out: list[tuple[bool, str | None, int, int]] = []
    last = start
    for hs, he in _count_starts(r, folded, start, end):
        # a start hidden inside an earlier digit run or word follows a letter or digit, where
        # the look-behind of `count` fails: this is `counted.finditer(folded, start, end)`
        if hs < last:
            continue
        if folded[hs].isdigit():
            # (the plain shape first: where it is read, `_may_match` holds)
            fast = _count_digits(r, folded, hs, he, end)
            if fast is not None:
                is_coll, n_text, last, ns = fast
                if hs < ns - 40:  # a 40-digit count: looked up as in the slow path
                    m = r.before_noun.search(folded, max(start, ns - 40), ns)
                    if m is None:
                        continue
                    hs, n_text = m.start(), m.group(r.before_noun_n)
                out.append((is_coll, n_text, hs, last))
                continue
            if not _may_match(r, folded, hs, he, end, 0):
                continue
            pat, (gn, gc, gi) = r.counted_int, r.int_groups
        else:
            many = folded[hs:he] in _MANY
            if he - hs > 1 and not _may_match(r, folded, hs, he, end, 1 + many):
                continue
            pat, (_, gn, gc, gi) = r.counted, r.counted_groups
        m = pat.match(folded, hs, end, concurrent=False)
        if m is None:
            continue
        count_start, last = m.span()
        is_coll = m.group(gc) is not None
        if last - count_start > 40:  # else the count starts within 40 before the noun
            ns = m.start(gc) if is_coll else m.start(gi)
            if count_start < ns - 40:
                m = r.before_noun.search(folded, max(start, ns - 40), ns)
                if m is None:
                    continue
                count_start = m.start()
                gn = r.before_noun_n
        out.append((is_coll, m.group(gn), count_start, last))
    return out


def _count_starts(r: _Rules, folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """`count_start.finditer(folded, start, end)` spans: the digit branches by their own
    pattern, each number word by `str.find` in the zone (most zones hold none), then the
    matches left to right without overlaps as `finditer` takes them (`cácác` is one `các`;
    words and digits never overlap). tests/test_awards_lookups_exact.py compares the two."""
    out = [m.span() for m in r.digit_start.finditer(folded, start, end)]
    zone = folded[start:end]
    found = False
    for w in _COUNT_WORDS:
        if w in zone:
            found = True
            i = zone.find(w)
            while i >= 0:
                out.append((start + i, start + i + len(w)))
                i = zone.find(w, i + 1)
    if not found:
        return out
    out.sort()
    kept = []
    last = start
    for s, e in out:
        if s >= last:
            kept.append((s, e))
            last = e
    return kept


def _nouns_by_prefix(
    literals: tuple[tuple[str, bool, str | None], ...], award_firsts: tuple[str, ...]
) -> dict[str, list[tuple[str, bool, str | None]]]:
    """The noun forms by their first three characters, leaving out any three an award word
    followed by white space may begin with (`chi` of `chi nhánh` and `chiến sĩ`)."""
    out: dict[str, list[tuple[str, bool, str | None]]] = {}
    for item in literals:
        key = item[0][:3]
        if any(w.startswith(key) or key.startswith(w) for w in award_firsts):
            continue
        out.setdefault(key, []).append(item)
    return out


def _count_digits(
    r: _Rules, folded: str, hs: int, he: int, end: int
) -> tuple[bool, str, int, int] | None:
    """`counted_int.match(folded, hs, end)` at the digit run `folded[hs:he]` (a `\\d+` match)
    for the plain shape `12 tập thể`: ASCII digits, one plain space or none, a noun in its
    single-spaced form followed by an ASCII non-word character or the end. Returns
    (collective?, the count, match end, noun start); None: the pattern decides (it may still
    match, or not). tests/test_awards_lookups_exact.py holds the two together."""
    if hs:
        c = folded[hs - 1]  # the look-behinds `(?<![\w.,/])` and `(?<![\d.,/:])`
        if c != " " and (not c.isascii() or c.isalnum() or c in "_.,/:"):
            return None
    run = folded[hs:he]
    if not run.isascii():
        return None
    k = he + 1 if he < end and folded[he] == " " else he
    items = r.noun_by3.get(folded[k : k + 3])
    if items is None:
        return None
    for lit, coll, tail in items:
        if not folded.startswith(lit, k, end):
            continue
        e = k + len(lit)
        if e < end:
            c = folded[e]
            if not c.isascii() or c.isalnum() or c == "_":
                return None  # `(?!\w)` fails or is not sure here: other branches may match
            if tail is not None and c.isspace():
                t = e
                while t < end and folded[t].isspace():
                    t += 1
                if folded.startswith(tail, t, end):
                    return None  # the optional tail may match with other white space
        return coll, run, e, k
    return None


def _may_match(r: _Rules, folded: str, hs: int, he: int, end: int, what: int) -> bool:
    """False when `counted` surely fails at the count token `folded[hs:he]`: a digit run (0),
    a number word (1) or `các`, `những`, `nhiều` (2).

    A digit run ends the number unless a digit follows its `.` or `,` (`4.764`: the pattern
    decides those); a number word ends its word. Past white space the next word must start a
    recipient noun or an award word (`các tập thể`), after a number word also another number
    word (`hai mươi`)."""
    j = he
    if j < end:
        c = folded[j]
        if what == 0:
            if c.isdigit():
                return True
            if c == "." or c == ",":
                return j + 1 < end and folded[j + 1].isdigit()
        elif what == 1 and c.isalpha():
            return False
        while c.isspace():
            j += 1
            if j == end:
                return False
            c = folded[j]
    return folded.startswith(r.after_number_word if what == 1 else r.after_count, j, end)


# a count over both kinds of recipient, not split: `17 tập thể và cá nhân`, `52 tập thể và các
# nhân` (v1.1: counts null)
_LUMPED = pattern_cache.compile(
    r"\s*+(?:,|và|cùng)\s*+(?:(?:các\s+)?c[áa]c?\s+nhân|tập\s+thể)(?!\w)(?!\s*+\d)"
)
# what may stand between two counts of one list of recipients (`4 tập thể, 11 cá nhân`)
_LIST_GAP = pattern_cache.compile(r"\s*+(?:,|và|cùng|,\s*+và)?\s*+\Z")
# ... after `cho`, a noun's few words may come between (`8 tập thể công đoàn bộ phận và 21 cá
# nhân`), but no quoted name, number or stop
_FIRST_LIST_GAP = pattern_cache.compile(r"[^\d.,;:“”\"()]{0,25}?\s*+(?:,|và|cùng|,\s*+và)?\s*+\Z")


def _recipient_list(folded: str, found: list[tuple[bool, str | None, int, int]]) -> list:
    """The counts that end a zone as one list (`... 236 công đoàn viên hoàn thành tốt nhiệm vụ,
    87 công đoàn viên được khen thưởng`: the 87 only): recipients of the award after them."""
    k = len(found) - 1
    while k > 0 and _LIST_GAP.match(folded, found[k - 1][3], found[k][2]):
        k -= 1
    return found[k:]


def _first_list(folded: str, found: list[tuple[bool, str | None, int, int]]) -> list:
    """The counts that open a zone as one list (`cho 18 tập thể có thành tích trong A, 4 tập thể
    và 29 cá nhân ... trong B`: the 18 only; the rest is the same award for another reason)."""
    k = 0
    while k + 1 < len(found) and _FIRST_LIST_GAP.match(folded, found[k][3], found[k + 1][2]):
        k += 1
    return found[: k + 1]


def _counts(
    doc: Doc, start: int, end: int, last_list: bool = False, first_list: bool = False
) -> tuple[int | None, int | None, int, int, int]:
    """Counts of collectives and individuals in a zone; whether any recipient noun was seen;
    where the last noun ends and where the first count begins (or `start`). `last_list`: only
    the list of counts that ends the zone (recipients written before their award);
    `first_list`: only the list that opens it (recipients after `cho`). A count lumped over
    both kinds (`17 tập thể và cá nhân`) leaves both null."""
    coll = ind = None
    seen = lumped = numbered = False
    last = first = start
    found = _counted(doc, start, end)
    if last_list and len(found) > 1:
        found = _recipient_list(doc.folded, found)
    elif first_list and len(found) > 1:
        found = _first_list(doc.folded, found)
    for is_coll, n_text, count_start, noun_end in found:
        if n_text is not None:
            numbered = True
            lumped = lumped or _LUMPED.match(doc.folded, noun_end, end) is not None
        if not seen:
            first = count_start
        seen = True
        last = noun_end
        n = parse_int(n_text) if n_text else None
        if is_coll:
            coll = n if coll is None or n is None else coll + n
        else:
            ind = n if ind is None or n is None else ind + n
    if lumped:
        coll = ind = None
    # `seen`: 2 when a recipient was counted with a number, 1 for `các tập thể` alone, else 0
    return coll, ind, (2 if numbered else 1) if seen else 0, last, first


def _for_another_reason(
    doc: Doc, start: int, end: int
) -> tuple[int | None, int | None, int, int, int] | None:
    """`cho 18 tập thể có thành tích xuất sắc trong chương trình A, 4 tập thể và 29 cá nhân có
    thành tích xuất sắc tại B`: after the first list's reason, a second counted list (as
    _counts gives it) is the same award for another reason; None when there is none."""
    more = _counts(doc, start, end, first_list=True)
    if more[2] != 2 or doc.folded.find("thành tích", start, more[4]) < 0:
        return None
    return more


def _certificates(
    doc: Doc, start: int, end: int, n: int | None
) -> tuple[int | None, int | None] | None:
    """Counted certificates given to recipients named without a number: the count is theirs
    when they are all collectives or all individuals; both kinds: not split (None, None); no
    recipient noun: None."""
    r = _rules()
    kinds = {m.lastgroup for m in r.noun.finditer(doc.folded, start, min(end, start + 50))}
    if not kinds:
        return None
    if kinds == {"coll"}:
        return n, None
    if kinds == {"ind"}:
        return None, n
    return None, None


def _single_recipient(
    doc: Doc, start: int, end: int, person_from: int | None = None
) -> tuple[int | None, int | None]:
    """`CĐVC tỉnh được ... tặng`, `cho đồng chí Nguyễn Văn A`: one collective or one person.

    A person may be named a clause earlier (`Đồng chí X, Chủ tịch CĐVC tỉnh được tặng`)."""
    r = _rules()
    zone = doc.folded[start:end]
    # (every plural starts with one of these words)
    if has_any(zone, ("các", "những", "nhiều", "một")) and r.plural.search(zone):
        return None, None
    lo = person_from if person_from is not None else start
    if r.person.search(doc.folded, lo, end) or _named_role(r, doc, lo, end):
        return None, 1
    if r.org.search(zone):
        # `tặng Công đoàn ngành Giáo dục và CĐCS Công ty ...`: two named collectives
        return 1 + len(r.and_org.findall(zone)), None
    return None, None


@cache
def role_literals() -> tuple[str, ...]:
    """The last word of every award_person_role: a cheap test before the role pattern."""
    return tuple(sorted({role.split()[-1] for role in lexicon.words("award_person_role")}))


def _named_role(r: _Rules, doc: Doc, start: int, end: int) -> bool:
    """`Đoàn viên Hoàng Văn Páo`, `thí sinh Nguyễn Văn Tài`: a role followed by a name of two
    or more capitalised words (read in the text as written: the folded text has no capitals)."""
    if not has_any(doc.folded[start:end], role_literals()):
        return False
    m = r.role.search(doc.folded, start, end)
    if m is None:
        return False
    words = doc.text[m.end() : end].split(None, 2)[:2]
    return len(words) == 2 and all(w[:1].isupper() for w in words)


# another giver listed after the issuer: `của UBND tỉnh, các Bộ, ngành Trung ương` (v1.1: other)
_CO_GIVER = pattern_cache.compile(r"\s*+(?:,|và|cùng)\s*+(?:các\s+)?(?:bộ|ban|ngành|sở)(?!\w)")


def _issuer(doc: Doc, s: int, e: int, name_end: int | None = None) -> tuple[str, str]:
    end = name_end if name_end is not None else issuer_name_end(doc.text, e)
    name = doc.text[s:end].strip(" ,")
    if _CO_GIVER.match(doc.folded, end):
        return "other", name
    return issuer_level(doc.folded[s:end], doc.central_city), name


def _segments(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    cut = doc.folded.find(";", pos, end)
    while cut >= 0:
        out.append((pos, cut))
        pos = cut + 1
        cut = doc.folded.find(";", pos, end)
    out.append((pos, end))
    return out


def _head_starts(r: _Rules, p: Para) -> tuple[list[int], list[int]]:
    r"""Where a kind's first word and where an unnamed award's first word stand in a paragraph,
    in order.

    Every phrase has more than one word: a first word not followed by white space (`huyện`)
    or following a letter, where the patterns' `(?<!\w)` fails, is no start. The paragraph's
    own folded copy is searched: `in` on it rules out an absent word faster than a `find`
    with bounds on the whole text (a paragraph never starts after a letter)."""
    return _starts(r.kind_heads, p.folded, p.start), _starts(r.other_heads, p.folded, p.start)


def _kind_starts(r: _Rules, doc: Doc, start: int, end: int) -> list[int]:
    """Where a kind's first word stands in a span of the text."""
    return _starts(r.kind_heads, doc.folded[start:end], start)


def _starts(heads: tuple[str, ...], seg: str, offset: int) -> list[int]:
    """Where the words stand in `seg` (a paragraph cut out at `offset`), as text offsets."""
    out: list[int] = []
    n = len(seg)
    for h in heads:
        if h not in seg:
            continue
        i = seg.find(h)
        while i >= 0:
            j = i + len(h)
            if j < n and seg[j].isspace() and not (i and seg[i - 1].isalpha()):
                out.append(offset + i)
            i = seg.find(h, i + 1)
    out.sort()
    return out


def _matches(
    pat: regex.Pattern[str], folded: str, starts: list[int], start: int, end: int
) -> list[tuple[int, int]]:
    """`pat.finditer(folded, start, end)` spans, trying only the given start positions."""
    out = []
    last = start
    for i in range(bisect_left(starts, start), len(starts)):
        c = starts[i]
        if c >= end:
            break
        if c < last:
            continue
        m = pat.match(folded, c, end, concurrent=False)
        if m:
            out.append((c, m.end()))
            last = m.end()
    return out


def awards(doc: Doc) -> list[AwardFound]:
    r = _rules()
    out: list[AwardFound] = []
    folded = doc.folded
    for p in doc.body_and_captions:
        if not _has_needle(p.folded):
            continue
        # a segment without an award word yields nothing: find the words once per paragraph
        kind_at, other_at = _head_starts(r, p)
        if not kind_at and not other_at:
            continue
        for ss, se in sentences(p):
            if has_any(folded[ss:se], r.history_cues):
                continue  # `Qua các thời kỳ, đơn vị đã nhận 31 Bằng khen`: not the period's
            told = len(out)  # the sentence's awards are out[told:]
            # (issuer, its name): of the sentence's last award with a giver before it, or the
            # subject that handed another body's award over
            giver: tuple[str | None, str | None] | None = None
            last: AwardFound | None = None  # the sentence's last award so far
            for gs, ge in _segments(doc, ss, se):
                kinds = _matches(r.kind, folded, kind_at, gs, ge)
                generic = False
                if not kinds:
                    kinds = _matches(r.other, folded, other_at, gs, ge)[:1]
                    generic = True
                    if not kinds:
                        if last is not None:
                            elided = _elided(doc, gs, ge, last)
                            if elided is not None:
                                out.append(elided)
                        continue
                items = _segment(doc, p, gs, ge, _joined(folded, kinds), generic)
                if giver is not None and items and items[0].issuer is None:
                    _carry_giver(folded, gs, items, giver)
                for it in items:
                    if it.issuer_from == "before":
                        giver = it.issuer, it.issuer_name
                if giver is None and items and items[0].issuer_from == "after":
                    giver = _presenter(doc, gs, items[0].start)
                out.extend(items)
                if items:
                    last = items[-1]
            if len(out) > told:
                _on_behalf(doc, ss, se, out[told:])
    _announced_then_told(doc, out)
    _state_orders(doc, out)
    _own_sector_union(doc, out)
    return out


_NATIONAL_HOST = pattern_cache.compile(
    r"(?<!\w)công\s+đoàn\s+[^,.;]{2,60}?\s(?:việt\s+nam|vn)\s+(?:đã\s+|vừa\s+)?tổ\s+chức(?!\w)"
)


_BARE_SECTOR_UNION = ("công đoàn ngành", "cđ ngành")


def _own_sector_union(doc: Doc, found: list[AwardFound]) -> None:
    """`Bằng khen của Công đoàn ngành` in the article of a national sector union that holds the
    conference (`Công đoàn GTVT Việt Nam tổ chức Hội nghị`): the union itself, national."""
    bare = [a for a in found if a.issuer_name and a.issuer_name.lower() in _BARE_SECTOR_UNION]
    if bare and any(_NATIONAL_HOST.search(p.folded) for p in doc.body[:2]):
        for a in bare:
            a.issuer = "national_sector_union"


_LIST_OPENS = pattern_cache.compile(r"\s*+(?:và\s+|cùng\s+)?(?=\d)")


def _elided(doc: Doc, gs: int, ge: int, last: AwardFound) -> AwardFound | None:
    """`... khen thưởng 05 tập thể và 06 cá nhân tiêu biểu trong phong trào A; 09 tập thể và 47
    cá nhân ... trong phong trào B`: a part after `;` that opens with counted recipients and
    names no award nor verb is the same award again, for another reason."""
    if _LIST_OPENS.match(doc.folded, gs, ge) is None or _rules().verb.search(doc.folded, gs, ge):
        return None  # a part with a verb of its own (`87 lượt tập thể đạt ...`) says another thing
    coll, ind, seen, end, first = _counts(doc, gs, min(ge, gs + 60))
    if seen < 2 or doc.folded[gs:first].strip():
        return None
    return AwardFound(
        last.award,
        last.issuer,
        last.issuer_name,
        coll,
        ind,
        first,
        end,
        last.caption,
        "inherited" if last.issuer else None,
    )


def _on_behalf(doc: Doc, ss: int, se: int, found: list[AwardFound]) -> None:
    """`Thừa ủy quyền của Chủ tịch nước, đồng chí X - Phó Chủ tịch UBND tỉnh trao Huân chương
    ...`: the awards after the cue are given by the body it names, not by the presenter."""
    r = _rules()
    if not has_any(doc.folded[ss:se], r.on_behalf):
        return
    cue = r.on_behalf_cue.search(doc.folded, ss, se)
    if cue is None:
        return
    m = r.issuer_next.match(doc.folded, cue.end(), se, concurrent=False)
    if m is None:
        return
    issuer, name = _issuer(doc, *m.span(r.iss))
    for a in found:
        if a.start > cue.end():
            a.issuer, a.issuer_name, a.issuer_from = issuer, name, "before"


def _announced_then_told(doc: Doc, found: list[AwardFound]) -> None:
    """`tổ chức Hội nghị ... và đón nhận Huân chương Lao động hạng Ba`, then `trao Huân chương
    Lao động hạng Ba cho Công đoàn Viên chức tỉnh`: a ceremony announced, then told; one act.
    The announcement (`đón nhận` right before it) gives way to a later entry of the same kind
    whose giver and counts do not contradict it."""
    for a in list(found):
        if not doc.folded[max(0, a.start - 12) : a.start].rstrip().endswith("đón nhận"):
            continue
        told = next(
            (
                b
                for b in found
                if b.start > a.end
                and b.award == a.award
                and (a.issuer is None or b.issuer in (None, a.issuer))
                and a.collectives in (None, b.collectives)
                and a.individuals in (None, b.individuals)
            ),
            None,
        )
        if told is not None:
            if told.issuer is None:
                told.issuer, told.issuer_name, told.issuer_from = (
                    a.issuer,
                    a.issuer_name,
                    "inherited",
                )
            found.remove(a)


def _state_orders(doc: Doc, found: list[AwardFound]) -> None:
    """A Huân chương is the State's: when the article names the `Chủ tịch nước` (`thừa ủy nhiệm
    Chủ tịch nước, ... gắn Huân chương`), it gave every Huân chương whose sentence names no one,
    or names the one who handed it over (`Phó Chủ tịch UBND tỉnh trao Huân chương ...`)."""
    if not any(a.award == "huan_chuong" and a.issuer != "government" for a in found):
        return
    at = doc.folded.find("chủ tịch nước")
    if at < 0:
        return
    name = doc.text[at : at + len("chủ tịch nước")]
    for a in found:
        if a.award == "huan_chuong" and a.issuer != "government":
            a.issuer, a.issuer_name, a.issuer_from = "government", name, "inherited"


_CARRY_LEAD = pattern_cache.compile(r"\s*+(?:đồng\s+thời|cũng|và|còn)?\s*+(?:đã\s+)?\Z")


_JOIN = pattern_cache.compile(r"\s*+(?:,|và|hoặc|,\s*+và)\s*+\Z")


def _joined(folded: str, kinds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Award words written as one list (`bằng khen và cờ thi đua của LĐLĐ TP cho 27 tập thể`):
    one span from the first to the last, read as one statement (see _segment)."""
    out: list[tuple[int, int]] = []
    for ks, ke in kinds:
        if out and _JOIN.match(folded, out[-1][1], ks):
            out[-1] = (out[-1][0], ke)
        else:
            out.append((ks, ke))
    return out


def _carry_giver(
    folded: str, gs: int, items: list[AwardFound], giver: tuple[str | None, str | None]
) -> None:
    """`LĐLĐ tỉnh tặng Bằng khen cho 9 tập thể; tặng Bằng khen cho 5 tập thể ...`: a part after
    a `;` that opens with the giving verb has no subject of its own; the giver before the `;`
    gave it too. Its awards without an issuer take that one."""
    r = _rules()
    first = items[0].start
    verb = r.verb.search(folded, gs, first)
    if verb is None or _CARRY_LEAD.match(folded, gs, verb.start()) is None:
        return
    if " ".join(verb.group().split()) not in lexicon.words("giving_verb"):
        return  # `; nhận Cờ thi đua`: the subject received, it did not give
    for it in items:
        if it.issuer is None:
            it.issuer, it.issuer_name, it.issuer_from = *giver, "inherited"


def _presenter(doc: Doc, gs: int, first: int) -> tuple[str, str] | None:
    """`LĐLĐ tỉnh đã trao Cờ thi đua của Tổng LĐLĐ Việt Nam cho 2 tập thể ...; đồng thời tặng
    Cờ thi đua cho 5 tập thể`: the subject hands over another body's award, then gives its own
    after the `;`. The subject (issuer, its name) before the award word at `first`, else None."""
    r = _rules()
    mb = _issuer_before(r, doc.folded, gs, first)
    if mb is None:
        return None
    name_end = mb.end(r.name) if mb.group(r.name).strip() else None
    return _issuer(doc, *mb.span(r.iss), name_end)


def _kind_of(r: _Rules, phrase: str) -> str:
    # a span written as one phrase of the table is named by a dict lookup (`kind_names` holds
    # classify_phrase's answer for each); another spacing goes to classify_phrase
    kind = r.kind_names.get(phrase)
    if kind is None:
        kind = lexicon.classify_phrase("award_kind", phrase) or "other"
    return kind


def _issuer_after(folded: str, ke: int, end: int) -> regex.Match[str] | None:
    """`issuer_after.match`: its long branch needs `của` or `do` within 75 characters."""
    r = _rules()
    reach = min(end, ke + 75)
    if folded.find("của", ke, reach) < 0 and folded.find("do", ke, reach) < 0:
        if not _next_word_may_start(folded, ke, end, r.issuer_first):
            return None
        return r.issuer_next.match(folded, ke, end, concurrent=False)
    return r.issuer_after.match(folded, ke, end, concurrent=False)


def _next_word_may_start(folded: str, pos: int, end: int, words: tuple[str, ...]) -> bool:
    """False when the text after the spaces at `pos` surely starts with none of `words`.

    Only plain spaces are skipped; at any other white space (the patterns' white space is a
    subset of str.isspace) the answer is True and the pattern decides."""
    j = pos
    while j < end and folded[j] == " ":
        j += 1
    if j >= end:
        return False
    return folded[j].isspace() or folded.startswith(words, j, end)


def _cert_number(r: _Rules, folded: str, lo: int, hi: int) -> regex.Match[str] | None:
    """The number right before an award word, in digits or in words (its group 1)."""
    k = hi
    while k > lo and folded[k - 1].isspace():
        k -= 1
    if k > lo and folded[k - 1].isdigit():
        return r.cert_num.search(folded, lo, hi)
    if folded[max(lo, folded.rfind(" ", lo, k) + 1) : k] in _number_grammar_words():
        return r.cert_num_words.search(folded, lo, hi)
    return None


def _cert_tail(folded: str, ke: int, end: int) -> regex.Match[str] | None:
    """`cert_tail.match`: white space, then `tập thể` or `cá nhân`."""
    if ke >= end or not folded[ke].isspace():
        return None
    if not _next_word_may_start(folded, ke, end, ("tập", "cá")):
        return None
    return _rules().cert_tail.match(folded, ke, end)


def _issuer_before(r: _Rules, folded: str, start: int, end: int) -> regex.Match[str] | None:
    """`issuer_before_verb.match or issuer_before.match` on the zone before an award word.

    Both end in a giving verb, maybe `danh hiệu`, maybe a count, then white space: the first
    is tried only where the zone ends in the last word of one, the second only where one of
    those words is in the zone and its last character can end a count (a digit or a word).
    Where the zone ends in one of those words only the first can match."""
    j = end
    while j > start and folded[j - 1] == " ":
        j -= 1
    if j <= start:
        return None
    if folded.endswith(r.verb_ends, start, j):
        # no count ends in one of these words: the full pattern's count tail cannot match, so
        # it matches only where this one does (tests/test_awards_scans_exact.py)
        return r.issuer_before_verb.match(folded, start, end, concurrent=False)
    c = folded[j - 1]
    if c.isspace():
        return r.issuer_before_verb.match(folded, start, end) or r.issuer_before.match(
            folded, start, end
        )
    if c.isascii() and not c.isalnum():
        return None
    for w in r.verb_ends:
        if folded.find(w, start, j) >= 0:
            return r.issuer_before.match(folded, start, end)
    return None


def _for(r: _Rules, folded: str, start: int, end: int) -> regex.Match[str] | None:
    """`for_.match`: its `cho`, `tới` or `đến` starts within 80 characters."""
    reach = min(end, start + 83)
    if (
        folded.find("cho", start, reach) < 0
        and folded.find("tới", start, reach) < 0
        and folded.find("đến", start, reach) < 0
        and folded.find("tặng", start, reach) < 0
        and folded.find("”", start, reach) < 0
        and folded.find('"', start, reach) < 0
    ):
        return None
    return r.for_.match(folded, start, end, concurrent=False)


# how far after `cho` recipients are read: `cho Công đoàn trường Mầm non A, Công đoàn trường
# Tiểu học B và 2 cá nhân` names two collectives before its count
_RECIPIENTS_REACH = 120


def _segment(
    doc: Doc, p: Para, gs: int, ge: int, kinds: list[tuple[int, int]], generic: bool
) -> list[AwardFound]:
    caption = p.kind == "caption"
    r = _rules()
    items: list[AwardFound] = []
    prev_end = gs
    for i, (ks, ke) in enumerate(kinds):
        next_start = kinds[i + 1][0] if i + 1 < len(kinds) else ge
        left = doc.folded[prev_end:ks]
        if has_any(left, r.cue_heads) and r.cue.search(left):
            prev_end = ke
            continue
        kind = "other" if generic else _kind_of(r, doc.folded[ks:ke])
        issuer = issuer_name = issuer_from = None
        after_end = ke
        m = None if generic else _issuer_after(doc.folded, ke, next_start)
        if m:
            iss_start, iss_end = m.span(r.iss)
            issuer, issuer_name = _issuer(doc, iss_start, iss_end)
            issuer_from = "after"
            after_end = iss_start + len(issuer_name)
        else:
            mb = _issuer_before(r, doc.folded, prev_end, ks)
            if mb:
                name_end = mb.end(r.name) if mb.group(r.name).strip() else None
                issuer, issuer_name = _issuer(doc, *mb.span(r.iss), name_end)
                issuer_from = "before"
                if r.co_giver_before.match(doc.folded, prev_end, mb.start(r.iss)):
                    issuer = "other"
        # counts: recipients written before the award, else `... cho N tập thể` after it; not
        # those of a total the award is part of (`khen thưởng 45 tập thể, cá nhân, trong đó:
        # LĐLĐ tỉnh tặng Bằng khen cho ...`)
        part = doc.folded.rfind("trong đó", prev_end, ks)
        coll, ind, seen, _, _ = _counts(doc, prev_end if part < 0 else part, ks, last_list=True)
        num = None if generic else _cert_number(r, doc.folded, prev_end, ks)
        if num is not None and seen == 1:
            seen = 0  # `các đơn vị ... đã tặng 27 Bằng ...`: the number before the award counts
        consumed = ke
        certificate = False
        if not seen:
            # counted certificate, `4 bằng khen tập thể`: number before, noun right after the award
            tail = _cert_tail(doc.folded, ke, next_start)
            n = parse_int(num.group(1)) if tail and num else None
            if tail and n is not None:
                coll, ind = (n, None) if tail.group(1).startswith("tập") else (None, n)
                seen, certificate = 2, True
                consumed = tail.end()
        if generic and not seen:
            coll, ind, seen, consumed, _ = _counts(doc, ke, min(next_start, ke + 60))
            mg = r.issuer_generic.match(doc.folded, prev_end, ks)
            if mg and issuer is None:
                name_end = mg.end(r.name) if mg.group(r.name).strip() else None
                issuer, issuer_name = _issuer(doc, *mg.span(r.iss), name_end)
                issuer_from = "before"
        if not seen:
            # a list line, `Bằng khen của Tổng LĐLĐ Việt Nam: 3 tập thể, 9 cá nhân`: the
            # recipients are counted after a colon
            colon = _COLON_COUNTS.match(doc.folded, after_end, next_start)
            if colon:
                zone_end = min(next_start, colon.end() + 60)
                coll, ind, seen, consumed, _ = _counts(doc, colon.end(), zone_end)
        num = None if seen else num
        fm = None if seen else _for(r, doc.folded, after_end, next_start)
        again = None  # the same award's recipients for another reason, after the first list
        if fm:
            zone_end = min(next_start, fm.end() + _RECIPIENTS_REACH)
            coll, ind, seen, consumed, first = _counts(doc, fm.end(), zone_end, first_list=True)
            if seen == 2:
                again = _for_another_reason(doc, consumed, zone_end)
                consumed = again[3] if again is not None else consumed
            if num is not None and seen < 2:
                # `27 Bằng Lao động sáng tạo cho những đồng chí`, `236 bằng khen cho cá nhân`: the
                # certificates count the recipients when they are of one kind; `tặng các tập
                # thể và cá nhân`: not split
                split = _certificates(doc, fm.end(), zone_end, parse_int(num.group(1)))
                if split is not None:
                    (coll, ind), seen, certificate = split, 2, True
            if seen and (coll is None or ind is None):
                # (the first count of the same zone: no second scan)
                lead_coll, lead_ind = _single_recipient(doc, fm.end(), first)
                coll = coll if coll is not None else lead_coll
                ind = ind if ind is not None else lead_ind
            if not seen:
                coll, ind = _single_recipient(doc, fm.end(), min(next_start, fm.end() + 40))
                seen = 2 if coll is not None or ind is not None else 0
                if seen:  # the recipient's name runs to the end of its clause
                    comma = doc.folded.find(",", fm.end(), next_start)
                    consumed = comma if comma >= 0 else next_start
        if not seen and num is not None and kind == "co_thi_dua":
            # `trao 02 Cờ thi đua`: a flag goes to a collective
            coll, seen, certificate = parse_int(num.group(1)), 2, True
        if not seen:
            pz = r.passive.search(doc.folded, prev_end, ks)
            if pz:
                subject = clause_before(doc.folded, pz.start(), limit=pz.start() - prev_end)
                coll, ind = _single_recipient(
                    doc, pz.start() - len(subject), pz.start(), person_from=prev_end
                )
        if generic and not seen:
            prev_end = ke  # a bare `được khen thưởng`: no type, issuer or recipients (v1.1)
            continue
        if not (
            seen
            or r.verb.search(doc.folded, max(gs, prev_end), ks)
            or r.verb.search(doc.folded, ke, min(next_start, ke + 40))
        ):
            prev_end = ke
            continue
        listed = (
            [] if generic else _matches(r.kind, doc.folded, _kind_starts(r, doc, ks, ke), ks, ke)
        )
        if len(listed) > 1:
            # one count shared by two award kinds: one entry per kind, counts null (v1.1)
            for ls, le in listed:
                k = _kind_of(r, doc.folded[ls:le])
                items.append(
                    AwardFound(k, issuer, issuer_name, None, None, ls, le, caption, issuer_from)
                )
        else:
            vague = generic and seen == 1
            items.append(
                AwardFound(
                    kind,
                    issuer,
                    issuer_name,
                    coll,
                    ind,
                    ks,
                    ke,
                    caption,
                    issuer_from,
                    certificate,
                    vague,
                )
            )
            if again is not None:  # (v1.1: the same award for two reasons is two entries)
                a_coll, a_ind, _, a_end, a_first = again
                items.append(
                    AwardFound(
                        kind,
                        issuer,
                        issuer_name,
                        a_coll,
                        a_ind,
                        a_first,
                        a_end,
                        caption,
                        issuer_from,
                    )
                )
        prev_end = max(ke, consumed, after_end)
    _share_issuers(items, doc.folded)
    return _merge_certificates(items)


def _share_issuers(items: list[AwardFound], folded: str = "") -> None:
    """An issuer written once after a list, or once before it, applies to the whole list; one
    written after a list of counted awards (`trao 02 Cờ thi đua, 19 Bằng khen của Tổng LĐLĐ`)
    names the giver over the subject that handed them over."""
    for i, it in enumerate(items[:-1]):
        nxt = items[i + 1]
        if (
            it.issuer_from == "before"
            and nxt.issuer_from == "after"
            and _COUNTED_LIST.match(folded, it.end, nxt.start)
        ):
            it.issuer, it.issuer_name, it.issuer_from = nxt.issuer, nxt.issuer_name, "inherited"
    for i, it in enumerate(items):
        if it.issuer_from:
            continue
        later = next((x for x in items[i + 1 :] if x.issuer_from == "after"), None)
        earlier = next((x for x in reversed(items[:i]) if x.issuer_from == "before"), None)
        src = later or earlier
        if src:
            it.issuer, it.issuer_name, it.issuer_from = src.issuer, src.issuer_name, "inherited"


# the colon of a list line, after the rest of a giver's name the name reader left out
_COLON_COUNTS = pattern_cache.compile(r"[^:.;\d\n]{0,40}?:\s*+(?=\d)")
_COUNTED_LIST = pattern_cache.compile(r"\s*+(?:,|và)\s*+\d++\s*+\Z")


def _merge_certificates(items: list[AwardFound]) -> list[AwardFound]:
    """`4 bằng khen tập thể và 7 bằng khen cá nhân` is one award statement."""
    out: list[AwardFound] = []
    for it in items:
        prev = out[-1] if out else None
        if (
            prev
            and prev.certificate
            and it.certificate
            and prev.award == it.award
            and prev.issuer == it.issuer
            and prev.individuals is None
            and it.collectives is None
            and prev.collectives is not None
            and it.individuals is not None
            and it.issuer_from != "after"
        ):
            prev.individuals = it.individuals
            prev.end = it.end
            continue
        out.append(it)
    return out
