"""A naive reference extractor: the script a user might write instead of unionparse.

About thirty stdlib `re` patterns run one after the other over each article; every match is
kept as the text it matched, with no evidence spans, no checks, no resolution of which number
belongs to which union or year. It is the baseline `bench/benchmark.py` times unionparse
against ("vs_naive"), not a tool: it extracts far less and is often wrong.

    python bench/naive_re.py FILE-or-FOLDER... > found.jsonl

Prints one JSON line per .txt file: {"source": path, "<pattern name>": [matched texts], ...}.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

N = r"(\d{1,3}(?:[.,]\d{3})+|\d+)"  # a count: 6.700, 1,046 or 41
Y = r"((?:19|20)\d{2})"  # a year
CI = re.IGNORECASE  # case-insensitive

PATTERNS: dict[str, re.Pattern[str]] = {
    # dates
    "date_dmy": re.compile(r"\b(\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2})\b"),
    "date_dm": re.compile(r"\bngày (\d{1,2}/\d{1,2})(?![/\d])", CI),
    "date_words": re.compile(r"\bngày (\d{1,2}) tháng (\d{1,2}) năm " + Y, CI),
    "month_year": re.compile(r"\btháng (\d{1,2})[/ ](?:năm )?" + Y, CI),
    "weekday_date": re.compile(r"\b(?:Thứ \w+|Chủ nhật),? (\d{1,2}/\d{1,2}/\d{4})", CI),
    "time": re.compile(r"\b(\d{1,2}:\d{2})\b"),
    # years and periods
    "year_nam": re.compile(r"\bnăm " + Y + r"\b", CI),
    "year_any": re.compile(r"\b" + Y + r"\b"),
    "term": re.compile(r"\bnhiệm kỳ " + Y + r"\s*[-–]\s*" + Y, CI),
    "school_year": re.compile(r"\bnăm học " + Y + r"\s*[-–]\s*" + Y, CI),
    "stage": re.compile(r"\bgiai đoạn " + Y + r"\s*[-–]\s*" + Y, CI),
    "part_year": re.compile(r"\b(6|7|9) tháng (?:đầu năm )?(?:năm )?" + Y, CI),
    # counts: members, grassroots unions, Party
    "members": re.compile(N + r" (?:công )?đoàn viên\b", CI),
    "members_admitted": re.compile(r"\bkết nạp (?:mới )?(?:được )?" + N + r" đoàn viên", CI),
    "grassroots_cdcs": re.compile(N + r" (?:CĐCS|công đoàn cơ sở)\b", CI),
    "grassroots_founded": re.compile(
        r"\bthành lập (?:mới )?(?:được )?" + N + r" (?:CĐCS|công đoàn cơ sở)", CI
    ),
    "workers": re.compile(N + r" (?:người lao động|lao động|CNVCLĐ|công nhân)\b", CI),
    "party_admitted": re.compile(r"\bkết nạp (?:được )?" + N + r" đảng viên", CI),
    "party_members": re.compile(N + r" đảng viên\b", CI),
    "party_referred": re.compile(r"\bgiới thiệu " + N + r" (?:đoàn viên|quần chúng)? ?ưu tú", CI),
    "ratio": re.compile(r"\b(\d+/\d+) (?:CĐCS|cơ sở|công đoàn cơ sở|đơn vị)", CI),
    "percent": re.compile(r"\b(\d+(?:[.,]\d+)?)\s?%"),
    # ratings and awards
    "strong_excellent": re.compile(N + r" (?:CĐCS |cơ sở |đơn vị )?đạt[^.;]{0,30}?vững mạnh", CI),
    "certificate": re.compile(r"\b(bằng khen|giấy khen)\b", CI),
    "emulation_flag": re.compile(r"\b(cờ thi đua)\b", CI),
    "medal": re.compile(r"\b(huân chương (?:lao động|độc lập)(?: hạng \w+)?)", CI),
    "emulation_fighter": re.compile(r"\b(chiến sĩ thi đua)\b", CI),
    "collectives": re.compile(N + r" tập thể\b", CI),
    "individuals": re.compile(N + r" cá nhân\b", CI),
    "money": re.compile(N + r" (triệu đồng|tỷ đồng|đồng)\b", CI),
    "gifts": re.compile(N + r" (?:suất quà|phần quà|suất)\b", CI),
}


def extract(text: str) -> dict[str, list[str]]:
    """Every pattern's matches in `text`, in order (a tuple of groups joined by spaces)."""
    found: dict[str, list[str]] = {}
    for name, pattern in PATTERNS.items():
        hits = [m if isinstance(m, str) else " ".join(m) for m in pattern.findall(text)]
        if hits:
            found[name] = hits
    return found


def files(args: list[str]) -> Iterator[Path]:
    for arg in args:
        p = Path(arg)
        yield from sorted(p.glob("*.txt")) if p.is_dir() else [p]


def main(argv: list[str]) -> int:
    out = sys.stdout
    for path in files(argv):
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        out.write(json.dumps({"source": str(path), **extract(text)}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
