"""Administrators replace a document's Word template; one that does not render is refused."""

from django import forms
from django.contrib import admin
from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from common.docx import CONTENT_TYPE, TemplateRefused, bundled_template, check_template

from .documents import sample_letter, sample_values
from .models import DocumentKind, DocumentTemplate

# A Word letter with its fonts is a few hundred kilobytes at most.
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


class DocumentTemplateForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("Word template (.docx)"),
        help_text=_(
            "Start from the bundled template (the link above). Jinja tags print the "
            "document's values, e.g. {{ reference }}; a tag that stands for a whole paragraph "
            "is written {%p … %}."
        ),
    )

    class Meta:
        model = DocumentTemplate
        fields = ["kind"]

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload.size > MAX_TEMPLATE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        content = upload.read()
        try:
            check_template(content, sample_letter(), sample_values())
        except TemplateRefused as exc:
            raise forms.ValidationError(
                _("This template does not render, so the current one is kept: %(reason)s"),
                params={"reason": exc.reason},
            ) from exc
        self.content = content
        return upload

    def save(self, commit=True):
        template = super().save(commit=False)
        template.template = self.content
        template.file_name = self.cleaned_data["upload"].name
        if commit:
            template.save()
        return template


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    form = DocumentTemplateForm
    list_display = ("kind", "file_name", "uploaded_by", "uploaded_at")
    readonly_fields = ("file_name", "uploaded_by", "uploaded_at")
    change_list_template = "staff/admin/document_templates.html"

    def save_model(self, request, obj, form, change):
        obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        bundled = self.admin_site.admin_view(self.bundled_view)
        return [
            path("bundled/", bundled, name="staff_documenttemplate_bundled"),
            *super().get_urls(),
        ]

    def bundled_view(self, request):
        """The bundled template, to start an office's own from."""
        response = HttpResponse(bundled_template(), content_type=CONTENT_TYPE)
        response["Content-Disposition"] = 'attachment; filename="mau-van-ban.docx"'
        return response

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "kinds": DocumentKind.choices}
        return super().changelist_view(request, extra_context)
