"""Forms for standards pages. They only parse input; rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ikone.catalog.models import Release, Solution
from ikone.core.errors import DomainError
from ikone.standards.models import Conformance, Standard, StandardKind


class StandardSearchForm(forms.Form):
    q = forms.CharField(label=_("Suchbegriff"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Art"), required=False, choices=[("", _("alle")), *StandardKind.choices])


class StandardVersionField(forms.Form):
    standard = forms.ModelChoiceField(
        label=_("Standard"), queryset=Standard.objects.order_by("abbreviation"), to_field_name="slug"
    )
    version = forms.CharField(
        label=_("Version"),
        max_length=40,
        help_text=_("Eine Version aus dem Register oder eine neue, z. B. „2.1“."),
    )


class AdoptForm(StandardVersionField):
    pass


class ConformanceForm(StandardVersionField):
    kind = forms.ChoiceField(
        label=_("Art"), choices=Conformance.Kind.choices, initial=Conformance.Kind.DECLARED
    )
    release = forms.ModelChoiceField(
        label=_("Version der Lösung"),
        queryset=Release.objects.none(),
        required=False,
        empty_label=_("die Lösung insgesamt"),
    )
    evidence_kind = forms.ChoiceField(
        label=_("Nachweis"), choices=Conformance.EvidenceKind.choices, initial=Conformance.EvidenceKind.NONE
    )
    evidence_url = forms.URLField(
        label=_("Nachweis (Link)"), required=False, max_length=500, assume_scheme="https"
    )
    evidence_file = forms.FileField(label=_("Nachweis (Datei)"), required=False)
    note = forms.CharField(label=_("Anmerkung"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, solution: Solution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["release"].queryset = solution.releases.all()  # type: ignore[attr-defined]


class SpecUploadForm(forms.Form):
    name = forms.CharField(
        label=_("Name der Schnittstelle"),
        required=False,
        max_length=120,
        help_text=_(
            "Leer lassen: der Titel aus dem Dokument. Versionen derselben Schnittstelle tragen denselben Namen."
        ),
    )
    file = forms.FileField(label=_("OpenAPI-Dokument (YAML oder JSON)"), required=False)
    url = forms.URLField(
        label=_("oder abrufen von (URL)"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Wird nur abgerufen, wenn keine Datei gewählt ist (Zeitlimit 10 Sekunden)."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not data.get("url"):
            raise forms.ValidationError(_("Bitte eine Datei wählen oder eine URL angeben."))
        return data


class InterfaceUseForm(forms.Form):
    standard = forms.ModelChoiceField(
        label=_("Standard"),
        queryset=Standard.objects.order_by("abbreviation"),
        to_field_name="slug",
        required=False,
    )
    version = forms.CharField(label=_("Version des Standards"), max_length=40, required=False)
    provider = forms.ModelChoiceField(
        label=_("oder Schnittstelle der Lösung"),
        queryset=Solution.objects.none(),
        to_field_name="slug",
        required=False,
    )
    provider_version = forms.CharField(
        label=_("genutzte Version der Schnittstelle"), max_length=100, required=False
    )
    note = forms.CharField(label=_("Anmerkung"), required=False, max_length=2000)

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's error on the form: field errors on their fields, the rest on top."""
    placed = False
    for item in error.errors:
        if item.field in form.fields:
            form.add_error(item.field, item.message)
            placed = True
    if not placed:
        form.add_error(None, error.detail)
