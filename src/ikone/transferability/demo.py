"""Demo transferability facts of some demo solutions (as their owners would state them), so that
the transferability report shows criteria with evidence and gaps. URLs under example.org. Written
through `facts_update` (audited, refreshes the score); solutions that already have facts are left
alone.
"""

from __future__ import annotations

from django.db import transaction

from ikone.catalog.models import Solution
from ikone.core.audit import Actor
from ikone.transferability.models import LegalScope, TransferabilityFacts
from ikone.transferability.services import FactValues, facts_update

DOCS = "https://docs.example.org/ikone-demo/"
ALL_SIZES = ["landgemeinde", "kleinstadt", "mittelstadt", "grossstadt"]
DEMO_FACTS = {
    "hundesteuer-online": FactValues(
        container=True,
        saas=True,
        on_premise=True,
        multi_tenant=True,
        personal_data=True,
        data_protection_url=DOCS + "hundesteuer-online/datenschutz",
        accessibility_url=DOCS + "hundesteuer-online/barrierefreiheit",
        legal_scope=LegalScope.LAND,
        law_land_keys=["07"],
        size_classes=ALL_SIZES,
        it_providers=["KL digital GmbH"],
    ),
    "kita-platzvergabe": FactValues(
        container=True,
        saas=False,
        on_premise=True,
        multi_tenant=True,
        personal_data=True,
        data_protection_url=DOCS + "kita-platzvergabe/datenschutz",
        accessibility_url=DOCS + "kita-platzvergabe/barrierefreiheit",
        legal_scope=LegalScope.LAND,
        law_land_keys=["07"],
        size_classes=["kleinstadt", "mittelstadt", "grossstadt"],
        it_providers=["KL digital GmbH"],
    ),
    "sperrmuell-anmeldung": FactValues(
        container=True,
        saas=True,
        multi_tenant=True,
        personal_data=True,
        data_protection_url=DOCS + "sperrmuell-anmeldung/datenschutz",
        legal_scope=LegalScope.FEDERAL,
        size_classes=ALL_SIZES,
    ),
    "digitale-bauantrag-plattform": FactValues(
        saas=True,
        on_premise=False,
        multi_tenant=True,
        personal_data=True,
        legal_scope=LegalScope.LAND,
        law_land_keys=["07"],
        size_classes=["mittelstadt", "grossstadt"],
        it_providers=["Moselbit Verwaltungssoftware GmbH (Demo)"],
    ),
    "termine-im-buergerbuero": FactValues(
        saas=True,
        on_premise=True,
        multi_tenant=False,
        personal_data=True,
        accessibility_url=DOCS + "termine/barrierefreiheit",
        legal_scope=LegalScope.FEDERAL,
        size_classes=["kleinstadt", "mittelstadt", "grossstadt"],
    ),
    "open-data-portal": FactValues(
        container=True,
        on_premise=True,
        personal_data=False,
        legal_scope=LegalScope.FEDERAL,
        size_classes=["mittelstadt", "grossstadt"],
    ),
    "standesamt-online": FactValues(
        saas=True,
        personal_data=True,
        legal_scope=LegalScope.FEDERAL,
        it_providers=["Pfalzdigital Software GmbH (Demo)"],
    ),
}


@transaction.atomic
def load_demo_facts(*, actor: Actor) -> int:
    """Facts for the demo solutions that have none yet; returns how many were created."""
    stated = set(TransferabilityFacts.objects.values_list("solution__slug", flat=True))
    created = 0
    for solution in Solution.objects.filter(slug__in=DEMO_FACTS, is_demo=True).exclude(slug__in=stated):
        facts_update(actor=actor, solution=solution, values=DEMO_FACTS[solution.slug])
        created += 1
    return created
