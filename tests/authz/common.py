"""What the authorisation matrix is made of: a case, and the usual sets of allowed actors.

Each app with endpoints or write views of its own adds its cases in a module under
`tests/authz/apps/` (lists `API_CASES` and `UI_WRITE_CASES`); the matrix collects them all.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from .conftest import ACTORS

EVERYONE = set(ACTORS)
EDITORS_OF_A = {"editor_a", "orgadmin_a", "platform_admin"}
ADMINS_OF_A = {"orgadmin_a", "platform_admin"}
COORDINATORS = {"coordinator", "platform_admin"}
SIGNED_IN = EVERYONE - {"anonymous"}


@dataclass(frozen=True)
class Case:
    method: str
    path: str  # as in the OpenAPI document; for UI write views the URL name
    url: Callable  # world -> concrete URL
    allowed: set = field(default_factory=lambda: EVERYONE)
    body: Callable | None = None  # world -> (data, content_type)
