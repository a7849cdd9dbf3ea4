"""Limit/offset paging for list endpoints, with an upper bound on offset.

django-ninja's LimitOffsetPagination leaves `offset` unbounded; an offset beyond a 64-bit integer
reaches the database and fails there (a 500). Bounded here, it is a 422 like any invalid parameter.
"""

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination

MAX_OFFSET = 2**31 - 1


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
