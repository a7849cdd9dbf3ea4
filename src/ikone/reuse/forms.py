from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ikone.core.errors import FieldError
from ikone.ozg.models import Service
from ikone.reuse import services as reuse_services
from ikone.reuse.choices import AdoptionState, LinkKind, OperatorModel, ReportVisibility

DATE = {"type": "date"}


class DomainErrorsMixin(forms.Form):
    def add_domain_errors(self, errors: list[FieldError]) -> None:
        for error in errors:
            self.add_error(error.field if error.field in self.fields else None, error.message)


class AdoptionForm(DomainErrorsMixin):
    """Record or edit an adoption; `organization` only when recording."""

    organization = forms.ChoiceField(label=_("Nachnutzende Organisation"))
    state = forms.ChoiceField(label=_("Stand"), choices=[c for c in AdoptionState.choices if c[0] != "ended"])
    release = forms.ChoiceField(label=_("Version"), required=False)
    services = forms.CharField(
        label=_("OZG-Leistungen (OZG-IDs)"),
        required=False,
        help_text=_("durch Kommas getrennt; leer: die OZG-Leistungen der Lösung"),
        max_length=500,
    )
    started_on = forms.DateField(label=_("begonnen am"), required=False, widget=forms.DateInput(attrs=DATE))
    production_since = forms.DateField(
        label=_("in Produktion seit"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    effort_days = forms.DecimalField(
        label=_("Aufwand (Personentage)"), required=False, min_value=0, max_digits=7, decimal_places=1
    )
    operator_model = forms.ChoiceField(
        label=_("Betriebsmodell"), required=False, choices=[("", "–"), *OperatorModel.choices]
    )
    it_provider = forms.CharField(label=_("IT-Dienstleister"), required=False, max_length=200)
    contact_name = forms.CharField(label=_("Ansprechperson"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("E-Mail der Ansprechperson"), required=False)
    review_due = forms.DateField(
        label=_("erneut bestätigen bis"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        help_text=_("Danach gilt die Nachnutzung als unbestätigt, bis sie erneut bestätigt wird."),
    )

    def __init__(
        self,
        *args: Any,
        organizations: list[tuple[str, str]] | None,
        releases: list[str],
        any_organization: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if organizations is None:
            del self.fields["organization"]
            del self.fields["state"]
        elif any_organization:
            self.fields["organization"] = forms.CharField(
                label=_("Nachnutzende Organisation"), max_length=120, help_text=_("AGS oder Kurzname")
            )
        else:
            self.fields["organization"].choices = organizations  # type: ignore[attr-defined]
        self.fields["release"].choices = [("", "–"), *[(v, v) for v in releases]]  # type: ignore[attr-defined]

    def clean_services(self) -> list[Service] | None:
        raw = [s.strip() for s in (self.cleaned_data.get("services") or "").split(",") if s.strip()]
        if not raw:
            return None
        wrong = [s for s in raw if not s.isdigit()]
        found = list(Service.objects.filter(ozg_id__in=[int(s) for s in raw if s.isdigit()]))
        unknown = sorted({int(s) for s in raw if s.isdigit()} - {s.ozg_id for s in found})
        if wrong or unknown:
            raise forms.ValidationError(
                _("Unbekannte OZG-IDs: %(ids)s") % {"ids": ", ".join([*wrong, *map(str, unknown)])}
            )
        return found

    def details(self, releases: dict[str, Any]) -> reuse_services.AdoptionDetails:
        data = self.cleaned_data
        return reuse_services.AdoptionDetails(
            release=releases.get(data["release"]) if data.get("release") else None,
            services=data["services"],
            started_on=data["started_on"],
            production_since=data["production_since"],
            effort_days=data["effort_days"],
            operator_model=data["operator_model"],
            it_provider=data["it_provider"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            review_due=data["review_due"],
        )


class TransitionForm(DomainErrorsMixin):
    state = forms.ChoiceField(label=_("Neuer Stand"), choices=AdoptionState.choices)
    on = forms.DateField(label=_("Datum"), required=False, widget=forms.DateInput(attrs=DATE))
    reason = forms.CharField(
        label=_("Grund (beim Beenden)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, targets: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if targets is not None:
            self.fields["state"].choices = [c for c in AdoptionState.choices if c[0] in targets]  # type: ignore[attr-defined]


class ConfirmForm(forms.Form):
    review_due = forms.DateField(
        label=_("nächste Bestätigung fällig am"), required=False, widget=forms.DateInput(attrs=DATE)
    )


RATING_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class ReportForm(DomainErrorsMixin):
    effort_days = forms.DecimalField(
        label=_("Aufwand (Personentage)"), required=False, min_value=0, max_digits=7, decimal_places=1
    )
    time_to_live_days = forms.IntegerField(
        label=_("Tage bis zum Produktivbetrieb"), required=False, min_value=0
    )
    cost_once_eur = forms.DecimalField(
        label=_("einmalige Kosten (EUR)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    cost_yearly_eur = forms.DecimalField(
        label=_("jährliche Kosten (EUR)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    it_provider = forms.CharField(label=_("IT-Dienstleister"), required=False, max_length=200)
    worked = forms.CharField(
        label=_("Was gut funktioniert hat"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    did_not_work = forms.CharField(
        label=_("Was nicht funktioniert hat"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    pitfalls = forms.CharField(
        label=_("Stolpersteine"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    would_recommend = forms.TypedChoiceField(
        label=_("Würden Sie die Lösung weiterempfehlen?"),
        choices=[("yes", _("ja")), ("no", _("nein"))],
        coerce=lambda v: v == "yes",
    )
    rating_usability = forms.TypedChoiceField(
        label=_("Nutzbarkeit für Bürgerinnen und Bürger (1–5)"), choices=RATING_CHOICES, coerce=int
    )
    rating_effort = forms.TypedChoiceField(
        label=_("Aufwand der Einführung (1 = hoch, 5 = gering)"), choices=RATING_CHOICES, coerce=int
    )
    rating_documentation = forms.TypedChoiceField(
        label=_("Qualität der Dokumentation (1–5)"), choices=RATING_CHOICES, coerce=int
    )
    rating_support = forms.TypedChoiceField(
        label=_("Unterstützung durch die Eigentümerin (1–5)"), choices=RATING_CHOICES, coerce=int
    )
    visibility = forms.ChoiceField(label=_("Sichtbarkeit"), choices=ReportVisibility.choices)

    def values(self) -> reuse_services.ReportValues:
        data = self.cleaned_data
        return reuse_services.ReportValues(
            would_recommend=data["would_recommend"],
            rating_usability=data["rating_usability"],
            rating_effort=data["rating_effort"],
            rating_documentation=data["rating_documentation"],
            rating_support=data["rating_support"],
            effort_days=data["effort_days"],
            time_to_live_days=data["time_to_live_days"],
            cost_once_eur=data["cost_once_eur"],
            cost_yearly_eur=data["cost_yearly_eur"],
            it_provider=data["it_provider"],
            worked=data["worked"],
            did_not_work=data["did_not_work"],
            pitfalls=data["pitfalls"],
            visibility=data["visibility"],
        )


class QuestionForm(DomainErrorsMixin):
    title = forms.CharField(label=_("Ihre Frage"), max_length=200)
    body = forms.CharField(label=_("Erläuterung"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(DomainErrorsMixin):
    body = forms.CharField(label=_("Ihre Antwort"), widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ModerationForm(forms.Form):
    hidden = forms.TypedChoiceField(
        choices=[("1", _("ausblenden")), ("0", _("wieder zeigen"))], coerce=lambda v: v == "1"
    )
    reason = forms.CharField(label=_("Grund"), required=False, max_length=300)


class LinkForm(forms.Form):
    target = forms.CharField(max_length=120)
    kind = forms.ChoiceField(label=_("Beziehung"), choices=LinkKind.choices)
