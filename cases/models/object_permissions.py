from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from .case import Case


# Direct foreign keys instead of guardian's generic ones: visibility joins stay indexed.
class CaseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)
