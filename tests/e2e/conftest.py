"""Drive the installed ``egide`` command in a subprocess, as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    def lines(self) -> list[Any]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


def egide_env(home: Path, user: str | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGIDE_")}
    env["EGIDE_HOME"] = str(home)
    if user:
        env["EGIDE_USER"] = user
    env.update(extra)
    return env


@pytest.fixture
def egide(tmp_path: Path) -> Callable[..., Result]:
    home = tmp_path / "store"

    def run(*args: str, user: str | None = None, timeout: float = 300, **env: str) -> Result:
        proc = subprocess.run(
            [sys.executable, "-m", "egide", *args],
            capture_output=True,
            text=True,
            env=egide_env(home, user, **env),
            timeout=timeout,
            cwd=tmp_path,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return run


def dev_store(home: Path, cwd: Path, *users: tuple[str, str]) -> dict[str, str]:
    """Create a dev store at ``home`` (with users given as (name, clearance), French) and
    return the environment that drives it."""
    env = egide_env(home, None)
    commands = [["init", "--dev"]] + [
        ["user", "add", name, "--clearance", level, "--nationality", "FRA"] for name, level in users
    ]
    for command in commands:
        subprocess.run(
            [sys.executable, "-m", "egide", *command],
            env=env,
            check=True,
            capture_output=True,
            cwd=cwd,
        )
    return env
