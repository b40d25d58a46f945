"""Grassroots unions and members: the union's own totals, never a part, a change or a target.

Covers `quản lý 52 CĐCS với 3.942 đoàn viên`, `tổng đoàn viên là 4.764 người`, `33/37 cơ sở
công đoàn đạt ...` (the whole is 37), `đoàn viên nữ là 2.334`, `phát triển mới 15 đoàn viên`,
`nâng tổng số đoàn viên lên 3.210`, `đại biểu thay mặt cho 3.210 đoàn viên của 57 CĐCS`.
"""

from __future__ import annotations

from functools import cache

from unionparse.extractors.common import paras_with
from unionparse.extractors.rules import SPLIT, Hint, Rule, make_rules, scan_rules
from unionparse.found import Found
from unionparse.text import Doc

_A = r"(?:(?P<approx><<approx>>)\s+)?"
# the word lists of <<approx>>: the last word before a number may be one of them (_A)
_APPROX = ("approx_more", "approx_less", "approx_about")
# what a cue ending in `(?:số\s+)?` + _A can end with, right before the number
_TOTAL_CUE_ENDS = Hint(before=("total_cue", "số", *_APPROX))

GRASSROOTS = [
    # (rank, needs subset check, template)
    (
        5,
        False,
        r"(?P<n><<int>>)\s*+<<grassroots_noun>><<abbreviation>>(?:\s+trực\s+thuộc)?\s*,?\s*với\s+(?:tổng\s+số\s+)?(?:<<approx>>\s+)?<<int>>\s*<<member_noun>>",
    ),
    (
        5,
        False,
        r"(?:thay\s+mặt|đại\s+diện)\s+cho\s+(?:<<approx>>\s+)?(?:(?<![\d.,/:])\d++(?:,\d{1,3})?\s++(?:ngàn|nghìn)|<<int>>)\s*<<member_noun>>\s+(?:của|thuộc|đến\s+từ|ở)\s+"
        + _A
        + r"(?P<n><<count>>)\s*+<<grassroots_noun>>",
        Hint(leads=("thay", "đại")),
    ),
    (
        4,
        True,
        r"(?<!\w)(?:<<total_cue>>)\s+(?:số\s+)?"
        + _A
        + SPLIT
        + r"(?P<n><<int>>)\s*+<<grassroots_noun>>(?!\w)(?!\s*(?:mới|được\s+thành\s+lập|tham\s+gia|đăng\s+ký|đạt|hoàn\s+thành))",
        _TOTAL_CUE_ENDS,
    ),
    (
        4,
        False,
        r"nâng\s+tổng\s+số\s+<<grassroots_noun>><<abbreviation>>(?:\s+trực\s+thuộc)?\s+lên\s+(?:thành\s+)?"
        + _A
        + r"(?P<n><<int>>)(?!\s*(?:%|\d))",
    ),
    (
        4,
        False,
        r"(?<!\w)(?:tổng\s+)?số\s+<<grassroots_noun>>\s*(?:trực\s+thuộc\s*)?(?:hiện\s+(?:nay\s+)?)?(?:là|:|có|lên|đạt|tăng\s+lên)?\s*(?:thành\s+)?"
        + _A
        + r"(?P<n><<int>>)(?!\s*(?:%|/|\d))",
        Hint(leads=("tổng", "số")),
    ),
    (
        3,
        True,
        r"(?<!\w)có\s+"
        + _A
        + SPLIT
        + r"(?P<n><<int>>)\s*+<<grassroots_noun>><<abbreviation>>(?:\s+trực\s+thuộc)?(?=\s*(?:[,.;:)\n]|$|với\s|và\s+<<int>>|gồm|trong\s+đó))",
        Hint(before=("có", *_APPROX)),
    ),
    (
        3,
        True,
        # `ở 68 CĐCS trực thuộc`, `của 12 CĐCS trực thuộc`: where people come from, not a holding
        r"(?<!(?:ở|tại|từ|của|cho)\s{1,3})(?P<n><<int>>)\s*+<<grassroots_noun>>\s+trực\s+thuộc(?!\s+(?:đạt|hoàn\s+thành|được|tham\s+gia))",
    ),
    (
        1,
        True,  # `thành lập 17/12 CĐCS`: a result over a target, not over the whole
        r"<<int>>\s*/\s*(?P<n><<den>>)\s*+(?:<<grassroots_noun>>|đơn\s+vị\s+công\s+đoàn)",
        Hint(after=("grassroots_noun", "đơn")),
    ),
]

