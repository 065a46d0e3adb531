"""``egide triage train`` on the example CSV, then ``egide watch --model --requirements``:
classes and scores on every message, requirement alerts, and a model marked above the
watcher's clearance refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import REPO
from tests.e2e.conftest import Result
from tests.e2e.test_cli import setup_store

Run = Callable[..., Result]
EXAMPLE = REPO / "examples" / "stream"


def train(name: str, *extra: str) -> list[str]:
    return [
        "triage",
        "train",
        str(EXAMPLE / "exemples-tri.csv"),
        "--text-field",
        "texte",
        "--label-field",
        "classe",
        "--name",
        name,
        *extra,
    ]


def test_train_then_watch_with_the_model(egide: Run, tmp_path: Path) -> None:
    setup_store(egide)
    res = egide(*train("tri", "--json"), user="ana.s")
    assert res.code == 0, res.err
    report = res.json()
    assert report["version"] == 1 and report["examples"] == 96 and report["folds"] == 5
    assert set(report["classes"]) == {"mouvement", "logistique", "civil", "aerien"}
    assert 0.5 < report["macro_f1"] <= 1.0
    assert egide(*train("tri", "--json"), user="ana.s").json()["version"] == 2
    listed = egide("triage", "list", "--json", user="ana.dr").json()
    assert [m["version"] for m in listed] == [1, 2]
    watch = egide(
        "watch",
        str(EXAMPLE / "messages.jsonl"),
        "--label",
        "NP",
        "--model",
        "tri",
        "--requirements",
        str(EXAMPLE / "besoins.yaml"),
        "--emit",
        "all",
        "--json",
        user="ana.s",
    )
    assert watch.code == 0, watch.err
    lines = watch.lines()
    assert lines and all(x["class"] in report["classes"] for x in lines)
    assert all(abs(sum(x["scores"].values()) - 1) < 1e-3 for x in lines)
    by_id = {x["id"]: x for x in lines}
    assert by_id["m038"]["alert"] and by_id["m038"]["requirements"][0]["id"] == "BR-2"
    assert by_id["m016"]["class"] == "aerien"


def test_a_model_above_the_watcher_s_clearance_is_refused(egide: Run) -> None:
    setup_store(egide)
    res = egide(*train("secret", "--label", "S"), user="ana.s")
    assert res.code == 0, res.err
    assert egide("triage", "list", "--json", user="ana.dr").json() == []
    refused = egide(
        "watch",
        str(EXAMPLE / "messages.jsonl"),
        "--label",
        "NP",
        "--model",
        "secret",
        user="ana.dr",
    )
    assert refused.code != 0 and "[E-ACCESS" in refused.err


def test_bad_examples_are_clear_errors(egide: Run, tmp_path: Path) -> None:
    setup_store(egide)
    res = egide(
        "triage",
        "train",
        str(EXAMPLE / "exemples-tri.csv"),
        "--text-field",
        "text",
        "--label-field",
        "classe",
        "--name",
        "x",
        user="ana.s",
    )
    assert res.code == 2 and "[E-TRIAGE-MODEL]" in res.err and "texte" in res.err
