from __future__ import annotations

import itertools
import json
from typing import Any

from django.test import Client

from ikone.catalog.models import Solution
from ikone.catalog.services import SolutionLinks, solution_delete, solution_import, solution_update
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor

SYSTEM = Actor.system("test")
_numbers = itertools.count(1)


def make_solution(*, name: str | None = None, visibility: str = "public", **kwargs: Any) -> Solution:
    number = next(_numbers)
    name = name or f"Lösung {number}"
    url = kwargs.pop("url", f"https://git.example.org/kommune/loesung-{number}")
    return solution_import(
        actor=SYSTEM, content=publiccode_yaml(name=name, url=url, **kwargs), visibility=visibility
    ).solution


def set_visibility(solution: Solution, visibility: str) -> Solution:
    return solution_update(
        actor=SYSTEM,
        solution=solution,
        document=solution.document,
        links=SolutionLinks(visibility=visibility),
    )


def rename(solution: Solution, name: str) -> Solution:
    return solution_update(
        actor=SYSTEM,
        solution=solution,
        document={**solution.document, "name": name},
        links=SolutionLinks(),
    )


def delete(solution: Solution) -> None:
    solution_delete(actor=SYSTEM, solution=solution)


def feed(client: Client | None = None, path: str = "solutions", **params: Any) -> dict[str, Any]:
    response = (client or Client()).get(f"/api/v1/federation/{path}", params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)
