import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ikone.core.testing.factories import MunicipalityFactory
from ikone.organizations.choices import Level
from ikone.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_municipality_key_is_its_ags_and_other_organisations_use_the_slug():
    town = MunicipalityFactory.build(ags="07312000")
    company = Organization(level=Level.OTHER, slug="kl-digital-gmbh", name="KL digital GmbH")
    assert town.key == "07312000"
    assert company.key == "kl-digital-gmbh"


def test_clean_reports_inconsistent_ags_and_ars_in_german():
    town = MunicipalityFactory.build(ags="07141069", ars="071415007068", land_key="07")
    with pytest.raises(ValidationError) as info:
        town.full_clean()
    assert "passt nicht zum ARS" in str(info.value.message_dict["ars"])


def test_clean_requires_an_ags_for_municipalities():
    town = Organization(level=Level.GEMEINDE, kind="Stadt", name="Ohne", short_name="Ohne", slug="ohne")
    with pytest.raises(ValidationError) as info:
        town.full_clean()
    assert "ags" in info.value.message_dict


def test_database_rejects_malformed_ags_even_without_clean():
    with pytest.raises(IntegrityError), transaction.atomic():
        MunicipalityFactory(ags="7312000", ars="")


def test_database_rejects_two_municipalities_with_the_same_ags():
    MunicipalityFactory(ags="07312000")
    with pytest.raises(IntegrityError), transaction.atomic():
        MunicipalityFactory(ags="07312000", slug="duplicate")


def test_by_key_finds_municipality_by_ags_and_others_by_slug():
    town = MunicipalityFactory(ags="07318000")
    assert Organization.objects.by_key("07318000").get() == town
    assert Organization.objects.by_key(town.slug).get() == town
