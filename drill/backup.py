"""The backup drill: write through the topology, back up, restore into an empty database.

Afterwards, served from the restored database and files: tracking codes answer as before,
attachments download with the same bytes, the search rebuilt by `search_reindex` finds what
it found before, and `restore` itself checked counts, sums and the identity keys. Restoring
into a database that is not empty, or with other keys, is refused with a clear message.
"""

import hashlib
import secrets
import subprocess
import uuid
from urllib.parse import quote

from ops import database, processes
from ops.topology import Topology

from . import checks
from .client import Client, Recorder
from .load import PASSWORD, QUERIES
from .runner import base_name, fresh_keys, reference_data, say, template_url, work_dir
from .services import PROJECT_DIR, MailSink, RedisServer

PETITIONS = [
    ("complaint", "Khiếu nại quyết định thu hồi đất của gia đình ông Lâm"),
    ("denunciation", "Tố cáo cán bộ địa chính nhận tiền khi cấp giấy chứng nhận"),
    ("denunciation", "Tố cáo việc san lấp ao trái phép gây ngập úng"),
    ("recommendation", "Kiến nghị sửa chữa cầu treo qua suối"),
    ("feedback", "Phản ánh ô nhiễm môi trường do xả thải"),
]


def pdf_bytes() -> bytes:
    """A small PDF letter, different each run."""
    return b"%PDF-1.4\n% " + uuid.uuid4().hex.encode() + b"\ntrailer<<>>\n%%EOF\n"


def multipart(fields: dict, name: str, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
        f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Observed:
    """What the drill reads through the topology, before the backup and after the restore."""

    def __init__(self, port: int, recorder: Recorder):
        self.port, self.recorder = port, recorder

    def client(self, username: str = "") -> Client:
        client = Client(self.port, self.recorder, "198.19.0.1")
        if username:
            answer = client.request(
                "POST /api/v1/auth/token/",
                "POST",
                "/api/v1/auth/token/",
                json_body={"username": username, "password": PASSWORD},
            )
            client.token = answer.json()["token"]
        return client

    def read(self, codes: list[str], attachments: list[tuple[str, int]]) -> dict:
        public, leader, staff = self.client(), self.client("leader"), self.client()
        page = staff.request("GET /staff/login/", "GET", "/staff/login/")
        login = {"csrfmiddlewaretoken": staff.csrf_token(page.body), "username": "leader"}
        staff.request(
            "POST /staff/login/", "POST", "/staff/login/", form={**login, "password": PASSWORD}
        )
        seen = {
            "tracking": [
                public.request("track", "GET", f"/api/v1/track/{code}/").body for code in codes
            ],
            "search": [
                [
                    case["reference"]
                    for case in (
                        leader.request(
                            "search", "GET", f"/api/v1/cases/?q={quote(query)}&page_size=100"
                        ).json()
                        or {}
                    ).get("results", [])
                ]
                for query in QUERIES
            ],
            "attachments": [
                hashlib.sha256(
                    staff.request("attachment", "GET", f"/staff/cases/{ref}/attachments/{pk}/").body
                ).hexdigest()
                for ref, pk in attachments
            ],
        }
        for client in (public, leader, staff):
            client.close()
        return seen


def write(observed: Observed, localities: list[str], fields: list[str]) -> list[str]:
    """Register the petitions through the API and one with a letter on the portal."""
    desk = observed.client("reception")
    codes = []
    for number, (kind, subject) in enumerate(PETITIONS):
        body = {
            "kind": kind,
            "channel": "in_person",
            "subject": subject,
            "content": f"{subject}. Đề nghị xem xét, giải quyết theo quy định.",
            "petitioner": {
                "full_name": f"Hoàng Văn Sao {number}",
                "phone": f"09120000{number:02d}",
                "address": "Thôn 5",
                "id_number": f"0011900{number:05d}",
            },
            "locality": localities[number % len(localities)],
            "field": fields[number % len(fields)],
        }
        answer = desk.request(
            "POST /api/v1/petitions/", "POST", "/api/v1/petitions/", json_body=body
        )
        codes.append(answer.json()["code"])
    desk.close()
    citizen = observed.client()
    page = citizen.request("GET /portal/submit/", "GET", "/portal/submit/")
    form = {
        "csrfmiddlewaretoken": citizen.csrf_token(page.body),
        "kind": "feedback",
        "field": fields[0],
        "locality": localities[0],
        "subject": "Cống thoát nước bị tắc",
        "content": "Cống thoát nước đầu thôn bị tắc, ảnh và đơn gửi kèm.",
        "full_name": "",
        "phone": "",
        "email": "",
        "address": "",
        "website": "",
    }
    body, content_type = multipart(form, "attachments", "don.pdf", pdf_bytes())
    headers = {
        "Content-Type": content_type,
        "X-Forwarded-For": citizen.address,
        "X-CSRFToken": form["csrfmiddlewaretoken"],
    }
    headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in citizen.cookies.items())
    citizen.connection.request("POST", "/portal/submit/", body=body, headers=headers)
    response = citizen.connection.getresponse()
    response.read()
    codes.append(response.getheader("Location", "").split("code=", 1)[1].split("&", 1)[0])
    citizen.close()
    return codes


def attachments_of(url: str, codes: list[str]) -> list[tuple[str, int]]:
    with checks.connect(url) as db:
        return db.execute(
            "SELECT c.reference, a.id FROM cases_attachment a JOIN cases_petition p "
            "ON p.id = a.petition_id JOIN cases_case c ON c.id = p.case_id "
            "WHERE p.tracking_code = ANY(%s) ORDER BY a.id",
            [codes],
        ).fetchall()


