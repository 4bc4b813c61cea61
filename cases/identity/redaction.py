"""Redaction: a denouncer's identifying values replaced by a mark in free text."""

import re
import unicodedata
from collections.abc import Iterable
from functools import cached_property

from django.views.decorators.debug import sensitive_variables

from ..models import Case
from ..people import normal_phone, phone_pattern
from .people import PetitionerData
from .reveal import read_identity, with_identities

REDACTED = "[…]"


class Redactor:
    """Replace the identifying values of some people by a mark, in as many texts as given.

    The values and their patterns are worked out once, for all the texts of a case.
    """

    def __init__(self, people: Iterable[PetitionerData]):
        secrets = {unicodedata.normalize("NFC", s) for person in people for s in person.secrets()}
        # Longest first, so that an address is removed whole before a name inside it.
        self.secrets = [_Secret(secret) for secret in sorted(secrets, key=len, reverse=True)]

    def __call__(self, text: str) -> str:
        if not text or not self.secrets:
            return text
        text = unicodedata.normalize("NFC", text)
        seen = _Seen(text)
        for secret in self.secrets:
            # Most texts hold few of the values: a plain look first spares the pattern.
            if secret.may_be_in(seen):
                text = secret.pattern.sub(REDACTED, text)
                seen = _Seen(text)
        return text


class _Seen:
    """A text as `_Secret.may_be_in` looks at it: its digits alone, and case-folded."""

    def __init__(self, text: str):
        self.text = text

    @cached_property
    def digits(self) -> str:
        return re.sub(r"\D", "", self.text)

    @cached_property
    def folded(self) -> str:
        return self.text.casefold()


class _Secret:
    def __init__(self, secret: str):
        # A phone is found from its 0 or from +84, however it was typed (cases.people).
        phone = phone_pattern(secret)
        if phone:
            # The text may write it from +84: the national digits after the 0 are there.
            self.digits, self.expression = normal_phone(secret)[1:], phone
        elif secret.isdigit():
            # 0912 345 678 and 0912.345.678 are the same number.
            self.digits = secret
            self.expression = r"[\s.\-]?".join(re.escape(digit) for digit in secret)
        else:
            self.digits, self.expression = None, re.escape(secret)
        self.folded = secret.casefold()

    @cached_property
    def pattern(self) -> re.Pattern:
        # Compiled only for a text that may hold the value: most hold none.
        return re.compile(self.expression, flags=re.IGNORECASE)

    def may_be_in(self, seen: _Seen) -> bool:
        """Whether the text may hold the value as the pattern finds it (never a false no)."""
        if self.digits is not None:
            return self.digits in seen.digits
        return self.folded in seen.folded


def redact(text: str, people: Iterable[PetitionerData]) -> str:
    """Return the text with every identifying value of these people replaced by a mark."""
    if not text:
        return text
    return Redactor(people)(text)


def redact_case_subject(case: Case, people: list[PetitionerData]) -> None:
    """Redact these people from the case's subject, in the database and on the instance."""
    subject = redact(case.subject, people)
    if subject != case.subject:
        case.subject = subject
        # Not a change of the case's state: its version and event log stay as they are.
        Case.objects.filter(pk=case.pk).update(subject=subject)


@sensitive_variables()
def redact_fields(case: Case, fields: dict) -> dict:
    """Return a transition's fields with the case's denouncers redacted from their text.

    Decrypts for the redaction alone: nothing is shown, so no access is logged.
    """
    people = [
        person
        for petition in with_identities(case.petitions)
        for person in read_identity(petition).people
    ]
    return {
        name: redact(value, people) if isinstance(value, str) else value
        for name, value in fields.items()
    }
