"""Members referred to and admitted into the Party.

Admitted: `71 đoàn viên được kết nạp Đảng`, `kết nạp 41 đảng viên mới`, `được đứng vào hàng
ngũ của Đảng`, `3.927 đoàn viên đủ tiêu chuẩn được kết nạp vào hàng ngũ của Đảng`, `trở thành
đảng viên`, `giới thiệu cho Đảng kết nạp 108/58 đảng viên mới` (result before target).
Referred: `giới thiệu 88 đoàn viên ưu tú cho Đảng`, `115 đoàn viên ưu tú được học lớp đối tượng
Đảng` (also `cảm tình Đảng`, `bồi dưỡng nhận thức về Đảng`).
"""

from __future__ import annotations

from functools import cache

from unionparse.extractors.common import paras_with
from unionparse.extractors.rules import Hint, Rule, make_rules, scan_rules
from unionparse.found import Found
from unionparse.text import Doc

_A = r"(?:(?P<approx><<approx>>)\s+)?"
_N = _A + r"(?P<n><<count>>)<<ratio_tail>>?"
# a rule that starts with the number: digits only (number words at every position cost too much)
_N_LEAD = r"(?<![\d.,/])(?P<n><<int>>)<<ratio_tail>>?"
# `15 quần chúng là đoàn viên công đoàn`: a person word may be glossed by another
_WHO = r"(?:\s*(?:<<party_person>>))?(?:\s+ưu\s+tú)?(?:\s+là\s+(?:<<party_person>>))?"
# to whom a referral goes: `cho Đảng`, `cho các tổ chức cơ sở Đảng`, `cho chi bộ`
_TO_PARTY = (
    r"(?:cho|để|với|vào)\s+(?:các\s+)?(?:tổ\s+chức\s+(?:cơ\s+sở\s+)?đảng|chi\s+bộ(?:\s+đảng)?"
    r"|cấp\s+ủy(?:\s+đảng)?|đảng(?:\s+bộ)?)(?!\w)"
)
# `được giới thiệu`, `đã được công đoàn giới thiệu`
_REFERRED_BY = r"\s+(?:đã\s+)?được\s+(?:[^\d.,;]{1,30}?\s+)?giới\s+thiệu"

ADMITTED = [
    (
        4,
        r"kết\s+nạp\s+(?:mới\s+|được\s+|thêm\s+|cho\s+)*"
        + _N
        + r"\s*+(?:đảng\s+viên|(?:<<party_person>>)(?:\s+ưu\s+tú)?\s+vào\s+đảng)",
    ),
    (
        4,
        _N_LEAD
        + _WHO
        + r"(?:\s+đủ\s+(?:tiêu\s+chuẩn|điều\s+kiện))?"
        + r"\s+(?:đã\s+|đều\s+)?(?:vinh\s+dự\s+)?(?:được\s+)?(?:xem\s+xét\s+)?(?:<<party_admit>>|kết\s+nạp(?=\s*(?:[.;,)]|$|và\s)))",
        # what can follow the number: a person word, `ưu tú`, or the first word of the verb
        Hint(
            after=(
                "party_person",
                "ưu",
                "đủ",
                "đã",
                "đều",
                "vinh",
                "được",
                "xem",
                "kết",
                "đứng",
                "trở",
            )
        ),
    ),
    (3, r"kết\s+nạp\s+(?:vào\s+)?đảng\s+(?:cho\s+|được\s+)?" + _N + _WHO + r"(?!\w)"),
    # `97 đảng viên mới được kết nạp từ nguồn đoàn viên`: the noun says which party
    (
        4,
        _N_LEAD + r"\s+đảng\s+viên(?:\s+mới)?\s+(?:đã\s+)?được\s+kết\s+nạp(?!\w)",
        Hint(after=("đảng",)),
    ),
]

REFERRED = [
    (
        4,
        r"giới\s+thiệu\s+(?:được\s+|"
        + _TO_PARTY
        + r"\s+(?:xem\s+xét\s+)?)?"
        + _N
        + r"\s*+(?:<<party_person>>)?(?:\s*ưu\s+tú|\s+"
        + _TO_PARTY
        + ")",
    ),
    # the whole the admitted came from: `kết nạp ... trong tổng số 156 đoàn viên được công đoàn
    # giới thiệu`
    (3, r"trong\s+(?:tổng\s+)?số\s+" + _N + _WHO + _REFERRED_BY + r"(?!\w)"),
    # after the number, one pattern (its number and person words are read once a site):
    # a class for Party candidates, `115 đoàn viên ưu tú được học lớp đối tượng Đảng`, or a
    # passive referral, `25 đoàn viên được giới thiệu cho Đảng`, `... được công đoàn giới thiệu
    # để chi bộ xem xét`
    (
        3,
        _N_LEAD
        + _WHO
        + r"(?:\s+(?:đã\s+)?(?:được\s+)?(?:cử\s+|giới\s+thiệu\s+)?(?:đi\s+|tham\s+gia\s+|tham\s+dự\s+)?(?:học\s+)?(?:lớp\s+|chương\s+trình\s+)(?:bồi\s+dưỡng\s+)?(?:<<party_class>>)"
        + r"|"
        + _REFERRED_BY
        + r"\s+"
        + _TO_PARTY
        + ")",
        Hint(
            after=(
                "party_person",
                "ưu",
                "là",
                "đã",
                "được",
                "cử",
                "giới",
                "đi",
                "tham",
                "học",
                "lớp",
                "chương",
            )
        ),
    ),
]


@cache
def _rules(field: str) -> list[Rule]:
    specs = ADMITTED if field == "party.admitted" else REFERRED
    return make_rules([(rank, False, *rest) for rank, *rest in specs])


def _scan(doc: Doc, field: str) -> list[Found]:
    return scan_rules(doc, field, _rules(field), paras_with(doc, "đảng"), yearly=True)


def admitted(doc: Doc) -> list[Found]:
    return _scan(doc, "party.admitted")


def referred(doc: Doc) -> list[Found]:
    return _scan(doc, "party.referred")
