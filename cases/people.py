"""A person's ID number and phone number: the one rule that checks and normalises them.

docs/vocabulary.md#id-numbers-and-phone-numbers. The desk, the portal, the API, the import,
Open311, the identity digests and the redaction all call it, so the same input gets the same
verdict and the same stored form wherever it is typed.
"""

import re

from django.utils.translation import gettext_lazy as _

# What people type between digits: "0912 345 678", "0912.345.678", "(024) 3825-1234".
_SEPARATORS = re.compile(r"[\s.\-()/]")
# Chứng minh nhân dân: 9 digits; căn cước công dân and căn cước: 12.
ID_NUMBER_LENGTHS = (9, 12)
# Normal form: the national number from its trunk 0; 10 digits for a mobile, 11 for a
# fixed line with its 02x area code.
_PHONE = re.compile(r"^0\d{9,10}$")
_COUNTRY_CODE = "84"
# The longest a typed number may be with its separators and country code.
TYPED_MAX_LENGTH = 20

ID_NUMBER_MESSAGE = _("An ID number has 9 or 12 digits.")
PHONE_MESSAGE = _("Enter a Vietnamese phone number: 10 or 11 digits from 0, or from +84.")


class NotValid(ValueError):
    """A value that is not an ID number or a phone number; the message says what is expected."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _digits(value: str) -> str:
    return _SEPARATORS.sub("", str(value).strip())


def normal_id_number(value: str) -> str:
    """Return the ID number as its digits alone, or "" for an empty value; raise NotValid."""
    digits = _digits(value)
    if not digits:
        return ""
    if not digits.isdigit() or len(digits) not in ID_NUMBER_LENGTHS:
        raise NotValid(ID_NUMBER_MESSAGE)
    return digits


def normal_phone(value: str) -> str:
    """Return the phone number in national form ("0912345678"), or "" for an empty value.

    "+84 912 345 678", "+84 (0) 912 345 678", "0084 912 345 678", "84912345678" and
    "0912.345.678" are one number.
    Raise NotValid for anything else.
    """
    digits = _digits(value)
    if not digits:
        return ""
    for prefix in ("+" + _COUNTRY_CODE, "00" + _COUNTRY_CODE):
        if digits.startswith(prefix):
            # "+84 (0) 912 …" writes the trunk 0 after the country code.
            digits = "0" + digits.removeprefix(prefix).removeprefix("0")
            break
    else:
        if digits.startswith(_COUNTRY_CODE) and _PHONE.match("0" + digits[2:]):
            digits = "0" + digits[2:]
    if not _PHONE.match(digits):
        raise NotValid(PHONE_MESSAGE)
    return digits


def id_number_key(value: str) -> str:
    """Return what identifies the ID number for matching: its normal form, else its digits.

    A value stored before the rule (or typed while searching) still matches itself.
    """
    try:
        return normal_id_number(value)
    except NotValid:
        return re.sub(r"\D", "", value)


def phone_key(value: str) -> str:
    """Return what identifies the phone number for matching: its normal form, else its digits."""
    try:
        return normal_phone(value)
    except NotValid:
        return re.sub(r"\D", "", value)


def phone_pattern(phone: str) -> str | None:
    """Return a regex finding the phone however it is written in a text, or None if not one.

    "0912 345 678", "0912.345.678" and "+84 912 345 678" are all the number 0912345678.
    """
    try:
        normal = normal_phone(phone)
    except NotValid:
        return None
    if not normal:
        return None
    rest = r"[\s.\-]?".join(re.escape(digit) for digit in normal[1:])
    return rf"(?:0|\(?\+?{_COUNTRY_CODE}\)?[\s.\-]?)[\s.\-]?{rest}"
