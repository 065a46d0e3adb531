"""TLS of the service: the server context (client certificates of the organisation's CA,
checked against its revocation list) and the peer certificate handed to the application.

uvicorn does not put the client certificate in the ASGI scope. ``PeerCertProtocol`` reads
it from the connection's transport (``ssl_object``) once per connection and adds the ASGI
TLS extension (``scope["extensions"]["tls"]["client_cert_chain"]``) to every request of
that connection.
"""

from __future__ import annotations

import hashlib
import ssl
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.x509.oid import NameOID
from uvicorn.protocols.http.h11_impl import H11Protocol

from egide.settings import ServiceSettings

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]


def server_context(settings: ServiceSettings) -> ssl.SSLContext:
    """TLS 1.2+ server context. With a client CA, a client certificate is requested and,
    when presented, must chain to that CA, be within its validity and (with a CRL) not be
    revoked — otherwise the handshake fails. A client without a certificate may still
    connect (password or token)."""
    if settings.tls_cert is None or settings.tls_key is None:
        raise ValueError("service.tls_cert and service.tls_key are required")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(str(settings.tls_cert), str(settings.tls_key))
    if settings.client_ca is not None:
        ctx.load_verify_locations(cafile=str(settings.client_ca))
        ctx.verify_mode = ssl.CERT_OPTIONAL
        if settings.crl is not None:
            ctx.load_verify_locations(cafile=str(settings.crl))
            ctx.verify_flags |= ssl.VERIFY_CRL_CHECK_LEAF
    return ctx


def _with_tls(app: ASGIApp, chain: list[bytes]) -> ASGIApp:
    async def wrapped(scope: Scope, receive: Any, send: Any) -> None:
        if scope.get("type") in {"http", "websocket"}:
            extensions = dict(scope.get("extensions") or {})
            extensions["tls"] = {"client_cert_chain": chain}
            scope["extensions"] = extensions
        await app(scope, receive, send)

    return wrapped


class PeerCertProtocol(H11Protocol):
    """uvicorn's h11 protocol, with the verified client certificate (DER) in the scope."""

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        ssl_object = transport.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
        self.app = _with_tls(self.app, [der] if der else [])


@dataclass(frozen=True)
class ClientCert:
    """What the service reads in a verified client certificate."""

    cn: str | None
    ou: str | None
    emails: tuple[str, ...]
    serial: int
    fingerprint: str
    not_after: datetime

    @classmethod
    def from_der(cls, der: bytes) -> ClientCert:
        cert = x509.load_der_x509_certificate(der)

        def first(oid: x509.ObjectIdentifier) -> str | None:
            attrs = cert.subject.get_attributes_for_oid(oid)
            return str(attrs[0].value) if attrs else None

        try:
            san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
            emails = tuple(san.value.get_values_for_type(x509.RFC822Name))
        except x509.ExtensionNotFound:
            emails = ()
        return cls(
            cn=first(NameOID.COMMON_NAME),
            ou=first(NameOID.ORGANIZATIONAL_UNIT_NAME),
            emails=emails,
            serial=cert.serial_number,
            fingerprint=hashlib.sha256(der).hexdigest(),
            not_after=cert.not_valid_after_utc,
        )

    def login(self, field: str) -> str | None:
        """The login the certificate names: its CN, or the local part of its first
        e-mail address."""
        if field == "san_email":
            return self.emails[0].split("@", 1)[0] if self.emails else None
        return self.cn

    def expired(self, now: datetime | None = None) -> bool:
        return (now or datetime.now(UTC)) > self.not_after


def peer_cert(scope: Scope) -> ClientCert | None:
    chain = ((scope.get("extensions") or {}).get("tls") or {}).get("client_cert_chain") or []
    return ClientCert.from_der(chain[0]) if chain else None


class Revocations:
    """The CRL's revoked serial numbers, re-read when the file changes: a certificate
    revoked after the service started is refused at its next request."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._serials: frozenset[int] = frozenset()

    def revoked(self, serial: int) -> bool:
        if self.path is None:
            return False
        info = self.path.stat()
        stamp = (info.st_mtime_ns, info.st_size)
        with self._lock:
            if stamp != self._stamp:
                crl = x509.load_pem_x509_crl(self.path.read_bytes())
                self._serials = frozenset(r.serial_number for r in crl)
                self._stamp = stamp
            return serial in self._serials
