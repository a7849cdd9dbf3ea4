"""Single-value checks mirroring the reference parser's validator functions."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from urllib.parse import urlsplit

import langcodes
import pycountry
import regex
from license_expression import ExpressionError, Licensing, get_spdx_licensing

from .vocabularies import CATEGORIES, SCOPES, SUPPORTS_ALIASES

_GRAPHEME_RE = regex.compile(r"\X")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EMAIL_RE = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
)
_MIME_RE = re.compile(
    r"^ *([A-Za-z0-9][A-Za-z0-9!#$&^_-]{0,126})/([A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}) *$"
)
# Syntactic shape of an iPA code (the reference parser ships the full code list).
_IPA_RE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)?$")
_URN_RE = re.compile(r"^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:[A-Za-z0-9()+,\-.:=@;$_!*'%/?#]+$", re.I)
_BCP47_RE = re.compile(
    r"^(EN-GB-OED|I-AMI|I-BNN|I-DEFAULT|I-ENOCHIAN|I-HAK|I-KLINGON|I-LUX|I-MINGO|I-NAVAJO"
    r"|I-PWN|I-TAO|I-TAY|I-TSU|SGN-BE-FR|SGN-BE-NL|SGN-CH-DE|ART-LOJBAN|CEL-GAULISH|NO-BOK"
    r"|NO-NYN|ZH-GUOYU|ZH-HAKKA|ZH-MIN|ZH-MIN-NAN|ZH-XIANG|X-[A-Z0-9]{1,8})$"
    r"|^((?:[A-Z]{2,3}(?:-[A-Z]{3}){0,3})|[A-Z]{4}|[A-Z]{5,8})"
    r"(?:-([A-Z]{4}))?"
    r"(?:-([A-Z]{2}|[0-9]{3}))?"
    r"(?:-((?:[A-Z0-9]{5,8}|[0-9][A-Z0-9]{3})(?:-(?:[A-Z0-9]{5,8}|[0-9][A-Z0-9]{3}))*))?"
    r"(?:-((?:[A-WYZ0-9](?:-[A-Z0-9]{2,8})+)(?:-(?:[A-WYZ0-9](?:-[A-Z0-9]{2,8})+))*))?"
    r"(?:-X(?:-[A-Z0-9]{1,8})+)?$"
)

#: oEmbed provider URL schemes accepted offline (``*`` is a wildcard).
OEMBED_SCHEMES: tuple[str, ...] = (
    "https://*.youtube.com/watch*",
    "https://*.youtube.com/v/*",
    "https://youtu.be/*",
    "https://*.youtube.com/playlist?list=*",
    "https://youtube.com/playlist?list=*",
    "https://*.youtube.com/shorts*",
    "https://youtube.com/shorts*",
    "https://*.youtube.com/embed/*",
    "https://*.youtube.com/live*",
    "https://youtube.com/watch*",
    "https://youtube.com/v/*",
    "https://youtube.com/embed/*",
    "https://vimeo.com/*",
    "https://vimeo.com/album/*/video/*",
    "https://vimeo.com/channels/*/*",
    "https://vimeo.com/groups/*/videos/*",
    "https://vimeo.com/ondemand/*/*",
    "https://player.vimeo.com/video/*",
    "https://www.dailymotion.com/video/*",
    "https://dai.ly/*",
    "https://www.slideshare.net/*/*",
    "https://*.slideshare.net/*/*",
    "https://www.twitch.tv/*",
    "https://clips.twitch.tv/*",
    "https://www.ted.com/talks/*",
    "https://soundcloud.com/*",
    "https://www.flickr.com/photos/*",
    "https://flic.kr/p/*",
    "https://www.loom.com/share/*",
    "https://www.kickstarter.com/projects/*",
    "https://*.wistia.com/medias/*",
    "https://fast.wistia.com/embed/medias/*.jsonp",
    "https://www.facebook.com/*/videos/*",
    "https://www.facebook.com/video.php",
    "https://www.instagram.com/p/*",
    "https://www.instagram.com/reel/*",
    "https://twitter.com/*/status/*",
    "https://x.com/*/status/*",
    "https://www.tiktok.com/*/video/*",
    "https://*.peertube.*/videos/watch/*",
)


def grapheme_count(text: str) -> int:
    """Count user-perceived characters (extended grapheme clusters)."""
    return len(_GRAPHEME_RE.findall(text))


def is_date(value: str) -> bool:
    """Check for ``YYYY-MM-DD`` with a real calendar date."""
    if not _DATE_RE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_email(value: str) -> bool:
    """Check for a plausible e-mail address."""
    return bool(_EMAIL_RE.match(value))


def is_mime_type(value: str) -> bool:
    """Check for a well formed MIME type (RFC 2045)."""
    return bool(_MIME_RE.match(value))


def is_url(value: str) -> bool:
    """Check for an absolute URL (go-playground's ``url`` rule)."""
    lowered = value.lower()
    if not lowered:
        return False
    if lowered.startswith("file:"):
        return True
    try:
        parts = urlsplit(lowered)
    except ValueError:
        return False
    if not parts.scheme or not re.match(r"^[a-z][a-z0-9+.-]*$", parts.scheme):
        return False
    opaque = not lowered[len(parts.scheme) + 1 :].startswith("/") and bool(parts.path)
    return bool(parts.netloc or parts.fragment or opaque)


def is_http_url(value: str) -> bool:
    """Check for an absolute http(s) URL with a host."""
    if not is_url(value):
        return False
    try:
        parts = urlsplit(value.lower())
    except ValueError:
        return False
    return bool(parts.netloc) and parts.scheme in ("http", "https")


def is_country_code(value: str) -> bool:
    """Check for ISO 3166-1 alpha-2, all lowercase or all uppercase."""
    if value not in (value.lower(), value.upper()) or len(value) != 2:
        return False
    return pycountry.countries.get(alpha_2=value.upper()) is not None


def is_category(value: str) -> bool:
    """Check for a category of the controlled vocabulary."""
    return value in CATEGORIES


def is_scope(value: str) -> bool:
    """Check for a scope of the controlled vocabulary."""
    return value in SCOPES


def is_ipa_code(value: str) -> bool:
    """Check for an Italian Public Administration (iPA) code, by shape only."""
    return bool(_IPA_RE.match(value))


# What the SPDX expression grammar is made of: ids (letters, digits, "." and "-"), "LicenseRef-",
# "DocumentRef-…:", "+", parentheses, the operators and blanks. Anything else (control characters,
# say) can't be valid, and some of it makes license-expression fail with an AttributeError.
_SPDX_CHARS = re.compile(r"[A-Za-z0-9.\-+:() \t\r\n]+")


def is_spdx_expression(value: str) -> bool:
    """Check for a valid SPDX license expression."""
    if not value.strip() or not _SPDX_CHARS.fullmatch(value):
        return False
    try:
        info = _licensing().validate(value, strict=True)
    except ExpressionError:
        return False
    return not info.errors and not info.invalid_symbols


@lru_cache(maxsize=1)
def _licensing() -> Licensing:
    return get_spdx_licensing()


def is_bcp47_tag(value: str) -> bool:
    """Check for a strict BCP 47 language tag (no POSIX ``en_GB``, known subtags)."""
    upper = value.upper()
    match = _BCP47_RE.match(upper)
    if match is None:
        return False
    if match.group(1):
        return True
    lang = match.group(2)
    if len(lang) > 3 and "-" not in lang:
        return False
    base = lang.split("-")[0].lower()
    if not langcodes.tag_is_valid(base):
        return False
    if len(base) == 3 and langcodes.standardize_tag(base) != base:
        return False
    return langcodes.tag_is_valid(value)


def organisation_uri_problem(value: str) -> str | None:
    """Return ``None`` if valid, else ``"uri"`` or ``"italian_pa"`` (kind of problem)."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return "uri"
    if not parts.scheme or (not parts.netloc and not value.startswith(parts.scheme + ":")):
        return "uri"
    if not value.startswith(("/", parts.scheme + ":")):
        return "uri"
    if parts.scheme.lower() == "urn":
        if not _URN_RE.match(value):
            return "uri"
        opaque = value[4:]
        if opaque.lower().startswith("x-italian-pa:"):
            return None if is_ipa_code(opaque[len("x-italian-pa:") :]) else "italian_pa"
        return None
    return None if parts.netloc else "uri"


def supports_id_problem(value: str) -> str | None:
    """Return ``None`` if a ``supports[].id`` is valid, else ``"alias"`` or ``"uri"``."""
    if value.startswith("alias:"):
        return None if value[len("alias:") :] in SUPPORTS_ALIASES else "alias"
    try:
        parts = urlsplit(value)
    except ValueError:
        return "uri"
    return None if parts.scheme and (parts.netloc or parts.path) else "uri"


def is_oembed_url(value: str) -> bool:
    """Whether the URL matches a known oEmbed provider scheme."""
    for scheme in OEMBED_SCHEMES:
        pattern = "^" + ".*".join(re.escape(p) for p in scheme.split("*")) + "$"
        if re.match(pattern, value) or re.match(pattern, value.replace("http://", "https://", 1)):
            return True
    return False
