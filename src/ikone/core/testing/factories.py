"""factory_boy factories for tests: data is created the way the domain knows it."""

from __future__ import annotations

import factory

from ikone.organizations.choices import Level, MembershipRole, Source
from ikone.organizations.models import Network, NetworkMembership, Organization
from ikone.ozg.models import Lage, LeikaService, Service, Themenfeld


class LandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    level = Level.LAND
    kind = "Land"
    land_key = "07"
    name = "Rheinland-Pfalz"
    short_name = factory.SelfAttribute("name")
    ars = factory.LazyAttribute(lambda o: o.land_key.ljust(12, "0"))
    slug = factory.LazyAttribute(lambda o: f"land-{o.land_key}")
    source = Source.REFERENCE


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    level = Level.GEMEINDE
    kind = "Stadt"
    ags = factory.Sequence(lambda n: f"07{n + 1:06d}")
    ars = factory.LazyAttribute(lambda o: o.ags[:5] + "0000" + o.ags[5:])
    land_key = factory.LazyAttribute(lambda o: o.ags[:2])
    kreis_key = factory.LazyAttribute(lambda o: o.ags[:5])
    name = factory.Sequence(lambda n: f"Musterstadt {n}, Stadt")
    short_name = factory.LazyAttribute(lambda o: o.name.split(",")[0])
    slug = factory.LazyAttribute(lambda o: f"gemeinde-{o.ags}")
    population = 10000
    source = Source.REFERENCE


class OtherOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    level = Level.OTHER
    kind = "kommunales Unternehmen"
    name = factory.Sequence(lambda n: f"Digitalgesellschaft {n} GmbH")
    short_name = factory.SelfAttribute("name")
    slug = factory.Sequence(lambda n: f"digitalgesellschaft-{n}")
    source = Source.MANUAL


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Netzwerk {n}")
    slug = factory.Sequence(lambda n: f"netzwerk-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkMembership

    network = factory.SubFactory(NetworkFactory)
    organization = factory.SubFactory(MunicipalityFactory)
    role = MembershipRole.MEMBER


class ThemenfeldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Themenfeld

    source_id = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Themenfeld {n}")
    slug = factory.Sequence(lambda n: f"themenfeld-{n}")


class LageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lage

    source_id = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Lage {n}")
    slug = factory.Sequence(lambda n: f"lage-{n}")
    themenfeld = factory.SubFactory(ThemenfeldFactory)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    ozg_id = factory.Sequence(lambda n: 10000 + n)
    name = factory.Sequence(lambda n: f"OZG-Leistung {n}")
    lage = factory.SubFactory(LageFactory)
    themenfeld = factory.SelfAttribute("lage.themenfeld")


class LeikaServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeikaService

    key = factory.Sequence(lambda n: f"99{n:012d}")
    name = factory.Sequence(lambda n: f"LeiKa-Leistung {n}")
    service = factory.SubFactory(ServiceFactory)
    source_ozg_id = factory.SelfAttribute("service.ozg_id")
