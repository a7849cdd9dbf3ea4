"""The "Änderungsverlauf" page and its CSV export, shared by every object that has a history."""

from __future__ import annotations

import csv
import json
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ikone.core.models import ChangeRecord
from ikone.web.paging import paginate


def render_changes(
    request: HttpRequest,
    records: QuerySet[ChangeRecord],
    *,
    title: str,
    filename: str,
    breadcrumbs: list[Any],
) -> HttpResponse:
    records = records.order_by("-created_at", "-id")
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(
            [
                _("Zeitpunkt"),
                _("Akteur"),
                _("Aktion"),
                _("Objekttyp"),
                _("Objekt"),
                _("Änderungen"),
                _("Anfrage-ID"),
            ]
        )
        for record in records.iterator(chunk_size=2000):
            writer.writerow(
                [
                    timezone.localtime(record.created_at).isoformat(timespec="seconds"),
                    record.actor_label,
                    record.get_action_display(),
                    record.object_type,
                    record.object_repr,
                    json.dumps(record.changes, ensure_ascii=False),
                    record.request_id,
                ]
            )
        return response
    return render(
        request,
        "web/changes.html",
        {"title": title, **paginate(request, records, per_page=50), "breadcrumbs": breadcrumbs},
    )
