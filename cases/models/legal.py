from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalRule(models.Model):
    """A rule of law kept as data: in force from a day, perhaps to another, with its basis.

    When the law changes, administrators end a row and add one; nothing is released.
    """

    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    citation = models.CharField(_("legal basis"), max_length=255)

    class Meta:
        abstract = True

    def applies_on(self, day) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )
