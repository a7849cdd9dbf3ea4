"""The federation API for peer instances: public data only, no authentication."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from ikone.api.schemas import ErrorOut
from ikone.federation import selectors
from ikone.federation.http import conditional_json
from ikone.federation.schemas import FeedQueryIn, SolutionFeedOut

federation_router = Router(tags=["Föderation"])


def _since(query: FeedQueryIn) -> dt.datetime | None:
    since = query.changed_since
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    return since


@federation_router.get(
    "/solutions",
    response={200: SolutionFeedOut, 304: None, 422: ErrorOut},
    summary="Geänderte öffentliche Lösungen seit einem Zeitpunkt (mit Löschvermerken)",
    description=(
        "Sortiert nach `changed_at`, dann `id`; `changed_since` schließt den Zeitpunkt ein. Einträge mit "
        "`deleted: true` sind gelöschte oder nicht mehr öffentliche Lösungen. Antwortet mit `ETag`; "
        "eine Anfrage mit passendem `If-None-Match` erhält 304 ohne Inhalt."
    ),
)
def solution_feed(request: HttpRequest, query: Query[FeedQueryIn]) -> HttpResponse:
    data = selectors.solution_feed(
        changed_since=_since(query),
        offset=query.offset,
        limit=query.limit,
        absolute=request.build_absolute_uri,
    )
    return conditional_json(request, data)
