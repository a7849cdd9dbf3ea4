"""Limit/offset paging for list endpoints, with an upper bound on offset.

Every list endpoint of the API pages the same way: query parameters `limit` (1…500, default 50)
and `offset` (0…2³¹−1), answer `{"count": N, "items": [...]}`. Plain lists use the decorator
`@paginate(LimitOffsetPagination)`; endpoints whose page carries more fields (or that turn rows
into dicts only for the rows shown) take `paging: Query[PageIn]` and build it with `page()`. Both
go through `page()`, the one place that slices and counts.

django-ninja's LimitOffsetPagination leaves `offset` unbounded; an offset beyond a 64-bit integer
reaches the database and fails there (a 500). Bounded here, it is a 422 like any invalid parameter.
"""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination

MAX_OFFSET = 2**31 - 1
T = TypeVar("T")


class PageIn(NinjaLimitOffsetPagination.Input):
    limit: int = Field(
        settings.NINJA_PAGINATION_PER_PAGE,
        ge=1,
        le=settings.NINJA_PAGINATION_MAX_LIMIT,
        description="Höchstzahl der Einträge auf der Seite",
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Anzahl der übersprungenen Einträge")


def page(
    items: "QuerySet[Any] | Sequence[T]", paging: PageIn, out: Callable[[Any], Any] | None = None
) -> dict[str, Any]:
    """`{"count", "items"}` for one page of `items` (a queryset is counted and sliced in the
    database); `out` turns only the rows of the page into their output form."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    rows = list(items[paging.offset : paging.offset + paging.limit])
    return {"count": count, "items": [out(row) for row in rows] if out else rows}


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    Input = PageIn

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        return page(queryset, pagination)