MEMBERS = [
    (
        5,
        False,
        r"<<grassroots_noun>><<abbreviation>>(?:\s+trực\s+thuộc)?\s*,?\s*với\s+(?:tổng\s+số\s+)?"
        + _A
        + SPLIT
        # (`công đoàn viên`, the members' older name, only here: `công` after a number is
        # mostly a union's name, and every rule tried there costs)
        + r"(?P<n><<int>>)\s*+(?:công\s+)?<<member_noun>>(?!\w)",
        Hint(before=("với", "số", *_APPROX)),
    ),
    (
        5,
        False,
        # ... in thousands (`với trên 51 ngàn công đoàn viên`): a rule of its own, as the
        # digit-led rules are tried only where a member noun follows the number
        r"<<grassroots_noun>><<abbreviation>>(?:\s+trực\s+thuộc)?\s*,?\s*với\s+(?:tổng\s+số\s+)?"
        + _A
        + SPLIT
        + r"(?<![\d.,/:])(?P<n>\d++(?:,\d{1,3})?\s++(?:ngàn|nghìn))(?!\w)\s*+(?:công\s+)?<<member_noun>>(?!\w)",
        Hint(after=("ngàn", "nghìn"), before=("với", "số", *_APPROX)),
    ),
    (
        4,
        False,
        r"tổng\s+(?:số\s+)?(?:<<member_noun>>)\s*(?:hiện\s+nay\s+|hiện\s+có\s+|toàn\s+ngành\s+|trực\s+thuộc\s+|của\s+\w+\s+)?(?:là|:|đạt|có|gồm|hiện\s+có)?\s*"
        + _A
        + r"(?P<n><<int>>)(?!\s*(?:%|/|\d))",
    ),
    (4, False, r"(?P<n><<int>>)\s*+người\s+là\s+(?:<<member_noun>>)"),
    (
        4,
        False,
        r"<<grassroots_noun>><<abbreviation>>(?:\s+trực\s+thuộc)?\s*,\s*"
        + _A
        + SPLIT
        + r"(?P<n><<int>>)\s*+<<member_noun>>(?!\w)(?!\s*(?:<<member_not_total_next>>)(?!\w))",
        Hint(before=(",", *_APPROX)),
    ),
    (
        4,
        False,
        r"nâng\s+tổng\s+số\s+(?:<<member_noun>>)\s+(?:[^.;\n]{0,40}?\s)?lên\s+(?:thành\s+)?"
        + _A
        + r"(?P<n><<int>>)(?!\s*(?:%|\d))",
    ),
    (
        4,
        True,
        r"(?<!\w)(?:<<total_cue>>)\s+(?:số\s+)?"
        + _A
        + SPLIT
        + r"(?P<n><<int>>)\s*+<<member_noun>>(?!\w)(?!\s*(?:<<member_not_total_next>>)(?!\w))",
        _TOTAL_CUE_ENDS,
    ),
    (
        3,
        True,
        r"(?<!\w)(?:<<weak_total_cue>>)\s+"
        + _A
        + SPLIT
        + r"(?P<n><<int>>)\s*+<<member_noun>>(?!\w)(?!\s*(?:<<member_not_total_next>>)(?!\w))(?=\s*(?:[,.;:)\n]|$|với|và|trong\s+đó|thuộc|sinh\s+hoạt))",
        Hint(before=("weak_total_cue", *_APPROX)),
    ),
    (
        4,
        True,
        # ... in thousands: `đại diện cho hơn 7,4 nghìn đoàn viên thuộc 96 CĐCS`
        r"(?<!\w)(?:<<total_cue>>)\s+(?:số\s+)?"
        + _A
        + SPLIT
        + r"(?<![\d.,/:])(?P<n>\d++(?:,\d{1,3})?\s++(?:ngàn|nghìn))(?!\w)\s*+(?:công\s+)?<<member_noun>>(?!\w)(?!\s*(?:<<member_not_total_next>>)(?!\w))",
        Hint(after=("ngàn", "nghìn"), before=_TOTAL_CUE_ENDS.before),
    ),
]

