from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

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
