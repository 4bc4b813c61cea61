"""What each answer holds, element by element, in the specification's order.

Every element GeoReport v2 defines is here, or in
docs/open311.md#every-element-of-the-specification with why it is left out. A request never
carries a person's name, phone, email or ID number, and the citizen's own words only once a
handler published them (`Case.public_description`).
"""

from datetime import datetime, time

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case, Kind, Locality, Petition
from cases.selectors import answered_summary
from common.text import fold

from .formats import CONTENT_TYPES
from .models import Submission
from .selectors import Service, communes

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
LOCALITY_ATTRIBUTE = "locality"
SUBJECT_ATTRIBUTE = "subject"


def w3(moment: datetime | None) -> str | None:
    """Return a moment as the specification writes it: ISO 8601 with the offset, Viet Nam time."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def endpoint_url(request) -> str:
    """Return the endpoint's base, to which a client appends `/services.json`."""
    services = reverse("open311:services", kwargs={"format": "json"})
    return request.build_absolute_uri(services).rsplit("/", 1)[0]


def discovery(request) -> dict:
    return {
        "changeset": settings.OPEN311_CHANGESET,
        "contact": settings.OPEN311_CONTACT
        or _("Ask the agency's citizen reception office (Ban Tiếp công dân)."),
        "key_service": settings.OPEN311_KEY_SERVICE
        or _("The agency's administrator issues a key to each app that sends requests."),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": endpoint_url(request),
                "changeset": settings.OPEN311_CHANGESET,
                "type": settings.OPEN311_ENDPOINT_TYPE,
                "formats": [CONTENT_TYPES[name].split(";")[0] for name in ("xml", "json")],
            }
        ],
    }


def _service_name(kind: str, field_name: str) -> str:
    return _("%(kind)s: %(field)s") % {"kind": Kind(kind).label, "field": field_name}


def _keywords(service: Service) -> str:
    """The field and kind in Vietnamese, as typed without diacritics too, and in the request's
    language."""
    with translation.override("vi"):
        vietnamese = [service.field.name, str(Kind(service.kind).label)]
    words = [*vietnamese, *map(fold, vietnamese), str(Kind(service.kind).label)]
    return ", ".join(dict.fromkeys(words))


DESCRIPTIONS = {
    Kind.FEEDBACK: gettext_lazy(
        "Information about a problem in the field of %(field)s, such as a broken road, "
        "waste or pollution."
    ),
    Kind.RECOMMENDATION: gettext_lazy(
        "A proposal about policy or administration in the field of %(field)s."
    ),
}


def service(item: Service) -> dict:
    return {
        "service_code": item.code,
        "service_name": _service_name(item.kind, item.field.name),
        "description": str(DESCRIPTIONS[item.kind]) % {"field": item.field.name},
        # Every service asks for its commune (see `definition`).
        "metadata": True,
        "type": "batch" if settings.OPEN311_QUEUE_REQUESTS else "realtime",
        "keywords": _keywords(item),
        "group": Kind(item.kind).label,
    }


def definition(item: Service) -> dict:
    return {
        "service_code": item.code,
        "attributes": [
            {
                "variable": True,
                "code": LOCALITY_ATTRIBUTE,
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": _(
                    "The commune or ward where it is. Leave it out when sending lat and long: "
                    "the commune whose centre is nearest is taken."
                ),
                "order": 1,
                "description": _("Commune or ward"),
                "values": [{"key": commune.code, "name": commune.name} for commune in communes()],
            },
            {
                "variable": True,
                "code": SUBJECT_ATTRIBUTE,
                "datatype": "string",
                "required": False,
                "datatype_description": _(
                    "At most 500 characters. Left out, the first line of the description is used."
                ),
                "order": 2,
                "description": _("A short title"),
            },
        ],
    }


def _place(locality: Locality) -> str:
    parent = locality.parent
    return f"{locality.name}, {parent.name}" if parent else locality.name


def _first_petition(case: Case) -> Petition | None:
    # Listed cases prefetch their petitions in the order they were received.
    petitions = case.petitions.all()
    return petitions[0] if petitions else None


def _location(case: Case, petition: Petition | None) -> tuple[str, object, object, str | None]:
    """Return the address, latitude, longitude and media link the public may see.

    Until a handler publishes the case, it is placed at its commune's centre, without the
    point and link the petitioner gave; the place in words is the one the handler published
    (docs/open311.md#what-a-request-shows).
    """
    address = _place(case.locality)
    point = case.locality
    media_url = None
    if case.public_description:
        if case.public_place:
            address = f"{case.public_place}, {address}"
        if petition is not None and petition.has_point:
            point = petition
        media_url = (petition.media_url if petition is not None else "") or None
    return address, point.latitude, point.longitude, media_url


def notice(case: Case) -> str | None:
    """Return what the agency will do with an open case, or None once it is closed."""
    if not case.is_open:
        return None
    if case.due_on is None:
        return _("%(unit)s is handling it.") % {"unit": case.unit.name}
    return _("%(unit)s is handling it; the answer is due by %(date)s.") % {
        "unit": case.unit.name,
        "date": date_format(case.due_on, "d/m/Y"),
    }


def _expected(case: Case) -> str | None:
    # A case is overdue the day after its due date: the whole due date is still on time.
    if not case.is_open or case.due_on is None:
        return None
    end_of_day = datetime.combine(case.due_on, time(23, 59, 59))
    return w3(timezone.make_aware(end_of_day))


def request(case: Case) -> dict:
    """Return one case as GET requests shows it; `case` comes from `listed_cases`."""
    address, latitude, longitude, media_url = _location(case, _first_petition(case))
    return {
        "service_request_id": case.reference,
        "status": "open" if case.is_open else "closed",
        "status_notes": answered_summary(case.status, case.public_summary) or case.status_label,
        "service_name": _service_name(case.kind, case.field.name),
        "service_code": Service(case.kind, case.field).code,
        "description": case.public_description or None,
        "agency_responsible": case.unit.name,
        "service_notice": notice(case),
        "requested_datetime": w3(case.received_at),
        "updated_datetime": w3(case.updated_at),
        "expected_datetime": _expected(case),
        "address": address,
        "address_id": None,
        "zipcode": None,
        "lat": latitude,
        "long": longitude,
        "media_url": media_url,
    }


def submitted(submission: Submission) -> dict:
    """Return the answer to a POST: the case's reference, or the token of a queued request.

    The tracking code goes to the app that sent the request, as the portal shows it to the
    citizen who sent the form; the receipt mail carries it too when an email was given.
    """
    petition = submission.petition
    if petition is None:
        return {"token": submission.token}
    case = petition.case
    received = _("Received. Tracking code: %(code)s; keep it to follow the request.") % {
        "code": petition.tracking_code
    }
    return {
        "service_request_id": case.reference,
        "service_notice": " ".join(filter(None, [received, notice(case)])),
    }


def token(submission: Submission) -> dict:
    petition = submission.petition
    return {
        "service_request_id": petition.case.reference if petition else None,
        "token": submission.token,
    }
