"""A fake Elasticsearch that tests run on 127.0.0.1: only what our backend calls.

It keeps indices, aliases and documents in memory with external_gte versions, answers
searches by evaluating the query's structure over the stored documents (text is matched by
our normalizer, standing in for the analyzers), records every request, and can be switched
"down": answering 503, or closing each connection without an answer.
"""

import fnmatch
import functools
import json
import signal
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from search import normalizer

UP, UNAVAILABLE, CLOSED = "up", "503", "closed"


@dataclass
class Recorded:
    method: str
    path: str
    params: dict
    body: object
    status: int = 0
    response: object = None


@dataclass
class FakeIndex:
    name: str
    definition: dict
    settings: dict = field(default_factory=dict)
    # _id → (version, source)
    documents: dict[str, tuple[int, dict]] = field(default_factory=dict)
    refreshes: int = 0


class ElasticError(Exception):
    def __init__(self, status: int, kind: str, reason: str = ""):
        super().__init__(reason or kind)
        self.status, self.kind, self.reason = status, kind, reason or kind

    def body(self) -> dict:
        error = {"type": self.kind, "reason": self.reason}
        return {"error": {**error, "root_cause": [error]}, "status": self.status}


class FakeElasticsearch:
    def __init__(self) -> None:
        self.indices: dict[str, FakeIndex] = {}
        self.aliases: dict[str, set[str]] = {}
        self.requests: list[Recorded] = []
        self.mode = UP
        # Canned highlights by document id, returned when a search asks for highlighting.
        self.highlights: dict[str, dict[str, list[str]]] = {}
        self.lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None

    # Running.

    def start(self, port: int = 0) -> "FakeElasticsearch":
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # What tests look at.

    def requests_to(self, path_part: str, method: str | None = None) -> list[Recorded]:
        return [
            r
            for r in self.requests
            if path_part in r.path and (method is None or r.method == method)
        ]

    def indices_of(self, alias: str) -> set[str]:
        return set(self.aliases.get(alias, set()))

    def documents(self, name: str) -> dict[str, tuple[int, dict]]:
        """Return the documents of an index or of the one index behind an alias."""
        (index,) = self._resolve(name)
        return dict(self.indices[index].documents)

    # Requests.

    def handle(self, method: str, path: str, params: dict, body: object) -> tuple[int, object]:
        with self.lock:
            recorded = Recorded(method, path, params, body)
            self.requests.append(recorded)
            parts = [part for part in path.split("/") if part]
            try:
                recorded.status, recorded.response = self._route(method, parts, params, body)
            except ElasticError as error:
                recorded.status, recorded.response = error.status, error.body()
            return recorded.status, recorded.response

    def _route(self, method, parts, params, body):
        if not parts:
            return 200, {"name": "fake", "version": {"number": "8.15.0"}, "tagline": "fake"}
        if parts == ["_aliases"] and method == "POST":
            return self._update_aliases(body["actions"])
        if parts[0] == "_alias" and len(parts) == 2:
            return self._get_alias(parts[1])
        if parts[-1] == "_bulk":
            return self._bulk(parts[0] if len(parts) == 2 else None, body, params)
        if len(parts) == 2 and parts[1] == "_refresh":
            for name in self._resolve(parts[0]):
                self.indices[name].refreshes += 1
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if len(parts) == 2 and parts[1] == "_settings" and method == "PUT":
            for name in self._resolve(parts[0]):
                self.indices[name].settings.update(body.get("index", body))
            return 200, {"acknowledged": True}
        if len(parts) == 2 and parts[1] == "_search":
            return 200, self._search(parts[0], body or {})
        if len(parts) == 2 and parts[1] == "_count":
            return 200, {"count": self._search(parts[0], body or {})["hits"]["total"]["value"]}
        if len(parts) == 2 and parts[1] == "_analyze":
            self._resolve(parts[0])
            analyze = {"vi_folded": normalizer.tokens, "vi_accented": normalizer.accented_tokens}
            words = analyze[body["analyzer"]](body["text"])
            return 200, {"tokens": [{"token": word} for word in words]}
        if len(parts) == 3 and parts[1] == "_doc" and method == "GET":
            return self._get_document(parts[0], parts[2])
        if len(parts) == 1:
            return self._index_request(method, parts[0], params, body)
        raise ElasticError(400, "unsupported_by_fake", f"{method} /{'/'.join(parts)}")

    def _index_request(self, method, name, params, body):
        exists = name in self.indices or name in self.aliases
        if method == "HEAD":
            return (200 if exists else 404), None
        if method == "GET":
            names = sorted(n for n in self.indices if fnmatch.fnmatchcase(n, name))
            if not names and "*" not in name:
                raise ElasticError(404, "index_not_found_exception", name)
            return 200, {n: {"settings": self.indices[n].settings} for n in names}
        if method == "PUT":
            if exists:
                raise ElasticError(400, "resource_already_exists_exception", name)
            body = body or {}
            self.indices[name] = FakeIndex(name, body, dict(body.get("settings", {})))
            for alias in body.get("aliases", {}):
                self.aliases.setdefault(alias, set()).add(name)
            return 200, {"acknowledged": True, "index": name}
        if method == "DELETE":
            if name not in self.indices:
                raise ElasticError(404, "index_not_found_exception", name)
            del self.indices[name]
            for members in self.aliases.values():
                members.discard(name)
            self.aliases = {alias: members for alias, members in self.aliases.items() if members}
            return 200, {"acknowledged": True}
        raise ElasticError(400, "unsupported_by_fake", f"{method} /{name}")

    def _resolve(self, name: str) -> list[str]:
        if name in self.aliases:
            return sorted(self.aliases[name])
        if name in self.indices:
            return [name]
        raise ElasticError(404, "index_not_found_exception", f"no such index [{name}]")

    def _get_document(self, name, doc_id):
        (index,) = self._resolve(name)
        if doc_id not in self.indices[index].documents:
            return 404, {"_index": index, "_id": doc_id, "found": False}
        version, source = self.indices[index].documents[doc_id]
        return 200, {"_index": index, "_id": doc_id, "_version": version, "_source": source}

    def _get_alias(self, alias):
        if alias not in self.aliases:
            return 404, {"error": f"alias [{alias}] missing", "status": 404}
        return 200, {index: {"aliases": {alias: {}}} for index in sorted(self.aliases[alias])}

    def _update_aliases(self, actions):
        # Checked first, applied together: the switch is atomic.
        for action in actions:
            ((kind, spec),) = action.items()
            if spec["index"] not in self.indices:
                raise ElasticError(404, "index_not_found_exception", spec["index"])
            if kind == "remove" and spec["index"] not in self.aliases.get(spec["alias"], ()):
                raise ElasticError(404, "aliases_not_found_exception", spec["alias"])
        for action in actions:
            ((kind, spec),) = action.items()
            if kind == "add":
                self.aliases.setdefault(spec["alias"], set()).add(spec["index"])
            elif kind == "remove":
                self.aliases[spec["alias"]].discard(spec["index"])
            elif kind == "remove_index":
                del self.indices[spec["index"]]
        self.aliases = {alias: members for alias, members in self.aliases.items() if members}
        return 200, {"acknowledged": True}

    def _bulk(self, default_index, lines, params):
        require_alias = params.get("require_alias") == "true"
        items = []
        for action, source in zip(lines[::2], lines[1::2], strict=True):
            ((kind, meta),) = action.items()
            if kind != "index":
                raise ElasticError(400, "unsupported_by_fake", kind)
            items.append({"index": self._bulk_index(meta, source, default_index, require_alias)})
        errors = any("error" in item["index"] for item in items)
        return 200, {"took": 1, "errors": errors, "items": items}

    def _bulk_index(self, meta, source, default_index, require_alias):
        name, doc_id = meta.get("_index", default_index), meta["_id"]
        result = {"_index": name, "_id": doc_id}
        if name in self.aliases:
            targets = sorted(self.aliases[name])
            if len(targets) != 1:
                error = ElasticError(400, "illegal_argument_exception", "no write index")
                return {**result, "status": 400, "error": error.body()["error"]}
            name = targets[0]
        elif require_alias or name not in self.indices:
            if require_alias:
                error = ElasticError(404, "index_not_found_exception", f"[{name}] not an alias")
                return {**result, "status": 404, "error": error.body()["error"]}
            # Elasticsearch creates a missing index on the first write, unmapped.
            self.indices[name] = FakeIndex(name, {"auto_created": True})
        index = self.indices[name]
        version = int(meta["version"])
        assert meta.get("version_type") == "external_gte", meta
        current = index.documents.get(doc_id)
        if current and current[0] > version:
            error = ElasticError(409, "version_conflict_engine_exception", f"[{doc_id}]")
            return {**result, "status": 409, "error": error.body()["error"]}
        index.documents[doc_id] = (version, source)
        return {
            **result,
            "_index": name,
            "_version": version,
            "result": "updated" if current else "created",
            "status": 200 if current else 201,
        }

    # Searching.

    def _search(self, name, body):
        documents = [
            (doc_id, version, source)
            for index in self._resolve(name)
            for doc_id, (version, source) in self.indices[index].documents.items()
        ]
        query = body.get("query", {"match_all": {}})
        matched = []
        for doc_id, _version, source in documents:
            ok, score = evaluate(query, source)
            if ok:
                matched.append({"_id": doc_id, "_score": score, "_source": source})
        sort = body.get("sort", ["_score"])
        for hit in matched:
            hit["sort"] = [_sort_value(spec, hit) for spec in sort]
        matched.sort(key=functools.cmp_to_key(functools.partial(_compare, sort)))
        if after := body.get("search_after"):
            matched = [hit for hit in matched if _compare(sort, {"sort": after}, hit) < 0]
        cap = body.get("track_total_hits", 10_000)
        total = len(matched)
        exact = cap is True or total <= cap
        start, size = body.get("from", 0), body.get("size", 10)
        hits = []
        for hit in matched[start : start + size]:
            out = {"_index": name, "_id": hit["_id"], "_score": hit["_score"], "sort": hit["sort"]}
            if body.get("_source", True) is not False:
                out["_source"] = hit["_source"]
            if "highlight" in body and hit["_id"] in self.highlights:
                out["highlight"] = self.highlights[hit["_id"]]
            hits.append(out)
        response = {
            "took": 1,
            "timed_out": False,
            "hits": {
                "total": {"value": total if exact else cap, "relation": "eq" if exact else "gte"},
                "max_score": max((hit["_score"] for hit in matched), default=None),
                "hits": hits,
            },
        }
        if "aggs" in body or "aggregations" in body:
            aggregations = body.get("aggs", body.get("aggregations"))
            sources = [hit["_source"] for hit in matched]
            response["aggregations"] = {
                agg_name: _aggregate(spec, sources) for agg_name, spec in aggregations.items()
            }
        return response


