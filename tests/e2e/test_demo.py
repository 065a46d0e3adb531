"""``egide demo`` on the shipped scenario: every document ingests, the Secret analyst
sees more than the DR analyst, the allied officer sees no French national document but
the NATO one, the hostile document is flagged, and a re-run is a no-op."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import SCENARIO
from tests.e2e.conftest import Result


def test_demo(egide: Callable[..., Result], tmp_path: Path) -> None:
    store = tmp_path / "demo"
    res = egide("demo", "--demo-store", str(store), "--examples", str(SCENARIO), "--json")
    assert res.code == 0, res.err
    data = res.json()
    assert all(b["failed"] == [] for b in data["batches"]), data["batches"]
    total = sum(b["ingested"] for b in data["batches"])
    assert 25 <= total <= 40
    assert len(data["searches"]) >= 3
    low = {"NON PROTÉGÉ", "DIFFUSION RESTREINTE – SPÉCIAL FRANCE"}
    allied = {"NON PROTÉGÉ", "SECRET – OTAN – REL OTAN"}
    secret_in_top = 0
    for search in data["searches"]:
        seen = search["by_user"]
        assert set(seen["analyste.dr"]["by_label"]) <= low
        assert seen["analyste.dr"]["results"] == seen["analyste.s"]["results"] == 10
        assert set(seen["officier.otan"]["by_label"]) <= allied
        secret_in_top += any(label.startswith("SECRET") for label in seen["analyste.s"]["by_label"])
    assert secret_in_top >= 2, "the Secret analyst's best passages include Secret reports"
    stats = data["stats"]
    assert set(stats["analyste.dr"]["by_label"]) == low
    assert "SECRET – SPÉCIAL FRANCE" in stats["analyste.s"]["by_label"]
    assert set(stats["officier.otan"]["by_label"]) == allied
    nato = sum(b["ingested"] for b in data["batches"] if b["label"] == "NATO SECRET")
    assert nato == 1
    assert stats["analyste.s"]["documents"] == total - nato  # no OTAN compartment
    kinds = {k for flag in data["flags"] for k in flag["kinds"]}
    assert {"html_comment", "hidden_element", "zero_width", "injection"} <= kinds

    again = egide("demo", "--demo-store", str(store), "--examples", str(SCENARIO))
    assert again.code == 0, again.err
    text = again.out
    assert text.count("0 ingéré(s)") == len(data["batches"]), "a re-run stores nothing new"
    assert "doublon(s)" in text and "Requête : « " in text
    assert "analyste.dr (DR) — 10 premiers passages par marquage" in text
    assert "À essayer ensuite" in text and "Traceback" not in again.err
