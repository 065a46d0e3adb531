"""Users, roles, clearances and store flags edited with sqlite3, behind Égide's back, are
detected by doctor and refused at use."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable

import pytest

from egide.app import App
from egide.doctor import diagnose
from egide.errors import RegistryIntegrityError
from egide.store.db import DB_NAME


def _tamper(app: App, sql: str) -> None:
    with sqlite3.connect(app.home / DB_NAME) as conn:
        conn.execute(sql)


def test_raising_a_clearance_with_sqlite_is_refused(
    store: App, as_user: Callable[[str], App]
) -> None:
    assert as_user("dr").require_user().clearance.name == "DR"
    _tamper(store, "UPDATE users SET clearance = 3 WHERE name = 'dr'")
    with pytest.raises(RegistryIntegrityError) as info:
        as_user("dr").require_user()
    assert info.value.code == "E-REGISTRY-TAMPER"
    report = diagnose(store)
    assert report["registry"]["users_tampered"] == ["dr"] and not report["ok"]
    alarms = store.db.execute(
        "SELECT COUNT(*) FROM audit WHERE action = 'security.alarm'"
    ).fetchone()[0]
    assert alarms >= 1


def test_granting_a_role_with_sqlite_is_refused(
    store: App, as_user: Callable[[str], App]
) -> None:
    _tamper(store, """UPDATE users SET roles = '["admin","analyst"]' WHERE name = 'dr'""")
    with pytest.raises(RegistryIntegrityError):
        as_user("dr").require_user()


def test_flipping_the_dev_flag_with_sqlite_is_refused(store: App) -> None:
    _tamper(store, "UPDATE meta SET value = '0' WHERE key = 'dev'")
    with pytest.raises(RegistryIntegrityError):
        _ = store.is_dev
    assert diagnose(store)["registry"]["flags_tampered"] == ["dev"]


def test_an_untouched_registry_verifies(store: App) -> None:
    report = diagnose(store)["registry"]
    assert report == {"users_tampered": [], "flags_tampered": [], "ok": True}


def test_turning_a_production_store_into_dev_does_not_open_impersonation(
    tmp_path: pytest.TempPathFactory,
) -> None:
    from pathlib import Path

    from egide.settings import load_settings

    home = Path(str(tmp_path)) / "prod"
    with App(load_settings(home=home)) as admin:
        admin.init_store(dev=False)
        _tamper(admin, "UPDATE meta SET value = '1' WHERE key = 'dev'")
    with App(load_settings(home=home, user="someone")) as app, pytest.raises(
        RegistryIntegrityError
    ):
        app.require_user()


def test_doctor_reports_wide_modes_and_a_foreign_owner(store: App) -> None:
    """What the service refuses to start on, doctor reports on a running store."""
    assert diagnose(store)["store"]["protection"] == "ok"
    store.home.chmod(0o755)
    (store.home / DB_NAME).chmod(0o644)
    found = diagnose(store)["store"]
    assert not found["ok"]
    assert any("0o755" in p for p in found["protection"])
    assert any(DB_NAME in p and "0o644" in p for p in found["protection"])
    store.home.chmod(0o700)
    (store.home / DB_NAME).chmod(0o600)
    if os.geteuid() == 0:  # only root can give a file away
        stray = store.home / "stray"
        stray.write_bytes(b"")
        stray.chmod(0o600)
        os.chown(stray, 65534, -1)
        found = diagnose(store)["store"]
        assert any("stray" in p and "propriétaire" in p for p in found["protection"])
