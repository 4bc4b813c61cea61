"""What every page shares: the browser's icon and compressed HTML."""

from django.contrib.staticfiles import finders
from django.test import Client


def test_favicon_ico_leads_to_the_sites_icon(db):
    response = Client().get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/staff/favicon.ico"
    assert finders.find("staff/favicon.ico")


def test_pages_are_sent_compressed_to_browsers_that_accept_it(db):
    response = Client().get("/portal/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
