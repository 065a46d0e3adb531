"""Releasability (SECURITY.md §1): a national marking without a releasability part is
Spécial France; NATO markings go to NATO nations; the originator's marking is kept as
written while the canonical label decides access."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from egide.app import App
from egide.errors import AccessDeniedError
from egide.ingest.runner import ingest
from egide.products import brief

CANARY_DR, CANARY_S = "canari-dr-5512", "canari-s-8820"


def write(root: Path, name: str, text: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")
    return root


def seed(as_user: Callable[[str], App], tmp_path: Path) -> None:
    for i in range(3):
        write(tmp_path / "np", f"{i}.txt", f"Dépêche {i} : le pont de Sarvik est fermé.")
        write(tmp_path / "dr", f"{i}.txt", f"Compte rendu {CANARY_DR} {i} : pont de Sarvik gardé.")
        write(tmp_path / "s", f"{i}.txt", f"Renseignement {CANARY_S} {i} : pont de Sarvik miné.")
    write(tmp_path / "nato", "intsum.txt", "NATO INTSUM: the Sarvik bridge (pont) is destroyed.")
    ingest(as_user("s"), [tmp_path / "np"], "NP", embed=False)
    ingest(as_user("s"), [tmp_path / "dr"], "DIFFUSION RESTREINTE", embed=False)
    ingest(as_user("s"), [tmp_path / "s"], "SECRET", embed=False)
    ingest(as_user("otan"), [tmp_path / "nato"], "NATO SECRET", embed=False)


def test_german_officer_no_longer_sees_french_national_documents(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    seed(as_user, tmp_path)
    officer = as_user("otan")  # S, compartment OTAN, nationality DEU
    officer.settings.embed.model = "none"
    hits = officer.search("pont de Sarvik canari", limit=50).hits
    labels = {h.row["chunk_label"] for h in hits}
    assert labels == {"NON PROTÉGÉ", "SECRET – OTAN – REL OTAN"}
    text = " ".join(h.row["text"] for h in hits)
    assert CANARY_DR not in text and CANARY_S not in text
    assert set(officer.stats().by_label) == {"NON PROTÉGÉ", "SECRET – OTAN – REL OTAN"}

    fiche = brief.create(officer, "pont de Sarvik", engine="extractive")
    cited = {s.label for s in fiche.sources}
    assert cited and cited <= {"NON PROTÉGÉ", "SECRET – OTAN – REL OTAN"}
    assert CANARY_DR not in str(fiche.to_json()) and CANARY_S not in str(fiche.to_json())
    # the question is marked at its author's clearance: releasable to his nation only
    assert fiche.label == "SECRET – OTAN – REL DEU"
    low = brief.create(officer, "pont de Sarvik", engine="extractive", question_label="NP")
    assert low.label == "SECRET – OTAN – REL OTAN"

    french = as_user("s")  # S, nationality FRA, no compartment
    french.settings.embed.model = "none"
    seen = {h.row["chunk_label"] for h in french.search("pont de Sarvik", limit=50).hits}
    assert seen == {
        "NON PROTÉGÉ",
        "DIFFUSION RESTREINTE – SPÉCIAL FRANCE",
        "SECRET – SPÉCIAL FRANCE",
    }
    assert CANARY_S in " ".join(h.row["text"] for h in french.search(CANARY_S, limit=5).hits)


def test_the_originators_marking_is_kept_and_shown_as_written(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    seed(as_user, tmp_path)
    officer = as_user("otan")
    officer.settings.embed.model = "none"
    hit = next(h for h in officer.search("NATO INTSUM", limit=5).hits if "INTSUM" in h.row["text"])
    shown = hit.to_dict()
    assert shown["document"]["marking"] == "NATO SECRET"
    assert shown["label"] == shown["document"]["label"] == "SECRET – OTAN – REL OTAN"


def test_the_nato_nations_are_a_setting(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    app = as_user("otan")
    assert app.parse_marking("NATO SECRET").releasability is not None
    narrow = App(
        app.settings.model_copy(
            update={"labels": app.settings.labels.model_copy(update={"nato_nations": ["FRA"]})},
            deep=True,
        )
    )
    try:
        assert narrow.parse_marking("NATO SECRET").releasability == frozenset({"FRA"})
        write(tmp_path / "n", "a.txt", "Une note OTAN.")
        with pytest.raises(AccessDeniedError):  # a German officer, NATO limited to France
            ingest(narrow, [tmp_path / "n"], "NATO SECRET", embed=False)
    finally:
        narrow.close()
