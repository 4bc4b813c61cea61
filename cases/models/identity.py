"""A denouncer's identity, kept apart from the case and encrypted (Luật Tố cáo 2018, Điều 8, 9).

Only `cases.identity` reads or writes these tables; every display goes through its reveal
services (`identity_if_allowed`, which the pages and the API call, `identity_reveal`,
`attachment_reveal`, `identity_for_mail`), which write one `IdentityAccess` row per view.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .history import AppendOnlyError


class ProtectedIdentity(models.Model):
    """Name, ID number, phone, email and address of one protected person, as a Fernet token."""

    petitioner = models.OneToOneField(
        "cases.Petitioner",
        verbose_name=_("petitioner"),
        on_delete=models.PROTECT,
        related_name="protected_identity",
    )
    sealed = models.TextField(_("encrypted identity"))
    # Keyed HMACs of the normalised values: the desk finds "same person" without decrypting.
    id_number_digest = models.CharField(max_length=64, blank=True, db_index=True)
    phone_digest = models.CharField(max_length=64, blank=True, db_index=True)
    protected_at = models.DateTimeField(_("protected at"), default=timezone.now)

    class Meta:
        verbose_name = _("protected identity")
        verbose_name_plural = _("protected identities")

    def __str__(self) -> str:
        return str(_("Identity protected (Luật Tố cáo 2018)"))


class ProtectedPetitionText(models.Model):
    """A protected petition's subject and content as received, before the identity was redacted."""

    petition = models.OneToOneField(
        "cases.Petition",
        verbose_name=_("petition"),
        on_delete=models.PROTECT,
        related_name="protected_text",
    )
    sealed = models.TextField(_("encrypted text"))

    class Meta:
        verbose_name = _("protected petition text")
        verbose_name_plural = _("protected petition texts")

    def __str__(self) -> str:
        return str(_("Identity protected (Luật Tố cáo 2018)"))


class IdentityAccess(models.Model):
    """One view of a denouncer's identity: who, when, which petition, why. Rows are only added."""

    class Purpose(models.TextChoices):
        CASE_PAGE = "case_page", _("case page")
        RECEIPT = "receipt", _("receipt")
        RESPONSE_LETTER = "response_letter", _("response letter")
        NOTICE = "notice", _("notice or guidance to the petitioner")
        FORWARDING_SLIP = "forwarding_slip", _("forwarding slip")
        API = "api", _("API case detail")
        RECEPTION_BOOK = "reception_book", _("reception book")
        ATTACHMENT = "attachment", _("attachment download")
        NOTIFICATION = "notification", _("mail sent by the system to the petitioner")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when the system itself used the identity."),
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="identity_accesses",
    )
    petition = models.ForeignKey(
        "cases.Petition", verbose_name=_("petition"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    accessed_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("identity access")
        verbose_name_plural = _("identity accesses")
        ordering = ["-accessed_at", "-pk"]
        indexes = [models.Index(fields=["case", "accessed_at"], name="identity_access_case_at")]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.purpose} {self.accessed_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Identity accesses cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Identity accesses cannot be deleted.")
