from __future__ import annotations

import json
from pathlib import Path

import pytest

from egide.cli.main import run


def test_coded_error_and_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--store", str(tmp_path / "none"), "stats"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("[E-STORE-MISSING] ") and " — " in err


def test_english_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--lang", "en", "--store", str(tmp_path / "none"), "stats"]) == 2
    assert "No Égide store" in capsys.readouterr().err


def test_invalid_setting_is_reported_not_raised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EGIDE_SEARCH__LIMIT", "beaucoup")
    assert run(["--store", str(tmp_path), "stats"]) == 2
    assert capsys.readouterr().err.startswith("[E-CONFIG]")


def test_init_json_then_stats_as_admin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "s")
    assert run(["--store", store, "init", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["created"] is True and out["dev"] is False and out["admin"]
    assert run(["--store", store, "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"documents": 0, "chunks": 0, "by_label": {}}


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--store", str(tmp_path), "ingest", "x"]) == 2  # --label is required
    assert "--label" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "fr", "en"),
    [
        (["-k", "0"], "0 n'est pas dans l'intervalle 1<=x<=1000", "0 is not in the range 1<=x"),
        (["-k", "trois"], "« trois » : valeur invalide (entier)", "'trois': invalid value (int"),
    ],
)
def test_a_bad_value_is_told_in_the_interface_language(
    capsys: pytest.CaptureFixture[str], args: list[str], fr: str, en: str
) -> None:
    for lang, expected in (("fr", fr), ("en", en)):
        assert run(["--lang", lang, "search", *args, "pont"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("[E-USAGE] ") and expected in err, err


def test_every_command_is_registered_by_the_module_named_for_it() -> None:
    import typer

    from egide.cli.main import COMMANDS, build

    assert set(typer.main.get_command(build()).commands) == set(COMMANDS)  # type: ignore[attr-defined]
    for name, module in COMMANDS.items():
        assert set(typer.main.get_command(build(name)).commands) == {  # type: ignore[attr-defined]
            other for other, owner in COMMANDS.items() if owner == module
        }


def test_a_command_through_the_service_loads_neither_store_nor_models(tmp_path: Path) -> None:
    """``egide search`` with a service address imports the command's module and the HTTP
    client, not the local store, the models, numpy or the full settings (the service is
    unreachable here: the command fails with its coded error after the imports that
    matter)."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from egide.cli.main import run\n"
        "code = run(['--url', 'https://127.0.0.1:9', 'search', 'pont'])\n"
        "heavy = [m for m in ('egide.app', 'egide.store.db', 'numpy', 'egide.decide.model',"
        " 'egide.products.brief', 'egide.retrieve.hybrid', 'egide.settings')"
        " if m in sys.modules]\n"
        "print(code, heavy)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": ":".join(sys.path)}
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert out.stderr.startswith("[E-SERVICE] "), out.stderr
    assert out.stdout.split(" ", 1)[1].strip() == "[]"


def test_building_the_tree_again_registers_each_command_once() -> None:
    from egide.cli import decision
    from egide.cli.main import build

    build("decision")
    names = [info.name for info in decision.group.registered_commands]
    build()
    build("decision")
    assert [info.name for info in decision.group.registered_commands] == names
    assert len(names) == len(set(names)) > 20
