"""Thirty virtual users in an office's mix, over HTTP (docs/operations.md#drills).

Reception desks register petitions through the API and send responses; leaders accept,
assign, resolve and send back; handlers submit their reports; staff search; citizens track
their petitions and send feedback on the portal; a leader downloads reports. Cases move
from one user to the next through a shared board, and sometimes a leader and a reception
officer act on one case at the same moment.
"""

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import quote

from bench import petitions

from .client import Answer, Client, Recorder

PASSWORD = "tiepdan-demo"
HANDLERS = ("handler", "handler2")
QUERIES = [
    "đất đai",
    "bồi thường",
    "ô nhiễm môi trường",
    "dat dai",
    "đường liên xã",
    "trợ cấp xã hội",
    "nước sinh hoạt",
    "giấy chứng nhận",
]
# (role, how many users): 30 in all.
MIX = [
    ("reception", 6),
    ("leader", 5),
    ("handler", 5),
    ("search", 5),
    ("public", 6),
    ("portal", 2),
    ("reports", 1),
]
# What a transition leads to, for the board: the next user picks the case up there.
NEXT = {
    "accept": "accepted",
    "assign": "verifying",
    "submit_report": "proposed",
    "send_back": "verifying",
    "resolve": "resolved",
    "respond": "responded",
    "close": "closed",
    "guide": "guided",
}


@dataclass
class Write:
    """A write the topology answered 2xx: a petition by its code, or a transition."""

    kind: str  # "petition" or "transition"
    code: str = ""
    reference: str = ""
    action: str = ""
    version: int = 0


@dataclass
class Case:
    reference: str
    version: int
    handler: str = ""


