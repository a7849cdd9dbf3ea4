"""The open data as a DCAT-AP.de catalogue (RDF built with rdflib; JSON-LD, Turtle and RDF/XML).

Shapes: DCAT-AP 2.1.1 with the DCAT-AP.de 2.0 additions (see shapes/PROVENANCE.md); the tests
validate the catalogue against them with pyshacl.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from ikone.federation.licences import Licence, open_data_licence
from ikone.federation.opendata import Absolute, Dataset, datasets

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
LANGUAGE_DEU = URIRef("http://publications.europa.eu/resource/authority/language/DEU")
THEME_GOVERNMENT = URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
FORMATS = {"jsonld": "json-ld", "ttl": "turtle", "rdf": "xml"}
CONTENT_TYPES = {
    "jsonld": "application/ld+json; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
    "rdf": "application/rdf+xml; charset=utf-8",
}


def _datetime(moment: dt.datetime) -> Literal:
    return Literal(moment.astimezone(dt.UTC).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)


def _add_dataset(
    graph: Graph,
    catalog: URIRef,
    dataset: Dataset,
    *,
    publisher: URIRef,
    licence: Licence,
    absolute: Absolute,
) -> None:
    node = URIRef(f"{catalog}#{dataset.key}")
    graph.add((catalog, DCAT.dataset, node))
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(dataset.key)))
    graph.add((node, DCTERMS.title, Literal(dataset.title, lang="de")))
    graph.add((node, DCTERMS.description, Literal(dataset.description, lang="de")))
    graph.add((node, DCTERMS.publisher, publisher))
    graph.add((node, DCAT.theme, THEME_GOVERNMENT))
    graph.add((node, DCTERMS.language, LANGUAGE_DEU))
    graph.add((node, DCAT.landingPage, URIRef(absolute(reverse("federation:open-data")))))
    for keyword in dataset.keywords:
        graph.add((node, DCAT.keyword, Literal(keyword, lang="de")))
    if dataset.modified is not None:
        graph.add((node, DCTERMS.modified, _datetime(dataset.modified)))
    if settings.OPEN_DATA_CONTRIBUTOR_ID:
        graph.add((node, DCATDE.contributorID, URIRef(settings.OPEN_DATA_CONTRIBUTOR_ID)))
    for index, distribution in enumerate(dataset.distributions):
        item = URIRef(f"{catalog}#{dataset.key}-{index + 1}")
        graph.add((node, DCAT.distribution, item))
        graph.add((item, RDF.type, DCAT.Distribution))
        graph.add((item, DCTERMS.title, Literal(distribution.title, lang="de")))
        graph.add((item, DCAT.accessURL, URIRef(distribution.url)))
        if distribution.download:
            graph.add((item, DCAT.downloadURL, URIRef(distribution.url)))
        graph.add((item, DCTERMS.format, FILE_TYPE[distribution.format.code]))
        graph.add((item, DCAT.mediaType, URIRef(f"{MEDIA_TYPES}{distribution.format.media_type}")))
        graph.add((item, DCTERMS.license, URIRef(licence.uri)))
        graph.add((item, DCATDE.licenseAttributionByText, Literal(settings.OPEN_DATA_PUBLISHER)))


def catalog_graph(*, absolute: Absolute) -> Graph:
    """The DCAT-AP.de catalogue of this instance's open data."""
    licence = open_data_licence()
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dct", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("dcatde", DCATDE)
    catalog = URIRef(absolute(reverse("api:dcat_catalog_jsonld")).removesuffix(".jsonld"))
    publisher = URIRef(absolute("/") + "#herausgeber")
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(settings.OPEN_DATA_PUBLISHER)))
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal("Offene Daten von ikone", lang="de")))
    graph.add(
        (
            catalog,
            DCTERMS.description,
            Literal(
                "Lösungskatalog und OZG-Umsetzungsstand der Netzwerke von Kommunen auf dieser ikone-Plattform.",
                lang="de",
            ),
        )
    )
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, DCTERMS.license, URIRef(licence.uri)))
    graph.add((catalog, DCTERMS.language, LANGUAGE_DEU))
    graph.add((catalog, FOAF.homepage, URIRef(absolute(reverse("federation:open-data")))))
    all_datasets = datasets(absolute=absolute)
    changes = [d.modified for d in all_datasets if d.modified is not None]
    if changes:
        graph.add((catalog, DCTERMS.modified, _datetime(max(changes))))
    for dataset in all_datasets:
        _add_dataset(graph, catalog, dataset, publisher=publisher, licence=licence, absolute=absolute)
    return graph


def serialize(graph: Graph, fmt: str) -> str:
    """The graph in one of FORMATS (jsonld, ttl, rdf)."""
    return graph.serialize(format=FORMATS[fmt])
