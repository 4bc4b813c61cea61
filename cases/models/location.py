from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Located(models.Model):
    """A point in WGS84 degrees, as phones and Open311 apps send it; six decimals is 0.1 m."""

    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        abstract = True

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def point_complete(name: str) -> models.CheckConstraint:
    """Latitude and longitude are stored together or not at all."""
    return models.CheckConstraint(
        condition=models.Q(latitude__isnull=True, longitude__isnull=True)
        | models.Q(latitude__isnull=False, longitude__isnull=False),
        name=name,
    )
