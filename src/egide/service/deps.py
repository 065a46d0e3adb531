"""What routes receive: the service's state, and an ``App`` acting for the authenticated
principal of the request (every route that touches content goes through ``acting``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Path, Request

from egide.app import App
from egide.service.auth import COOKIE, CSRF_HEADER, Authenticator
from egide.service.auth import Request as AuthRequest
from egide.service.problems import lang_of
from egide.service.tls import ClientCert, peer_cert

if TYPE_CHECKING:
    from egide.service.alerts import AlertHub
    from egide.service.heads import HeadSigner
    from egide.service.jobs import Jobs
    from egide.service.watch import Watchers


def _watchers() -> Watchers:
    from egide.service.watch import Watchers

    return Watchers()


@dataclass
class ServiceState:
    root: App
    auth: Authenticator
    jobs: Jobs
    alerts: AlertHub
    watchers: Watchers = field(default_factory=lambda: _watchers())
    heads: HeadSigner | None = None

    def health(self) -> dict[str, Any]:
        """What only the running service can tell: its witness and the store's seal."""
        from egide.store import sealing
        settings = self.root.settings
        protection = sealing.problems(self.root.home)
        encrypted = settings.store.key_path() is not None  # it opened with its key
        out: dict[str, Any] = {
            "encrypted": encrypted,
            "protection": [p.render(settings.lang) for p in protection] or "ok",
            "witness": str(settings.audit.witness) if settings.audit.witness else None,
            "last_head": self.heads.last if self.heads is not None else None,
            "client_ca": settings.service.client_ca is not None,
            "crl": settings.service.crl is not None,
            "terminals": [t.name for t in settings.service.terminals],
        }
        out["ok"] = not protection and (encrypted or self.root.is_dev) and bool(
            settings.audit.witness
        )
        return out


def service(request: Request) -> ServiceState:
    found = request.app.state.egide
    assert isinstance(found, ServiceState)
    return found


def client_ip(request: Request) -> str:
    return request.client.host if request.client is not None else ""


def cert_of(request: Request) -> ClientCert | None:
    return peer_cert(request.scope)


def auth_request(request: Request) -> AuthRequest:
    header = request.headers.get("authorization", "")
    bearer = header[7:].strip() if header.lower().startswith("bearer ") else None
    return AuthRequest(
        method=request.method,
        client_ip=client_ip(request),
        cert=cert_of(request),
        cookie=request.cookies.get(COOKIE),
        csrf=request.headers.get(CSRF_HEADER),
        bearer=bearer,
    )


def acting(request: Request) -> App:
    """The ``App`` of the request's principal (authentication failures raise)."""
    state = service(request)
    principal = state.auth.authenticate(auth_request(request))
    return state.root.acting_as(principal)


def lang(request: Request) -> str:
    return lang_of(request, service(request).root.settings.lang)


Acting = Annotated[App, Depends(acting)]
# Identifiers in paths: letters, digits, dot, dash, underscore — no path tricks.
Ident = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
Lang = Annotated[str, Depends(lang)]
State = Annotated[ServiceState, Depends(service)]
