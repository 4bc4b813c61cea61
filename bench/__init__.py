"""Benchmarks of tiepdan on PostgreSQL: `make bench`.

Everything runs on this machine: a dedicated database, a gunicorn server on 127.0.0.1 and
load from wrk and a small Python client. See `bench/__main__.py` for the order of steps.
"""

# The benchmark's own database, never the one the project runs or tests on.
DATABASE_NAME = "tiepdan_bench"
