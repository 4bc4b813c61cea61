"""A small keep-alive HTTP client for requests that must be timed one by one."""

import http.client
import json
import statistics
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

TIMEOUT = 30


class Client:
    """One keep-alive connection to the bench server; reopens it if the server closed it."""

    def __init__(self, host: str, port: int, token: str = ""):
        self.connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
        self.token = token

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, object]:
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        self.connection.request(method, path, body=payload, headers=headers)
        response = self.connection.getresponse()
        raw = response.read()
        try:
            return response.status, json.loads(raw) if raw else None
        except ValueError:
            return response.status, raw[:200]

    def close(self) -> None:
        self.connection.close()


@dataclass
class Timings:
    """Latencies of a series of requests, and the ones that did not get the expected status."""

    seconds: list[float] = field(default_factory=list)
    failures: list[tuple[int, object]] = field(default_factory=list)
    wall_seconds: float = 0.0

    @property
    def count(self) -> int:
        return len(self.seconds)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000

    @property
    def p99_ms(self) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000

    @property
    def per_second(self) -> float:
        return self.count / self.wall_seconds if self.wall_seconds else 0.0


def timed(client: Client, method: str, path: str, body: dict | None, expected: int, into: Timings):
    started = time.perf_counter()
    status, payload = client.request(method, path, body)
    into.seconds.append(time.perf_counter() - started)
    if status != expected:
        into.failures.append((status, payload))


def sequential(
    client: Client, requests: Iterable[tuple[str, str, dict | None]], expected: int
) -> Timings:
    """Send the requests one after another on one connection and time each."""
    timings = Timings()
    started = time.perf_counter()
    for method, path, body in requests:
        timed(client, method, path, body, expected, timings)
    timings.wall_seconds = time.perf_counter() - started
    return timings


def concurrent(
    make_client: Callable[[], Client],
    requests: list[tuple[str, str, dict | None]],
    expected: int,
    workers: int,
) -> Timings:
    """Send the requests from `workers` threads, each with its own connection."""
    timings = Timings()
    chunks = [requests[index::workers] for index in range(workers)]

    def drive(chunk):
        client = make_client()
        try:
            for method, path, body in chunk:
                # list.append is atomic, so the threads can share one Timings.
                timed(client, method, path, body, expected, timings)
        finally:
            client.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for outcome in [pool.submit(drive, chunk) for chunk in chunks]:
            outcome.result()
    timings.wall_seconds = time.perf_counter() - started
    return timings


def token_for(host: str, port: int, username: str, password: str) -> str:
    client = Client(host, port)
    try:
        status, payload = client.request(
            "POST", "/api/v1/auth/token/", {"username": username, "password": password}
        )
    finally:
        client.close()
    if status != 200:
        raise RuntimeError(f"could not log in as {username}: {status} {payload}")
    return payload["token"]
