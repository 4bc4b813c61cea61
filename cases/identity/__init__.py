"""A denouncer's identity: kept apart, encrypted, revealed only through logged services.

docs/denouncer-protection.md (Luật Tố cáo 2018, Điều 8 and 9): the name, address, contact,
ID number and handwriting of a denouncer are seen only by the receiving officer, the assigned
handler and the leader of the resolving unit, and every view is logged. A petition registered
on a denunciation, or whose case becomes one, is *protected*:

- its people's columns in `Petitioner` are emptied; their identity is one Fernet token in
  `ProtectedIdentity`, with keyed HMACs of the ID number and phone for duplicate hints;
- its subject and content keep the identity redacted, so every list, index, export and mail
  shows the redaction; the text as received is a token in `ProtectedPetitionText`;
- its attachments (the letter, the handwriting) are stored encrypted.

The package keeps apart the keys and ciphers (`encryption`), the redaction of free text
(`redaction`), what protecting a petition writes (`protection`) and reading an identity with
its access log (`reveal`); the names below are its public API.
"""

from .encryption import identities_unreadable, rotate_identity_keys, sealed_file
from .people import Identity, PetitionerData
from .protection import (
    copy_protected_text,
    must_protect,
    protect_case,
    protected_person_rows,
    protected_petitioner,
    protected_text_row,
    seal_petition_text,
)
from .redaction import REDACTED, Redactor, redact, redact_case_subject, redact_fields
from .reveal import (
    IdentityHidden,
    Purpose,
    attachment_reveal,
    identity_accesses,
    identity_for_mail,
    identity_if_allowed,
    identity_reveal,
    petitions_of_person,
    with_identities,
)

__all__ = [
    "REDACTED",
    "Identity",
    "IdentityHidden",
    "PetitionerData",
    "Purpose",
    "Redactor",
    "attachment_reveal",
    "copy_protected_text",
    "identities_unreadable",
    "identity_accesses",
    "identity_for_mail",
    "identity_if_allowed",
    "identity_reveal",
    "must_protect",
    "petitions_of_person",
    "protect_case",
    "protected_person_rows",
    "protected_petitioner",
    "protected_text_row",
    "redact",
    "redact_case_subject",
    "redact_fields",
    "rotate_identity_keys",
    "seal_petition_text",
    "sealed_file",
    "with_identities",
]
