"""One spreadsheet cell -> one case value, the way people really fill in Excel.

Amounts arrive as integers, as floats (``1500000.0``; ``1500000.5`` is refused: yen are whole),
or as text (``1,500,000円``, ``¥1,500,000``, ``150万円``, full-width digits). Dates arrive as
Excel dates, serial numbers or text (``2026/6/27``, ``2026年6月27日``, ``R8.6.27``,
``令和8年6月27日``). Choices are their Japanese label or the English key; yes/no as はい/いいえ,
TRUE/FALSE, ○/×. Anything else is a ``CellError`` with a Japanese and an English message.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from .layout import BOOL_LABELS, Kind, choice_label


class CellError(ValueError):
    """A cell that cannot be read as its field's kind."""

    def __init__(self, ja: str, en: str):
        super().__init__(ja)
        self.ja = ja
        self.en = en


# 和暦: era -> first day (the last day of the previous era is the day before).
ERAS = (("令和", "R", dt.date(2019, 5, 1)), ("平成", "H", dt.date(1989, 1, 8)),
        ("昭和", "S", dt.date(1926, 12, 25)), ("大正", "T", dt.date(1912, 7, 30)), ("明治", "M", dt.date(1868, 1, 25)))
_ERA_BY_NAME = {k: (name, start) for name, letter, start in ERAS for k in (name, letter)}

_TRUE = {"はい", "true", "yes", "y", "○", "〇", "◯", "有", "あり", "1"}
_FALSE = {"いいえ", "false", "no", "n", "×", "✕", "無", "なし", "0"}


