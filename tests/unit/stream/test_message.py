"""Parsing stream messages: every refusal has a reason; labels and positions are checked."""

from __future__ import annotations

import json

import pytest

from egide.security.labels import PUBLIC, parse_label
from egide.stream.message import Rejected, parse


def raw(**fields: object) -> bytes:
    return json.dumps(fields).encode()


def test_a_complete_message() -> None:
    m = parse(
        raw(
            id=7,
            text="Convoi au gué",
            time="2026-04-12T21:00:00Z",
            channel="radio",
            author="VIPERE 6",
            label="DR",
            lat=49.8,
            lon=66.4,
        ),
        PUBLIC,
        1000,
    )
    assert m.id == "7" and m.label == parse_label("DR") and (m.lat, m.lon) == (49.8, 66.4)
    assert m.channel == "radio" and m.author == "VIPERE 6"


def test_a_message_without_label_takes_the_source_s() -> None:
    assert parse(raw(id="a", text="x"), parse_label("DR"), 1000).label == parse_label("DR")


def test_mgrs_becomes_lat_lon() -> None:
    m = parse(raw(id="a", text="x", mgrs="42U UA 16819 24622"), PUBLIC, 1000)
    assert m.lat == pytest.approx(49.846, abs=0.01) and m.lon == pytest.approx(66.45, abs=0.01)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"id": "a" "text": "x"}', "bad_json"),
        (b"\xff\xfe", "bad_json"),
        (b"[1, 2]", "not_an_object"),
        (raw(text="x"), "missing_id"),
        (raw(id="", text="x"), "missing_id"),
        (raw(id=True, text="x"), "missing_id"),
        (raw(id="a"), "missing_text"),
        (raw(id="a", text="x", label="TRES SECRET ROUGE"), "bad_label"),
        (raw(id="a", text="x", lat=95, lon=3), "bad_position"),
        (raw(id="a", text="x", lat="nord", lon=3), "bad_position"),
        (raw(id="a", text="x", mgrs="99ZZZ"), "bad_position"),
        (raw(id="a", text="x" * 2000), "too_large"),
    ],
)
def test_refusals_carry_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(Rejected) as info:
        parse(data, PUBLIC, 1000)
    assert info.value.reason == reason


def test_no_label_anywhere_is_refused() -> None:
    with pytest.raises(Rejected) as info:
        parse(raw(id="a", text="x"), None, 1000)
    assert info.value.reason == "no_label"
