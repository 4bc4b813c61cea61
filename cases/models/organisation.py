from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .location import Located, point_complete
from .tree import TreeNode


class Level(models.TextChoices):
    """The administrative levels a locality or a unit belongs to."""

    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class Unit(TreeNode):
    """An agency or department: province People's Committee, inspectorate, commune..."""

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
        INSPECTORATE = "inspectorate", _("Inspectorate")
        DEPARTMENT = "department", _("Department")
        RECEPTION_OFFICE = "reception_office", _("Citizen reception office")
        OTHER = "other", _("Other agency")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    is_active = models.BooleanField(_("active"), default=True)
    # The level chooses the legal minimum of its head's reception days (ReceptionQuota).
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, blank=True)
    head = models.ForeignKey(
        "cases.User",
        verbose_name=_("head of the unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The chair or director whose reception days the law counts."),
    )
    # What the unit's letters print: "Mỹ Lâm, ngày …" and "Số: …/TB-UBND".
    place_name = models.CharField(_("place name on letters"), max_length=100, blank=True)
    abbreviation = models.CharField(_("abbreviation on letters"), max_length=30, blank=True)

    class Meta(TreeNode.Meta):
        verbose_name = _("unit")
        verbose_name_plural = _("units")


class Locality(TreeNode, Located):
    """Where a matter is. Localities change with reforms, so each has validity dates.

    A commune's point is its centre: a petition located on the map but naming no locality
    is placed in the nearest commune (`cases.selectors.commune_nearest`).
    """

    Level = Level

    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta(TreeNode.Meta):
        verbose_name = _("locality")
        verbose_name_plural = _("localities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="locality_validity_ordered",
            ),
            point_complete("locality_point_complete"),
        ]

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Field(models.Model):
    """Subject area of a matter (lĩnh vực); a configurable list."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff. Roles are groups; the unit places them in the tree."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    # On leave or otherwise unavailable: the unit's queue hands them no new cases.
    is_away = models.BooleanField(_("away"), default=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    def get_full_name(self) -> str:
        # Vietnamese names put the family name first.
        return f"{self.last_name} {self.first_name}".strip() or self.username


class InspectionGrant(models.Model):
    """A unit, with the units below it, that an inspector may read."""

    inspector = models.ForeignKey(
        User,
        verbose_name=_("inspector"),
        on_delete=models.CASCADE,
        related_name="inspection_grants",
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection grant")
        verbose_name_plural = _("inspection grants")
        constraints = [
            models.UniqueConstraint(fields=["inspector", "unit"], name="inspection_grant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.inspector} → {self.unit}"
