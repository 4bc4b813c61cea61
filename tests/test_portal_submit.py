"""Sending a recommendation or feedback on the portal returns a tracking code."""

from django.test import Client

from cases.models import Channel, Petition

from .public_helpers import portal_form as form


def test_feedback_sent_online_is_registered_at_the_portals_unit_and_shows_its_code(world, settings):
    settings.PORTAL_UNIT = world.commune.code

    response = Client().post("/portal/submit/", form(world), follow=True)

    petition = Petition.objects.get()
    assert petition.channel == Channel.PORTAL
    assert petition.received_by is None
    assert petition.case.unit == world.commune
    html = response.content.decode()
    assert 'data-testid="submitted"' in html
    assert petition.tracking_code in html


def test_a_named_recommendation_keeps_the_senders_contact(world, settings):
    settings.PORTAL_UNIT = world.commune.code

    Client().post(
        "/portal/submit/",
        form(world, kind="recommendation", full_name="Phạm Văn Cường", phone="0904000111"),
    )

    assert Petition.objects.get().petitioner.phone == "0904000111"


def test_complaints_cannot_be_sent_online(world, settings):
    settings.PORTAL_UNIT = world.commune.code

    response = Client().post("/portal/submit/", form(world, kind="complaint"))

    assert response.status_code == 400
    assert not Petition.objects.exists()


def test_a_missing_subject_is_reported_in_vietnamese(world, settings):
    settings.PORTAL_UNIT = world.commune.code

    response = Client().post("/portal/submit/", form(world, subject=""))

    assert "Trường này là bắt buộc." in response.content.decode()
