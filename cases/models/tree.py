from django.db import models
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

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def build_path(self) -> str:
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.code}/"

    def save(self, *args, **kwargs) -> None:
        old_path = self.path
        self.path = self.build_path()
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            self._move_descendants(old_path)

    def _move_descendants(self, old_path: str) -> None:
        for node in type(self).objects.filter(path__startswith=old_path).exclude(pk=self.pk):
            node.path = self.path + node.path[len(old_path):]
            type(self).objects.filter(pk=node.pk).update(path=node.path)

    def is_ancestor_or_self_of(self, other: "TreeNode") -> bool:
        return other.path.startswith(self.path)
