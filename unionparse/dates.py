"""Dates as the press writes them, and the year a year-less date belongs to.

Patterns (lexicon fragments dmy, dmy_words, day_range, time) cut a date out of the text and
read its parts by group: a general date reader (python-dateutil's fuzzy mode) would read
`Chiều 20/12, có 49 công đoàn` as 2049-12-20, and once the parts are cut there is nothing left
for it to do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(slots=True)
class PartialDate:
    day: int | None
    month: int | None
    year: int | None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None

    def iso(self) -> str | None:
        if self.year is None or self.month is None:
            return None
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        if not valid(self.year, self.month, self.day):
            return None
        out = f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.hour is not None and self.minute is not None:
            out += f"T{self.hour:02d}:{self.minute:02d}"  # to the minute, as the contract writes it
        return out


def valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def full_year(y: str | None) -> int | None:
    if not y or not y.isdecimal():  # digits newer than Python's tables have no value here
        return None
    n = int(y)
    if len(y) == 2:
        n += 2000
    return n


def infer_year(
    month: int,
    published: PartialDate | None,
    report_year: int | None,
    plan_year: int | None,
) -> int | None:
    """The year of a conference written as `22/1`: from the dateline, else from the years reviewed.

    A review of year N is held from late N to early N+1; a dateline a little after the event
    names its year, except across a new year (event in December, published in January).
    """
    if published and published.year:
        if published.month and month - published.month >= 6:
            return published.year - 1
        if published.month and published.month - month >= 6:
            return published.year + 1 if month <= 2 and published.month == 12 else published.year
        return published.year
    if plan_year and report_year and plan_year == report_year + 1:
        return report_year if month >= 7 else plan_year
    if plan_year:
        return plan_year - 1 if month >= 10 else plan_year
    if report_year:
        return report_year if month >= 6 else report_year + 1
    return None
