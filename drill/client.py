"""One virtual user's HTTP connection: keep-alive, cookies, a client address, every answer
recorded with its latency and the moment it came."""

import http.client
import json
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from ops import processes

TIMEOUT = 30


@dataclass(frozen=True)
class Answer:
    endpoint: str
    status: int  # 0: no answer (connection refused, reset or timed out)
    seconds: float
    at: float  # seconds since the drill started
    body: bytes
    location: str = ""

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None


@dataclass
class Recorder:
    """Every answer of a drill, from every virtual user."""

    started: float = field(default_factory=time.monotonic)
    answers: list[Answer] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def now(self) -> float:
        return time.monotonic() - self.started

    def add(self, answer: Answer) -> None:
        with self.lock:
            self.answers.append(answer)


class Client:
    def __init__(self, port: int, recorder: Recorder, address: str):
        self.port = port
        self.recorder = recorder
        # The client's address as a reverse proxy in front would pass it (NUM_PROXIES=1).
        self.address = address
        self.cookies: dict[str, str] = {}
        self.token = ""
        self.connection = http.client.HTTPConnection(processes.HOST, port, timeout=TIMEOUT)

    def request(
        self, endpoint: str, method: str, path: str, *, json_body=None, form=None, address=None
    ) -> Answer:
        headers = {"Accept": "application/json", "X-Forwarded-For": address or self.address}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        elif form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Accept"] = "text/html"
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        at = self.recorder.now()
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            raw = response.read()
            status, location = response.status, response.getheader("Location", "")
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        except (OSError, http.client.HTTPException) as exc:
            self.connection.close()
            status, raw, location = 0, str(exc).encode(), ""
        answer = Answer(endpoint, status, time.perf_counter() - started, at, raw, location)
        self.recorder.add(answer)
        return answer

    def csrf_token(self, page: bytes) -> str:
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return found.group(1).decode() if found else ""

    def close(self) -> None:
        self.connection.close()
