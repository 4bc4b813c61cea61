"""Redaction: a denouncer's identifying values replaced by a mark in free text."""

import re
import unicodedata
from collections.abc import Iterable

from django.views.decorators.debug import sensitive_variables

from ..models import Case
from ..people import normal_phone, phone_pattern
from .people import PetitionerData
from .reveal import read_identity, with_identities

REDACTED = "[…]"


def _secret_pattern(secret: str) -> str:
    # A phone is found from its 0 or from +84, however it was typed (cases.people).
    if phone := phone_pattern(secret):
        return phone
    if secret.isdigit():
        # 0912 345 678 and 0912.345.678 are the same number.
        return r"[\s.\-]?".join(re.escape(digit) for digit in secret)
    return re.escape(secret)


def redact(text: str, people: Iterable[PetitionerData]) -> str:
    """Return the text with every identifying value of these people replaced by a mark."""
    if not text:
        return text
    secrets = {unicodedata.normalize("NFC", s) for person in people for s in person.secrets()}
    if not secrets:
        return text
    text = unicodedata.normalize("NFC", text)
    # Longest first, so that an address is removed whole before a name inside it.
    for secret in sorted(secrets, key=len, reverse=True):
        # Most texts hold few of the values: a plain look first spares compiling a pattern.
        if _may_hold(text, secret):
            text = re.sub(_secret_pattern(secret), REDACTED, text, flags=re.IGNORECASE)
    return text


def _may_hold(text: str, secret: str) -> bool:
    """Whether the text may hold the value as `_secret_pattern` finds it (never a false no)."""
    if phone_pattern(secret):
        # The text may write it from +84: the national digits after the 0 are there either way.
        return normal_phone(secret)[1:] in re.sub(r"\D", "", text)
    if secret.isdigit():
        return secret in re.sub(r"\D", "", text)
    return secret.casefold() in text.casefold()


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
