from django.contrib import admin

from common.admin import ReadOnlyAdminMixin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail, read-only: an entry is never edited or removed from the admin."""

    list_display = ["at", "actor_name", "action", "target", "client_ip"]
    list_filter = ["action", "at"]
    search_fields = ["actor_name", "target", "client_ip"]
    date_hierarchy = "at"
    list_select_related = False
    show_full_result_count = False