@dataclass
class Board:
    """Cases waiting for their next step, by status; every write accepted; every race."""

    pools: dict[str, list[Case]] = field(default_factory=dict)
    writes: list[Write] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    races: list[tuple[int, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def put(self, status: str, case: Case) -> None:
        with self.lock:
            self.pools.setdefault(status, []).append(case)

    def take(self, status: str, rng: random.Random, handler: str = "") -> Case | None:
        with self.lock:
            pool = self.pools.get(status, [])
            candidates = [i for i, c in enumerate(pool) if not handler or c.handler == handler]
            return pool.pop(rng.choice(candidates)) if candidates else None

    def wrote(self, write: Write) -> None:
        with self.lock:
            self.writes.append(write)
            if write.code:
                self.codes.append(write.code)

    def code(self, rng: random.Random) -> str:
        with self.lock:
            return rng.choice(self.codes)


@dataclass
class Load:
    port: int
    recorder: Recorder
    board: Board
    localities: list[str]
    fields: list[str]
    think_seconds: float
    tokens: dict[str, str] = field(default_factory=dict)
    stopping: threading.Event = field(default_factory=threading.Event)

    def client(self, number: int) -> Client:
        # Made-up client addresses, one per user, as the proxy in front would pass them.
        return Client(self.port, self.recorder, f"198.18.{number // 250}.{number % 250 + 1}")

    def login(self, username: str) -> str:
        client = self.client(200 + len(self.tokens))
        answer = client.request(
            "POST /api/v1/auth/token/",
            "POST",
            "/api/v1/auth/token/",
            json_body={"username": username, "password": PASSWORD},
        )
        client.close()
        if answer.status != 200:
            raise RuntimeError(f"could not log in as {username}: {answer.status} {answer.body!r}")
        return answer.json()["token"]

    def run(self, seconds: float) -> None:
        """Run the thirty users for `seconds`, then wait for them to finish their action."""
        for username in ("reception", "leader", *HANDLERS):
            self.tokens[username] = self.login(username)
        threads = []
        number = 0
        for role, count in MIX:
            for index in range(count):
                user = VirtualUser(self, role, index, self.client(number), random.Random(number))
                threads.append(threading.Thread(target=user.loop, daemon=True))
                number += 1
        for thread in threads:
            thread.start()
        self.stopping.wait(seconds)
        self.stopping.set()
        for thread in threads:
            thread.join(timeout=60)


class VirtualUser:
    def __init__(self, load: Load, role: str, index: int, client: Client, rng: random.Random):
        self.load, self.role, self.client, self.rng = load, role, client, rng
        self.board = load.board
        self.username = {
            "reception": "reception",
            "leader": "leader",
            "handler": HANDLERS[index % 2],
            "search": ("leader", *HANDLERS)[index % 3],
        }.get(role, "")
        self.client.token = load.tokens.get(self.username, "")
        self.logged_in = False

    def loop(self) -> None:
        action = getattr(self, self.role)
        while not self.load.stopping.is_set():
            action()
            self.load.stopping.wait(self.rng.uniform(0.5, 1.5) * self.load.think_seconds)
        self.client.close()

    # Staff.

    def reception(self) -> None:
        if self.rng.random() < 0.35:
            case = self.board.take("resolved", self.rng)
            if case:
                return self.transition(self.client, case, "respond", {"method": "post"})
            case = self.board.take("responded", self.rng)
            if case:
                return self.transition(self.client, case, "close", {})
        body = petitions.body(self.rng, self.load.localities, self.load.fields)
        body["petitioner"]["email"] = f"cong-dan-{self.rng.randrange(10**9)}@drill.example"
        answer = self.client.request(
            "POST /api/v1/petitions/", "POST", "/api/v1/petitions/", json_body=body
        )
        if answer.status == 201:
            created = answer.json()
            self.board.wrote(Write("petition", code=created["code"], reference=created["case"]))
            self.board.put("received", Case(created["case"], 1))

    def leader(self) -> None:
        case = self.board.take("proposed", self.rng)
        if case:
            if self.rng.random() < 0.2:
                return self.transition(
                    self.client, case, "send_back", {"reason": "Bổ sung biên bản xác minh."}
                )
            return self.transition(self.client, case, "resolve", RESOLVE)
        case = self.board.take("accepted", self.rng)
        if case:
            case.handler = self.rng.choice(HANDLERS)
            return self.transition(self.client, case, "assign", {"handler": case.handler})
        case = self.board.take("received", self.rng)
        if case is None:
            return self.search()
        if self.rng.random() < 0.15:
            return self.race(case)
        self.transition(self.client, case, "accept", {})

    def race(self, case: Case) -> None:
        """The leader accepts while reception guides the petitioner elsewhere, at once."""
        desk = self.load.client(900 + self.rng.randrange(50))
        desk.token = self.load.tokens["reception"]
        guide = {"note": "Hướng dẫn công dân gửi đơn đến cơ quan có thẩm quyền."}
        with ThreadPoolExecutor(max_workers=2) as pool:
            accepting = pool.submit(self.send, self.client, case, "accept", {})
            guiding = pool.submit(self.send, desk, case, "guide", guide)
        desk.close()
        results = {"accept": accepting.result(), "guide": guiding.result()}
        won = [name for name, answer in results.items() if answer.status == 200]
        self.board.races.append((len(won), sum(a.status == 409 for a in results.values())))
        for name in won:
            self.accepted(case, name, results[name])

    def handler(self) -> None:
        case = self.board.take("verifying", self.rng, handler=self.username)
        if case is None:
            return self.search()
        self.transition(self.client, case, "submit_report", {"findings": "Đã xác minh tại chỗ."})

    def search(self) -> None:
        query = self.rng.choice(QUERIES)
        self.client.request("GET /api/v1/cases/?q=", "GET", f"/api/v1/cases/?q={quote(query)}")

    def send(self, client: Client, case: Case, name: str, data: dict) -> Answer:
        path = f"/api/v1/cases/{case.reference}/transitions/{name}/"
        return client.request(
            f"POST transition {name}", "POST", path, json_body={**data, "version": case.version}
        )

    def transition(self, client: Client, case: Case, name: str, data: dict) -> None:
        answer = self.send(client, case, name, data)
        if answer.status == 200:
            self.accepted(case, name, answer)

    def accepted(self, case: Case, name: str, answer: Answer) -> None:
        result = answer.json()
        self.board.wrote(
            Write("transition", reference=case.reference, action=name, version=result["version"])
        )
        self.board.put(NEXT[name], Case(case.reference, result["version"], case.handler))

    # The public.

    def public(self) -> None:
        code = self.board.code(self.rng)
        address = f"203.0.{self.rng.randrange(256)}.{self.rng.randrange(1, 255)}"
        if self.rng.random() < 0.5:
            self.client.request(
                "GET /api/v1/track/", "GET", f"/api/v1/track/{code}/", address=address
            )
        else:
            path = f"/portal/?code={code}"
            self.client.request("GET /portal/?code=", "GET", path, address=address)

    def portal(self) -> None:
        # Many citizens, each from an address of their own: the limit is per client.
        address = f"100.64.{self.rng.randrange(256)}.{self.rng.randrange(1, 255)}"
        page = self.client.request("GET /portal/submit/", "GET", "/portal/submit/", address=address)
        if page.status != 200:
            return
        form = {
            "csrfmiddlewaretoken": self.client.csrf_token(page.body),
            "kind": self.rng.choice(["feedback", "recommendation"]),
            "field": self.rng.choice(self.load.fields),
            "locality": self.rng.choice(self.load.localities),
            "subject": "Đèn chiếu sáng đường thôn bị hỏng",
            "content": "Đoạn đường qua thôn 2 không có đèn chiếu sáng đã hai tháng.",
            "full_name": "Đỗ Văn Nam",
            "phone": "",
            "email": f"nam-{self.rng.randrange(10**9)}@drill.example",
            "address": "Thôn 2",
            "website": "",
        }
        answer = self.client.request(
            "POST /portal/submit/", "POST", "/portal/submit/", form=form, address=address
        )
        if answer.status == 302 and "code=" in answer.location:
            code = answer.location.split("code=", 1)[1].split("&", 1)[0]
            self.board.wrote(Write("petition", code=code))

    def reports(self) -> None:
        if not self.logged_in:
            page = self.client.request("GET /staff/login/", "GET", "/staff/login/")
            form = {
                "csrfmiddlewaretoken": self.client.csrf_token(page.body),
                "username": "leader",
                "password": PASSWORD,
            }
            answer = self.client.request("POST /staff/login/", "POST", "/staff/login/", form=form)
            self.logged_in = answer.status == 302
            return
        year = time.localtime().tm_year
        kind = "xlsx" if self.rng.random() < 0.7 else "pdf"
        path = f"/staff/reports/periodic.{kind}?period={year}"
        self.client.request(f"GET report .{kind}", "GET", path)


RESOLVE = {
    "outcome": "partly_upheld",
    "decision_number": "12/QĐ-UBND",
    "decision_date": time.strftime("%Y-%m-%d"),
    "public_summary": "Nội dung đơn đúng một phần; đã yêu cầu khắc phục.",
}
