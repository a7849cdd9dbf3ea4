from django import forms
from django.utils.translation import gettext_lazy as _


class ServiceFilterForm(forms.Form):
    """Filter form of the OZG catalog; validates into selectors.ServiceFilter."""

    q = forms.CharField(
        label=_("Suche"),
        required=False,
        max_length=200,
        help_text=_("Bezeichnung, OZG-ID oder LeiKa-Schlüssel, z. B. „Hundesteuer“ oder „10110“"),
    )
    themenfeld = forms.ChoiceField(label=_("Themenfeld"), required=False)
    lage = forms.ChoiceField(label=_("Lebens-/Geschäftslage"), required=False)

    def __init__(
        self,
        *args: object,
        themenfelder: list[tuple[str, str]],
        lagen: list[tuple[str, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["themenfeld"].choices = [("", _("alle Themenfelder")), *themenfelder]  # type: ignore[attr-defined]
        self.fields["lage"].choices = [("", _("alle Lagen")), *lagen]  # type: ignore[attr-defined]
