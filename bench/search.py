"""Search benchmark: `python -m tests.preflight python -m bench.search`.

Fills its own database, one per tier, with BENCH_SEARCH_CASES generated cases (200,000, a
large province's decade; 1,000,000 is the national tier). The database is kept between runs:
while it holds that many cases (and the few hundred each run's intake adds) it is only
migrated (BENCH_SEARCH_FRESH=1 regenerates). Times `search_reindex` (BENCH_SEARCH_REINDEX=0
skips it), then, in this process, searches with facets as four roles for three classes of
queries, beside two baselines on the same data: an ILIKE scan and plain ranked full text;
the staff search page over HTTP; petition intake with and without the search update. Last,
SQLite at 100,000 cases in a process of its own (BENCH_SEARCH_SQLITE=0 skips it).
"""

import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from psycopg import sql

from . import database
from .report import Row, milliseconds, publish, setting, verdict

# A large province's decade; BENCH_SEARCH_CASES=1000000 is the national tier.
DEFAULT_CASES = 200_000
RESULTS = database.PROJECT_DIR / "var" / "bench" / "search.txt"
ROUNDS = 3
# Every total and facet at the default tier is exact; the national tier may estimate past
# search.query.COUNT_CAP matches.
COUNT_EXACT_UP_TO = 200_000
# Each class holds at least ten queries; the run prints the share of cases each matches.
QUERIES = {
    "selective": [
        "Nguyễn Thị Hương",
        "dang van hung",
        "Lục Ngọc Tuyết",
        "trạm trộn bê tông nhựa Minh Phát",
        "Phùng Minh Chiến",
        "Chu Thế Nghĩa",
        "trợ cấp người khuyết tật Nà Khà",
        "gạch tuynel Thái Bình khói bụi",
        "Mai Thu Loan",
        "Trieu Duc Khanh",
        "Đinh Xuân Phúc",
        "Hà Thị Minh Yến",
    ],
    "medium": [
        "Khu công nghiệp Long Bình An",
        "ngam tran suoi Khuon",
        "trang trại chăn nuôi lợn",
        "hồ chứa nước Khuôn Khoai",
        "cao tốc Tuyên Quang",
        "Quốc lộ 2C",
        "cán bộ địa chính",
        "khai thác cát",
        "Công ty TNHH May Hòa Thịnh",
        "trạm trộn bê tông",
        "sông Lô",
        "đường tránh Quốc lộ 37",
    ],
    "broad": [
        "dat dai",
        "đất đai",
        "bồi thường",
        "giải phóng mặt bằng",
        "khiếu nại",
        "thu hồi đất",
        "UBND xã",
        "hỗ trợ",
        "tố cáo",
        "dự án",
        "Đồng Chùa",
        "Nguyễn",
    ],
}
# p95 per class: a province's decade (the default tier) in 100 ms whatever the class; the
# national tier by class.
TIER_TARGETS_MS = {
    DEFAULT_CASES: {"selective": 100, "medium": 100, "broad": 100},
    1_000_000: {"selective": 50, "medium": 150, "broad": 300},
}
# SQLite, the embedded default, at a tier of its own, as the province leader.
SQLITE_CASES = 100_000
SQLITE_TARGET_MS = 200
HANDLER_RATIO_TARGET = 1.2
BASELINE_RATIO_TARGET = 3
PAGE_TARGET_MS = 150
REINDEX_TARGET = 3000
INTAKE_OVERHEAD_TARGET = 1.10
INTAKE_SAMPLES = 200
# The server's speed, printed beside its timings (server()).
CALIBRATION_ROWS = 5_000_000


