"""The Word templates administrators put in place of the bundled ones."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """Every document the staff pages issue, each as PDF and DOCX (`staff.documents`)."""

    RECEIPT = "receipt", _("Receipt of a petition")
    ACCEPTANCE = "acceptance", _("Notice of acceptance or refusal")
    FORWARDING_SLIP = "forwarding_slip", _("Forwarding slip")
    FORWARDING_NOTICE = "forwarding_notice", _("Notice of forwarding to the petitioner")
    GUIDANCE = "guidance", _("Guidance to the petitioner")
    LETTER = "letter", _("Response letter")
    VERIFICATION_FILE = "verification_file", _("File for verification")


class DocumentTemplate(models.Model):
    """A Word template that replaces the bundled one of a kind of document.

    Only a template that rendered with sample values is stored (`staff.admin`); deleting
    the row brings the bundled template back.
    """

    kind = models.CharField(_("document"), max_length=32, choices=DocumentKind.choices, unique=True)
    # A few dozen kilobytes: kept in the database, so that its backups hold it.
    template = models.BinaryField(_("template"))
    file_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()
