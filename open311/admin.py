"""Administrators issue, name and revoke each client app's key here."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ApiKey
from .services import api_key_issue, api_key_revoke


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "rate", "created_at", "revoked_at", "submissions")
    search_fields = ("name", "contact", "prefix")
    ordering = ("name",)
    fields = (
        "name",
        "contact",
        "rate",
        "prefix",
        "created_at",
        "created_by",
        "revoked_at",
        "revoked_by",
    )
    readonly_fields = ("prefix", "created_at", "created_by", "revoked_at", "revoked_by")
    actions = ["revoke"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(submission_count=Count("submissions"))

    @admin.display(description=_("requests sent"), ordering="submission_count")
    def submissions(self, api_key):
        return api_key.submission_count

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_active:
            return self.fields
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key = api_key_issue(actor=request.user, api_key=obj)
        self.message_user(
            request,
            _("The key of %(app)s is %(key)s. Give it to the app now: it is not shown again.")
            % {"app": obj.name, "key": key},
            messages.WARNING,
        )

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request, queryset):
        revoked = sum(api_key_revoke(actor=request.user, api_key=key) for key in queryset)
        self.message_user(
            request,
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", revoked)
            % {"count": revoked},
        )

    # Revoked, not deleted: the petitions an app sent keep saying which app it was.
    def has_delete_permission(self, request, obj=None):
        return False
