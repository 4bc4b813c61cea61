"""Search in Elasticsearch: a versioned index behind an alias, fed by the outbox.

Documents carry their case's version as an external version, so a late or repeated delivery
never replaces a newer document. A rebuild fills a new index while searches use the old one,
carries over what was written meanwhile, and switches the alias in one atomic request.
"""

import functools
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from elasticsearch import (
    ApiError,
    BadRequestError,
    ConnectionError,
    ConnectionTimeout,
    Elasticsearch,
    NotFoundError,
)
from elasticsearch_dsl import Search

from cases.selectors import Visibility

from ..documents import CaseDocument
from ..query import SearchQuery, SearchResult
from .base import SearchBackend, SearchUnavailable
from .es_mapping import case_index, case_source
from .es_query import build_search, read_response

logger = logging.getLogger(__name__)

# A user waits for a search, the outbox for a delivery: neither should hang. Retries are the
# outbox's job (with backoff), so the client makes none of its own.
REQUEST_TIMEOUT = 10
# One bulk request of a rebuild carries a whole batch.
LOAD_TIMEOUT = 120
# Writes stamped this long before a rebuild began are carried over too: clocks differ a little.
CLOCK_SKEW = timedelta(minutes=1)
CARRY_OVER_PAGE = 1000


@functools.cache
def _client(url: str) -> Elasticsearch:
    return Elasticsearch(
        url, request_timeout=REQUEST_TIMEOUT, max_retries=0, retry_on_timeout=False
    )


def get_client() -> Elasticsearch:
    """Return the client for settings.ELASTICSEARCH_URL, one per URL and process."""
    if not settings.ELASTICSEARCH_URL:
        raise ImproperlyConfigured("The Elasticsearch search backend needs ELASTICSEARCH_URL.")
    return _client(settings.ELASTICSEARCH_URL)


def is_unavailable(exc: Exception) -> bool:
    """Return whether the engine failed in a way that waiting may cure."""
    if isinstance(exc, ConnectionError | ConnectionTimeout):
        return True
    return isinstance(exc, ApiError) and (exc.meta.status == 429 or exc.meta.status >= 500)


@contextmanager
def engine_errors() -> Iterator[None]:
    """Raise SearchUnavailable for an unreachable, overloaded or failing engine."""
    try:
        yield
    except (ConnectionError, ConnectionTimeout, ApiError) as exc:
        if is_unavailable(exc):
            raise SearchUnavailable(f"Elasticsearch: {exc}") from exc
        raise


def _error_type(error) -> str:
    return error.get("type", "") if isinstance(error, dict) else str(error)


