"""Admin pieces any app's admin may share."""


class ReadOnlyAdminMixin:
    """Let rows be viewed, never added, changed or deleted."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