def norm(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII), trimmed: for matching labels and reading numbers."""
    return unicodedata.normalize("NFKC", text).strip()


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def read(kind: Kind, value):
    """The case value of a cell (None when empty); ``CellError`` when it cannot be one."""
    if value is None or value == "" or (is_empty(value) and kind.name != "text"):
        return None  # a text of spaces stays text: it is what was typed (the model decides)
    return _READERS[kind.name](value, kind)


def _shown(value) -> str:
    text = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)
    return repr(text[:40] + "..." if len(text) > 40 else text) if isinstance(value, str) else text[:40]


def _whole(value, unit_ja: str, unit_en: str, allow_yen_text: bool) -> int:
    if isinstance(value, bool):
        raise CellError(f"数値を入力してください（{BOOL_LABELS[value]} ではなく）", f"must be a number, not {value}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError("数値ではありません", "not a number")
        if not value.is_integer():
            raise CellError(f"{unit_ja}未満の端数があります: {value}（整数で入力してください）",
                            f"must be a whole number of {unit_en}, got {value}")
        return int(value)
    if isinstance(value, (dt.date, dt.datetime)):
        raise CellError(f"金額・数値の欄に日付が入っています: {_shown(value)}", f"expected a number, got a date {_shown(value)}")
    if isinstance(value, str):
        text = norm(value).replace(",", "").replace(" ", "").replace("　", "")
        if allow_yen_text:
            text = text.removeprefix("¥").removeprefix("\\").removesuffix("円")
        match = re.fullmatch(r"(-?)(\d+)万(\d*)", text) if allow_yen_text else None
        if match:
            sign = -1 if match.group(1) else 1
            rest = int(match.group(3) or 0)
            if rest >= 10000:
                raise CellError(f"金額として読めません: {_shown(value)}", f"not an amount: {_shown(value)}")
            return sign * (int(match.group(2)) * 10000 + rest)
        if re.fullmatch(r"-?\d+", text) and len(text) <= 20:
            return int(text)
        if re.fullmatch(r"-?\d+\.\d+", text) and len(text) <= 30:
            number = Decimal(text)
            if number == number.to_integral_value():
                return int(number)
            raise CellError(f"{unit_ja}未満の端数があります: {text}（整数で入力してください）",
                            f"must be a whole number of {unit_en}, got {text}")
        what_ja, what_en = ("金額", "an amount of yen") if allow_yen_text else ("整数", "a whole number")
        raise CellError(f"{what_ja}として読めません: {_shown(value)}", f"not {what_en}: {_shown(value)}")
    raise CellError(f"読めない値です: {_shown(value)}", f"cannot read {_shown(value)}")


def _yen(value, kind: Kind) -> int:
    return _whole(value, "1円", "yen", allow_yen_text=True)


def _int(value, kind: Kind) -> int:
    return _whole(value, "1", "units", allow_yen_text=False)


def _number(value, kind: Kind):
    if isinstance(value, bool) or isinstance(value, (dt.date, dt.datetime)):
        raise CellError(f"数値を入力してください: {_shown(value)}", f"must be a number, got {_shown(value)}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return Decimal(repr(value)) if value == value else _bad_number(value)
    if isinstance(value, str):
        text = norm(value).replace(",", "").removesuffix("%")
        try:
            return Decimal(text) if len(text) <= 30 else _bad_number(value)
        except InvalidOperation:
            _bad_number(value)
    _bad_number(value)


def _bad_number(value):
    raise CellError(f"数値として読めません: {_shown(value)}", f"not a number: {_shown(value)}")


def _bool(value, kind: Kind) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = norm(value).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise CellError(f"「はい」か「いいえ」を選んでください（{_shown(value)} ではなく）",
                    f"must be はい (yes) or いいえ (no), got {_shown(value)}")


def _choice(value, kind: Kind) -> str:
    if isinstance(value, str):
        text = norm(value)
        for key in kind.choices:
            if text.lower() == key or text == norm(choice_label(key)):
                return key
    labels = "、".join(choice_label(c) for c in kind.choices)
    raise CellError(f"選択肢にありません: {_shown(value)}（{labels} から選んでください）",
                    f"not one of the choices: {_shown(value)} (choose from {', '.join(kind.choices)})")


def _text(value, kind: Kind) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return BOOL_LABELS[value]
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        raise CellError(f"文字の欄が日付に変換されています: {_shown(value)}（セルの書式を「文字列」にして入力し直してください）",
                        f"expected text, but Excel turned it into a date {_shown(value)} (format the cell as text and type it again)")
    raise CellError(f"読めない値です: {_shown(value)}", f"cannot read {_shown(value)}")


# ---------------------------------------------------------------------------------------------- dates

def _date(value, kind: Kind) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise CellError(f"日付だけを入力してください（時刻つき: {_shown(value)}）", f"expected a date, got a date and time {_shown(value)}")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellError(f"日付を入力してください（{_shown(value)} ではなく）", f"expected a date, got {value}")
    if isinstance(value, (int, float)):
        return _serial(value)
    if isinstance(value, str):
        return parse_date_text(value)
    raise CellError(f"日付として読めません: {_shown(value)}", f"not a date: {_shown(value)}")


def _serial(value) -> dt.date:
    """An Excel serial day number (the cell lost its date format): 1 is 1900-01-01 (Excel's 1900 leap-year bug kept)."""
    if isinstance(value, float) and not value.is_integer():
        raise CellError(f"日付として読めません: {value}", f"not a date: {value}")
    n = int(value)
    if not 1 <= n <= 2958465:
        raise CellError(f"日付として読めません: {n}（2026/6/27 の形で入力してください）", f"not a date: {n} (write it as 2026/6/27)")
    return dt.date(1899, 12, 30 if n > 60 else 31) + dt.timedelta(days=n)


_WESTERN = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_JAPANESE = re.compile(r"(令和|平成|昭和|大正|明治|[RHSTM])\s*(元|\d{1,2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_WESTERN_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")
_JAPANESE_MONTH = re.compile(r"(令和|平成|昭和|大正|明治|[RHSTM])\s*(元|\d{1,2})\s*[-/.年]\s*(\d{1,2})\s*月?")


def parse_date_text(value: str) -> dt.date:
    """``2026-06-27``, ``2026/6/27``, ``2026.6.27``, ``2026年6月27日``, ``R8.6.27``, ``令和8年6月27日`` -> a date."""
    text = norm(value).upper()
    if m := _WESTERN.fullmatch(text):
        return _make_date(value, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _JAPANESE.fullmatch(text):
        year = _era_year(value, m.group(1), m.group(2))
        return _make_date(value, year, int(m.group(3)), int(m.group(4)), era=m.group(1))
    raise CellError(f"日付として読めません: {_shown(value)}（2026/6/27 や R8.6.27 の形で入力してください）",
                    f"not a date: {_shown(value)} (write 2026/6/27, 2026-06-27 or R8.6.27)")


def parse_month_text(value: str) -> str:
    """``2026-06``, ``2026/6``, ``2026年6月``, ``R8.6``, ``令和8年6月`` -> ``"2026-06"``."""
    text = norm(value).upper()
    if m := _WESTERN_MONTH.fullmatch(text):
        year, month = int(m.group(1)), int(m.group(2))
    elif m := _JAPANESE_MONTH.fullmatch(text):
        year, month = _era_year(value, m.group(1), m.group(2)), int(m.group(3))
        _make_date(value, year, month, _last_day(year, month) if 1 <= month <= 12 else 1, era=m.group(1))
    else:
        raise CellError(f"月として読めません: {_shown(value)}（2026-06 の形で入力してください）",
                        f"not a month: {_shown(value)} (write 2026-06)")
    if not 1 <= month <= 12:
        raise CellError(f"月は1〜12です: {_shown(value)}", f"month must be 01-12: {_shown(value)}")
    return f"{year:04d}-{month:02d}"


def _last_day(year: int, month: int) -> int:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def _era_year(value: str, era: str, year: str) -> int:
    name, start = _ERA_BY_NAME[era]
    n = 1 if year == "元" else int(year)
    if n < 1:
        raise CellError(f"和暦の年が0です: {_shown(value)}", f"era year 0: {_shown(value)}")
    return start.year + n - 1


def _make_date(value: str, year: int, month: int, day: int, era: str | None = None) -> dt.date:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise CellError(f"存在しない日付です: {_shown(value)}", f"no such date: {_shown(value)}") from None
    if era is not None:
        name, start = _ERA_BY_NAME[era]
        following = next((s for n, _, s in reversed(ERAS) if s > start), None)
        if date < start or (following is not None and date >= following):
            raise CellError(f"{name}にない日付です: {_shown(value)}（{date.year}年{date.month}月{date.day}日は{name}の期間外）",
                            f"{_shown(value)} is outside the {name} era")
    return date


def _month(value, kind: Kind) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        # Excel turns a typed "2026/6" into the date 2026-06-01; any other day is a day, not a month.
        day = value.date() if isinstance(value, dt.datetime) else value
        if day.day != 1 or (isinstance(value, dt.datetime) and value.time() != dt.time(0)):
            raise CellError(f"月（2026-06 の形）を入力してください。日付 {day.isoformat()} が入っています",
                            f"must be a month YYYY-MM, got the day {day.isoformat()}")
        return f"{day.year:04d}-{day.month:02d}"
    if isinstance(value, str):
        return parse_month_text(value)
    raise CellError(f"月（2026-06 の形）を入力してください: {_shown(value)}", f"must be a month YYYY-MM, got {_shown(value)}")


_READERS = {"yen": _yen, "int": _int, "number": _number, "bool": _bool, "choice": _choice,
            "text": _text, "date": _date, "month": _month}