class ElasticsearchBackend(SearchBackend):
    # Changes reach Elasticsearch through the outbox, after the transaction commits.
    writes_in_transaction = False

    def __init__(self) -> None:
        self.client = get_client()
        self.alias = settings.ELASTICSEARCH_INDEX

    # Writing.

    def index(self, documents: list[CaseDocument]) -> None:
        """Store the documents through the alias; a newer version already there is kept."""
        if not documents:
            return
        now = timezone.now()
        sources = [case_source(document, indexed_at=now) for document in documents]
        failures = self._bulk(self.alias, sources, require_alias=True)
        if failures and all(
            _error_type(f["error"]) == "index_not_found_exception" for f in failures
        ):
            # First delivery ever: there is no index yet (search_reindex makes a full one).
            self._create_first_index()
            failures = self._bulk(self.alias, sources, require_alias=True)
        if failures:
            first = failures[0]
            raise SearchUnavailable(
                f"Elasticsearch refused {len(failures)} documents, e.g. case {first['_id']}:"
                f" {first['error']}"
            )

    def _bulk(
        self, index: str, sources: list[dict], *, require_alias: bool = False, timeout=None
    ) -> list[dict]:
        """Send the documents with external versions; return the items that failed.

        A version conflict means a newer document is already there: that is success.
        """
        operations = []
        for source in sources:
            operations.append(
                {
                    "index": {
                        "_index": index,
                        "_id": str(source["case_id"]),
                        "version": source["version"],
                        "version_type": "external_gte",
                    }
                }
            )
            operations.append(source)
        client = self.client.options(request_timeout=timeout or REQUEST_TIMEOUT)
        with engine_errors():
            response = client.bulk(operations=operations, require_alias=require_alias or None)
        if not response["errors"]:
            return []
        items = [next(iter(item.values())) for item in response["items"]]
        return [item for item in items if "error" in item and item["status"] != 409]

    def _create_first_index(self) -> None:
        with engine_errors():
            try:
                case_index(f"{self.alias}-v1", alias=self.alias).create(using=self.client)
            except BadRequestError as exc:
                # Another worker created it first.
                if _error_type(exc.body.get("error")) != "resource_already_exists_exception":
                    raise

    def is_empty(self) -> bool:
        if not self._indices_behind_alias():
            return True
        with engine_errors():
            return self.client.count(index=self.alias)["count"] == 0

    def _indices_behind_alias(self) -> list[str]:
        with engine_errors():
            try:
                return sorted(self.client.indices.get_alias(name=self.alias).body)
            except NotFoundError:
                return []

    def rebuild(
        self, batches: Iterable[list[CaseDocument]], progress: Callable[[int], None]
    ) -> int:
        """Fill a new versioned index, then switch the alias to it in one atomic request."""
        started = timezone.now() - CLOCK_SKEW
        name = f"{self.alias}-v{timezone.now():%Y%m%d%H%M%S%f}"
        old = self._indices_behind_alias()
        definition = case_index(name)
        # Refreshing while loading only slows the load; the index is refreshed once at the end.
        definition.settings(refresh_interval="-1")
        with engine_errors():
            definition.create(using=self.client)
        try:
            count = self._load(name, batches, progress)
            with engine_errors():
                self.client.indices.put_settings(
                    index=name, settings={"index": {"refresh_interval": None}}
                )
                self.client.indices.refresh(index=name)
            switching = timezone.now() - CLOCK_SKEW
            for index in old:
                self._carry_over(index, name, since=started)
            actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
            actions.append({"add": {"index": name, "alias": self.alias}})
            with engine_errors():
                self.client.indices.update_aliases(actions=actions)
        except BaseException:
            self._discard(name)
            raise
        # Writes that reached the old index just before the switch.
        for index in old:
            self._carry_over(index, name, since=switching)
            with engine_errors():
                self.client.indices.delete(index=index)
        return count

    def _discard(self, name: str) -> None:
        """Delete a half-built index; the failure that stopped the rebuild is the one to report."""
        try:
            self.client.options(ignore_status=404).indices.delete(index=name)
        except Exception:
            logger.warning("search: could not delete the unfinished index %s", name, exc_info=True)

    def _load(self, name: str, batches, progress: Callable[[int], None]) -> int:
        count = 0
        for batch in batches:
            now = timezone.now()
            sources = [case_source(document, indexed_at=now) for document in batch]
            if failures := self._bulk(name, sources, timeout=LOAD_TIMEOUT):
                raise SearchUnavailable(
                    f"Elasticsearch refused {len(failures)} documents while rebuilding,"
                    f" e.g. case {failures[0]['_id']}: {failures[0]['error']}"
                )
            count += len(batch)
            progress(len(batch))
        return count

    def _carry_over(self, source: str, target: str, *, since) -> None:
        """Copy documents written to `source` since `since` into `target`, newer versions only."""
        search = (
            Search(using=self.client, index=source)
            .filter("range", indexed_at={"gte": since.isoformat()})
            .sort("case_id")
            .extra(size=CARRY_OVER_PAGE)
        )
        with engine_errors():
            self.client.indices.refresh(index=source)
        after = None
        while True:
            page = search.extra(search_after=after) if after else search
            with engine_errors():
                hits = page.execute().to_dict()["hits"]["hits"]
            if not hits:
                return
            if failures := self._bulk(target, [hit["_source"] for hit in hits]):
                raise SearchUnavailable(
                    f"Elasticsearch refused a carried-over document: {failures[0]}"
                )
            after = hits[-1]["sort"]

    # Reading.

    def search(self, query: SearchQuery, visibility: Visibility) -> SearchResult:
        if visibility.is_empty:
            return SearchResult(total=0, total_is_exact=True, hits=[], facets={})
        parsed = query.parsed
        result = self._execute(build_search(query, visibility))
        if not result.total and parsed.words and not parsed.code:
            # Nothing matched word for word: try codes and subject with typos allowed.
            result = self._execute(build_search(query, visibility, fuzzy=True))
        return result

    def _execute(self, search: Search) -> SearchResult:
        with engine_errors():
            try:
                response = search.using(self.client).index(self.alias).execute()
            except NotFoundError:
                logger.warning("search: no index %s yet; run search_reindex", self.alias)
                return SearchResult(total=0, total_is_exact=True, hits=[], facets={})
        return read_response(response.to_dict())