def served(env: dict, workdir, name: str, action):
    """Run `action(observed)` against the topology serving `env`'s database and files."""
    redis, sink = RedisServer(workdir), MailSink()
    redis.start()
    sink.start()
    env = {
        **env,
        "REDIS_URL": redis.url,
        "EMAIL_HOST": processes.HOST,
        "EMAIL_PORT": str(sink.port),
    }
    topology = Topology(
        env=env,
        cwd=PROJECT_DIR,
        logs=workdir / name,
        port=processes.free_port(),
        workers=processes.web_workers(),
    )
    try:
        topology.start()
        return action(Observed(topology.port, recorder := Recorder())), recorder
    finally:
        topology.stop()
        redis.stop()
        sink.stop()


def run(database_url: str, env: dict) -> dict:
    workdir = work_dir(database_url, "backup")
    base = base_name(database_url)
    original = database.with_name(database_url, f"{base}_drill_backup")
    restored = database.with_name(database_url, f"{base}_drill_restored")
    database.recreate(
        database_url, base_name(original), template=base_name(template_url(database_url))
    )
    database.recreate(database_url, base_name(restored))
    source_env = {**env, "DATABASE_URL": original, "MEDIA_ROOT": str(workdir / "media")}
    target_env = {**env, "DATABASE_URL": restored, "MEDIA_ROOT": str(workdir / "restored-media")}
    localities, fields, _ = reference_data(original)
    say("backup: writing through the topology, then reading it back")

    def before(observed: Observed):
        codes = write(observed, localities, fields)
        checks.drain(original)
        attachments = attachments_of(original, codes)
        return codes, attachments, observed.read(codes, attachments)

    (codes, attachments, seen_before), first = served(source_env, workdir, "before", before)
    destination = workdir / "backup"
    problems = []
    made = checks.manage(source_env, "backup", str(destination))
    if made.returncode:
        problems.append(f"backup failed: {made.stderr[-300:]}")
    dump_text = subprocess.run(
        ["pg_restore", "--file=-", str(destination / "database.dump")], capture_output=True
    ).stdout
    backup_bytes = dump_text + b"".join(
        p.read_bytes() for p in destination.rglob("*") if p.is_file()
    )
    if any(
        key.encode() in backup_bytes for key in (env["SECRET_KEY"], env["IDENTITY_ENCRYPTION_KEYS"])
    ):
        problems.append("a key is in the backup")
    say("backup: restoring into an empty database")
    restoring = checks.manage(target_env, "restore", str(destination))
    if restoring.returncode:
        problems.append(f"restore failed: {restoring.stderr[-300:]}")
    again = checks.manage(target_env, "restore", str(destination))
    if again.returncode == 0 or "not empty" not in again.stderr:
        problems.append("restore into a non-empty database was not refused")
    other_keys = {
        **target_env,
        "IDENTITY_ENCRYPTION_KEYS": fresh_keys()[1],
        "MEDIA_ROOT": str(workdir / "other-media"),
    }
    wrong = database.with_name(database_url, f"{base}_drill_wrong_keys")
    database.recreate(database_url, base_name(wrong))
    refused = checks.manage({**other_keys, "DATABASE_URL": wrong}, "restore", str(destination))
    if refused.returncode == 0 or "IDENTITY_ENCRYPTION_KEYS" not in refused.stderr:
        problems.append("restore with other identity keys did not fail clearly")
    database.drop(database_url, base_name(wrong))
    checks.manage(target_env, "migrate", "--noinput", "--verbosity=0")
    checks.manage(target_env, "search_reindex", "--verbosity=0")
    say("backup: reading the restored copy")
    seen_after, second = served(
        target_env, workdir, "after", lambda observed: observed.read(codes, attachments)
    )
    for what in ("tracking", "search", "attachments"):
        if seen_before[what] != seen_after[what]:
            problems.append(f"{what} differ after the restore")
    with checks.connect(restored) as db:
        found = db.execute(
            "SELECT count(*) FROM cases_petition WHERE tracking_code = ANY(%s)", [codes]
        ).fetchone()[0]
    answers = first.answers + second.answers
    errors = sum(a.status >= 500 or a.status == 0 for a in answers)
    if errors:
        problems.append(f"{errors} 5xx")
    if found != len(codes):
        problems.append(f"{len(codes) - found} petitions missing after the restore")
    size = sum(p.stat().st_size for p in destination.rglob("*") if p.is_file())
    row = {
        "drill": "backup",
        "load": f"{len(codes)} petitions ({len(attachments)} with a letter) among "
        f"{checks.last_case(original):,} cases; backup {size / 2**20:.1f} MiB",
        "faults injected": "restored into an empty database; into a non-empty one, and with "
        "other keys: refused",
        "writes accepted": f"{len(codes)} petitions",
        "writes found afterwards": f"{found}; tracking, {len(QUERIES)} searches and "
        f"{len(attachments)} letter(s) as before",
        "5xx": str(errors),
        "verdict": "held" if not problems else "FAILED",
    }
    details = [
        f"backup: {made.stdout.strip() or made.stderr.strip()[-200:]}",
        f"restore: {restoring.stdout.strip() or restoring.stderr.strip()[-200:]}",
        f"refused non-empty: {(again.stderr.strip().splitlines() or [''])[-1]}",
        f"refused other keys: {(refused.stderr.strip().splitlines() or [''])[-1]}",
        *problems,
    ]
    return {"row": row, "details": details, "answers": [], "held": not problems}
