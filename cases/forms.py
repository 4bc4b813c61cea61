"""Form fields that petition input shares between the desk, the portal and Open311 apps."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import people
from .uploads import ALLOWED_TYPES, UploadRefused, check_uploads


class PersonField(forms.CharField):
    """An ID number or phone, checked and normalised by the people rule (cases.people)."""

    def __init__(self, normalise, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", people.TYPED_MAX_LENGTH)
        super().__init__(**kwargs)
        self.normalise = normalise

    def clean(self, value):
        value = super().clean(value)
        try:
            return self.normalise(value)
        except people.NotValid as exc:
            raise forms.ValidationError(exc.message, code="invalid") from exc


ID_NUMBER = PersonField(people.normal_id_number, label=_("ID number"))
PHONE = PersonField(people.normal_phone, label=_("phone"))


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