# Query evaluation: (matches, score).


def _values(source: dict, name: str) -> list:
    value = source.get(name)
    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def _unwrap(spec: dict, key: str = "value"):
    (name, value), *_ = ((k, v) for k, v in spec.items() if k not in ("boost", "_name"))
    if isinstance(value, dict):
        return name, value.get(key), float(value.get("boost", 1.0))
    return name, value, float(spec.get("boost", 1.0))


def _phrase_match(spec: dict, source: dict) -> tuple[bool, float]:
    words = normalizer.tokens(spec["query"])
    for field_spec in spec["fields"]:
        tokens = normalizer.tokens(source.get(field_spec.split("^")[0]) or "")
        if any(tokens[i : i + len(words)] == words for i in range(len(tokens))):
            return True, float(spec.get("boost", 1.0))
    return False, 0.0


def _text_match(spec: dict, source: dict) -> tuple[bool, float]:
    if spec.get("type") == "phrase":
        return _phrase_match(spec, source)
    fields = spec.get("fields") or [spec.get("field")]
    doc_tokens, accented = set(), False
    for field_spec in fields:
        name = field_spec.split("^")[0]
        base, _, sub = name.partition(".")
        accented = sub == "accented"
        text = source.get(base) or ""
        doc_tokens |= set(normalizer.accented_tokens(text) if accented else normalizer.tokens(text))
    query = spec["query"]
    words = normalizer.accented_tokens(query) if accented else normalizer.tokens(query)
    if not words:
        return False, 0.0
    prefix = spec.get("type") == "bool_prefix"
    found = [
        word in doc_tokens
        or (prefix and i == len(words) - 1 and any(t.startswith(word) for t in doc_tokens))
        for i, word in enumerate(words)
    ]
    ok = all(found) if spec.get("operator", "or") == "and" else any(found)
    return ok, float(sum(found)) * float(spec.get("boost", 1.0))


