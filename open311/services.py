"""Every write of the Open311 app: keys issued and revoked, requests registered.

A request becomes a petition through `cases.services.petition_register`, as at the desk and
on the portal, on channel `open311`. With OPEN311_QUEUE_REQUESTS, a worker registers it
after the answer, which then holds a token instead of the case's reference.
"""

import secrets
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from accounts.models import AuditAction
from accounts.services import audit_record
from cases.exceptions import InvalidInput
from cases.models import Channel, Field, Locality, Petition
from cases.selectors import receiving_unit
from cases.services import PetitionInput, attachments_check, petition_register

from .errors import field_errors
from .models import ApiKey, Submission
from .selectors import key_digest
from .signals import submission_queued

KEY_BYTES = 24
TOKEN_BYTES = 16
PENDING_FILES = "open311/pending"


def api_key_issue(*, actor, api_key: ApiKey, key: str = "") -> str:
    """Save a new key for a client app and return its text, which is stored only as a digest.

    `key` is for the demo data's well-known key; every other key is drawn at random.
    """
    key = key or secrets.token_urlsafe(KEY_BYTES)
    api_key.prefix = key[:8]
    api_key.digest = key_digest(key)
    api_key.created_by = actor
    with transaction.atomic():
        api_key.save()
        audit_record(
            actor=actor,
            action=AuditAction.API_KEY_ISSUED,
            target=str(api_key),
            details={"rate": api_key.rate},
        )
    return key


def api_key_revoke(*, actor, api_key: ApiKey) -> bool:
    """Revoke the key from now on; return False if it was revoked already."""
    with transaction.atomic():
        revoked = ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=actor
        )
        if revoked:
            audit_record(actor=actor, action=AuditAction.API_KEY_REVOKED, target=str(api_key))
    return bool(revoked)


@dataclass(frozen=True)
class PostedRequest:
    """A request as an app posted it, checked; kept as JSON while it waits in the queue."""

    kind: str
    field_code: str
    locality_code: str
    subject: str
    content: str
    latitude: str | None = None
    longitude: str | None = None
    place: str = ""
    media_url: str = ""
    full_name: str = ""
    phone: str = ""
    email: str = ""

    def petition_input(self, received_at: datetime) -> PetitionInput:
        return PetitionInput.from_cleaned(
            asdict(self),
            channel=Channel.OPEN311,
            locality=_named(Locality, self.locality_code, "locality"),
            field=_named(Field, self.field_code, "field"),
            received_at=received_at,
            latitude=Decimal(self.latitude) if self.latitude is not None else None,
            longitude=Decimal(self.longitude) if self.longitude is not None else None,
        )


def _named(model, code: str, name: str):
    # A queued request names its commune and field by code; either may be gone by the time a
    # worker registers it.
    found = model.objects.filter(code=code).first()
    if found is None:
        raise InvalidInput({name: [_("%(code)s no longer exists.") % {"code": code}]})
    return found


def _register(posted: PostedRequest, *, received_at: datetime, files) -> Petition:
    return petition_register(
        actor=None,
        unit=receiving_unit("OPEN311_UNIT"),
        data=posted.petition_input(received_at),
        files=files,
        max_files=settings.OPEN311_ATTACHMENT_MAX_FILES,
    )


def _new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


@sensitive_variables()
def request_submit(*, api_key: ApiKey, posted: PostedRequest, files=()) -> Submission:
    """Register what an app posted, or queue it; raise InvalidInput and keep nothing if refused.

    Photos are checked by `cases.uploads` before anything is kept, queued or not.
    """
    received_at = timezone.now()
    if not settings.OPEN311_QUEUE_REQUESTS:
        with transaction.atomic():
            petition = _register(posted, received_at=received_at, files=files)
            return Submission.objects.create(
                token=_new_token(), api_key=api_key, received_at=received_at, petition=petition
            )
    checked = attachments_check(files, max_files=settings.OPEN311_ATTACHMENT_MAX_FILES)
    stored = [
        {"path": default_storage.save(_pending_name(item.name), item.file), "name": item.name}
        for item in checked
    ]
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                token=_new_token(),
                api_key=api_key,
                received_at=received_at,
                pending={**asdict(posted), "files": stored},
            )
            submission_queued.send(sender=Submission, submission_id=submission.pk)
    except Exception:
        _delete_files(stored)
        raise
    return submission


def _pending_name(name: str) -> str:
    # A generated name: what the app called the file never becomes a path.
    return f"{PENDING_FILES}/{uuid.uuid4().hex}{PurePath(name).suffix.lower()[:10]}"


def _delete_files(stored: list[dict]) -> None:
    for item in stored:
        default_storage.delete(item["path"])


@sensitive_variables()
def submission_register(submission_id: int) -> Submission | None:
    """Register a queued submission; return it, or None if it is done or another worker has it.

    Refused input (a locality retired meanwhile) is kept as the token's errors: the request
    is answered, not retried.
    """
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update(skip_locked=True)
            .filter(pk=submission_id, pending__isnull=False)
            .first()
        )
        if submission is None:
            return None
        pending = dict(submission.pending)
        stored = pending.pop("files")
        files = [File(default_storage.open(item["path"]), name=item["name"]) for item in stored]
        try:
            submission.petition = _register(
                PostedRequest(**pending), received_at=submission.received_at, files=files
            )
        except InvalidInput as exc:
            submission.errors = field_errors(exc.errors)
        finally:
            for file in files:
                file.close()
        submission.pending = None
        submission.save(update_fields=["petition", "pending", "errors"])
        transaction.on_commit(lambda: _delete_files(stored), robust=True)
    return submission