def say(message: str) -> None:
    print(f"bench.search: {message}", flush=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def database_name(cases: int) -> str:
    """Each tier keeps a database of its own, so that switching tiers regenerates nothing."""
    return f"tiepdan_search_bench_{cases}"


def cases_setting() -> int:
    return setting("BENCH_SEARCH_CASES", DEFAULT_CASES)


def environment(database_url: str, cases: int) -> dict:
    env = database.bench_env(database_url, secrets.token_urlsafe(50))
    env["BENCH_DATABASE_NAME"] = database_name(cases)
    return env


def connect(database_url: str, env: dict):
    import psycopg

    params = database.connection_params(database_url, env["BENCH_DATABASE_NAME"])
    return psycopg.connect(**params, autocommit=True)


def server(database_url: str, env: dict) -> str:
    """PostgreSQL's version, shared buffers and speed, on which a large index's timings depend.

    The speed is a fixed piece of work on one of the server's cores, the least of three runs,
    so that timings taken on different machines can be compared.
    """
    with connect(database_url, env) as connection:
        version, buffers = connection.execute(
            "SELECT current_setting('server_version'), current_setting('shared_buffers')"
        ).fetchone()
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            connection.execute(
                "SELECT count(*) FROM generate_series(1, %s)", [CALIBRATION_ROWS]
            ).fetchone()
            timings.append((time.perf_counter() - started) * 1000)
    return (
        f"PostgreSQL {version.split()[0]} with shared_buffers {buffers}, which counts"
        f" {CALIBRATION_ROWS:,} generated rows in {milliseconds(min(timings))}"
    )


def existing_cases(database_url: str, env: dict) -> int:
    """Return how many cases the kept database holds, 0 if there is none."""
    try:
        with connect(database_url, env) as connection:
            return connection.execute("SELECT count(*) FROM cases_case").fetchone()[0]
    except Exception:
        return 0


def prepare(database_url: str, env: dict, cases: int) -> list[Row]:
    name = env["BENCH_DATABASE_NAME"]
    # Each run's intake timing adds a few hundred cases: the database is kept all the same.
    kept = existing_cases(database_url, env)
    if not os.environ.get("BENCH_SEARCH_FRESH") and cases <= kept < cases + cases // 10:
        # Newer migrations (indexes, search columns) are applied to the kept cases; the
        # reindex that follows fills any new search column.
        say(f"reusing {name} with {kept:,} cases, migrated (BENCH_SEARCH_FRESH=1 regenerates)")
        database.manage(env, "migrate", "--noinput", "--verbosity=0", timeout=3600)
        return [Row(f"generate_cases --count {cases}", "reused from an earlier run")]
    params = database.connection_params(database_url, "postgres")
    import psycopg

    with psycopg.connect(**params, autocommit=True) as connection:
        name = sql.Identifier(name)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))
    database.manage(env, "migrate", "--noinput", "--verbosity=0", timeout=600)
    say(f"generate_cases --count {cases} (each batch indexed as it is written)")
    seconds = database.manage(env, "generate_cases", f"--count={cases}", timeout=7200)
    return [Row(f"generate_cases --count {cases}", f"{seconds:.0f} s, search index included")]


def reindex(env: dict, database_url: str) -> Row:
    # Autovacuum would have analysed tables this size long before anyone reindexed them.
    with connect(database_url, env) as connection:
        connection.execute("ANALYZE")
    say("search_reindex")
    output = subprocess.run(
        [sys.executable, "manage.py", "search_reindex"],
        cwd=database.PROJECT_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=7200,
    ).stdout
    throughput = float(re.search(r"\(([\d,]+) cases/s\)", output).group(1).replace(",", ""))
    return Row(
        "search_reindex",
        output.strip().splitlines()[-1],
        f"≥ {REINDEX_TARGET:,} cases/s",
        verdict(throughput >= REINDEX_TARGET),
    )


def exact_matches(connection, text: str) -> int:
    """Count every case the text matches, past the search's cap of 10,000."""
    from search.backends.database import tsquery_text
    from search.normalizer import parse_query

    parsed = parse_query(text)
    query = tsquery_text(parsed.words, prefix_last=parsed.last_is_prefix)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM search_case WHERE document @@ to_tsquery('simple', %s)", [query]
        )
        return cursor.fetchone()[0]


