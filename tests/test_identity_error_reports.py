"""Django's error reports never carry what a petitioner told us (Luật Tố cáo 2018, Điều 8)."""

import sys
from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from cases.exceptions import InvalidInput
from cases.services import petition_register

from .identity_support import DENOUNCER, denunciation_input, leaks
from .staff_helpers import client_for, desk_data


def test_the_desk_hides_every_posted_field_from_error_reports(world):
    data = desk_data(world, kind="denunciation", full_name=DENOUNCER.full_name)

    response = client_for(world.reception).post("/staff/desk/", data)

    request = response.wsgi_request
    reported = SafeExceptionReporterFilter().get_post_parameters(request)
    assert reported["full_name"] != DENOUNCER.full_name
    assert leaks(str(dict(reported))) == []


def test_the_api_hides_the_petition_body_from_error_reports(world, api):
    body = {
        "kind": "denunciation",
        "channel": "in_person",
        "subject": "Tố cáo",
        "content": "Nội dung",
        "locality": world.locality.code,
        "field": world.field.code,
        "petitioner": {"full_name": DENOUNCER.full_name},
    }

    response = api(world.reception).post("/api/v1/petitions/", body, format="json")

    assert response.status_code == 201
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"


def test_a_failure_inside_registration_reports_no_identity(world):
    future = timezone.now() + timedelta(days=2)
    with pytest.raises(InvalidInput):
        try:
            petition_register(
                actor=world.reception, data=replace(denunciation_input(world), received_at=future)
            )
        except InvalidInput:
            exc_type, exc, traceback = sys.exc_info()
            raise

    # The report starts below this test's own frame, where the input was built.
    report = ExceptionReporter(None, exc_type, exc, traceback.tb_next).get_traceback_html()
    assert "petition_register" in report
    assert leaks(report) == []
