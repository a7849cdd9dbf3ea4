"""Pagination for list pages, keeping the filter state in shareable URLs."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, items: Any, per_page: int = 50) -> dict[str, Any]:
    return page_context(request, Paginator(items, per_page).get_page(request.GET.get("page")))


def page_context(request: HttpRequest, page: Page[Any]) -> dict[str, Any]:
    """Template context for a page: the page and the request's query without its page number."""
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return {"page_obj": page, "query_without_page": f"{encoded}&" if encoded else ""}
