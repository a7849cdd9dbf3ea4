"""The coverage import started from the organisation's page, as a background job
(`ikone.operations.services`): same service, same all-or-nothing rule, problems per row."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ikone.accounts.models import User
from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.coverage import services
from ikone.operations.runner import JobFailed, Outcome, Progress
from ikone.organizations.models import Organization


def import_file(
    progress: Progress, organization_id: int, user_id: int, content: bytes, partial: bool
) -> Outcome:
    organization = Organization.objects.get(pk=organization_id)
    actor = Actor.of(User.objects.get(pk=user_id))
    progress.step(_("Datei prüfen und Stände schreiben"), 0, 1)
    try:
        report = services.coverage_import(
            actor=actor, organization=organization, content=content, partial=partial
        )
    except services.UnprocessableRows as exc:
        raise JobFailed(exc.detail, [error.message for error in exc.errors or []]) from exc
    except DomainError as exc:
        raise JobFailed(exc.detail, [error.message for error in exc.errors or []]) from exc
    progress.step(_("Fertig"), 1, 1)
    summary = ngettext("%(count)d Stand übernommen", "%(count)d Stände übernommen", report.applied) % {
        "count": report.applied
    }
    summary += ", " + _("%(count)d unverändert") % {"count": report.unchanged}
    return Outcome(
        summary=summary,
        problems=[str(problem) for problem in report.problems],
        result_url=reverse("coverage:organization", args=[organization.key]) + "#staende",
    )
