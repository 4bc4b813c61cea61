"""Helpers for the tests of the staff and portal pages."""

from django.test import Client

from .factories import World


def client_for(user=None) -> Client:
    """Return a browser-like client signed in as the user (None: a citizen)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def desk_data(world: World, **overrides) -> dict:
    """Return the reception desk's form as an officer fills it in for one visitor."""
    data = {
        "petitioner_kind": "person",
        "full_name": "Nguyễn Văn Bình",
        "id_number": "001080009999",
        "phone": "0987654321",
        "email": "",
        "address": "Thôn 5, xã An Bình",
        "group_size": "1",
        "channel": "in_person",
        "forwarded_from": "",
        "received_at": "",
        "kind": "complaint",
        "field": world.field.code,
        "locality": world.locality.code,
        "subject": "Khiếu nại quyết định thu hồi đất",
        "content": "Đề nghị xem xét lại quyết định thu hồi đất số 12/QĐ-UBND.",
        "duplicate_of": "",
        "rep-TOTAL_FORMS": "5",
        "rep-INITIAL_FORMS": "0",
        "rep-MIN_NUM_FORMS": "0",
        "rep-MAX_NUM_FORMS": "5",
    }
    data.update(overrides)
    return data
