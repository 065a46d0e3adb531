from __future__ import annotations

from pathlib import Path

import pytest

from egide.client.config import client_config
from egide.errors import ConfigError
from egide.settings import load_settings


def test_no_address_is_local_mode(tmp_path: Path) -> None:
    assert client_config(None, {}) is None


def test_the_client_reads_what_the_settings_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """File, variables and flags give the client the values the full settings would."""
    (tmp_path / "egide.toml").write_text(
        'lang = "en"\nurl = "https://from-file:8443"\n[client]\ncert = "moi.pem"\n'
        'ca = "ac.pem"\ntimeout_s = 30\n[search]\nlimit = 3\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("EGIDE_CLIENT__KEY", "moi.key")
    monkeypatch.setenv("EGIDE_CLIENT__TIMEOUT_S", "45.5")
    for flags in ({}, {"url": "https://from-flag:9443", "lang": "fr", "home": None}):
        config = client_config(None, flags)
        settings = load_settings(**flags)
        assert config is not None and settings.url == config.url
        assert config.lang == settings.lang
        client = settings.client
        assert (config.cert, config.key, config.ca, config.token, config.timeout_s) == (
            client.cert,
            client.key,
            client.ca,
            client.token,
            client.timeout_s,
        )


def test_defaults_match_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGIDE_URL", "https://svc:8443")
    config = client_config(None, {})
    client = load_settings().client
    assert config is not None
    assert (config.timeout_s, config.cert, config.token) == (
        client.timeout_s,
        client.cert,
        client.token,
    )


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("EGIDE_LANG", "de", "lang"),
        ("EGIDE_CLIENT__TIMEOUT_S", "0", "client.timeout_s"),
        ("EGIDE_CLIENT__TIMEOUT_S", "bientôt", "client.timeout_s"),
        ("EGIDE_CLIENT__CERTIFICATE", "moi.pem", "client.certificate"),
    ],
)
def test_bad_client_settings_are_coded_errors(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, shown: str
) -> None:
    monkeypatch.setenv("EGIDE_URL", "https://svc:8443")
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as info:
        client_config(None, {})
    assert info.value.code == "E-CONFIG" and shown in info.value.render("fr")
    with pytest.raises(ConfigError):  # the full settings refuse it too
        load_settings()
