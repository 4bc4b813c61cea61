"""Drills: the production topology under an office's load, with faults injected (`make drill`).

Each drill copies a template database, starts its own redis-server, a mail sink and the
topology (gunicorn, a Celery worker, beat; ops/topology.py), drives thirty users over HTTP
(drill/load.py), injects its fault, then checks that nothing was lost (drill/checks.py).
See docs/operations.md#drills.
"""
