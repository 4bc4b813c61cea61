"""Running tiepdan as an office does: the production topology, its errors, backup and restore.

See docs/operations.md.
"""
