"""A message pushed through ``egide watch`` (a client of the service) appears on the
live alert board, which raises its banner to the alert's marking; acknowledged from the
board."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.browser.conftest import DR, Visit
from tests.integration.service.conftest import Service


def watch(service: Service, user: str, messages: list[dict[str, object]], folder: Path,
          name: str) -> subprocess.CompletedProcess[str]:
    """Run ``egide watch`` as a client of the service (``EGIDE_URL``)."""
    import os

    login = service.logins[user]
    source = folder / f"{name}.jsonl"
    source.write_text("\n".join(json.dumps(m, ensure_ascii=False) for m in messages) + "\n")
    rules = folder / "rules.yaml"
    rules.write_text(
        "rules:\n  - id: R-PONT\n    priority: FLASH\n    when:\n      any: [pont, bridge]\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGIDE_")}
    env.update({
        "EGIDE_URL": service.url,
        "EGIDE_CLIENT__CERT": login.cert,
        "EGIDE_CLIENT__KEY": login.key,
        "EGIDE_CLIENT__CA": str(service.settings.service.client_ca),
        "EGIDE_HOME": str(folder / "nowhere"),
    })
    return subprocess.run(
        [sys.executable, "-m", "egide", "watch", str(source), "--rules", str(rules),
         "--label", "DR", "--name", name, "--json"],
        capture_output=True, text=True, env=env, timeout=300, cwd=folder,
    )


def test_watched_message_reaches_the_board(
    visit: Callable[..., Visit], service: Service, tmp_path: Path
) -> None:
    v = visit()
    v.login_password("analyste.dr")
    v.go("/alerts")
    v.page.wait_for_selector("#board[data-live='1']")
    before = v.page.locator("tr.alert-row").count()
    messages = [
        {"id": "web-1", "text": "Le pont de Lipno est gardé par deux blindés.", "channel": "radio"},
        {"id": "web-2", "text": "Rien à signaler sur la route R12.", "channel": "radio"},
    ]
    done = watch(service, "analyste.s", messages, tmp_path, "navigateur")
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == ["web-1"]
    row = v.page.locator("tr.alert-row", has_text="pont de Lipno")
    row.wait_for()
    assert v.page.locator("tr.alert-row").count() == before + 1
    assert "FLASH" in row.inner_text()
    assert v.banners() == (DR, DR)
    v.shot("alertes")
    row.locator("button.ack").click()
    v.page.locator("tr.alert-row", has_text="Vu le").first.wait_for()
    # The acknowledgement is recorded: a fresh load shows it.
    v.go("/alerts?priority=FLASH")
    flash = v.page.locator("tr.alert-row", has_text="pont de Lipno")
    assert "Vu le" in flash.inner_text()
    assert all("FLASH" in r for r in v.page.locator("tr.alert-row").all_inner_texts())
