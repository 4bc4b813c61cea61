"""What an Open311 app sends, checked and parsed into what the services take."""

import re
from datetime import datetime, timedelta
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cases.forms import PHONE
from cases.selectors import commune_nearest
from cases.services import location_refusal

from .elements import LOCALITY_ATTRIBUTE, SUBJECT_ATTRIBUTE
from .selectors import RequestQuery, Service, communes, parse_service_code
from .services import PostedRequest

LOCALITY = f"attribute[{LOCALITY_ATTRIBUTE}]"
SUBJECT = f"attribute[{SUBJECT_ATTRIBUTE}]"
ATTRIBUTE = re.compile(r"^attribute\[[^\]]*\](\[\])?$")
# A subject taken from the description's first line is cut at this length.
SUBJECT_FROM_DESCRIPTION = 120
# GeoReport v2: a query "may not span more than 90 days", and defaults to the last 90.
MAX_SPAN = timedelta(days=90)


def _degrees(value: float | None) -> str | None:
    # Six decimals place a point to 0.1 m, all a phone's fix is worth.
    return None if value is None else str(Decimal(value).quantize(Decimal("0.000001")))


class RequestForm(forms.Form):
    """POST requests: GeoReport v2's arguments, and this service's attributes."""

    lat = forms.FloatField(min_value=-90, max_value=90, required=False)
    long = forms.FloatField(min_value=-180, max_value=180, required=False)
    address_string = forms.CharField(max_length=500, required=False)
    address_id = forms.CharField(max_length=200, required=False)
    email = forms.EmailField(max_length=254, required=False)
    phone = PHONE
    first_name = forms.CharField(max_length=120, required=False)
    last_name = forms.CharField(max_length=120, required=False)
    # GeoReport v2 limits a description to 4,000 characters; a petition must say what it is.
    description = forms.CharField(max_length=4000)
    # A link staff open and the public may follow: the web's schemes only.
    media_url = forms.URLField(
        max_length=1000,
        required=False,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )

    def __init__(self, data, *, service: Service):
        super().__init__(data)
        self.service = service
        self.fields[LOCALITY] = forms.ModelChoiceField(
            queryset=communes(), to_field_name="code", required=False
        )
        self.fields[SUBJECT] = forms.CharField(max_length=500, required=False)

    def clean(self):
        cleaned = super().clean()
        for name in sorted(key for key in self.data if ATTRIBUTE.match(key)):
            if name not in self.fields:
                message = _("%(name)s: this service has no such attribute.") % {"name": name}
                self.add_error(None, message)
        latitude, longitude = cleaned.get("lat"), cleaned.get("long")
        refusal = location_refusal(self.service.kind, latitude, longitude)
        if refusal:
            self.add_error("lat", refusal)
        elif (
            latitude is None
            and not {"lat", "long"} & set(self.errors)
            and not (cleaned.get("address_string"))
        ):
            self.add_error(None, _("Say where it is: send lat and long, or address_string."))
        if (cleaned.get("email") or cleaned.get("phone")) and not self._full_name():
            self.add_error("last_name", _("Enter the name with the contact details."))
        if not self.errors and cleaned.get(LOCALITY) is None:
            self._place_in_nearest_commune(latitude, longitude)
        return cleaned

    def _place_in_nearest_commune(self, latitude, longitude) -> None:
        if latitude is None:
            self.add_error(LOCALITY, _("Name the commune when sending no lat and long."))
            return
        within = settings.OPEN311_NEAREST_COMMUNE_KM
        nearest = commune_nearest(latitude, longitude, within_km=within)
        if nearest is None:
            self.add_error(
                LOCALITY,
                _("No commune's centre lies within %(km)d km of this point: name the commune.")
                % {"km": within},
            )
        self.cleaned_data[LOCALITY] = nearest

    def _full_name(self) -> str:
        # Vietnamese names put the family name first.
        names = (self.cleaned_data.get("last_name"), self.cleaned_data.get("first_name"))
        return " ".join(filter(None, names))

    def posted(self) -> PostedRequest:
        data = self.cleaned_data
        first_line = next(
            (line.strip() for line in data["description"].splitlines() if line.strip()), ""
        )
        return PostedRequest(
            kind=self.service.kind,
            field_code=self.service.field.code,
            locality_code=data[LOCALITY].code,
            subject=data[SUBJECT] or Truncator(first_line).chars(SUBJECT_FROM_DESCRIPTION),
            content=data["description"],
            latitude=_degrees(data["lat"]),
            longitude=_degrees(data["long"]),
            place=data["address_string"],
            media_url=data["media_url"],
            full_name=self._full_name(),
            phone=data["phone"],
            email=data["email"],
        )


def _moment(value: str) -> datetime | None:
    """Parse a w3 datetime; a date alone is its first moment, a time without offset local time."""
    if not value:
        return None
    # An unencoded "+07:00" in a query string arrives as " 07:00".
    value = value.strip().replace(" ", "+")
    moment = parse_datetime(value)
    if moment is None and (day := parse_date(value)) is not None:
        moment = datetime.combine(day, datetime.min.time())
    if moment is None:
        raise forms.ValidationError(
            _("Write a date and time as 2026-01-31T08:00:00+07:00."), code="invalid"
        )
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _items(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


class RequestQueryForm(forms.Form):
    """GET requests' arguments (GeoReport v2, GET Service Requests)."""

    service_request_id = forms.CharField(max_length=4000, required=False)
    service_code = forms.CharField(max_length=4000, required=False)
    start_date = forms.CharField(max_length=40, required=False)
    end_date = forms.CharField(max_length=40, required=False)
    status = forms.CharField(max_length=40, required=False)

    def clean_service_code(self) -> list[tuple[str, str]]:
        codes = _items(self.cleaned_data["service_code"])
        unknown = [code for code in codes if parse_service_code(code) is None]
        if unknown:
            raise forms.ValidationError(
                _("No service has the code %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return [parse_service_code(code) for code in codes]

    def clean_status(self) -> frozenset[str]:
        statuses = frozenset(_items(self.cleaned_data["status"]))
        if statuses - {"open", "closed"}:
            raise forms.ValidationError(_("A status is open or closed."))
        return statuses

    def clean_start_date(self):
        return _moment(self.cleaned_data["start_date"])

    def clean_end_date(self):
        return _moment(self.cleaned_data["end_date"])

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        start, end = cleaned["start_date"], cleaned["end_date"]
        if end is None:
            end = min(start + MAX_SPAN, timezone.now()) if start else timezone.now()
        start = start or end - MAX_SPAN
        if start > end:
            self.add_error("end_date", _("The end date comes before the start date."))
        elif end - start > MAX_SPAN:
            self.add_error("end_date", _("A query spans at most 90 days."))
        cleaned["start_date"], cleaned["end_date"] = start, end
        return cleaned

    def query(self) -> RequestQuery:
        data = self.cleaned_data
        return RequestQuery(
            references=tuple(_items(data["service_request_id"])),
            services=tuple(data["service_code"]),
            start=data["start_date"],
            end=data["end_date"],
            statuses=data["status"],
        )
