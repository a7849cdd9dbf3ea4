"""API for standards, agreed sets, compliance, conformance and interface specifications."""

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from ikone.api.auth import write_auth
from ikone.api.schemas import ErrorOut
from ikone.catalog.models import Release, Solution
from ikone.catalog.selectors import solution_get
from ikone.core.audit import Actor
from ikone.core.errors import DomainError, FieldError, NotFound
from ikone.core.pagination import LimitOffsetPagination
from ikone.organizations.selectors import network_get
from ikone.standards import selectors, services
from ikone.standards.fetching import fetch_text
from ikone.standards.models import InterfaceSpec
from ikone.standards.openapi import document as openapi_document
from ikone.standards.openapi.diff import diff as openapi_diff
from ikone.standards.schemas import (
    AgreedSetIn,
    AgreedStandardOut,
    ComplianceOut,
    ConformanceIn,
    ConformanceOut,
    DiffIn,
    DiffOut,
    InterfaceSpecOut,
    SpecTextIn,
    StandardDetailOut,
    StandardFilterIn,
    StandardOut,
    ValidationOut,
)

standards_router = Router(tags=["Standards"])
network_standards_router = Router(tags=["Standards"])
solution_standards_router = Router(tags=["Standards"])
openapi_router = Router(tags=["Schnittstellen"])
interfaces_router = Router(tags=["Schnittstellen"])
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 413: ErrorOut, 422: ErrorOut}


@standards_router.get("", response=list[StandardOut], summary="Standardregister")
@paginate(LimitOffsetPagination)
def standard_list(request: HttpRequest, filters: Query[StandardFilterIn]) -> Any:
    return selectors.standard_list(filters=selectors.StandardFilter(**filters.dict()))


@standards_router.get("/{slug}", response={200: StandardDetailOut, 404: ErrorOut}, summary="Ein Standard")
def standard_detail(request: HttpRequest, slug: str) -> Any:
    return selectors.standard_get(slug=slug)


def _agreed(network: Any) -> list[dict[str, Any]]:
    return [
        {
            "standard": e.standard_version.standard.slug,
            "abbreviation": e.standard_version.standard.abbreviation,
            "version": e.standard_version.version,
            "status": e.standard_version.status,
            "adopted_at": e.adopted_at,
        }
        for e in selectors.agreed_set(network)
    ]


@network_standards_router.get(
    "/{slug}/standards",
    response={200: list[AgreedStandardOut], 404: ErrorOut},
    summary="Vereinbarte Standards",
)
@paginate(LimitOffsetPagination)
def agreed_set_get(request: HttpRequest, slug: str) -> Any:
    return _agreed(network_get(slug=slug))


@network_standards_router.put(
    "/{slug}/standards",
    response={200: list[AgreedStandardOut], **WRITE_ERRORS},
    auth=write_auth,
    summary="Vereinbarte Standards ersetzen (Koordination)",
)
def agreed_set_put(request: HttpRequest, slug: str, payload: AgreedSetIn) -> Any:
    network = network_get(slug=slug)
    items = [(selectors.standard_get(slug=item.standard), item.version) for item in payload.items]
    services.network_standards_set(actor=Actor.of(request.user), network=network, items=items)
    return _agreed(network)


@network_standards_router.get(
    "/{slug}/compliance",
    response={200: ComplianceOut, 404: ErrorOut},
    summary="Konformität der Lösungen des Netzwerks mit den vereinbarten Standards",
)
def compliance_get(request: HttpRequest, slug: str) -> Any:
    network = network_get(slug=slug)
    result = selectors.network_compliance(network, user=request.user)
    return {
        "network": network.slug,
        "agreed": _agreed(network),
        "rows": [
            {
                "solution": row.solution.slug,
                "name": row.solution.name,
                "complete": row.complete,
                "cells": [
                    {
                        "standard": c.agreed.standard_version.standard.slug,
                        "version": c.agreed.standard_version.version,
                        "declared": c.declared,
                        "verified": c.verified,
                        "other_versions": list(c.other_versions),
                    }
                    for c in row.cells
                ],
            }
            for row in result.rows
        ],
    }


def _conformance_out(entry: selectors.ConformanceEntry) -> dict[str, Any]:
    return {
        "id": entry.conformance.pk,
        "standard": entry.standard_slug,
        "abbreviation": entry.standard_abbreviation,
        "version": entry.version,
        "release": entry.release,
        "kind": entry.kind,
        "evidence_kind": entry.evidence_kind,
        "evidence_url": entry.evidence_url,
        "note": entry.note,
    }


def _release(solution: Solution, version: str) -> Release:
    release = Release.objects.filter(solution=solution, version=version).first()
    if release is None:
        raise NotFound(f"Version {version!r} der Lösung ist nicht erfasst.")
    return release


