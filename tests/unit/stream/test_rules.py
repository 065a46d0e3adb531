"""The rules file: the example loads; every mistake is reported with its line."""

from __future__ import annotations

import pytest

from egide.errors import RulesError
from egide.stream import rules
from tests.conftest import REPO

GOOD = """\
watchlists:
  unites: [14e brigade]
geofences:
  gue: {center_mgrs: 42UUA1681924622, radius_km: 3}
rules:
  - id: R-1
    when: {watchlist: [unites], geofence: [gue]}
    priority: FLASH
"""


def test_the_example_rules_load() -> None:
    loaded = rules.load(REPO / "examples" / "stream" / "rules.yaml")
    assert {r.id for r in loaded.rules} >= {"R-FRANCHISSEMENT", "R-LIPNO"}
    assert loaded.geofences["gue-lipno"].center is not None


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (GOOD.replace("priority: FLASH", "priority: TRES_URGENT"), 8, "rules.0.priority"),
        (GOOD.replace("radius_km: 3", "radius_km: -3"), 4, "geofences.gue.radius_km"),
        (GOOD.replace("center_mgrs: 42UUA1681924622, ", ""), 4, "geofences.gue"),
        (GOOD.replace("when: {", "when: {regex: '([', "), 7, "regex"),
        (GOOD.replace("geofence: [gue]", "geofence: [ailleurs]"), 7, "ailleurs"),
        (GOOD.replace("watchlists:", "watchlist:"), 1, "watchlist"),
        (GOOD + "  - id: R-1\n    when: {any: [x]}\n", 9, "double"),
        (GOOD.replace("  unites: [14e brigade]", "  unites: [14e brigade"), 3, "YAML"),
        (GOOD.replace("when: {", "when: {label_min: ULTRA, "), 7, "label_min"),
    ],
)
def test_errors_name_their_line(text: str, line: int, words: str) -> None:
    with pytest.raises(RulesError) as info:
        rules.parse(text, "r.yaml")
    message = info.value.render("fr")
    assert f"ligne {line}" in message and words in message and message.startswith("[E-RULES]")


def test_the_fingerprint_follows_the_text() -> None:
    assert rules.parse(GOOD).fingerprint == rules.parse(GOOD).fingerprint
    assert rules.parse(GOOD).fingerprint != rules.parse(GOOD + "\n# autre\n").fingerprint


def test_an_empty_value_is_reported_with_its_line() -> None:
    text = "version: 1\nrules:\n  - id: R1\n    description:\n    when: {any: [PMP]}\n"
    with pytest.raises(RulesError) as info:
        rules.parse(text, "r.yaml")
    assert "ligne 4" in info.value.message("fr")
