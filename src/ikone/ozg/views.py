from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ikone.ozg import selectors
from ikone.ozg.forms import ServiceFilterForm
from ikone.web.paging import paginate


def service_list(request: HttpRequest) -> HttpResponse:
    themenfeld = request.GET.get("themenfeld") or None
    form = ServiceFilterForm(
        request.GET or None,
        themenfelder=list(selectors.themenfeld_list().values_list("slug", "name")),
        lagen=list(selectors.lage_list(themenfeld=themenfeld).values_list("slug", "name")),
    )
    filters = selectors.ServiceFilter()
    if form.is_valid():
        filters = selectors.ServiceFilter(**{k: v or None for k, v in form.cleaned_data.items()})
    services = selectors.service_list(filters=filters)
    return render(
        request,
        "ozg/service_list.html",
        {
            "form": form,
            "count": services.count(),
            **paginate(request, services),
            "breadcrumbs": [{"label": _("OZG-Katalog")}],
        },
    )


def service_detail(request: HttpRequest, ozg_id: int) -> HttpResponse:
    service = selectors.service_get(ozg_id=ozg_id)
    return render(
        request,
        "ozg/service_detail.html",
        {
            "service": service,
            "breadcrumbs": [
                {"label": _("OZG-Katalog"), "url": reverse("ozg:service-list")},
                {
                    "label": service.themenfeld.name,
                    "url": reverse("ozg:service-list") + f"?themenfeld={service.themenfeld.slug}",
                },
                {"label": service.name},
            ],
        },
    )
