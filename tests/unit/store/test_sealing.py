"""The store's seal: key files, encryption at rest, folder and file modes."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from egide.errors import StoreKeyError, StorePermissionError
from egide.store import sealing
from egide.store.db import DB_NAME, is_encrypted, open_db, transaction

CANARY = "CANARI-ZULU-7741-texte-secret"


def test_a_new_store_is_private_from_its_creation(tmp_path: Path) -> None:
    home = tmp_path / "s"
    conn = open_db(home, create=True)
    with transaction(conn):
        conn.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
    assert home.stat().st_mode & 0o777 == 0o700
    for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm"):
        assert (home / name).stat().st_mode & 0o777 == 0o600, name
    assert sealing.problems(home) == []
    conn.close()


def test_problems_name_wide_modes_links_and_special_files(tmp_path: Path) -> None:
    home = tmp_path / "s"
    open_db(home, create=True).close()
    (home / "loose.log").write_text("x")
    (home / "loose.log").chmod(0o644)
    (home / "link").symlink_to("/etc/passwd")
    os.mkfifo(home / "pipe")
    home.chmod(0o755)
    found = " | ".join(p.render("en") for p in sealing.problems(home))
    assert "0o755" in found and "loose.log: mode 0o644" in found
    assert "link: symbolic link" in found and "pipe: not a regular file" in found
    with pytest.raises(StorePermissionError):
        sealing.require_private(home)


def test_problems_name_a_foreign_owner(tmp_path: Path) -> None:
    home = tmp_path / "s"
    open_db(home, create=True).close()
    found = sealing.problems(home, uid=os.geteuid() + 1)
    assert any("owner uid" in f.render("en") for f in found)


def test_encrypted_store_holds_no_plaintext(tmp_path: Path) -> None:
    key = sealing.create_key(tmp_path / "store.key")
    assert (tmp_path / "store.key").stat().st_mode & 0o777 == 0o600
    home = tmp_path / "s"
    conn = open_db(home, create=True, key=key)
    with transaction(conn):
        conn.execute("INSERT INTO meta (key, value) VALUES ('canary', ?)", (CANARY,))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    raw = b"".join(p.read_bytes() for p in home.iterdir() if p.is_file())
    assert CANARY.encode() not in raw
    assert is_encrypted(home / DB_NAME)
    again = open_db(home, key=sealing.read_key(tmp_path / "store.key"))
    assert again.execute("SELECT value FROM meta WHERE key = 'canary'").fetchone()[0] == CANARY
    again.close()
    # The plain driver cannot read it at all.
    with sqlite3.connect(home / DB_NAME) as plain, pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT * FROM meta").fetchall()


def test_encrypted_store_refuses_no_key_and_a_wrong_key(tmp_path: Path) -> None:
    home = tmp_path / "s"
    open_db(home, create=True, key=sealing.create_key(tmp_path / "k1")).close()
    with pytest.raises(StoreKeyError) as no_key:
        open_db(home)
    assert no_key.value.code == "E-STORE-KEY"
    with pytest.raises(StoreKeyError):
        open_db(home, key=sealing.create_key(tmp_path / "k2"))


def test_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "store.key"
    sealing.create_key(path)
    path.chmod(0o640)
    with pytest.raises(StorePermissionError):
        sealing.read_key(path)
    path.chmod(0o600)
    path.write_text("pas une clé\n")
    with pytest.raises(StoreKeyError):
        sealing.read_key(path)


def test_the_key_may_come_from_a_systemd_credential(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pydantic import ValidationError

    from egide.app import App
    from egide.settings import StoreSettings, load_settings

    credentials = tmp_path / "credentials"
    credentials.mkdir(mode=0o700)
    key = sealing.create_key(credentials / "egide-store-key")
    store = StoreSettings(key_credential="egide-store-key")
    settings = load_settings(home=tmp_path / "store").model_copy(update={"store": store})
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    with pytest.raises(StoreKeyError) as refused:
        store.key_path()
    assert "LoadCredential=egide-store-key" in refused.value.render("fr")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(credentials))
    with App(settings) as app:
        app.init_store(dev=False)
        assert app.store_key() == key
    assert is_encrypted(tmp_path / "store" / DB_NAME)
    with App(settings) as app:  # reopened with the credential
        assert app.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
    with pytest.raises(ValidationError):
        StoreSettings(key_credential="../store.key")
