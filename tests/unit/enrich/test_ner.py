from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from egide.enrich.entities import Enricher, resolve
from egide.enrich.ner import rule_entities, windows
from egide.types import Mention


def test_english_rules_find_people_organisations_places() -> None:
    text = (
        "General Teodor Kassar of the Tessar Liberation Front met Colonel Arkadi Volnec "
        "near Sarvik. The Ministry of Defence in Marevo denied it. The Virna River rose."
    )
    got = {(m.kind, m.surface) for m in rule_entities(text)}
    assert ("PER", "Teodor Kassar") in got
    assert ("PER", "Arkadi Volnec") in got
    assert ("LOC", "Sarvik") in got
    assert ("LOC", "Virna River") in got
    assert any(kind == "ORG" and "Liberation Front" in s for kind, s in got)
    assert any(kind == "ORG" and s.startswith("Ministry of Defence") for kind, s in got)


def test_french_uses_spacy_and_every_extractor(enricher: Enricher) -> None:
    text = (
        "Le colonel Arkadi Volnec a quitté Marevo le 14 mars 2026 avec un GTIA ; "
        "position 49.8123, 66.4521."
    )
    mentions = enricher.extract(text, "fr", None)
    kinds = {m.kind for m in mentions}
    assert {"PER", "DATE", "COORD", "UNIT", "RANK"} <= kinds, kinds
    spans = [(m.start, m.end) for m in mentions]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), "no overlaps"
    assert enricher.parts("fr")["ner"] == "ner.spacy-fr.v3"
    assert enricher.parts("en")["ner"] == "ner.rules.v3"


def test_a_text_longer_than_spacy_reads_at_once_is_read_in_windows(
    enricher: Enricher, monkeypatch: pytest.MonkeyPatch
) -> None:
    nlp = enricher._spacy._load()
    monkeypatch.setattr(nlp, "max_length", 2000)
    sentence = "Le colonel Arkadi Volnec est arrivé à Marevo hier soir avec sa brigade. "
    text = sentence * 100  # 7,200 characters on one line, beyond max_length
    mentions = enricher._spacy.entities(text)
    found = {(m.surface, text[m.start : m.end]) for m in mentions}
    assert {s for s, _ in found} >= {"Arkadi Volnec", "Marevo"}
    assert all(surface == at for surface, at in found), "offsets point into the whole text"
    assert max(m.start for m in mentions) > len(text) - len(sentence), "up to the end"


def test_a_batch_of_messages_gets_what_each_would_get_alone(
    enricher: Enricher, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tagging messages together (a stream's batch) changes no mention, even for a text
    cut in windows, and keeps the English ones on the rules."""
    nlp = enricher._spacy._load()
    monkeypatch.setattr(nlp, "max_length", 2000)
    long = "Le colonel Arkadi Volnec est arrivé à Marevo hier soir avec sa brigade. " * 40
    items = [
        ("Le général Tarnov a quitté Sarvik le 14 mars 2026 vers 31UDQ4825011500.", "fr", None),
        ("Colonel Petrov reached Kelmar with the 14th Brigade.", "en", None),
        ("Rien à signaler.", "fr", None),
        (long, "fr", None),
        ("La DGSE signale un convoi près du pont de Sarvik.", "fr", "2026-03-16"),
    ]
    together = enricher.extract_many(items)
    alone = [enricher.extract(*item) for item in items]
    assert together == alone
    assert any(m.kind == "PER" for m in together[0]) and any(m.kind == "PER" for m in together[1])
    assert max(m.start for m in together[3]) > len(long) - 80, "windows reach the end"


def test_windows_cover_the_text_and_cut_at_boundaries() -> None:
    text = "Première phrase. " * 30 + "\n" + "mot " * 300
    spans = windows(text, 200)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    assert all(0 < e - s <= 200 for s, e in spans)
    assert all(text[e - 1] in ". " or text[e] in "\n " for s, e in spans[:-1])
    assert windows("x" * 450, 200) == [(0, 200), (200, 400), (400, 450)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)), max_size=25),
        min_size=1,
        max_size=4,
    )
)
def test_overlaps_resolve_as_by_pairwise_comparison(spans: list[list[tuple[int, int]]]) -> None:
    groups = [
        [Mention("X", s, s + n, "x", "x", "x", f"g{g}") for s, n in group]
        for g, group in enumerate(spans)
    ]
    expected: list[Mention] = []
    for group in groups:
        for m in sorted(group, key=lambda m: (m.start, -m.end)):
            if not any(m.start < k.end and k.start < m.end for k in expected):
                expected.append(m)
    assert resolve(groups) == sorted(expected, key=lambda m: m.start)
