"""Triage of the example stream under the example rules: priorities, explanations,
deterministic alert ids."""

from __future__ import annotations

import json

import pytest

from egide.enrich.lexicon import Lexicon
from egide.security.labels import PUBLIC
from egide.stream import rules
from egide.stream.message import Message, Rejected, parse
from egide.stream.rules import Priority
from egide.stream.triage import Triager, alert_id
from tests.conftest import REPO

EXAMPLE = REPO / "examples" / "stream"


@pytest.fixture(scope="module")
def triager(lexicon: Lexicon) -> Triager:
    return Triager(rules.load(EXAMPLE / "rules.yaml"), lexicon, ("fr", "en"))


def messages() -> dict[str, Message]:
    out = {}
    for line in (EXAMPLE / "messages.jsonl").read_bytes().splitlines():
        try:
            m = parse(line, PUBLIC, 65536)
        except Rejected:
            continue
        out[m.id] = m
    return out


def test_priorities_and_reasons(triager: Triager) -> None:
    m = messages()
    pontoon = triager.triage(m["m009"])
    assert pontoon.priority is Priority.FLASH and pontoon.alert
    assert {w["rule"] for w in pontoon.why} == {"R-FRANCHISSEMENT", "R-LIPNO"}
    lipno = next(w for w in pontoon.why if w["rule"] == "R-LIPNO")
    assert "bois-resna" in lipno["areas"] and "pmp" in lipno["watchlists"]["materiels"]
    call_sign = triager.triage(m["m002"])  # radio channel, call signs, MGRS in the wood
    assert call_sign.priority is Priority.URGENT and "bois-resna" in call_sign.areas
    h_hour = triager.triage(m["m025"])
    assert [w["rule"] for w in h_hour.why] == ["R-HEURE-H"] and h_hour.why[0]["regex"]
    quiet = triager.triage(m["m010"])
    assert quiet.priority is Priority.ROUTINE and not quiet.alert and quiet.alert_id is None
    drone_elsewhere = triager.triage(m["m024"])  # drones, but far from the bridge
    assert not drone_elsewhere.alert


def test_label_min_and_channel_conditions(triager: Triager) -> None:
    m = messages()
    unlabelled_h_hour = Message("x", "heure H confirmée", PUBLIC)
    assert not triager.triage(unlabelled_h_hour).alert  # R-HEURE-H needs at least DR
    call_sign_in_a_post = Message(
        "y", "VIPERE 6 est sur les réseaux", m["m002"].label, channel="osint"
    )
    assert not triager.triage(call_sign_in_a_post).alert  # R-INDICATIF needs a radio channel


def test_alert_ids_are_deterministic(triager: Triager, lexicon: Lexicon) -> None:
    m = messages()["m030"]
    first, again = triager.triage(m), triager.triage(m)
    assert first.alert_id == again.alert_id == alert_id(m, triager.rules.fingerprint)
    other_rules = Triager(
        rules.parse((EXAMPLE / "rules.yaml").read_text("utf-8") + "\n# v2\n"), lexicon, ("fr",)
    )
    assert other_rules.triage(m).alert_id != first.alert_id
    edited = Message(m.id, m.text + " !", m.label, channel=m.channel, lat=m.lat, lon=m.lon)
    assert triager.triage(edited).alert_id != first.alert_id


def test_output_is_json_with_the_documented_fields(triager: Triager) -> None:
    out = triager.triage(messages()["m009"]).to_json()
    assert {
        "id",
        "label",
        "class",
        "scores",
        "priority",
        "alert",
        "why",
        "entities",
        "requirements",
    } <= set(out)
    json.dumps(out)