def evaluate(query: dict, source: dict) -> tuple[bool, float]:
    ((kind, spec),) = query.items()
    if kind == "match_all":
        return True, 1.0
    if kind == "bool":
        score = 0.0
        for clause in spec.get("must", []):
            ok, clause_score = evaluate(clause, source)
            if not ok:
                return False, 0.0
            score += clause_score
        if not all(evaluate(clause, source)[0] for clause in spec.get("filter", [])):
            return False, 0.0
        if any(evaluate(clause, source)[0] for clause in spec.get("must_not", [])):
            return False, 0.0
        should = [evaluate(clause, source) for clause in spec.get("should", [])]
        required = spec.get("minimum_should_match", 0 if "must" in spec or "filter" in spec else 1)
        if should and sum(ok for ok, _ in should) < int(required):
            return False, 0.0
        return True, score + sum(clause_score for ok, clause_score in should if ok)
    if kind in ("multi_match", "match"):
        if kind == "match":
            ((name, value),) = spec.items()
            spec = {"field": name, **(value if isinstance(value, dict) else {"query": value})}
        return _text_match(spec, source)
    if kind == "term":
        name, value, boost = _unwrap(spec)
        return str(value) in _values(source, name), boost
    if kind == "terms":
        name, values, boost = _unwrap(spec)
        return bool({str(v) for v in values} & set(_values(source, name))), boost
    if kind == "prefix":
        name, value, boost = _unwrap(spec)
        return any(v.startswith(str(value)) for v in _values(source, name)), boost
    if kind == "range":
        ((name, bounds),) = spec.items()
        values = _values(source, name)
        checks = {
            "gte": lambda a, b: a >= b,
            "gt": lambda a, b: a > b,
            "lte": lambda a, b: a <= b,
            "lt": lambda a, b: a < b,
        }
        ok = any(
            all(checks[op](value, str(bound)) for op, bound in bounds.items() if op in checks)
            for value in values
        )
        return ok, 1.0
    raise ElasticError(400, "parsing_exception", f"the fake does not know [{kind}]")


