import zipfile

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Unit

from .columns import MappingError, parse_mapping
from .reading import UnreadableFile, file_format

MAX_REGISTER_BYTES = 20 * 1024 * 1024
MAX_MAPPING_BYTES = 64 * 1024


def _within(upload, limit: int):
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is larger than %(size)s.") % {"size": filesizeformat(limit)}
        )
    return upload


class UploadForm(forms.Form):
    register = forms.FileField(
        label=gettext_lazy("Register file"),
        help_text=gettext_lazy("An Excel workbook (.xlsx) or a CSV file, one row per petition."),
    )
    mapping = forms.FileField(
        label=gettext_lazy("Mapping file"),
        required=False,
        help_text=gettext_lazy(
            "Optional: a JSON or TOML file mapping headers we do not know to our columns."
        ),
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Register of unit"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        help_text=gettext_lazy(
            "Register numbers are unique within this unit's register; rows that name no "
            "handling unit are handled by it."
        ),
    )

    def clean_register(self):
        upload = _within(self.cleaned_data["register"], MAX_REGISTER_BYTES)
        upload.seek(0)
        try:
            kind = file_format(upload.read(8))
            upload.seek(0)
            if kind == "xlsx" and "xl/workbook.xml" not in zipfile.ZipFile(upload).namelist():
                raise UnreadableFile(_("Upload an Excel workbook (.xlsx) or a CSV file."))
        except (UnreadableFile, zipfile.BadZipFile) as exc:
            raise forms.ValidationError(
                _("Upload an Excel workbook (.xlsx) or a CSV file.")
            ) from exc
        upload.seek(0)
        return upload

    def clean_mapping(self):
        upload = self.cleaned_data.get("mapping")
        if upload is None:
            return None
        _within(upload, MAX_MAPPING_BYTES)
        try:
            return parse_mapping(upload.read(), name=upload.name)
        except MappingError as exc:
            raise forms.ValidationError(str(exc)) from exc
