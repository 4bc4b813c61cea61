from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _


class TreeNode(models.Model):
    """A node of a tree stored with a materialised path of codes.

    The path ("/PROVINCE/COMMUNE-01/") lets "this node and everything below it" be one
    indexed prefix query, which every visibility check and report needs.
    """

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=1024, editable=False, db_index=True)

    class Meta:
        abstract = True
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        old_path = self.path
        self.path = self.build_path()
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # One statement re-roots the whole subtree under the new path.
            type(self).objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(Value(self.path), Substr("path", len(old_path) + 1))
            )

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def build_path(self) -> str:
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.code}/"

    def is_ancestor_or_self_of(self, other: "TreeNode") -> bool:
        return other.path.startswith(self.path)
