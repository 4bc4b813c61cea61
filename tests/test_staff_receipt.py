"""The petition receipt: an HTML print view and a PDF, with the code, QR link and time limit."""

from .factories import register
from .staff_helpers import client_for


def code_of(case) -> str:
    return case.petitions.get().tracking_code


def test_the_receipt_shows_the_code_a_qr_code_of_the_status_link_and_the_time_limit(world):
    case = register(world)
    code = code_of(case)

    response = client_for(world.reception).get(f"/staff/receipts/{code}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert code in html
    assert "<svg" in html
    assert f"/portal/?code={code}" in html
    assert case.due_on.strftime("%d/%m/%Y") in html
    assert "Thông tư 05/2021/TT-TTCP" in html


def test_the_receipt_pdf_is_a_pdf_with_the_vietnamese_font_embedded(world):
    code = code_of(register(world))

    response = client_for(world.reception).get(f"/staff/receipts/{code}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert b"DejaVuSans" in response.content


def test_a_receipt_of_another_units_petition_is_404(world):
    code = code_of(register(world))

    assert client_for(world.other_leader).get(f"/staff/receipts/{code}/").status_code == 404
    assert client_for(world.other_leader).get(f"/staff/receipts/{code}/pdf/").status_code == 404


def test_the_receipt_of_a_denunciation_hides_the_denouncer_from_other_leaders(world):
    case = register(world, kind="denunciation")
    code = code_of(case)

    shown = client_for(world.reception).get(f"/staff/receipts/{code}/").content.decode()
    hidden = client_for(world.province_leader).get(f"/staff/receipts/{code}/").content.decode()

    assert "Nguyễn Thị Hoa" in shown
    assert "Nguyễn Thị Hoa" not in hidden


def test_the_status_link_uses_the_portals_public_address_when_set(world, settings):
    settings.PORTAL_BASE_URL = "https://tiepdan.example.vn/"
    code = code_of(register(world))

    html = client_for(world.reception).get(f"/staff/receipts/{code}/").content.decode()

    assert f"https://tiepdan.example.vn/portal/?code={code}" in html
