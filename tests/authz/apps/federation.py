"""Authorisation cases of the federation app: the feeds and the DCAT-AP.de catalogue are public."""

from tests.authz.common import Case

API_CASES = [
    Case("GET", "/api/v1/federation/solutions", lambda w: "/api/v1/federation/solutions"),
    Case("GET", "/api/v1/federation/adoptions", lambda w: "/api/v1/federation/adoptions"),
    Case("GET", "/api/v1/federation/reports", lambda w: "/api/v1/federation/reports"),
    Case("GET", "/api/v1/federation/standards", lambda w: "/api/v1/federation/standards"),
    Case("GET", "/api/v1/federation/coverage", lambda w: "/api/v1/federation/coverage"),
    Case("GET", "/api/v1/dcat/catalog.jsonld", lambda w: "/api/v1/dcat/catalog.jsonld"),
    Case("GET", "/api/v1/dcat/catalog.ttl", lambda w: "/api/v1/dcat/catalog.ttl"),
    Case("GET", "/api/v1/dcat/catalog.rdf", lambda w: "/api/v1/dcat/catalog.rdf"),
]
