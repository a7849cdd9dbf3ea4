from django import forms
from django.utils.translation import gettext_lazy as _

from ikone.organizations.choices import Level
from ikone.organizations.keys import LAND_KEYS


class OrganizationFilterForm(forms.Form):
    """The filter form of the organisation list; validates into selectors.OrganizationFilter."""

    q = forms.CharField(label=_("Name, AGS oder ARS"), required=False, max_length=200)
    level = forms.ChoiceField(
        label=_("Ebene"), required=False, choices=[("", _("alle Ebenen")), *Level.choices]
    )
    land = forms.ChoiceField(label=_("Land"), required=False, choices=[("", _("alle Länder"))])
    kreis = forms.RegexField(
        label=_("Kreisschlüssel"),
        required=False,
        regex=r"^[0-9]{5}$",
        error_messages={"invalid": _("Der Kreisschlüssel besteht aus 5 Ziffern.")},
    )

    def __init__(self, *args: object, lands: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["land"].choices = [("", _("alle Länder")), *[(k, n) for k, n in lands if k in LAND_KEYS]]  # type: ignore[attr-defined]
