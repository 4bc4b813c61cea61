"""Long lists shown a page at a time; several lists on one page each keep their own page."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator


@dataclass(frozen=True)
class Paged:
    """One page of a list, and how to reach its neighbours without losing the other parameters."""

    page: Page
    param: str
    query: str

    def link(self, number: int) -> str:
        """Return the query string of page `number`, other parameters kept."""
        return f"?{self.query}&{self.param}={number}" if self.query else f"?{self.param}={number}"

    @property
    def previous_link(self) -> str:
        return self.link(self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_link(self) -> str:
        return self.link(self.page.next_page_number()) if self.page.has_next() else ""


def paged(request, items, *, param: str = "page", per_page: int = 25) -> Paged:
    """Return the page of `items` that the request's `param` asks for (the first if unreadable)."""
    query = request.GET.copy()
    query.pop(param, None)
    page = Paginator(items, per_page).get_page(request.GET.get(param))
    return Paged(page=page, param=param, query=query.urlencode())
