"""Pure-Python publiccode.yml (v0.7) validator, compatible with italia/publiccode-parser-go.

No Django imports here: the module is usable from importers, CLIs and tests alike.
"""

from .output import format_text, message_de, to_json_obj
from .parser import (
    DE_EXTENSION_WARNING,
    ParseOutcome,
    ValidationResult,
    parse,
    validate,
    validate_path,
)
from .vocabularies import (
    CATEGORIES,
    DE_LEIKA_KEYS,
    DEVELOPMENT_STATUSES,
    IT_COUNTRY_EXTENSION_VERSIONS,
    LATEST_VERSION,
    MAINTENANCE_TYPES,
    PLATFORMS,
    SCOPES,
    SOFTWARE_TYPES,
    SUPPORTED_VERSIONS,
    SUPPORTS_ALIASES,
)

__all__ = [
    "CATEGORIES",
    "DEVELOPMENT_STATUSES",
    "DE_EXTENSION_WARNING",
    "DE_LEIKA_KEYS",
    "IT_COUNTRY_EXTENSION_VERSIONS",
    "LATEST_VERSION",
    "MAINTENANCE_TYPES",
    "PLATFORMS",
    "SCOPES",
    "SOFTWARE_TYPES",
    "SUPPORTED_VERSIONS",
    "SUPPORTS_ALIASES",
    "ParseOutcome",
    "ValidationResult",
    "format_text",
    "message_de",
    "parse",
    "to_json_obj",
    "validate",
    "validate_path",
]
