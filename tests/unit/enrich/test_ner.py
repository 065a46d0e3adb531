from __future__ import annotations

import itertools

from egide.enrich.entities import Enricher
from egide.enrich.ner import rule_entities


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
