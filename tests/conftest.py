"""Shared fixtures: each test gets a temporary store and a clean EGIDE_* environment."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from egide.app import App, os_login
from egide.enrich.entities import Enricher
from egide.enrich.lexicon import Lexicon
from egide.security.principals import make_user
from egide.settings import Settings, load_settings
from egide.store import users
from egide.store.db import transaction

REPO = Path(__file__).resolve().parents[1]
SCENARIO = REPO / "examples" / "scenario"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    for key in list(os.environ):
        if key.startswith("EGIDE_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)
    yield


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return Lexicon.load()


@pytest.fixture(scope="session")
def enricher(lexicon: Lexicon) -> Enricher:
    """One spaCy pipeline for the whole session (loading it takes seconds)."""
    return Enricher(lexicon)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(home=tmp_path / "store")


def make_app(settings: Settings, enricher: Enricher, user: str | None = None) -> App:
    app = App(settings.model_copy(update={"user": user}, deep=True) if user else settings)
    app.parts.enricher = enricher
    return app


@pytest.fixture
def store(settings: Settings, enricher: Enricher) -> Iterator[App]:
    """An initialised dev store with analysts at DR, S (FRA) and S-OTAN (DEU); as admin."""
    app = make_app(settings, enricher)
    app.init_store(dev=True)
    with transaction(app.db):
        users.add(app.db, make_user("dr", "DR", "FRA"), app.seal)
        users.add(app.db, make_user("s", "S", "FRA", roles=["analyst", "validator"]), app.seal)
        users.add(app.db, make_user("ts", "TS", "FRA", compartments=["OPS-ALPHA"]), app.seal)
        users.add(app.db, make_user("otan", "S", "DEU", compartments=["OTAN"]), app.seal)
    yield app
    app.close()


def _apps(settings: Settings, enricher: Enricher) -> Iterator[Callable[[str], App]]:
    """A factory of Apps acting as named users, all closed after the test."""
    opened: list[App] = []

    def factory(name: str) -> App:
        app = make_app(settings, enricher, name)
        opened.append(app)
        return app

    yield factory
    for app in opened:
        app.close()


@pytest.fixture
def as_user(settings: Settings, enricher: Enricher, store: App) -> Iterator[object]:
    """``as_user("dr")`` → an App acting as that registered user."""
    yield from _apps(settings, enricher)


__all__ = ["REPO", "SCENARIO", "make_app", "os_login"]


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory, enricher: Enricher) -> Path:
    """The demo scenario ingested once for the session (read-only for tests: copy it)."""
    from egide.demo import run_demo

    home = tmp_path_factory.mktemp("demo") / "store"
    run_demo(load_settings(home=home), SCENARIO)
    return home


@pytest.fixture
def demo(demo_store: Path, tmp_path: Path, enricher: Enricher) -> Iterator[Callable[[str], App]]:
    """``demo("analyste.dr")`` → an App on a private copy of the demo store."""
    import shutil

    home = tmp_path / "demo-store"
    shutil.copytree(demo_store, home)
    settings = load_settings(home=home)
    yield from _apps(settings, enricher)


class Script:
    def __init__(self) -> None:
        self.replies: list[tuple[int, dict[str, Any]]] = []
        self.requests: list[dict[str, Any]] = []


@pytest.fixture
def scripted_server() -> Iterator[tuple[str, Script]]:
    """A local OpenAI-compatible server answering what ``script.replies`` says, in order."""
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            script.requests.append(body)
            status, payload = script.replies.pop(0)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", script
    httpd.shutdown()
