"""Form fields that petition input shares between the desk, the portal and Open311 apps."""

from django import forms
from django.utils.translation import gettext_lazy as _

PHONE = forms.RegexField(
    label=_("phone"),
    regex=r"^\+?[0-9 .\-]{6,20}$",
    required=False,
    max_length=20,
    error_messages={"invalid": _("Enter a phone number of digits.")},
)
