"""Property tests: mutated publiccode.yml files never crash the importer or the API, and the
export of anything that imports is stable under export → import → export."""

from pathlib import Path

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from ikone.accounts.models import User
from ikone.catalog.documents import dump_yaml
from ikone.catalog.services import PubliccodeInvalid, solution_export, solution_import
from ikone.core.audit import Actor

pytestmark = pytest.mark.django_db
VALID = sorted((Path(__file__).parent / "conformance/publiccode/v0/valid").glob("*.yml"))
ACTOR = Actor.system("property test")
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=30), st.lists(st.text(max_size=5))
)


def load(path: Path) -> dict:
    yaml = YAML(typ="safe")
    return yaml.load(path.read_text(encoding="utf-8"))


def paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, (*prefix, index))


@st.composite
def mutated_documents(draw):
    document = load(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        candidates = [p for p in paths(document) if p]
        target = draw(st.sampled_from(candidates))
        parent = document
        for step in target[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["delete", "replace", "truncate"]))
        if action == "delete":
            del parent[target[-1]]
        elif action == "replace":
            parent[target[-1]] = draw(SCALARS)
        elif isinstance(parent[target[-1]], str):
            parent[target[-1]] = parent[target[-1]][: draw(st.integers(min_value=0, max_value=5))]
    return document


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=mutated_documents())
def test_mutated_files_never_crash_and_exports_are_stable(document):
    text = dump_yaml(document)
    try:
        report = solution_import(actor=ACTOR, content=text)
    except PubliccodeInvalid as exc:
        errors = exc.errors
        report = None
    if report is None:
        assert errors
        assert all(e.message for e in errors)
        return
    first = solution_export(solution=report.solution)
    again = solution_import(actor=ACTOR, content=first)
    assert again.status == "unchanged"
    assert solution_export(solution=again.solution) == first


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(st.binary(max_size=200), mutated_documents().map(lambda d: dump_yaml(d).encode())))
def test_import_api_never_answers_500(body):
    client = Client(raise_request_exception=False)
    user, _ = User.objects.get_or_create(email="staff@example.org", defaults={"is_staff": True})
    client.force_login(user)
    response = client.post("/api/v1/solutions/import", body, content_type="application/yaml")
    assert response.status_code in {200, 201, 422}
    if response.status_code == 422:
        assert response.json()["errors"]
