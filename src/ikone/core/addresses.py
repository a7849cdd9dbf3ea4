"""The one rule for addresses ikone calls on its own (webhooks, harvesting): only http(s), and
no host in a private, loopback or link-local network unless it is on an allow-list.

A host name is resolved and every address it resolves to must be public: a name that points at
an internal address is refused like the address itself. Callers check every redirect hop."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

INTERNAL = "Die Adresse liegt in einem internen Netz."
SCHEME = "Nur http- und https-Adressen sind erlaubt."


def _allowed(
    host: str, addresses: Iterable[ipaddress.IPv4Address | ipaddress.IPv6Address], allow: Iterable[str]
) -> bool:
    """Whether `host` (or all of its addresses) is covered by an allow-list entry: a host name,
    an address or a network in CIDR notation."""
    entries = [entry.strip().lower() for entry in allow if entry.strip()]
    if host.lower() in entries:
        return True
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            continue
    found = list(addresses)
    return bool(found) and all(any(address in network for network in networks) for address in found)


def address_problem(url: str, *, resolve: bool = True, allow: Iterable[str] = ()) -> str | None:
    """Why `url` may not be called (None if it may). `allow` lists hosts, addresses or networks
    (e.g. "127.0.0.1", "peer.internal", "10.0.0.0/8") that may be internal."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return SCHEME
    host = parts.hostname
    allow = list(allow)
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        if literal.is_global or _allowed(host, [literal], allow):
            return None
        return INTERNAL
    if not resolve:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError) as exc:
        return f"Adresse nicht auflösbar: {exc}"
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if all(address.is_global for address in addresses) or _allowed(host, addresses, allow):
        return None
    return INTERNAL
