"""Checks on what people type, shared by every form that takes it (desk, portal, Open311)."""

# Digits with the spaces, dots and hyphens people write them with, and an optional +84.
PHONE_PATTERN = r"^\+?[0-9 .\-]{6,20}$"
