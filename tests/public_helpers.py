"""Helpers for the tests of the public surface: rate-limit time and small real files."""

import io
import time
from types import SimpleNamespace

import django_ratelimit.core
from PIL import Image


def portal_form(world, **overrides) -> dict:
    """Return the portal's submission form as a citizen fills it in, without files."""
    data = {
        "kind": "feedback",
        "field": world.field.code,
        "locality": world.locality.code,
        "subject": "Đường liên thôn bị sạt lở",
        "content": "Đoạn đường qua thôn 4 bị sạt lở sau mưa lớn.",
        "full_name": "",
        "phone": "",
        "email": "",
        "address": "",
        "website": "",
    }
    data.update(overrides)
    return data


class Clock:
    """A stand-in for the rate limiter's time.time that a test moves forward."""

    def __init__(self):
        self.now = float(int(time.time()))

    def __call__(self) -> float:
        return self.now


def freeze_rate_limit_clock(monkeypatch) -> Clock:
    """Stop the rate limiter's clock (django-ratelimit reads time.time) until the test moves it."""
    clock = Clock()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=clock))
    return clock


def photo_bytes(image_format: str = "JPEG") -> bytes:
    """Return a small real image, as a phone would send it."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), "orange").save(buffer, image_format)
    return buffer.getvalue()


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
# The first bytes of a Windows program.
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 240
