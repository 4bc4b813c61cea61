"""The one Vietnamese text normalizer: every backend indexes and queries through it.

Folding (common.text) is per character, so a folded text lines up with its original character
for character: highlighting finds a folded match and marks the same span of the accented text
(docs/search.md#the-normalizer).
"""

import functools
import re
import unicodedata
from dataclasses import dataclass

from cases import tracking_codes
from common.text import fold, fold_aligned, strip_zeros, tokens, words

from . import syllables

# The folded words every backend indexes and matches are common.text's: imports compare
# headers and labels the same way.
__all__ = [
    "ParsedQuery",
    "accented",
    "accented_tokens",
    "compact_code",
    "fold",
    "fold_aligned",
    "highlight",
    "parse_query",
    "tokens",
]

_REFERENCE = re.compile(r"^([a-z]{2,3})[\s\-_./]*(\d{4})[\s\-_./]*(\d{1,9})$", re.IGNORECASE)


def accented_tokens(text: str) -> list[str]:
    """Return the words with their diacritics kept (NFC, lower case): exact matches rank higher."""
    return words(unicodedata.normalize("NFC", text or "").lower())


def accented(text: str) -> str:
    return " ".join(accented_tokens(text))


def compact_code(text: str) -> str | None:
    """Return one token for a case reference or tracking code however it was typed, else None."""
    text = (text or "").strip()
    if match := _REFERENCE.match(text):
        prefix, year, number = match.groups()
        return f"{prefix.lower()}{year}{int(number)}"
    try:
        return tracking_codes.normalize(text).replace("-", "").lower()
    except tracking_codes.InvalidTrackingCode:
        return None


@dataclass(frozen=True)
class ParsedQuery:
    """A query as the backends see it: folded words, accented words, and a code if it is one."""

    words: tuple[str, ...]
    accented_words: tuple[str, ...]
    code: str | None
    # The last word was still being typed (no space after it) and typing on could make it
    # another word: match it as a prefix.
    last_is_prefix: bool

    @property
    def is_empty(self) -> bool:
        return not self.words and not self.code


def parse_query(text: str) -> ParsedQuery:
    text = text or ""
    code = compact_code(text)
    words = tuple(tokens(text))
    typing = bool(words) and code is None and not text[-1:].isspace()
    return ParsedQuery(
        words=words,
        accented_words=tuple(accented_tokens(text)),
        code=code,
        last_is_prefix=typing and not syllables.is_complete(words[-1]),
    )


def _word_start(text: str, index: int) -> int:
    """Return where the word around `index` starts: a snippet never opens inside a word."""
    while index > 0 and not text[index - 1].isspace():
        index -= 1
    return index


def _word_end(text: str, start: int, end: int) -> int:
    """Return `end`, moved back before a word it would cut (unless one word fills the span)."""
    if end >= len(text):
        return len(text)
    cut = end
    while cut > start and not text[cut].isspace():
        cut -= 1
    return cut if cut > start else end


@functools.lru_cache(maxsize=64)
def _matching_words(terms: frozenset[str], prefix: str | None) -> re.Pattern:
    """The whole words (common.text.WORD) that are one of `terms` or start with `prefix`.

    As the index compares them: a number without its leading zeros. One pattern, so that the
    regular expression engine, not a loop over every word, finds them in a long text.
    """

    def number(digits: str, *, longer: bool = False) -> str:
        # Only zeros strip to "0", which no other number starts with.
        return "0+" if digits == "0" else f"0*{digits}" + (r"\d*" if longer else "")

    alternatives = [number(term) if term.isdigit() else re.escape(term) for term in terms]
    if prefix and prefix.isdigit():
        # A number compares without its zeros; a word of digits and letters as it is.
        alternatives += [number(prefix, longer=True), re.escape(prefix) + r"\d*[^\W\d_][^\W_]*"]
    elif prefix:
        alternatives.append(re.escape(prefix) + r"[^\W_]*")
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(alternatives)})(?![^\W_])")


def highlight(text: str, query: ParsedQuery, *, width: int = 160) -> str:
    """Return a snippet of `text` where most query words meet, matches in <mark>, escaped."""
    from django.utils.html import escape

    original = unicodedata.normalize("NFC", text or "")
    folded = fold_aligned(original)
    prefix = query.words[-1] if query.last_is_prefix else None
    matching = _matching_words(frozenset(query.words), prefix)
    spans = [(match.span(), strip_zeros(match.group())) for match in matching.finditer(folded)]
    if not spans:
        end = _word_end(original, 0, width)
        return escape(original[:end]) + ("…" if end < len(original) else "")
    # The window holding the most distinct query words, the earliest of equals.
    best = max(
        range(len(spans)),
        key=lambda i: (
            len({word for (start, _), word in spans[i:] if start < spans[i][0][0] + width}),
            -i,
        ),
    )
    start = _word_start(original, max(0, spans[best][0][0] - width // 4))
    end = _word_end(original, start, start + width)
    pieces, cursor = [], start
    for (span_start, span_end), _word in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(escape(original[cursor:span_start]))
        pieces.append(f"<mark>{escape(original[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(original[cursor:end]))
    return ("…" if start else "") + "".join(pieces) + ("…" if end < len(original) else "")
