"""Dates as resumes write them, normalised to "YYYY-MM".

A year-only start becomes January and a year-only end December, so "2018 – 2020"
covers the whole span; "Present", "Current", "Now" mark an ongoing role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))

# One date; the order of the alternatives matters ("2019-03" before a bare year).
DATE = (
    rf"(?:(?P<{{p}}mon>{_MONTH_NAMES})\.?,?\s+(?P<{{p}}mony>(?:19|20)\d\d)"
    rf"|(?P<{{p}}mm>0?[1-9]|1[0-2])\s*[/.]\s*(?P<{{p}}mmy>(?:19|20)\d\d)"
    rf"|(?P<{{p}}iy>(?:19|20)\d\d)[-/.](?P<{{p}}im>0[1-9]|1[0-2])(?!\d)"
    rf"|(?P<{{p}}y>(?:19|20)\d\d))"
)
CURRENT = r"(?P<cur>present|current|now|today|ongoing|date)"
_SEP = r"\s*(?:–|—|-|‒|―|~|\bto\b|\buntil\b|\btill\b|→)\s*"

RANGE_RE = re.compile(
    r"(?<![\w/.-])" + DATE.format(p="a") + _SEP + r"(?:" + DATE.format(p="b") + "|" + CURRENT + r")(?![\w/])",
    re.IGNORECASE,
)
SINGLE_RE = re.compile(r"(?<![\w/.-])" + DATE.format(p="a") + r"(?![\w/])", re.IGNORECASE)


@dataclass
class DateRange:
    start: str | None
    end: str | None
    current: bool
    span: tuple[int, int]


def _value(m: re.Match, p: str, *, is_end: bool) -> str | None:
    g = m.groupdict()
    if g.get(f"{p}mon"):
        return f"{int(g[f'{p}mony']):04d}-{MONTHS[g[f'{p}mon'].lower()]:02d}"
    if g.get(f"{p}mm"):
        return f"{int(g[f'{p}mmy']):04d}-{int(g[f'{p}mm']):02d}"
    if g.get(f"{p}iy"):
        return f"{int(g[f'{p}iy']):04d}-{int(g[f'{p}im']):02d}"
    if g.get(f"{p}y"):
        return f"{int(g[f'{p}y']):04d}-{12 if is_end else 1:02d}"
    return None


def find_range(text: str) -> DateRange | None:
    m = RANGE_RE.search(text)
    if not m:
        return None
    start = _value(m, "a", is_end=False)
    if m.group("cur"):
        return DateRange(start, None, True, m.span())
    end = _value(m, "b", is_end=True)
    return DateRange(start, end, False, m.span())


def find_single(text: str, *, is_end: bool = False) -> tuple[str, tuple[int, int]] | None:
    m = SINGLE_RE.search(text)
    if not m:
        return None
    return _value(m, "a", is_end=is_end), m.span()
