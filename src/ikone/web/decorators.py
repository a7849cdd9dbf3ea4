"""Decorators for pages that change data."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


def write_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page that changes data: needs a signed-in person (the service decides the rest) and is
    listed in the authorisation matrix test, which finds it through `ikone_write_view`."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return view(request, *args, **kwargs)

    protected = login_required(wrapped, login_url="accounts:login")
    protected.ikone_write_view = True  # type: ignore[attr-defined]
    return protected


def public_page_with_writes(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page anybody may read whose POST changes data (the view refuses POSTs without permission).

    Listed in the authorisation matrix test like `write_view`."""
    view.ikone_write_view = True  # type: ignore[attr-defined]
    return view
