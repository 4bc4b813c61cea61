"""The specification's error answer: an HTTP status and a list of {code, description}."""

from django.utils.translation import gettext as _

from cases.exceptions import InvalidInput

# What the case services call a field, as an Open311 client named it.
PARAMETERS = {
    "latitude": "lat",
    "content": "description",
    "attachments": "media",
    "locality": "attribute[locality]",
    "subject": "attribute[subject]",
}


class Open311Error(Exception):
    """Answer with `status` and one error per description (GeoReport v2, Errors)."""

    def __init__(self, status: int, *descriptions: str, retry_after: int | None = None):
        self.status = status
        self.descriptions = descriptions
        self.retry_after = retry_after
        super().__init__("; ".join(descriptions))

    def as_data(self) -> list[dict]:
        return [{"code": self.status, "description": text} for text in self.descriptions]


def field_errors(errors: dict[str, list[str]]) -> list[str]:
    """Return each field's errors as one description that names the field as the client sent it."""
    return [
        _("%(field)s: %(message)s") % {"field": PARAMETERS.get(name, name), "message": message}
        if name != "__all__"
        else message
        for name, messages in errors.items()
        for message in messages
    ]


def bad_request(errors: dict[str, list[str]]) -> Open311Error:
    return Open311Error(400, *field_errors(errors))


def from_invalid(exc: InvalidInput) -> Open311Error:
    return bad_request(exc.errors)
