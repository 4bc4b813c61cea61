from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    DENUNCIATION = "denunciation", _("Denunciation")
    RECOMMENDATION = "recommendation", _("Recommendation")
    FEEDBACK = "feedback", _("Feedback")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    VERIFYING = "verifying", _("Verifying")
    PROPOSED = "proposed", _("Verification report submitted")
    RESOLVED = "resolved", _("Decided")
    RESPONDED = "responded", _("Responded to the citizen")
    CLOSED = "closed", _("Closed")
    FORWARDED = "forwarded", _("Forwarded")
    GUIDED = "guided", _("Guided")
    ARCHIVED = "archived", _("Archived")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")


OPEN_STATUSES = frozenset(
    {
        Status.RECEIVED,
        Status.ACCEPTED,
        Status.VERIFYING,
        Status.PROPOSED,
        Status.RESOLVED,
        Status.SUSPENDED,
    }
)


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    POST = "post", _("Post")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    PORTAL = "portal", _("Online portal")
    FORWARDED = "forwarded", _("Forwarded by another agency")
    OPEN311 = "open311", _("Open311 app")


# Recommendations and feedback: what citizens send online, the only kinds that carry a place on
# the map and that a handler may publish (docs/open311.md).
PUBLIC_REPORT_KINDS = (Kind.RECOMMENDATION, Kind.FEEDBACK)


class Complexity(models.TextChoices):
    NORMAL = "normal", _("Normal")
    COMPLEX = "complex", _("Complex")
    VERY_COMPLEX = "very_complex", _("Especially complex")


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
    REJECTED = "rejected", _("Rejected")


class ArchiveReason(models.TextChoices):
    ANONYMOUS = "anonymous", _("Anonymous or false name")
    UNCLEAR = "unclear", _("Unclear content")
    DUPLICATE = "duplicate", _("Duplicate of a matter already handled")
    ALREADY_RESOLVED = "already_resolved", _("Already resolved with legal effect")
    OUT_OF_TIME = "out_of_time", _("Lodged after the time limit")
    NOT_ELIGIBLE = "not_eligible", _("Does not meet the conditions for handling")


class ResponseMethod(models.TextChoices):
    POST = "post", _("By post")
    EMAIL = "email", _("By email")
    IN_PERSON = "in_person", _("Handed over in person")
    PORTAL = "portal", _("On the online portal")
