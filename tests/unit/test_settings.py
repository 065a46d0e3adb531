from __future__ import annotations

from pathlib import Path

import pytest

from egide.errors import ConfigError
from egide.settings import load_settings


def test_defaults() -> None:
    s = load_settings()
    assert s.home == Path(".egide") and s.lang == "fr" and s.embed.model == "auto"


def test_precedence_defaults_toml_env_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "egide.toml").write_text(
        'lang = "en"\nhome = "from-toml"\n[search]\nlimit = 3\ncandidates = 50\n'
        "[ingest]\nmax_file_mb = 2\n",
        encoding="utf-8",
    )
    s = load_settings()
    assert (s.lang, s.home, s.search.limit, s.ingest.max_file_mb) == ("en", Path("from-toml"), 3, 2)
    monkeypatch.setenv("EGIDE_HOME", "from-env")
    monkeypatch.setenv("EGIDE_SEARCH__LIMIT", "4")
    s = load_settings()
    assert (s.home, s.search.limit, s.search.candidates) == (Path("from-env"), 4, 50)
    s = load_settings(home=Path("from-flag"), lang="fr")
    assert (s.home, s.lang, s.search.limit) == (Path("from-flag"), "fr", 4)


def test_explicit_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "other.toml"
    other.write_text('[embed]\nmodel = "none"\n', encoding="utf-8")
    assert load_settings(other).embed.model == "none"
    monkeypatch.setenv("EGIDE_CONFIG", str(other))
    assert load_settings().embed.model == "none"
    with pytest.raises(ConfigError):
        load_settings(tmp_path / "missing.toml")


@pytest.mark.parametrize(
    ("env", "value"),
    [("EGIDE_LANG", "de"), ("EGIDE_SEARCH__LIMIT", "zero"), ("EGIDE_UNKNOWN", "1")],
)
def test_invalid_settings_are_coded_errors(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str
) -> None:
    monkeypatch.setenv(env, value)
    if env == "EGIDE_UNKNOWN":
        load_settings()  # unknown variables are not settings; they are ignored
        return
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert info.value.code == "E-CONFIG"


def test_malformed_toml_is_a_coded_error(tmp_path: Path) -> None:
    (tmp_path / "egide.toml").write_text("lang = [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_settings()


def test_service_settings_ignore_the_environment_and_local_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settings that decide security come from the service's file alone."""
    from egide.settings import load_service_settings

    system = tmp_path / "etc-egide.toml"
    system.write_text(
        'home = "/srv/egide"\n'
        "[terminal]\naccreditation = \"DR\"\n"
        "[network]\nguard = true\nallow = [\"llm.interne:8080\"]\n"
        "[[service.terminals]]\nname = \"salle\"\nnetworks = [\"10.0.0.0/8\"]\n"
        'accreditation = "DR"\n'
    )
    monkeypatch.setenv("EGIDE_TERMINAL__ACCREDITATION", "")
    monkeypatch.setenv("EGIDE_NETWORK__GUARD", "false")
    monkeypatch.setenv("EGIDE_NETWORK__ALLOW", '["evil.example:443"]')
    monkeypatch.setenv("EGIDE_USER", "admin")
    monkeypatch.setenv("EGIDE_HOME", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("EGIDE_CONFIG", str(tmp_path / "user.toml"))
    monkeypatch.setenv("EGIDE_SERVICE__TERMINALS", "[]")
    (tmp_path / "user.toml").write_text("[network]\nguard = false\n")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "egide.toml").write_text(
        "[terminal]\naccreditation = \"TS\"\n[network]\nguard = false\n"
    )
    settings = load_service_settings(system)
    assert settings.terminal.accreditation == "DR"
    assert settings.network.guard is True and settings.network.allow == ["llm.interne:8080"]
    assert settings.user is None
    assert str(settings.home) == "/srv/egide"
    assert [t.name for t in settings.service.terminals] == ["salle"]


def test_service_settings_need_their_file(tmp_path: Path) -> None:
    from egide.errors import ConfigError
    from egide.settings import load_service_settings

    with pytest.raises(ConfigError):
        load_service_settings(tmp_path / "absent.toml")


def test_a_misspelt_key_in_a_section_is_refused(tmp_path: Path) -> None:
    (tmp_path / "egide.toml").write_text("[search]\nlimt = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert "limt" in info.value.render("en")


def test_lists_and_sections_come_as_json_in_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGIDE_NETWORK__ALLOW", '["llm.interne:8080"]')
    monkeypatch.setenv("egide_search__limit", "7")  # names in any case
    monkeypatch.setenv("EGIDE_SERVICE__TERMINALS", '[{"name": "salle", "accreditation": "DR"}]')
    s = load_settings()
    assert s.network.allow == ["llm.interne:8080"] and s.search.limit == 7
    assert [(r.name, r.accreditation) for r in s.service.terminals] == [("salle", "DR")]
    monkeypatch.setenv("EGIDE_NETWORK__ALLOW", "llm.interne:8080")
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert "EGIDE_NETWORK__ALLOW" in info.value.render("fr")


def test_flags_merge_into_sections_of_the_file(tmp_path: Path) -> None:
    (tmp_path / "egide.toml").write_text('[service]\nhost = "0.0.0.0"\n', encoding="utf-8")
    s = load_settings(service={"port": 9443})
    assert (s.service.host, s.service.port) == ("0.0.0.0", 9443)
