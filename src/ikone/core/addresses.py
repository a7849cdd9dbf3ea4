"""The one rule for addresses ikone calls on its own (webhooks, harvesting, fetching documents):
only http(s), and no host in a private, loopback, link-local, multicast or reserved network
unless it is on an allow-list.

A host name is resolved once and every address it resolves to must be public: a name that points
at an internal address is refused like the address itself. `checked_addresses` gives the
addresses that passed; `ikone.core.outgoing` connects to exactly those (no second look-up a
hostile DNS server could answer differently), on every redirect hop."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

INTERNAL = "Die Adresse liegt in einem internen Netz."
SCHEME = "Nur http- und https-Adressen sind erlaubt."

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Iterable[str]]


class RefusedAddress(Exception):
    """An address that may not be called; `message` is German."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses of `host` from the operating system's resolver, in its order."""
    infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public(address: Address) -> bool:
    """Whether `address` is in a public network. An IPv6 address that carries an IPv4 address
    (IPv4-mapped, 6to4, Teredo) is judged by the IPv4 address it carries as well."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return is_public(address.ipv4_mapped)
        embedded: list[Address] = [address.sixtofour] if address.sixtofour is not None else []
        embedded.extend(address.teredo or ())
        if not all(is_public(inner) for inner in embedded):
            return False
    return address.is_global and not (
        address.is_multicast
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
    )


def _parse(value: str) -> Address:
    return ipaddress.ip_address(value.split("%", 1)[0])


def _allowed(host: str, addresses: Iterable[Address], allow: Iterable[str]) -> bool:
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


def _resolve(host: str, port: int, resolver: Resolver | None) -> list[Address]:
    try:
        addresses = [_parse(value) for value in (resolver or system_resolver)(host, port)]
    except (OSError, ValueError, UnicodeError) as exc:
        raise RefusedAddress(f"Adresse nicht auflösbar: {exc}") from None
    if not addresses:
        raise RefusedAddress("Adresse nicht auflösbar.")
    return addresses


def checked_addresses(
    host: str, port: int, *, allow: Iterable[str] = (), resolver: Resolver | None = None
) -> list[Address]:
    """The addresses to connect to for `host`: resolved once (an address literal is not looked
    up), every one of them public or covered by `allow`; otherwise `RefusedAddress`."""
    host = host.strip("[]")
    allow = list(allow)
    try:
        addresses = [_parse(host)]
    except ValueError:
        addresses = _resolve(host, port, resolver)
    if all(is_public(address) for address in addresses) or _allowed(host, addresses, allow):
        return addresses
    raise RefusedAddress(INTERNAL)


def address_problem(
    url: str, *, resolve: bool = True, allow: Iterable[str] = (), resolver: Resolver | None = None
) -> str | None:
    """Why `url` may not be called (None if it may). `allow` lists hosts, addresses or networks
    (e.g. "127.0.0.1", "peer.internal", "10.0.0.0/8") that may be internal. Without `resolve`
    only the scheme and an address literal are checked (the connection checks the name)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return SCHEME
    host = parts.hostname
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return "Ungültiger Port."
    if not resolve:
        try:
            _parse(host)
        except ValueError:
            return None
    try:
        checked_addresses(host, port, allow=allow, resolver=resolver)
    except RefusedAddress as refused:
        return refused.message
    return None
