"""Form fields that petition input shares between the desk, the portal and Open311 apps."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .uploads import ALLOWED_TYPES, UploadRefused, check_uploads

ID_NUMBER = forms.RegexField(
    label=_("ID number"),
    regex=r"^[0-9]{9,12}$",
    required=False,
    error_messages={"invalid": _("An ID number has 9 to 12 digits.")},
)
PHONE = forms.RegexField(
    label=_("phone"),
    regex=r"^\+?[0-9 .\-]{6,20}$",
    required=False,
    max_length=20,
    error_messages={"invalid": _("Enter a phone number of digits.")},
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files, checked together by cases.uploads (type by content, sizes, names)."""

    widget = MultipleFileInput

    def __init__(self, *args, max_files: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_files = max_files
        # Only a hint to the browser's file picker; cases.uploads decides by content.
        self.widget.attrs["accept"] = ",".join(
            extension for extensions in ALLOWED_TYPES.values() for extension in extensions
        )

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in files]
        try:
            check_uploads(cleaned, max_files=self.max_files)
        except UploadRefused as exc:
            raise forms.ValidationError(exc.messages) from exc
        return cleaned