def timed(function: Callable, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return (time.perf_counter() - started) * 1000


def class_timings(search: Callable, user, texts: list[str]) -> tuple[float, float]:
    """Return p50 and p95 of the texts' searches, ROUNDS rounds after a warm-up."""
    for text in texts:
        search(user, text)
    timings = [timed(search, user, t) for _ in range(ROUNDS) for t in texts]
    return statistics.median(timings), percentile(timings, 0.95)


def roles(cases_model, permission_model, user_model) -> list[tuple[str, object]]:
    """The province leader, the busiest commune's leader, the busiest handler, the inspector."""
    from django.db.models import Count

    leader = user_model.objects.get(username="leader")
    communes = user_model.objects.filter(username__startswith="leader-xa-")
    by_unit = dict(
        cases_model.objects.filter(unit__in=communes.values("unit"))
        .values_list("unit")
        .annotate(n=Count("id"))
    )
    commune = max(communes, key=lambda user: by_unit.get(user.unit_id, 0))
    busiest = (
        permission_model.objects.values("user_id")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    handler = user_model.objects.get(pk=busiest["user_id"])
    inspector = user_model.objects.get(username="inspector")
    return [
        ("province leader", leader),
        (f"commune leader ({by_unit.get(commune.unit_id, 0):,} cases)", commune),
        (f"handler ({busiest['n']:,} cases)", handler),
        ("inspector", inspector),
    ]


def run_in_process(database_url: str, env: dict, cases: int) -> list[Row]:
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    from cases.models import Case, CaseUserObjectPermission, User
    from search.normalizer import accented, fold
    from search.query import SearchQuery
    from search.selectors import search_cases

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    people = roles(Case, CaseUserObjectPermission, User)
    leader = people[0][1]
    targets = TIER_TARGETS_MS.get(cases, TIER_TARGETS_MS[DEFAULT_CASES])

    def search(user, text):
        result = search_cases(user=user, query=SearchQuery(text=text, page_size=20))
        assert result.total_is_exact or cases > COUNT_EXACT_UP_TO, text
        return result

    rows = []
    say("classifying queries by the share of cases they match (counted exactly, in SQL)")
    shares = {}
    for klass, texts in QUERIES.items():
        for text in texts:
            shares[text] = exact_matches(connection, text) / cases
        matched = ", ".join(f"{shares[t]:.2%}" for t in texts)
        say(f"  {klass}: {matched}")
    p95s = {}
    for role, user in people:
        for klass, texts in QUERIES.items():
            p50, p95 = class_timings(search, user, texts)
            p95s[role.split(" (")[0], klass] = p95
            share = f"{min(shares[t] for t in texts):.2%}–{max(shares[t] for t in texts):.2%}"
            rows.append(
                Row(
                    f"search {klass} as {role}, {len(texts)} queries",
                    f"p50 {milliseconds(p50)}, p95 {milliseconds(p95)}; match {share}",
                    f"p95 < {targets[klass]} ms",
                    verdict(p95 < targets[klass]),
                )
            )
    rows.append(estimates(search, leader, shares, cases))
    for klass in QUERIES:
        ratio = p95s["handler", klass] / p95s["province leader", klass]
        rows.append(
            Row(
                f"handler vs province leader, {klass}",
                f"p95 {ratio:.2f}×",
                f"≤ {HANDLER_RATIO_TARGET}×",
                verdict(ratio <= HANDLER_RATIO_TARGET),
            )
        )

    def run_sql(statement: str, params: list) -> None:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            cursor.fetchall()

    def sql_time(statement: str, params: list) -> float:
        return timed(run_sql, statement, params)

    broad = QUERIES["broad"]
    ours = [timed(search, leader, t) for _ in range(ROUNDS) for t in broad]
    # Plain ranked full text over the same folded words: every match ranked, no facets.
    plain_statement = (
        "SELECT (SELECT count(*) FROM search_case WHERE document @@ q),"
        " (SELECT array_agg(case_id) FROM (SELECT case_id FROM search_case"
        "  WHERE document @@ q ORDER BY ts_rank(document, q) DESC LIMIT 20) top)"
        " FROM plainto_tsquery('simple', %s) q"
    )
    plain = [sql_time(plain_statement, [fold(t)]) for _ in range(ROUNDS) for t in broad]
    ilike_statement = (
        "SELECT (SELECT count(*) FROM cases_petition WHERE subject ILIKE %s OR content ILIKE %s),"
        " (SELECT array_agg(case_id) FROM (SELECT case_id FROM cases_petition"
        "  WHERE subject ILIKE %s OR content ILIKE %s ORDER BY received_at DESC LIMIT 20) top)"
    )
    ilike = [
        sql_time(ilike_statement, [f"%{accented(t)}%"] * 4) for _ in range(1) for t in broad[:4]
    ]
    ours_p50, plain_p50 = statistics.median(ours), statistics.median(plain)
    rows += [
        Row(
            "baseline: plain ranked FTS, broad (no facets)",
            f"p50 {milliseconds(plain_p50)}, p95 {milliseconds(percentile(plain, 0.95))}",
        ),
        Row(
            "baseline: ILIKE scan, broad (no facets)",
            f"p50 {milliseconds(statistics.median(ilike))}",
        ),
        Row(
            "ours with facets vs plain ranked FTS, broad",
            f"{plain_p50 / ours_p50:.1f}× faster (p50 {milliseconds(ours_p50)})",
            f"≥ {BASELINE_RATIO_TARGET}×",
            verdict(plain_p50 / ours_p50 >= BASELINE_RATIO_TARGET),
        ),
        Row(
            "ours with facets vs ILIKE scan, broad",
            f"{statistics.median(ilike) / ours_p50:.1f}× faster",
        ),
    ]
    # The page's target is a province's decade: the other tiers print its time alone.
    rows.append(page_over_http(env, leader, judged=cases == DEFAULT_CASES))
    rows.append(intake(leader))
    return rows


def estimates(search: Callable, leader, shares: dict, cases: int) -> Row:
    """Check the province leader's totals against the exact counts: exact, or within margin.

    The province leader sees every case, so the exact count of a query is its share of them.
    """
    from search.query import COUNT_CAP

    estimated, within, worst, wrong = 0, 0, 0.0, []
    for text, share in shares.items():
        result, exact = search(leader, text), round(share * cases)
        if result.total_is_exact:
            if result.total != exact:
                wrong.append(text)
            continue
        estimated += 1
        within += abs(result.total - exact) <= result.total_margin
        worst = max(worst, abs(result.total - exact) / exact)
        if exact <= COUNT_CAP:
            wrong.append(text)
    held = not wrong and within >= 0.9 * estimated
    value = f"{len(shares) - estimated} exact, {estimated} estimated"
    if estimated:
        value += f" ({within} within their 95% margin, worst error {worst:.1%})"
    return Row(
        f"province leader's totals against exact counts, {len(shares)} queries",
        value + (f"; wrong: {', '.join(wrong)}" if wrong else ""),
        f"exact up to {COUNT_CAP:,} matches; estimates within their margin",
        verdict(held),
    )


def page_over_http(env: dict, leader, *, judged: bool) -> Row:
    """Time the staff search page, rendering included, from gunicorn over HTTP."""
    import http.client
    from urllib.parse import urlencode

    from django.conf import settings
    from django.test import Client

    from . import server

    browser = Client()
    browser.force_login(leader)
    cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"
    texts = [text for texts in QUERIES.values() for text in texts]
    log = database.PROJECT_DIR / "var" / "bench" / "search-server.log"
    with server.running(
        env=env, cwd=database.PROJECT_DIR, log_path=log, workers=2, threads=1
    ) as running:
        connection = http.client.HTTPConnection(running.host, running.port, timeout=30)

        def get(text: str) -> None:
            connection.request(
                "GET", f"/staff/search/?{urlencode({'q': text})}", headers={"Cookie": cookie}
            )
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"bench.search: the search page answered {response.status}")

        for text in texts:
            get(text)  # warm-up
        timings = [timed(get, text) for _ in range(ROUNDS) for text in texts]
        connection.close()
    p95 = percentile(timings, 0.95)
    measured = (
        f"search page over HTTP as province leader, {len(texts)} queries",
        f"p50 {milliseconds(statistics.median(timings))}, p95 {milliseconds(p95)}",
    )
    if not judged:
        return Row(*measured)
    return Row(*measured, f"p95 < {PAGE_TARGET_MS} ms", verdict(p95 < PAGE_TARGET_MS))


def intake(leader) -> Row:
    """Time petition_register with the search update and without it, interleaved."""
    from django.db import transaction

    from cases.models import Field, Locality
    from cases.services import PetitionerData, PetitionInput, petition_register
    from cases.signals import cases_changed
    from search.receivers import cases_changed_receiver

    locality = Locality.objects.filter(level="commune").first()
    field = Field.objects.first()
    reception = type(leader).objects.get(username="reception")

    def register(number: int) -> None:
        data = PetitionInput(
            kind="complaint",
            channel="in_person",
            subject=f"Khiếu nại việc bồi thường đất nông nghiệp số {number}",
            content="Gia đình tôi đề nghị xem xét lại đơn giá bồi thường đất nông nghiệp.",
            locality=locality,
            field=field,
            petitioner=PetitionerData(full_name="Hoàng Văn Bench", phone="0912000000"),
        )
        with transaction.atomic():
            petition_register(actor=reception, data=data)

    with_index, without_index = [], []
    for number in range(INTAKE_SAMPLES):
        with_index.append(timed(register, number))
        cases_changed.disconnect(dispatch_uid="search.cases_changed")
        try:
            without_index.append(timed(register, number))
        finally:
            cases_changed.connect(cases_changed_receiver, dispatch_uid="search.cases_changed")
    ratio = statistics.median(with_index) / statistics.median(without_index)
    return Row(
        f"intake with the search update vs without, {INTAKE_SAMPLES} each",
        f"median {milliseconds(statistics.median(with_index))} vs "
        f"{milliseconds(statistics.median(without_index))}: {ratio:.2f}×",
        f"≤ {INTAKE_OVERHEAD_TARGET:.2f}×",
        verdict(ratio <= INTAKE_OVERHEAD_TARGET),
    )


def sqlite_environment(env: dict) -> dict:
    path = database.PROJECT_DIR / "var" / "bench" / f"search-{SQLITE_CASES}.sqlite3"
    return {**env, "DATABASE_URL": f"sqlite:///{path}", "BENCH_DATABASE_NAME": str(path)}


def sqlite_cases(path: str) -> int:
    import sqlite3

    try:
        with sqlite3.connect(path) as connection:
            return connection.execute("SELECT count(*) FROM cases_case").fetchone()[0]
    except sqlite3.Error:
        return 0


def sqlite_rows(env: dict) -> list[Row]:
    """Search on SQLite in a process of its own; its file in var/bench is kept between runs."""
    env = sqlite_environment(env)
    path = env["BENCH_DATABASE_NAME"]
    if os.environ.get("BENCH_SEARCH_FRESH") or sqlite_cases(path) != SQLITE_CASES:
        say(f"SQLite: generate_cases --count {SQLITE_CASES} and search_reindex")
        if os.path.exists(path):
            os.remove(path)
        database.manage(env, "migrate", "--noinput", "--verbosity=0", timeout=600)
        # SQLite takes one writer at a time.
        database.manage(
            env, "generate_cases", f"--count={SQLITE_CASES}", "--workers=1", timeout=7200
        )
        database.manage(env, "search_reindex", "--verbosity=0", timeout=7200)
    else:
        say(f"SQLite: reusing {path} with {SQLITE_CASES:,} cases, migrated")
        database.manage(env, "migrate", "--noinput", "--verbosity=0", timeout=3600)
    output = subprocess.run(
        [sys.executable, "-m", "bench.search", "--sqlite"],
        cwd=database.PROJECT_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [Row(*json.loads(line)) for line in output.splitlines() if line.startswith("[")]


def sqlite_main() -> None:
    """The SQLite process: time each class as the province leader, print rows as JSON."""
    import django

    django.setup()
    from cases.models import User
    from search.query import SearchQuery
    from search.selectors import search_cases

    leader = User.objects.get(username="leader")

    def search(user, text):
        search_cases(user=user, query=SearchQuery(text=text, page_size=20))

    for klass, texts in QUERIES.items():
        p50, p95 = class_timings(search, leader, texts)
        row = Row(
            f"SQLite, {SQLITE_CASES:,} cases: search {klass} as province leader",
            f"p50 {milliseconds(p50)}, p95 {milliseconds(p95)}",
            f"p95 < {SQLITE_TARGET_MS} ms",
            verdict(p95 < SQLITE_TARGET_MS),
        )
        print(json.dumps(list(vars(row).values()), ensure_ascii=False))


def main() -> None:
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tiepdan")
    cases = cases_setting()
    env = environment(database_url, cases)
    rows = prepare(database_url, env, cases)
    if os.environ.get("BENCH_SEARCH_REINDEX", "1") != "0":
        rows.append(reindex(env, database_url))
    else:
        rows.append(Row("search_reindex", "skipped (BENCH_SEARCH_REINDEX=0)"))
    rows += run_in_process(database_url, env, cases)
    if os.environ.get("BENCH_SEARCH_SQLITE", "1") != "0":
        rows += sqlite_rows(env)
    else:
        rows.append(Row("SQLite", "skipped (BENCH_SEARCH_SQLITE=0)"))
    notes = [
        f"{cases:,} generated cases on {server(database_url, env)}; {os.cpu_count()} cores"
        " shared with the database. Timings are in-process calls of"
        f" search.selectors.search_cases, facets included, {ROUNDS} rounds after a warm-up;"
        " baselines run in the same process.",
    ]
    publish(rows, notes, RESULTS)


if __name__ == "__main__":
    sqlite_main() if sys.argv[1:] == ["--sqlite"] else main()
