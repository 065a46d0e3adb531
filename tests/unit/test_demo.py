"""Where ``egide demo`` writes: the store the user named, never a fixed folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from egide.demo import DEFAULT_HOME, demo_home
from egide.settings import load_settings


def test_demo_store_follows_the_store_option_and_egide_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert demo_home(load_settings(), None) == DEFAULT_HOME == Path(".egide-demo")
    assert demo_home(load_settings(home=tmp_path / "opt"), None) == tmp_path / "opt"
    monkeypatch.setenv("EGIDE_HOME", str(tmp_path / "env"))
    assert demo_home(load_settings(), None) == tmp_path / "env"
    assert demo_home(load_settings(), tmp_path / "explicit") == tmp_path / "explicit"
