"""Helpers of the browser tests."""

from concurrent.futures import ThreadPoolExecutor


def in_own_thread(function, *args):
    """Run `function` in a thread of its own and return its result or raise its error.

    Playwright's sync API runs an event loop and greenlets; kept off the test's thread, it
    leaves that thread's database connection (and the rollback that restores the
    database for the next test) alone. The browser only talks to the live server.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()
