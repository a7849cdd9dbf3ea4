"""The DCAT-AP.de export validates against the DCAT-AP 2.1.1 + DCAT-AP.de 2.0 SHACL shapes (offline)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from ikone.core.testing.factories import NetworkFactory

from .conftest import make_solution

pytestmark = pytest.mark.django_db
SHAPES = Path(__file__).resolve().parent.parent / "shapes"
VIOLATION = URIRef("http://www.w3.org/ns/shacl#Violation")
SH = "http://www.w3.org/ns/shacl#"


def _shapes() -> Graph:
    graph = Graph()
    for name in ("dcat-ap_2.1.1_shacl_shapes.ttl", "dcat-ap-spec-german-additions.ttl"):
        graph.parse(SHAPES / name, format="turtle")
    return graph


def _vocabularies() -> Graph:
    return Graph().parse(SHAPES / "vocabularies-excerpt.ttl", format="turtle")


def results(data: Graph) -> list[tuple[str, str, str]]:
    """(severity, focus node, message) of every SHACL result."""
    _conforms, report, _text = validate(
        data + _vocabularies(), shacl_graph=_shapes(), inference="none", allow_warnings=False
    )
    found = []
    for result in report.subjects(RDF.type, URIRef(f"{SH}ValidationResult")):
        severity = str(report.value(result, URIRef(f"{SH}resultSeverity"))).removeprefix(SH)
        focus = str(report.value(result, URIRef(f"{SH}focusNode")))
        message = str(
            report.value(result, URIRef(f"{SH}resultMessage"))
            or report.value(result, URIRef(f"{SH}sourceShape"))
        )
        found.append((severity, focus, message))
    return found


def catalog(fmt: str = "jsonld") -> Graph:
    response = Client().get(f"/api/v1/dcat/catalog.{fmt}")
    assert response.status_code == 200
    parse_as = {"jsonld": "json-ld", "ttl": "turtle", "rdf": "xml"}[fmt]
    return Graph().parse(data=response.content, format=parse_as)


@pytest.fixture
def published():
    make_solution(name="Bürgerportal")
    NetworkFactory(name="Interkommunales Netzwerk Digitale Stadt", short_name="IKONE-DS", slug="ikone-ds")


@pytest.mark.parametrize("fmt", ["jsonld", "ttl", "rdf"])
def test_the_catalog_conforms_to_dcat_ap_de_without_violations_or_warnings(published, fmt):
    graph = catalog(fmt)
    assert results(graph) == []
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    # the solution catalog, the standards register, all networks' coverage, the network's coverage
    assert len(datasets) == 4
    assert len(set(graph.subjects(RDF.type, DCAT.Distribution))) == 4 + 1 + 1 + 2


FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA = "https://www.iana.org/assignments/media-types/"


def test_every_open_data_download_and_feed_is_a_distribution_with_format_media_type_and_licence(published):
    graph = catalog("ttl")
    found = {}
    for distribution in graph.subjects(RDF.type, DCAT.Distribution):
        access = str(graph.value(distribution, DCAT.accessURL))
        found[access] = (
            str(graph.value(distribution, DCTERMS.format)).removeprefix(FILE_TYPES),
            str(graph.value(distribution, DCAT.mediaType)).removeprefix(MEDIA),
            graph.value(distribution, DCAT.downloadURL) is not None,
            graph.value(distribution, DCTERMS.license),
        )
    base = "http://testserver"
    feed = ("JSON", "application/json", False)
    assert {url: values[:3] for url, values in found.items()} == {
        f"{base}/offene-daten/loesungskatalog.csv": ("CSV", "text/csv", True),
        f"{base}/offene-daten/loesungskatalog.xlsx": (
            "XLSX",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            True,
        ),
        f"{base}/offene-daten/loesungskatalog.atom": ("ATOM", "application/atom+xml", True),
        f"{base}/api/v1/federation/solutions": feed,
        f"{base}/api/v1/federation/standards": feed,
        f"{base}/api/v1/federation/coverage": feed,
        f"{base}/offene-daten/netzwerke/ikone-ds/umsetzungsstand.csv": ("CSV", "text/csv", True),
        f"{base}/offene-daten/netzwerke/ikone-ds/umsetzungsstand.xlsx": (
            "XLSX",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            True,
        ),
    }
    assert {values[3] for values in found.values()} == {URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")}
    for url in found:  # every access URL answers
        assert Client().get(url.removeprefix(base)).status_code == 200, url


def test_a_distribution_without_access_url_is_reported_as_a_violation(published):
    graph = catalog()
    feed = next(
        d
        for d in graph.subjects(RDF.type, DCAT.Distribution)
        if str(graph.value(d, DCAT.accessURL)).endswith("/api/v1/federation/standards")
    )
    graph.remove((feed, DCAT.accessURL, None))
    violations = [(f, m) for s, f, m in results(graph) if s == "Violation"]
    assert [f for f, _m in violations] == [str(feed)]
    assert "accessURL" in violations[0][1]


def test_every_distribution_states_the_configured_licence(published, settings):
    settings.OPEN_DATA_LICENSE = "CC-BY-4.0"
    graph = catalog()
    licences = {graph.value(d, DCTERMS.license) for d in graph.subjects(RDF.type, DCAT.Distribution)}
    assert licences == {URIRef("http://dcat-ap.de/def/licenses/cc-by/4.0")}
    assert results(graph) == []
    settings.OPEN_DATA_LICENSE = "dl-de/by-2-0"
    graph = catalog()
    assert {graph.value(d, DCTERMS.license) for d in graph.subjects(RDF.type, DCAT.Distribution)} == {
        URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
    }


def test_the_contributor_id_is_stated_when_configured(published, settings):
    settings.OPEN_DATA_CONTRIBUTOR_ID = "http://dcat-ap.de/def/contributors/beispiel"
    graph = catalog("ttl")
    contributor = URIRef("http://dcat-ap.de/def/dcatde/contributorID")
    assert {graph.value(d, contributor) for d in graph.subjects(RDF.type, DCAT.Dataset)} == {
        URIRef("http://dcat-ap.de/def/contributors/beispiel")
    }
    assert results(graph) == []


def test_a_dataset_without_title_is_reported_as_a_violation(published):
    graph = catalog()
    dataset = next(iter(graph.subjects(RDF.type, DCAT.Dataset)))
    graph.remove((dataset, DCTERMS.title, None))
    assert ("Violation", str(dataset)) in {(s, f) for s, f, _m in results(graph)}


def test_a_licence_outside_the_vocabulary_and_a_literal_format_are_reported(published):
    graph = catalog()
    distribution = next(iter(graph.subjects(RDF.type, DCAT.Distribution)))
    graph.set((distribution, DCTERMS.license, URIRef("https://example.org/meine-lizenz")))
    graph.set((distribution, DCTERMS.format, URIRef("https://example.org/format/csv")))
    found = {(s, f) for s, f, _m in results(graph)}
    assert ("Warning", "https://example.org/meine-lizenz") in found  # SOLL: a DCAT-AP.de licence
    assert ("Violation", "https://example.org/format/csv") in found  # MUSS: an EU file type
    graph.set((distribution, DCTERMS.license, Literal("dl-de/by-2-0")))
    assert ("Violation", str(distribution)) in {(s, f) for s, f, _m in results(graph)}  # MUSS: an IRI


def test_json_ld_is_json_and_names_the_catalog(published):
    response = Client().get("/api/v1/dcat/catalog.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    nodes = json.loads(response.content)
    catalogs = [node["@id"] for node in nodes if str(DCAT.Catalog) in node.get("@type", [])]
    assert catalogs == ["http://testserver/api/v1/dcat/catalog"]
