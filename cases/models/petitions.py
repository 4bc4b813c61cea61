import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Channel
from .location import Located, point_complete


class Petitioner(models.Model):
    """A person who sends or represents a petition.

    A protected denouncer's columns here are empty: their identity is encrypted in
    `ProtectedIdentity` and read only through `cases.identity`.
    """

    full_name = models.CharField(_("full name"), max_length=255)
    id_number = models.CharField(_("ID number"), max_length=20, blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    is_protected = models.BooleanField(_("identity protected"), default=False)

    class Meta:
        verbose_name = _("petitioner")
        verbose_name_plural = _("petitioners")

    def __str__(self) -> str:
        if self.is_protected:
            return str(_("Identity protected (Luật Tố cáo 2018)"))
        return self.full_name


class Petition(Located):
    """One received submission, with its own tracking code; it belongs to one case.

    A recommendation or feedback may say where the matter is seen: a point on the map
    (checked to lie in Viet Nam), the place in words, and a link to a photo or video.
    """

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="petitions"
    )
    # One code per petition the citizen sent: a copy forwarded inside the system keeps the
    # code of the petition it copies, so the code follows it (docs/tracking-codes.md).
    tracking_code = models.CharField(_("tracking code"), max_length=24, db_index=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="received_petitions",
    )
    subject = models.CharField(_("subject"), max_length=500)
    content = models.TextField(_("content"))
    petitioner = models.ForeignKey(
        Petitioner,
        verbose_name=_("petitioner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
        help_text=_("Empty for an anonymous petition."),
    )
    group_size = models.PositiveIntegerField(
        _("number of people"),
        default=1,
        help_text=_("Five or more makes a group petition."),
    )
    representatives = models.ManyToManyField(
        Petitioner,
        verbose_name=_("representatives"),
        blank=True,
        related_name="represented_petitions",
    )
    forwarded_from = models.CharField(_("forwarded by agency"), max_length=255, blank=True)
    # The petition of the forwarding unit's case that this one copies, when a unit of this
    # system forwarded it here.
    source_petition = models.OneToOneField(
        "self",
        verbose_name=_("forwarded from petition"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwarded_copy",
    )
    # An in-person visit received at a leader's reception session (docs/reception-book.md).
    reception_session = models.ForeignKey(
        "cases.ReceptionSession",
        verbose_name=_("reception session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    # A denunciation's petition: its people are encrypted apart, its subject and content hold
    # their identity redacted, its attachments are stored encrypted (`cases.identity`).
    identity_protected = models.BooleanField(_("identity protected"), default=False)
    # An imported petition's number in the register it came from: its key on a re-import.
    external_number = models.CharField(_("register number"), max_length=64, blank=True)
    external_unit = models.ForeignKey(
        "cases.Unit",
        verbose_name=_("register of unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField(_("place"), max_length=500, blank=True)
    media_url = models.URLField(_("link to a photo or video"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    # Luật Tiếp công dân 2013, Điều 29: five or more people about one matter.
    GROUP_MIN_SIZE = 5

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tracking_code"],
                condition=models.Q(source_petition__isnull=True),
                name="petition_tracking_code_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(group_size__gte=1), name="petition_group_size_positive"
            ),
            models.UniqueConstraint(
                fields=["external_unit", "external_number"],
                condition=~models.Q(external_number=""),
                name="petition_external_number_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(external_number="") | models.Q(external_unit__isnull=False),
                name="petition_external_number_has_unit",
            ),
            point_complete("petition_point_complete"),
        ]
        indexes = [models.Index(fields=["received_at"], name="petition_received_at")]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def is_anonymous(self) -> bool:
        # A group may be named by its representatives alone.
        return self.petitioner_id is None and not self.representatives.all()

    @property
    def is_group(self) -> bool:
        return self.group_size >= self.GROUP_MIN_SIZE


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Generated names: a user's file name never becomes a path on disk.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    petition = models.ForeignKey(
        Petition, verbose_name=_("petition"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    # The stored bytes are a Fernet token: a denouncer's letter or handwriting.
    is_sealed = models.BooleanField(_("stored encrypted"), default=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
