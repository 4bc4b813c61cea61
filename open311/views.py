"""GeoReport v2 at /open311/v2/: thin views that check, call a selector or service, render.

Every answer, errors included, is in the format the URL's extension names.
"""

from functools import wraps

from django.conf import settings
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters

from cases.exceptions import InvalidInput

from . import elements, limits, selectors
from .errors import Open311Error, bad_request, from_invalid
from .formats import render
from .forms import RequestForm, RequestQueryForm
from .models import Submission
from .services import request_submit

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _check_jurisdiction(request) -> None:
    expected = settings.OPEN311_JURISDICTION_ID
    given = (request.POST if request.method == "POST" else request.GET).get("jurisdiction_id")
    # One jurisdiction: the argument is optional, but a wrong one is not ours.
    if expected and given and given != expected:
        raise Open311Error(404, _("jurisdiction_id %(id)s was not found.") % {"id": given})


def endpoint(*methods: str):
    """Admit the request (method, jurisdiction, key, rate) and answer errors as the spec does."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *, format: str, **kwargs):
            try:
                if request.method not in methods:
                    raise Open311Error(
                        405,
                        _("This address answers %(methods)s only.")
                        % {"methods": ", ".join(methods)},
                    )
                if request.method == "POST" and request.content_type not in FORM_TYPES:
                    # GeoReport v2 posts forms; a JSON body would read as a request without a key.
                    raise Open311Error(
                        400, _("Send the request form-encoded (application/x-www-form-urlencoded).")
                    )
                _check_jurisdiction(request)
                api_key = limits.admit(request, key_required=request.method == "POST")
                return view(request, format=format, api_key=api_key, **kwargs)
            except Open311Error as error:
                response = render(
                    error.as_data(), root="errors", format=format, status=error.status
                )
                if error.retry_after:
                    response["Retry-After"] = str(error.retry_after)
                if error.status == 405:
                    response["Allow"] = ", ".join(methods)
                return response

        # Apps authenticate with their key, never with a browser's cookies.
        return csrf_exempt(wrapper)

    return decorate


@endpoint("GET")
def discovery(request, *, format, api_key):
    return render(elements.discovery(request), root="discovery", format=format)


@endpoint("GET")
def services(request, *, format, api_key):
    items = [elements.service(item) for item in selectors.services()]
    return render(items, root="services", format=format)


def _service_or_404(code: str) -> selectors.Service:
    service = selectors.service_get(code)
    if service is None:
        raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": code})
    return service


@endpoint("GET")
def service_definition(request, *, format, api_key, service_code):
    definition = elements.definition(_service_or_404(service_code))
    return render(definition, root="service_definition", format=format)


# The petitioner's name, email and phone stay out of error reports.
@sensitive_post_parameters()
@endpoint("GET", "POST")
def service_requests(request, *, format, api_key):
    if request.method == "POST":
        return _submit(request, format=format, api_key=api_key)
    query = RequestQueryForm(request.GET)
    if not query.is_valid():
        raise bad_request(query.errors)
    answer = [elements.request(case) for case in selectors.requests_find(query.query())]
    return render(answer, root="service_requests", format=format)


def _submit(request, *, format, api_key):
    code = request.POST.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, _("service_code was not provided."))
    form = RequestForm(request.POST, service=_service_or_404(code))
    if not form.is_valid():
        raise bad_request(form.errors)
    try:
        submission = request_submit(
            api_key=api_key, posted=form.posted(), files=request.FILES.getlist("media")
        )
    except InvalidInput as exc:
        raise from_invalid(exc) from exc
    answer = [elements.submitted(submission)]
    return render(answer, root="service_requests", format=format)


@endpoint("GET")
def service_request(request, *, format, api_key, service_request_id):
    case = selectors.request_get(service_request_id)
    if case is None:
        raise Open311Error(
            404, _("service_request_id %(id)s was not found.") % {"id": service_request_id}
        )
    return render([elements.request(case)], root="service_requests", format=format)


@endpoint("GET")
def token(request, *, format, api_key, token):
    submission = Submission.objects.select_related("petition__case").filter(token=token).first()
    if submission is None:
        raise Open311Error(404, _("The token %(token)s was not found.") % {"token": token})
    if submission.errors:
        raise Open311Error(400, *submission.errors)
    return render([elements.token(submission)], root="service_requests", format=format)