FEMALE = [
    (
        4,
        r"(?:(?:trong\s+đó|[,;(])\s*(?:có\s+)?(?:đoàn\s+viên\s+)?nữ|đoàn\s+viên\s+nữ|nữ\s+đoàn\s+viên|đoàn\s+viên\s+là\s+nữ|số\s+nữ)\s*(?:hiện\s+(?:nay\s+)?)?(?:là|:|có|gồm|đạt|chiếm)?\s*"
        + _A
        + SPLIT
        + r"(?P<n><<int>>)(?!\s*(?:%|/|\d))",
        Hint(before=("nữ", "là", ":", "có", "gồm", "đạt", "chiếm", "hiện", "nay", *_APPROX)),
    ),
    (
        3,
        r"(?:trong\s+đó|,\s)\s*(?:có\s+)?"
        + _A
        + r"(?P<n><<int>>)\s*(?:đoàn\s+viên\s+|đv\s+|người\s+là\s+|người\s+|lao\s+động\s+|chị\s+em\s+)?(?:là\s+)?nữ(?!\w)(?!\s+(?:cán\s+bộ|công\s+đoàn|của))",
        Hint(leads=("trong", ",")),
    ),
]

NEW = [
    (
        4,
        r"(?:phát\s+triển|kết\s+nạp|thu\s+hút)\s+(?:mới\s*+|thêm\s+|được\s+)*(?:trong\s+năm\s*+)?(?::\s*)?"
        + _A
        + SPLIT
        + r"(?P<n><<int>>)<<ratio_tail>>?\s*+<<member_noun>>(?:\s+mới)?(?!\w)(?!\s*(?:vào\s+đảng|ưu\s+tú))",
        Hint(before=("triển", "nạp", "hút", "mới", "thêm", "được", ":", *_APPROX)),
    ),
    (3, r"(?P<n><<int>>)\s*+<<member_noun>>\s+mới(?:\s+được)?\s+(?:phát\s+triển|kết\s+nạp)"),
    # `thu hút thêm 187 người lao động gia nhập tổ chức Công đoàn`
    (
        4,
        r"(?:phát\s+triển|kết\s+nạp|thu\s+hút|vận\s+động)\s+(?:mới\s*+|thêm\s+|được\s+)*"
        + _A
        + SPLIT
        + r"(?P<n><<int>>)\s*+(?:<<joiner_noun>>)\s+(?:gia\s+nhập|tham\s+gia|vào)\s+"
        + r"(?:tổ\s+chức\s+)?công\s+đoàn(?!\s+(?:cơ\s+sở|viên|ngành))",
        Hint(before=("triển", "nạp", "hút", "động", "mới", "thêm", "được", *_APPROX)),
    ),
]


@cache
def _rules(family: str) -> list[Rule]:
    """A family's rules compiled once: (rank, subset check, template[, Hint])."""
    if family == "grassroots":
        specs = GRASSROOTS
    elif family == "members":
        specs = MEMBERS
    else:
        specs = [(rank, False, *rest) for rank, *rest in (FEMALE if family == "female" else NEW)]
    # a direct statement (rank 5) is still checked for `trong đó khối ... có 71 CĐCS với ...`
    return make_rules([(r[0], r[1] or r[0] >= 5, *r[2:]) for r in specs])


def _scan(
    doc: Doc, field: str, family: str, needles: tuple[str, ...], yearly: bool = False
) -> list[Found]:
    return scan_rules(doc, field, _rules(family), paras_with(doc, *needles), yearly)


def grassroots(doc: Doc) -> list[Found]:
    return _scan(doc, "grassroots_unions", "grassroots", ("cơ sở", "cđcs", "đơn vị công đoàn"))


def members_total(doc: Doc) -> list[Found]:
    return _scan(doc, "members.total", "members", ("đoàn viên", "đv"))


def members_female(doc: Doc) -> list[Found]:
    return _scan(doc, "members.female", "female", ("nữ",))


def members_new(doc: Doc) -> list[Found]:
    return _scan(doc, "members.new", "new", ("phát triển", "kết nạp", "thu hút"), yearly=True)