@solution_standards_router.get(
    "/{slug}/conformance",
    response={200: list[ConformanceOut], 404: ErrorOut},
    summary="Konformität einer Lösung",
)
@paginate(LimitOffsetPagination)
def conformance_list(request: HttpRequest, slug: str) -> Any:
    solution = solution_get(user=request.user, slug=slug)
    return [_conformance_out(e) for e in selectors.solution_conformance(solution)]


@solution_standards_router.post(
    "/{slug}/conformance",
    response={201: ConformanceOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Konformität erklären oder mit Nachweis erfassen",
)
def conformance_create(request: HttpRequest, slug: str, payload: ConformanceIn) -> Any:
    solution = solution_get(user=request.user, slug=slug)
    data = services.ConformanceInput(
        standard=selectors.standard_get(slug=payload.standard),
        version=payload.version,
        kind=payload.kind,
        release=_release(solution, payload.release) if payload.release else None,
        evidence_kind=payload.evidence_kind,
        evidence_url=payload.evidence_url,
        note=payload.note,
    )
    item = services.conformance_record(actor=Actor.of(request.user), solution=solution, data=data)
    entry = next(e for e in selectors.solution_conformance(solution) if e.conformance.pk == item.pk)
    return Status(201, _conformance_out(entry))


def spec_out(spec: InterfaceSpec) -> dict[str, Any]:
    return {
        "id": spec.pk,
        "solution": spec.solution.slug,
        "release": spec.release.version,
        "name": spec.name,
        "title": spec.title,
        "api_version": spec.api_version,
        "openapi_version": spec.openapi_version,
        "source_format": spec.source_format,
        "source_url": spec.source_url,
        "is_valid": spec.is_valid,
        "errors": spec.errors,
        "compared_with": spec.previous.release.version if spec.previous else None,
        "diff": spec.diff,
        "uploaded_at": spec.uploaded_at,
    }


@solution_standards_router.get(
    "/{slug}/interfaces",
    response={200: list[InterfaceSpecOut], 404: ErrorOut},
    summary="Schnittstellenbeschreibungen einer Lösung",
)
@paginate(LimitOffsetPagination)
def spec_list(request: HttpRequest, slug: str) -> Any:
    solution = solution_get(user=request.user, slug=slug)
    return [spec_out(s) for s in selectors.solution_specs(solution)]


@solution_standards_router.post(
    "/{slug}/releases/{version}/interfaces",
    response={201: InterfaceSpecOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="OpenAPI-Dokument an eine Version hängen (Datei oder Abruf einer URL)",
)
def spec_upload(
    request: HttpRequest,
    slug: str,
    version: str,
    name: Form[str] = "",
    url: Form[str] = "",
    file: File[UploadedFile | None] = None,
) -> Any:
    solution = solution_get(user=request.user, slug=slug)
    release = _release(solution, version)
    if file is None and not url:
        raise DomainError(
            detail="Bitte eine Datei hochladen oder eine URL angeben.",
            errors=[FieldError("file", "Pflichtfeld.")],
            status=422,
        )
    if file is not None:
        if (file.size or 0) > services.MAX_SPEC_BYTES:
            raise DomainError(detail="Das Dokument ist größer als 5 MB.", status=413)
        text = file.read().decode("utf-8", errors="replace")
    else:
        text = fetch_text(url)
    spec = services.interface_spec_upload(
        actor=Actor.of(request.user),
        release=release,
        text=text,
        name=name,
        source_url=url if file is None else "",
    )
    return Status(201, spec_out(selectors.spec_get(pk=spec.pk, user=request.user)))


@interfaces_router.get(
    "/{spec_id}", response={200: InterfaceSpecOut, 404: ErrorOut}, summary="Eine Schnittstelle"
)
def spec_detail(request: HttpRequest, spec_id: int) -> Any:
    return spec_out(selectors.spec_get(pk=spec_id, user=request.user))


@openapi_router.post(
    "/validate", response={200: ValidationOut}, summary="OpenAPI-Dokument prüfen (zeilengenau)"
)
def spec_validate(request: HttpRequest, payload: SpecTextIn) -> Any:
    parsed = openapi_document.load(payload.text)
    return {
        "valid": parsed.is_valid,
        "openapi_version": parsed.openapi_version,
        "errors": [e.as_dict() for e in parsed.errors],
    }


@openapi_router.post(
    "/diff", response={200: DiffOut, 422: ErrorOut}, summary="Zwei OpenAPI-Dokumente vergleichen"
)
def spec_diff(request: HttpRequest, payload: DiffIn) -> Any:
    documents = []
    for field_name, text in (("old", payload.old), ("new", payload.new)):
        try:
            documents.append(openapi_document.parse(text).document)
        except openapi_document.SpecParseError as exc:
            raise DomainError(
                detail="Das Dokument ist kein lesbares YAML/JSON.",
                errors=[FieldError(field_name, str(exc))],
                status=422,
            ) from exc
    return openapi_diff(documents[0], documents[1]).as_dict()
