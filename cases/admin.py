"""The Django admin: configuration data editable, case content read-only.

A case's state and everything a transition sets change only through
`cases.services.case_transition`; the admin shows them and never writes them.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyAdminMixin

from .models import (
    OPEN_STATUSES,
    Attachment,
    CalendarDay,
    Case,
    CaseEvent,
    CaseExtension,
    CaseGroupObjectPermission,
    CaseSequence,
    CaseSuspension,
    CaseUserObjectPermission,
    DeadlineRule,
    Field,
    IdentityAccess,
    InspectionGrant,
    Locality,
    Petition,
    Petitioner,
    ReceptionQuota,
    ReceptionSession,
    Unit,
    User,
)
from .selectors import cases_visible_to, due_soon_cases, overdue_cases

admin.site.site_header = _("tiepdan administration")
admin.site.site_title = _("tiepdan administration")
admin.site.index_title = _("Petitions, cases and configuration")


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0


class VisibleCasesAdminMixin:
    """Show a non-superuser only the rows of cases they may open.

    The rule: docs/roles-and-visibility.md#the-visibility-rule.
    """

    # The lookup from this admin's model to its case.
    case_lookup = "case"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.case_lookup}__in": cases_visible_to(request.user)})


class TreeNodeAdmin(admin.ModelAdmin):
    list_display = ("indented_name", "code", "parent")
    list_select_related = ("parent",)
    search_fields = ("code", "name")
    ordering = ("path",)
    autocomplete_fields = ("parent",)
    readonly_fields = ("path",)

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, node):
        # Roots have depth 1 and stay flush left.
        return f"{'— ' * (node.depth - 1)}{node.name}"


@admin.register(Unit)
class UnitAdmin(TreeNodeAdmin):
    list_display = (*TreeNodeAdmin.list_display, "kind", "level", "head", "is_active")
    list_filter = ("kind", "level", "is_active")
    fields = (
        "code",
        "name",
        "parent",
        "kind",
        "level",
        "head",
        "place_name",
        "abbreviation",
        "is_active",
        "path",
    )
    autocomplete_fields = (*TreeNodeAdmin.autocomplete_fields, "head")


@admin.register(Locality)
class LocalityAdmin(TreeNodeAdmin):
    list_display = (*TreeNodeAdmin.list_display, "level", "valid_from", "valid_to", "has_point")
    list_filter = ("level",)
    fieldsets = (
        (None, {"fields": ("code", "name", "parent", "level", "valid_from", "valid_to")}),
        (None, {"fields": ("population", "path")}),
        (
            _("Centre point"),
            {
                "fields": ("latitude", "longitude"),
                "description": _(
                    "A commune's centre, in WGS84 degrees: a petition placed on the map "
                    "without naming its locality goes to the nearest commune."
                ),
            },
        ),
    )

    @admin.display(description=_("centre point"), boolean=True)
    def has_point(self, locality):
        return locality.has_point


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sort_order", "is_active")
    list_filter = ("is_active",)
    list_editable = ("sort_order", "is_active")
    search_fields = ("code", "name")
    ordering = ("sort_order", "name")


class InspectionGrantInline(admin.TabularInline):
    model = InspectionGrant
    fk_name = "inspector"
    extra = 0
    autocomplete_fields = ("unit",)
    readonly_fields = ("granted_at",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets[:2],
        # Away: the unit's queue hands them no new cases (workflows).
        (_("Unit"), {"fields": ("unit", "is_away")}),
        *DjangoUserAdmin.fieldsets[2:],
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Unit"), {"fields": ("unit",)}),
    )
    list_display = ("username", "last_name", "first_name", "email", "unit", "is_staff", "is_active")
    list_filter = (
        "groups",
        ("unit", admin.RelatedOnlyFieldListFilter),
        "is_away",
        "is_staff",
        "is_active",
    )
    list_select_related = ("unit",)
    search_fields = ("username", "first_name", "last_name", "email", "unit__name", "unit__code")
    autocomplete_fields = ("unit",)
    inlines = (InspectionGrantInline,)

    def get_readonly_fields(self, request, obj=None):
        # Administrators give roles through groups; only a superuser makes a superuser.
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return (*super().get_readonly_fields(request, obj), "is_superuser", "user_permissions")


@admin.register(InspectionGrant)
class InspectionGrantAdmin(admin.ModelAdmin):
    list_display = ("inspector", "unit", "granted_at")
    list_filter = (("unit", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("inspector", "unit")
    search_fields = ("inspector__username", "inspector__last_name", "unit__code", "unit__name")
    ordering = ("inspector__username", "unit__path")
    autocomplete_fields = ("inspector", "unit")
    readonly_fields = ("granted_at",)


@admin.register(Petitioner)
class PetitionerAdmin(admin.ModelAdmin):
    """A directory of people across cases: for superusers only.

    A protected denouncer's row holds nothing identifying; the admin shows the redaction and
    never decrypts (`cases.identity` is the one way to see who denounced).
    """

    list_display = ("name", "phone", "id_number", "email", "is_protected")
    list_filter = ("is_protected",)
    search_fields = ("full_name", "phone", "id_number", "email")
    ordering = ("full_name",)

    @admin.display(description=_("full name"), ordering="full_name")
    def name(self, petitioner):
        return str(petitioner)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_protected:
            return ("name", "is_protected")
        return ("is_protected",)

    def get_fields(self, request, obj=None):
        if obj is not None and obj.is_protected:
            return ("name", "is_protected")
        return ("full_name", "id_number", "phone", "email", "address", "is_protected")

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and not (obj is not None and obj.is_protected)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and not (obj is not None and obj.is_protected)


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    # No link to the stored file: a denouncer's is encrypted, served by the case page only.
    fields = ("original_name", "content_type", "size", "is_sealed", "uploaded_at")
    readonly_fields = fields


# A petition is a record of what was received: registered by a service, never edited.
@admin.register(Petition)
class PetitionAdmin(VisibleCasesAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("tracking_code", "case", "channel", "received_at", "group_size", "received_by")
    list_filter = ("channel", "case__kind")
    list_select_related = ("case", "received_by")
    search_fields = ("tracking_code", "case__reference", "subject")
    ordering = ("-received_at",)
    date_hierarchy = "received_at"
    fields = (
        "tracking_code",
        "case",
        "channel",
        "received_at",
        "received_by",
        "subject",
        "content",
        "petitioner",
        "group_size",
        "representatives",
        "forwarded_from",
        "source_petition",
        "reception_session",
        "identity_protected",
        "latitude",
        "longitude",
        "place",
        "media_url",
        "created_at",
    )
    # Who sent it may be a protected denouncer: shown, like PetitionerAdmin, to superusers only.
    person_fields = ("petitioner", "representatives")
    inlines = (AttachmentInline,)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return [name for name in fields if name not in self.person_fields]


class PetitionInline(ReadOnlyInline):
    model = Petition
    fields = ("tracking_code", "channel", "received_at")
    readonly_fields = fields
    show_change_link = True


class CaseEventInline(ReadOnlyInline):
    model = CaseEvent
    fields = ("sequence", "action", "from_status", "to_status", "actor", "created_at", "note")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class CaseExtensionInline(ReadOnlyInline):
    model = CaseExtension
    fields = ("granted_on", "days", "reason", "granted_by")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("granted_by")


class CaseSuspensionInline(ReadOnlyInline):
    model = CaseSuspension
    fields = ("started_on", "ended_on", "reason")
    readonly_fields = fields


class DeadlineFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return (
            ("overdue", _("Overdue")),
            ("due_soon", _("Due soon")),
            ("on_time", _("On time")),
        )

    def queryset(self, request, queryset):
        today = timezone.localdate()
        overdue, due_soon = overdue_cases(today), due_soon_cases(today)
        if self.value() == "overdue":
            return queryset.filter(overdue)
        if self.value() == "due_soon":
            return queryset.filter(due_soon)
        if self.value() == "on_time":
            return queryset.filter(status__in=OPEN_STATUSES).exclude(overdue).exclude(due_soon)
        return queryset


# Cases change only through their transitions, which write the event log.
@admin.register(Case)
class CaseAdmin(VisibleCasesAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    case_lookup = "pk"

    list_display = (
        "reference",
        "kind",
        "status",
        "unit",
        "locality",
        "field",
        "handler",
        "received_at",
        "due_on",
        "overdue",
    )
    list_filter = (
        DeadlineFilter,
        "status",
        "kind",
        "field",
        ("unit", admin.RelatedOnlyFieldListFilter),
        "complexity",
        "is_remote_area",
        "is_second_time",
    )
    list_select_related = ("unit", "locality", "field", "handler")
    search_fields = ("reference", "subject", "petitions__tracking_code")
    ordering = ("-received_at",)
    date_hierarchy = "received_at"
    fieldsets = (
        (None, {"fields": ("reference", "kind", "status", "subject", "unit", "handler")}),
        (
            _("Classification"),
            {
                "fields": (
                    "locality",
                    "field",
                    "complexity",
                    "is_remote_area",
                    "is_anonymous",
                    "is_second_time",
                    "previous_case",
                )
            },
        ),
        (
            _("Dates"),
            {"fields": ("received_at", "accepted_on", "decided_on", "responded_on", "closed_on")},
        ),
        (
            _("Due dates"),
            {
                "fields": (
                    "due_on",
                    "due_soon_on",
                    "processing_due_on",
                    "resolution_due_on",
                    "response_due_on",
                )
            },
        ),
        (
            _("Handling and outcome"),
            {
                "fields": (
                    "forwarded_to",
                    "forwarded_to_unit",
                    "forwarded_from_case",
                    "report_requested_on",
                    "report_due_on",
                    "report_received_on",
                    "archive_reason",
                    "suspended_from_status",
                    "findings",
                    "outcome",
                    "decision_number",
                    "public_summary",
                    "response_method",
                    "public_description",
                    "public_place",
                )
            },
        ),
        (_("Record"), {"fields": ("version", "created_at", "updated_at")}),
    )
    inlines = (PetitionInline, CaseEventInline, CaseExtensionInline, CaseSuspensionInline)

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, case):
        return case.is_overdue(timezone.localdate())


@admin.register(CaseEvent)
class CaseEventAdmin(VisibleCasesAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("case", "sequence", "action", "from_status", "to_status", "actor", "created_at")
    list_filter = ("action", "to_status")
    list_select_related = ("case", "actor")
    search_fields = ("case__reference", "action", "actor__username")
    ordering = ("-created_at", "-pk")
    date_hierarchy = "created_at"


@admin.register(IdentityAccess)
class IdentityAccessAdmin(VisibleCasesAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who saw a denouncer's identity, when and why: written by `cases.identity` only."""

    list_display = ("accessed_at", "case", "petition", "user", "purpose")
    list_filter = ("purpose",)
    list_select_related = ("case", "petition", "user")
    search_fields = ("case__reference", "petition__tracking_code", "user__username")
    ordering = ("-accessed_at", "-pk")
    date_hierarchy = "accessed_at"


