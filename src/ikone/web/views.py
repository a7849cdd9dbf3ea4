from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ikone.organizations.selectors import network_list, platform_figures
from ikone.ozg.selectors import service_list, themenfeld_list


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/home.html",
        {
            "figures": platform_figures(),
            "service_count": service_list().count(),
            "networks": network_list(),
            "themenfelder": themenfeld_list(),
        },
    )


def about_data(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about_data.html", {"breadcrumbs": [{"label": _("Über die Daten")}]})
