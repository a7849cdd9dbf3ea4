"""The one way ikone opens an HTTP connection on its own (harvesting, webhooks, fetching
documents): an httpx transport whose connections go to exactly the addresses the address rule
(`ikone.core.addresses`) checked.

httpx would otherwise resolve the host name a second time when it connects, and a hostile DNS
server could answer a public address to the check and 127.0.0.1 to the connection (DNS
rebinding). Here the network backend resolves the name once, checks every address and connects
to a checked address, while the request keeps the name: the Host header, the TLS SNI and the
certificate verification all use the original host name. Each new connection (so each redirect
hop to another host) is checked; a kept-alive connection was checked when it was opened.
Proxies from the environment are not used (they would bypass the check)."""

from __future__ import annotations

import ssl
import typing
from collections.abc import Iterable

import httpcore
import httpx
from django.conf import settings

from ikone.core.addresses import SCHEME, RefusedAddress, Resolver, checked_addresses

EVERYWHERE = ("0.0.0.0/0", "::/0")
LIMITS = httpx.Limits(max_connections=32, max_keepalive_connections=16)


class PinnedBackend(httpcore.NetworkBackend):
    """A network backend that connects only to checked addresses."""

    def __init__(self, *, allow: Iterable[str], resolver: Resolver | None = None) -> None:
        self.allow = list(allow)
        self.resolver = resolver
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = checked_addresses(host, port, allow=self.allow, resolver=self.resolver)
        failure: Exception | None = None
        for address in addresses:
            try:
                return self._inner.connect_tcp(
                    str(address),
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise RefusedAddress(SCHEME)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class PinnedTransport(httpx.HTTPTransport):
    """`httpx.HTTPTransport` on a `PinnedBackend`, without proxies from the environment."""

    def __init__(
        self,
        *,
        allow: Iterable[str] | None = None,
        resolver: Resolver | None = None,
        verify: ssl.SSLContext | bool = True,
        limits: httpx.Limits = LIMITS,
    ) -> None:
        super().__init__(verify=verify, trust_env=False, limits=limits)
        self.backend = PinnedBackend(
            allow=allow if allow is not None else settings.OUTGOING_ALLOWED_HOSTS, resolver=resolver
        )
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=self.backend,
        )


def client(
    *,
    timeout: float,
    allow: Iterable[str] | None = None,
    resolver: Resolver | None = None,
    verify: ssl.SSLContext | bool = True,
    headers: dict[str, str] | None = None,
) -> httpx.Client:
    """An httpx client that follows no redirects by itself (callers check each hop's scheme with
    `address_problem(..., resolve=False)`; the transport checks each connection)."""
    return httpx.Client(
        transport=PinnedTransport(allow=allow, resolver=resolver, verify=verify),
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        trust_env=False,
        headers=headers,
    )
