"""A small store for decision files: two reports (DR and Secret), a staff officer, a
chief of staff and a commander."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from egide.app import App
from egide.ingest.runner import ingest
from egide.security.principals import make_user
from egide.store import users
from egide.store.db import transaction

DR_TEXT = (
    "Compte rendu de liaison. Le 14 mars 2026, une colonne de douze véhicules blindés a été "
    "observée près du pont de Sarvik, sur la rive est de la Virna. Les pêcheurs disent que "
    "le gué de Lipno redevient praticable quand la Virna baisse."
)
S_TEXT = (
    "Bulletin de renseignement. La 14e brigade prépare un franchissement au gué de Lipno avec "
    "un pont flottant dissimulé dans le bois de Resna. L'heure H serait fixée dans la nuit."
)


@pytest.fixture
def staff(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> Iterator[Callable[[str], App]]:
    """``staff("em")`` → an App acting as one of: em (analyst, S), cem (chief of staff,
    S), chef (decideur, S), dr (analyst, DR); the two reports are ingested."""
    with transaction(store.db):
        users.add(store.db, make_user("em", "S", "FRA", roles=["analyst"]), store.seal)
        chief = make_user("cem", "S", "FRA", roles=["chef_etat_major", "analyst"])
        users.add(store.db, chief, store.seal)
        users.add(store.db, make_user("chef", "S", "FRA", roles=["decideur"]), store.seal)
    (tmp_path / "dr").mkdir()
    (tmp_path / "s").mkdir()
    (tmp_path / "dr" / "cr-liaison.txt").write_text(DR_TEXT, encoding="utf-8")
    (tmp_path / "s" / "bulletin.txt").write_text(S_TEXT, encoding="utf-8")
    em = as_user("em")
    ingest(em, [tmp_path / "dr"], "DR", "B2", embed=False)
    ingest(em, [tmp_path / "s"], "S", "A2", embed=False)
    yield as_user
