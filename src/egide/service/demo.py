"""``egide serve --demo``: the ALBÂTRE scenario behind the service, on loopback, with a
development PKI, an encrypted store, a witness file and one login per role."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from egide.app import App
from egide.demo import DEMO_USERS, run_demo
from egide.ingest.progress import Progress
from egide.security.passwords import hasher
from egide.security.principals import User, make_user
from egide.service.pki import DevCA
from egide.settings import Settings, TerminalRule
from egide.store import users
from egide.store.db import transaction

SERVICE_USERS = (
    make_user("validateur.s", "S", "FRA", roles=["validator"]),
    make_user("officier.securite", "S", "FRA", roles=["security_officer"]),
    make_user("admin.demo", "NP", "FRA", roles=["admin"]),
)


@dataclass
class Login:
    user: str
    clearance: str
    roles: list[str]
    password: str
    cert: str
    key: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def demo_settings(base: Settings, folder: Path, port: int) -> Settings:
    pki = folder / "pki"
    return base.model_copy(
        update={
            "home": folder / "store",
            "user": None,
            "store": base.store.model_copy(update={"key_file": folder / "secrets" / "store.key"}),
            "audit": base.audit.model_copy(
                update={"witness": folder / "witness" / "audit-heads.jsonl"}
            ),
            "service": base.service.model_copy(
                update={
                    "host": "127.0.0.1",
                    "port": port,
                    "tls_cert": pki / "service.pem",
                    "tls_key": pki / "service-key.pem",
                    "client_ca": pki / "ca.pem",
                    "crl": pki / "crl.pem",
                    "terminals": [
                        TerminalRule(
                            name="poste-demo", networks=["127.0.0.0/8", "::1/128"],
                            cert_ou=None, accreditation=None,
                        )
                    ],
                }
            ),
        },
        deep=True,
    )


def prepare(
    base: Settings, folder: Path, port: int = 8443, progress: Progress | None = None
) -> tuple[Settings, list[Login]]:
    """Create (once) the demo service's folder; give every demo user a fresh password and
    a client certificate. Returns the settings to serve with and the logins."""
    old = os.umask(0o077)
    try:
        settings = demo_settings(base, folder, port)
        ca = DevCA(folder / "pki")
        if not (folder / "pki" / "service.pem").exists():
            ca.server()
            ca.crl([])
        if not (settings.home / "egide.db").exists():
            run_demo(settings, None, progress)
        people: list[User] = [*DEMO_USERS, *SERVICE_USERS]
        logins = []
        hash_password = hasher(settings.service)
        with App(settings) as admin:
            seal = admin.seal
            for person in people:
                password = secrets.token_urlsafe(12)
                with transaction(admin.db):
                    if users.by_name(admin.db, person.name, seal) is None:
                        users.add(admin.db, person, seal)
                        admin.record("egide", "user.add", person.to_dict())
                    users.set_password(admin.db, person.name, hash_password.hash(password), seal)
                    admin.record("egide", "user.password", {"user": person.name})
                cert = folder / "pki" / f"client-{person.name}.pem"
                key = folder / "pki" / f"client-{person.name}-key.pem"
                if not cert.exists():
                    ca.client(person.name)
                logins.append(
                    Login(
                        person.name,
                        person.clearance.name,
                        sorted(r.value for r in person.roles),
                        password,
                        str(cert),
                        str(key),
                    )
                )
        write_config(settings, folder / "egide.toml")
        return settings, logins
    finally:
        os.umask(old)


def write_config(settings: Settings, path: Path) -> None:
    """The service's configuration, as an operator would keep it in /etc/egide."""
    service = settings.service
    lines = [
        f'home = "{settings.home}"',
        "[store]",
        f'key_file = "{settings.store.key_file}"',
        "[audit]",
        f'witness = "{settings.audit.witness}"',
        "[service]",
        f'host = "{service.host}"',
        f"port = {service.port}",
        f'tls_cert = "{service.tls_cert}"',
        f'tls_key = "{service.tls_key}"',
        f'client_ca = "{service.client_ca}"',
        f'crl = "{service.crl}"',
        "[[service.terminals]]",
        'name = "poste-demo"',
        'networks = ["127.0.0.0/8", "::1/128"]',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
