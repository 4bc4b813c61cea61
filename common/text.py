"""Vietnamese text folding: one rule for matching text typed or written in different ways.

NFC, lower case, diacritics removed (đ → d), punctuation made a space, and the leading zeros
of a number dropped ("05" and "5" are one word). Folding is per character, so a folded text
lines up with its original character for character.
"""

import re
import unicodedata

# A word: a run of letters and digits (Python's \w without the underscore).
WORD = re.compile(r"[^\W_]+")


def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[0].lower()
    if len(base) != 1:
        return char.lower()[:1] or " "
    return base if base.isalnum() else " "


class _FoldTable(dict):
    """str.translate's table, filled the first time each character is met."""

    def __missing__(self, codepoint: int) -> str:
        folded = self[codepoint] = _fold_char(chr(codepoint))
        return folded


_FOLD_TABLE = _FoldTable()


def fold_aligned(text: str) -> str:
    """Return the text lower-cased, without diacritics or punctuation, as long as its NFC form."""
    return unicodedata.normalize("NFC", text).translate(_FOLD_TABLE)


def strip_zeros(word: str) -> str:
    # "000123" in a reference and "123" typed by a person are the same number.
    return (word.lstrip("0") or "0") if word.isdigit() else word


def words(text: str) -> list[str]:
    """Return the words of the text as they are, numbers without their leading zeros."""
    # Only a word starting with 0 can change: testing that first halves a reindex's folding.
    return [strip_zeros(word) if word[0] == "0" else word for word in WORD.findall(text)]


def tokens(text: str) -> list[str]:
    """Return the folded words of the text."""
    return words(fold_aligned(text or ""))


def fold(text: str) -> str:
    """Return the folded words of the text, joined by single spaces."""
    return " ".join(tokens(text))


# Control characters (C0, DEL, C1) and the bidirectional overrides and isolates
# (U+202A–U+202E, U+2066–U+2069): invisible in a name, they can make it read as another.
HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def has_hidden_characters(text: str) -> bool:
    return bool(HIDDEN.search(text or ""))
