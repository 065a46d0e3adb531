"""A real Chromium (Debian's ``chromium``) driven by Playwright against the session's
real service (``tests/integration/service/conftest.py``): every request the browser makes
is recorded and must stay on the service's origin; a console error fails the test; each
page visited leaves a screenshot under ``build/screenshots``."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.integration.service.conftest import Service, service  # noqa: F401

CHROMIUM = Path("/usr/bin/chromium")
#: What the DR analyst may read, marked: a national marking is Spécial France by default.
DR = "DIFFUSION RESTREINTE – SPÉCIAL FRANCE"
SHOTS = REPO / "build" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    "--no-first-run",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail("chromium is missing: install Debian's chromium package (make system-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()

UNLABELLED = """() => Array.from(document.querySelectorAll(
    'input:not([type=hidden]), select, textarea, button')).filter((el) =>
    !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
    && !el.getAttribute('aria-labelledby') && !(el.tagName === 'BUTTON' && el.textContent.trim())
).map((el) => el.outerHTML.slice(0, 160))"""


@dataclass
class Visit:
    """One user's browser context on the service, with everything it asked for."""

    service: Service
    page: Any
    context: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    expected: set[int] = field(default_factory=set)

    def expect_status(self, *statuses: int) -> None:
        """The test provokes these HTTP statuses: the browser's own console line for
        each ("Failed to load resource: … status of 403") is not an error of the page."""
        self.expected.update(statuses)

    def page_errors(self) -> list[str]:
        return [e for e in self.errors if not _expected_failure(e, self.expected)]

    def go(self, path: str) -> Any:
        """Open ``path``; every control on the page it shows must carry a label."""
        response = self.page.goto(self.service.url + path)
        self.page.wait_for_load_state("load")
        assert self.unlabelled() == [], path
        return response

    def unlabelled(self) -> list[str]:
        """Form controls a screen reader could not name."""
        found: list[str] = self.page.evaluate(UNLABELLED)
        return found

    def shot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def banners(self) -> tuple[str, str]:
        return (
            self.page.inner_text("#banner-top").strip(),
            self.page.inner_text("#banner-bottom").strip(),
        )

    def login_password(self, user: str) -> None:
        self.go("/login")
        self.page.fill("#user", user)
        self.page.fill("#password", self.service.logins[user].password)
        self.page.click("#login-password")
        self.page.wait_for_url("**/search")

    def login_cert(self) -> None:
        self.go("/login")
        self.page.click("#login-cert")
        self.page.wait_for_url("**/search")

    def outside(self) -> list[str]:
        origin = self.service.url + "/"
        return [u for u in self.requests if not (u.startswith(origin) or u.startswith("data:"))]


@pytest.fixture
def visit(browser: Any, service: Service) -> Iterator[Callable[..., Visit]]:  # noqa: F811
    """``visit(user=None, cert=False)``: a fresh browser context, with ``user``'s client
    certificate when ``cert``. After the test: no request left the service's origin and
    the console showed no error."""
    made: list[Visit] = []

    def open_visit(user: str | None = None, cert: bool = False) -> Visit:
        options: dict[str, Any] = {"ignore_https_errors": True, "locale": "fr-FR"}
        if cert and user is not None:
            login = service.logins[user]
            options["client_certificates"] = [
                {"origin": service.url, "certPath": login.cert, "keyPath": login.key}
            ]
        context = browser.new_context(**options)
        page = context.new_page()
        page.set_default_timeout(30_000)
        v = Visit(service, page, context)
        page.on("request", lambda request: v.requests.append(request.url))
        page.on(
            "console",
            lambda msg: v.errors.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda exc: v.errors.append(str(exc)))
        made.append(v)
        return v

    yield open_visit
    try:
        for v in made:
            assert v.requests, "the browser made no request"
            assert v.outside() == [], v.outside()
            assert v.page_errors() == [], v.page_errors()
    finally:
        for v in made:
            v.context.close()


def _expected_failure(message: str, statuses: set[int]) -> bool:
    found = re.match(r"Failed to load resource: the server responded with a status of (\d+)",
                     message)
    return found is not None and int(found.group(1)) in statuses


def pytest_sessionstart(session: pytest.Session) -> None:
    if SHOTS.exists():
        shutil.rmtree(SHOTS)
