"""Dates and amounts as offices write them: 和暦 (令和7年7月15日) and 万円 (約183万円), as options.

The default stays ISO dates and exact yen. With 万円 the exact amount follows in brackets
(約183万円（1,834,000円）), so a figure someone copies is never the rounded one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# (first day, era name); the first year of an era is 元年
_ERAS = ((dt.date(2019, 5, 1), "令和"), (dt.date(1989, 1, 8), "平成"), (dt.date(1926, 12, 25), "昭和"))


def wareki(day: dt.date) -> str:
    """2025-07-15 -> 令和7年7月15日; 2019-05-01 -> 令和元年5月1日; before 昭和: the Western year."""
    for start, name in _ERAS:
        if day >= start:
            year = day.year - start.year + 1
            return f"{name}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Style:
    """How a summary writes dates (``iso`` or ``wareki``) and amounts (``yen`` or ``man``)."""

    dates: str = "iso"
    amounts: str = "yen"

    def date(self, value, lang: str) -> str:
        if value is None:
            return "—"
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        if self.dates == "wareki" and lang == "ja":
            return wareki(day)
        return day.isoformat()

    def yen(self, value, lang: str) -> str:
        if value is None:
            return "不明" if lang == "ja" else "unknown"
        exact = f"{value:,}円" if lang == "ja" else f"{value:,} yen"
        if self.amounts != "man" or abs(value) < 100_000:
            return exact
        man = value / 10_000
        shown = f"{man:,.0f}" if abs(man) >= 100 else f"{man:,.1f}".rstrip("0").rstrip(".")
        approx = "" if value % 10_000 == 0 else ("約" if lang == "ja" else "about ")
        return f"{approx}{shown}万円（{exact}）" if lang == "ja" else f"{approx}{shown} man-yen ({exact})"


PLAIN = Style()