@admin.register(CaseSequence)
class CaseSequenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("year", "kind", "last_value")
    list_filter = ("year", "kind")
    ordering = ("-year", "kind")


@admin.register(CaseUserObjectPermission)
class CaseUserObjectPermissionAdmin(VisibleCasesAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Granted and revoked by the assignment services, so only shown here."""

    case_lookup = "content_object"
    list_display = ("content_object", "user", "permission")
    # Only the permissions in use: each choice's label reads its content type.
    list_filter = (("permission", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("content_object", "user", "permission__content_type")
    search_fields = ("content_object__reference", "user__username")
    ordering = ("-content_object__received_at", "user__username")


@admin.register(CaseGroupObjectPermission)
class CaseGroupObjectPermissionAdmin(VisibleCasesAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Granted and revoked by the assignment services, so only shown here."""

    case_lookup = "content_object"
    list_display = ("content_object", "group", "permission")
    list_filter = (
        ("group", admin.RelatedOnlyFieldListFilter),
        ("permission", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("content_object", "group", "permission__content_type")
    search_fields = ("content_object__reference", "group__name")
    ordering = ("-content_object__received_at", "group__name")


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = (
        "kind",
        "step",
        "second_time",
        "complexity",
        "remote_area",
        "days",
        "day_count",
        "anchor",
        "effective_from",
        "effective_to",
        "citation",
    )
    list_filter = (
        "kind",
        "step",
        "day_count",
        "anchor",
        "complexity",
        "second_time",
        "remote_area",
        "effective_from",
    )
    search_fields = ("citation",)
    ordering = ("kind", "step", "-effective_from")
    fieldsets = (
        (None, {"fields": ("kind", "step", "second_time", "complexity", "remote_area")}),
        (_("Time limit"), {"fields": ("days", "day_count", "anchor")}),
        (_("Extensions"), {"fields": ("max_extensions", "max_extension_days")}),
        (_("Validity"), {"fields": ("effective_from", "effective_to", "citation")}),
    )


@admin.register(ReceptionSession)
class ReceptionSessionAdmin(admin.ModelAdmin):
    """The leaders' reception schedule; the staff page (`/staff/sessions/`) keeps it too."""

    list_display = ("starts_at", "unit", "place", "presiding", "presided_by_head", "is_cancelled")
    list_filter = (("unit", admin.RelatedOnlyFieldListFilter), "is_cancelled", "presided_by_head")
    list_select_related = ("unit", "presiding")
    search_fields = ("unit__name", "place", "presiding__username", "presiding__last_name")
    ordering = ("-starts_at",)
    date_hierarchy = "starts_at"
    autocomplete_fields = ("unit", "presiding")
    fields = ("unit", "starts_at", "ends_at", "place", "presiding", "is_cancelled", "note")

    def save_model(self, request, obj, form, change):
        obj.note_who_presides(obj.presiding)
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ReceptionQuota)
class ReceptionQuotaAdmin(admin.ModelAdmin):
    list_display = (
        "unit_level",
        "unit_kind",
        "sessions",
        "per",
        "effective_from",
        "effective_to",
        "citation",
    )
    list_filter = ("unit_level", "unit_kind", "per")
    ordering = ("unit_level", "unit_kind", "-effective_from")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "day_type", "name")
    list_filter = ("day_type",)
    search_fields = ("name",)
    ordering = ("-date",)
    date_hierarchy = "date"