def _aggregate(spec: dict, sources: list[dict]) -> dict:
    if "terms" in spec:
        counts: dict[str, int] = {}
        for source in sources:
            for value in _values(source, spec["terms"]["field"]):
                counts[value] = counts.get(value, 0) + 1
        buckets = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        size = spec["terms"].get("size", 10)
        return {"buckets": [{"key": key, "doc_count": count} for key, count in buckets[:size]]}
    if "filters" in spec:
        filters = spec["filters"]["filters"]
        buckets = {name: {"doc_count": 0} for name in filters}
        other = spec["filters"].get("other_bucket_key")
        if other:
            buckets[other] = {"doc_count": 0}
        for source in sources:
            hit = [name for name, query in filters.items() if evaluate(query, source)[0]]
            for name in hit:
                buckets[name]["doc_count"] += 1
            if other and not hit:
                buckets[other]["doc_count"] += 1
        return {"buckets": buckets}
    raise ElasticError(400, "parsing_exception", f"the fake does not know aggregation {spec}")


def _sort_spec(spec) -> tuple[str, str]:
    if isinstance(spec, str):
        return (spec, "desc") if spec == "_score" else (spec, "asc")
    ((name, options),) = spec.items()
    order = options.get("order", "asc") if isinstance(options, dict) else options
    return name, order


def _sort_value(spec, hit):
    name, _order = _sort_spec(spec)
    if name == "_score":
        return hit["_score"]
    value = hit["_source"].get(name)
    return value


def _compare(sort, left, right) -> int:
    for spec, a, b in zip(sort, left["sort"], right["sort"], strict=True):
        if a == b:
            continue
        _name, order = _sort_spec(spec)
        if a is None or b is None:
            return 1 if a is None else -1
        result = -1 if a < b else 1
        return result if order == "asc" else -result
    return 0


def _handler_for(fake: FakeElasticsearch):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes: without this each answer waits ~40 ms.
        disable_nagle_algorithm = True

        def log_message(self, format, *args):
            """Keep the test run's output quiet."""

        def _serve(self):
            split = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if fake.mode == CLOSED:
                self.close_connection = True
                return
            if fake.mode == UNAVAILABLE:
                error = ElasticError(503, "unavailable_shards_exception", "fake is down")
                return self._send(503, error.body())
            params = dict(parse_qsl(split.query))
            text = raw.decode() if raw else ""
            if split.path.endswith("/_bulk"):
                body = [json.loads(line) for line in text.splitlines() if line.strip()]
            else:
                body = json.loads(text) if text else None
            status, response = fake.handle(self.command, split.path, params, body)
            self._send(status, response)

        def _send(self, status: int, body) -> None:
            data = b"" if body is None or self.command == "HEAD" else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Elastic-Product", "Elasticsearch")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _serve

    return Handler


def serve(port: int) -> None:
    """Run the fake as a process until SIGTERM (the drills' search engine, docs/operations.md).

    SIGUSR1 closes its port as a stopped node would, SIGUSR2 opens it again; what it holds
    is kept meanwhile, as a real node keeps its data on disk.
    """
    fake = FakeElasticsearch().start(port)

    def down(*_):
        # Connections kept open by clients get no answer either.
        fake.mode = CLOSED
        threading.Thread(target=fake.stop).start()

    def up(*_):
        fake.start(port)
        fake.mode = UP

    signal.signal(signal.SIGUSR1, down)
    signal.signal(signal.SIGUSR2, up)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"fake elasticsearch on {fake.url}", flush=True)
    while True:
        signal.pause()


if __name__ == "__main__":
    serve(int(sys.argv[1]))
