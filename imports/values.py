"""Cell values as registers hold them: Vietnamese dates, phone and ID numbers, counts."""

from datetime import date, datetime

from openpyxl.utils.datetime import from_excel

from cases import people
from common.text import fold

_DATE_WORDS = {"ngay", "thang", "nam"}


class BadValue(ValueError):
    """A cell whose value cannot be what its column holds; the message says why."""


def text(value) -> str:
    """Return a cell as trimmed text; whole numbers lose the ".0" a spreadsheet adds."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


def _year(token: str) -> int:
    year = int(token)
    if len(token) <= 2:
        # A two-digit year in a register of past petitions: 25 is 2025, 98 is 1998.
        year += 2000 if year <= date.today().year % 100 else 1900
    return year


def parse_date(value) -> date:
    """Return the date in a cell: a date cell, an Excel serial number, or Vietnamese text.

    Text may be "05/03/2025", "5/3/25", "5-3-2025", "2025-03-05" or "ngày 5 tháng 3 năm 2025",
    optionally followed by a time.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        try:
            return from_excel(value).date()
        except (OverflowError, ValueError) as exc:
            raise BadValue(str(value)) from exc
    tokens = [token for token in fold(str(value)).split() if token not in _DATE_WORDS]
    if len(tokens) not in (3, 5, 6) or not all(token.isdigit() for token in tokens):
        raise BadValue(str(value))
    first, second, third = tokens[:3]
    if len(first) == 4:
        year, month, day = int(first), int(second), int(third)
    else:
        day, month, year = int(first), int(second), _year(third)
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise BadValue(str(value)) from exc


def _person_value(typed: str, normalise) -> str:
    try:
        return normalise(typed)
    except people.NotValid as exc:
        raise BadValue from exc


def parse_phone(value) -> str:
    """Return a phone number in the people rule's normal form, or raise BadValue."""
    if isinstance(value, int | float):
        # A number cell drops the leading zero.
        return _person_value("0" + text(value).lstrip("0"), people.normal_phone)
    return _person_value(text(value), people.normal_phone)


def parse_id_number(value) -> str:
    """Return an ID number in the people rule's normal form, or raise BadValue."""
    typed = text(value)
    if isinstance(value, int | float) and len(typed) > 9:
        # A number cell drops the leading zeros of a 12-digit citizen ID.
        typed = typed.zfill(12)
    return _person_value(typed, people.normal_id_number)


def parse_count(value) -> int:
    number = text(value)
    if not number.isdigit() or int(number) < 1:
        raise BadValue(number)
    return int(number)
