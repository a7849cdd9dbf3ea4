import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ikone.api.errors import error_body
from ikone.catalog.selectors import solution_base
from ikone.coverage.selectors import services_online_somewhere
from ikone.organizations.selectors import network_list, platform_figures
from ikone.ozg.selectors import service_list, themenfeld_list


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/home.html",
        {
            "figures": platform_figures(),
            "service_count": service_list().count(),
            "solution_count": solution_base(user=request.user).count(),
            "online_count": services_online_somewhere(),
            "networks": network_list(),
            "themenfelder": themenfeld_list(),
        },
    )


def about_data(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about_data.html", {"breadcrumbs": [{"label": _("Über die Daten")}]})


DATABASE_UNAVAILABLE = gettext_lazy(
    "Die Datenbank ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Sekunden erneut."
)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 handler: a database that cannot be reached is a 503 (temporary, retry), the
    API answers with its error body, pages with a page that needs no database (no session, no
    navigation)."""
    unavailable = isinstance(sys.exc_info()[1], OperationalError | InterfaceError)
    status = 503 if unavailable else 500
    detail = str(DATABASE_UNAVAILABLE) if unavailable else _("Ein unerwarteter Fehler ist aufgetreten.")
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(error_body(detail), status=status)
    else:
        title = _("Vorübergehend nicht erreichbar") if unavailable else _("Das hat nicht geklappt")
        response = HttpResponse(
            render_to_string("web/server_error.html", {"title": title, "detail": detail}), status=status
        )
    if unavailable:
        response["Retry-After"] = "5"
    return response
