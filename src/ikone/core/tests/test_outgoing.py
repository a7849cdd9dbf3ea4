"""Outgoing connections go to exactly the address the address rule checked (no DNS rebinding),
keep the host name for the Host header, TLS SNI and certificate check, and honour the allow-list."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ikone.core.addresses import INTERNAL, RefusedAddress, checked_addresses, is_public
from ikone.core.outgoing import client
from ikone.harvesting.client import FetchError, SafeClient


class Local:
    """An HTTP(S) server on 127.0.0.1 that records every request (Host header, path) and the
    TLS server name the client asked for."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.requests: list[tuple[str, str]] = []
        self.server_names: list[str | None] = []
        local = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                local.requests.append((self.headers.get("Host", ""), self.path))
                body = b'{"ok": true}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        if tls is not None:
            tls.sni_callback = lambda _sock, name, _ctx: self.server_names.append(name)
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]


@contextmanager
def serve(tls: ssl.SSLContext | None = None) -> Iterator[Local]:
    local = Local(tls)
    thread = threading.Thread(target=local.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield local
    finally:
        local.server.shutdown()
        local.server.server_close()


class Rebinding:
    """A hostile resolver: a public address to the first question, 127.0.0.1 afterwards."""

    def __init__(self, first: str = "93.184.216.34") -> None:
        self.first = first
        self.questions: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.questions.append(host)
        return [self.first] if len(self.questions) == 1 else ["127.0.0.1"]


def fixed(address: str):  # type: ignore[no-untyped-def]
    return lambda host, port: [address]


def test_a_rebinding_name_never_reaches_the_local_server() -> None:
    resolver = Rebinding()
    with serve() as local, SafeClient(allow=[], resolver=resolver, retries=0, timeout=1) as safe:
        with pytest.raises(FetchError) as failed:
            safe.get(f"http://rebind.test:{local.port}/secret")
        assert local.requests == []
    # one look-up for the connection: the public answer was checked and is the one connected to
    assert resolver.questions == ["rebind.test"]
    assert failed.value.message != INTERNAL


def test_a_name_that_resolves_to_loopback_is_refused_before_connecting() -> None:
    with (
        serve() as local,
        SafeClient(allow=[], resolver=fixed("127.0.0.1"), retries=0) as safe,
        pytest.raises(FetchError) as refused,
    ):
        safe.get(f"http://innen.test:{local.port}/")
    assert refused.value.message == INTERNAL
    assert local.requests == []


def test_the_connection_goes_to_the_checked_address_and_keeps_the_host_name() -> None:
    # "peer.test" exists nowhere but in this resolver: the request arriving proves the connection
    # used the checked answer, not a second look-up.
    with serve() as local, SafeClient(allow=["peer.test"], resolver=fixed("127.0.0.1")) as safe:
        fetched = safe.get(f"http://peer.test:{local.port}/katalog")
    assert fetched.status == 200
    assert local.requests == [(f"peer.test:{local.port}", "/katalog")]


def test_the_allow_list_by_network_still_lets_local_addresses_through() -> None:
    with serve() as local, SafeClient(allow=["127.0.0.0/8"], resolver=fixed("127.0.0.1")) as safe:
        assert safe.get(f"http://peer.test:{local.port}/").status == 200
    with serve() as local, SafeClient(allow=["10.0.0.0/8"], resolver=fixed("127.0.0.1"), retries=0) as safe:
        with pytest.raises(FetchError):
            safe.get(f"http://peer.test:{local.port}/")
        assert local.requests == []


def test_every_address_of_a_name_must_be_public() -> None:
    both = lambda host, port: ["93.184.216.34", "::ffff:127.0.0.1"]  # noqa: E731
    with pytest.raises(RefusedAddress):
        checked_addresses("mixed.test", 80, resolver=both)
    assert checked_addresses("public.test", 80, resolver=fixed("93.184.216.34")) == [
        ipaddress.ip_address("93.184.216.34")
    ]


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:4700::1", True),
        ("::ffff:93.184.216.34", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("100.64.0.1", False),
        ("169.254.169.254", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("0.0.0.0", False),  # noqa: S104
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("2002:7f00:1::1", False),  # 6to4 carrying 127.0.0.1
    ],
)
def test_which_addresses_are_public(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


# TLS: a local CA and a certificate for "katalog.test" only


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server context with a certificate for katalog.test, client context trusting its CA)."""
    folder: Path = tmp_path_factory.mktemp("tls")
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ikone test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "katalog.test")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("katalog.test")]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    (folder / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    trusting = ssl.create_default_context(cadata=ca.public_bytes(serialization.Encoding.PEM).decode())
    return server, trusting


def test_tls_sends_the_name_as_sni_and_verifies_the_certificate_for_it(tls: Any) -> None:
    server, trusting = tls
    with serve(server) as local:
        with client(timeout=5, allow=["127.0.0.1"], resolver=fixed("127.0.0.1"), verify=trusting) as http:
            answer = http.get(f"https://katalog.test:{local.port}/dcat")
        assert answer.status_code == 200
        assert local.server_names == ["katalog.test"]
        assert local.requests == [(f"katalog.test:{local.port}", "/dcat")]


def test_tls_refuses_a_certificate_for_another_name_at_the_same_address(tls: Any) -> None:
    server, trusting = tls
    with serve(server) as local:
        with (
            client(timeout=5, allow=["127.0.0.1"], resolver=fixed("127.0.0.1"), verify=trusting) as http,
            pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"),
        ):
            http.get(f"https://anderer.test:{local.port}/dcat")
        assert local.server_names == ["anderer.test"]
        assert local.requests == []
