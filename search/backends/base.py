"""The one interface every search backend implements."""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable

from cases.selectors import Visibility

from ..documents import CaseDocument
from ..query import SearchQuery, SearchResult


class SearchUnavailable(Exception):
    """The search engine cannot be reached now; the update waits in the outbox."""


class SearchBackend(ABC):
    # True: documents are written in the transaction that changed the case (no outbox).
    writes_in_transaction = False

    @abstractmethod
    def index(self, documents: list[CaseDocument]) -> None:
        """Store these documents, each replacing an older version of the same case only."""

    @abstractmethod
    def is_empty(self) -> bool:
        """Return True when nothing has been indexed yet (a first start)."""

    @abstractmethod
    def search(self, query: SearchQuery, visibility: Visibility) -> SearchResult:
        """Return one page of the cases matching the query that the visibility allows."""

    @abstractmethod
    def rebuild(
        self, batches: Iterable[list[CaseDocument]], progress: Callable[[int], None]
    ) -> int:
        """Build a fresh index from the batches, switch searches to it, return its size."""
