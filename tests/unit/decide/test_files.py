"""Decision files: versions, labels, citations, roles, import and export."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest
import yaml

from egide.app import App
from egide.decide import decision, edits, files
from egide.decide.model import Ref
from egide.errors import (
    AccessDeniedError,
    CitationError,
    DecisionError,
    DecisionNotFoundError,
    LabelEmptyError,
)

Q_DR = "une colonne de douze véhicules blindés a été observée"
Q_S = "un pont flottant dissimulé dans le bois de Resna"


def _me(refs: list[Ref] | None = None, assumption: bool = False) -> dict[str, object]:
    return {"title": "Franchissement en force", "refs": refs or [], "assumption": assumption}


def test_a_file_is_versioned_and_marked_by_what_it_cites(staff: Callable[[str], App]) -> None:
    em, dr = staff("em"), staff("dr")
    user = em.require_user()
    file = files.create(em, user, "Franchissement de la Virna", "DR")
    assert (file.version, file.label) == (1, "DIFFUSION RESTREINTE – SPÉCIAL FRANCE")
    file, me1 = edits.add(em, user, file.id, "me", _me([Ref(doc="cr-liaison.txt", quote=Q_DR)]))
    assert file.version == 2 and file.label == "DIFFUSION RESTREINTE – SPÉCIAL FRANCE"
    ref = file.me[0].refs[0]
    assert (
        ref.grade == "B2" and ref.label == "DIFFUSION RESTREINTE – SPÉCIAL FRANCE" and ref.chunk_id
    )
    assert files.fetch(dr, dr.require_user(), file.id).version == 2
    file, _ = edits.add(
        em,
        user,
        file.id,
        "evidence",
        {"text": "Pont flottant", "refs": [{"doc": "bulletin.txt", "quote": Q_S}]},
    )
    assert file.label == "SECRET – SPÉCIAL FRANCE" and file.version == 3
    with pytest.raises(DecisionNotFoundError):
        files.fetch(dr, dr.require_user(), file.id)
    with pytest.raises(DecisionNotFoundError):
        files.fetch(dr, dr.require_user(), file.id, version=2)
    assert files.listing(dr, dr.require_user()) == []
    assert [h["version"] for h in files.history(em, user, file.id)] == [1, 2, 3]
    assert files.fetch(em, user, file.id, version=1).me == []
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        em.db.execute("UPDATE decision_files SET body = '{}' WHERE uid = ?", (file.id,))
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        em.db.execute("DELETE FROM decision_files WHERE uid = ?", (file.id,))
    assert me1 == "ME1"


def test_citations_are_verified_against_what_the_author_may_read(
    staff: Callable[[str], App],
) -> None:
    em, dr = staff("em"), staff("dr")
    mine = files.create(dr, dr.require_user(), "Dossier DR", "DR")
    with pytest.raises(CitationError) as unreadable:
        edits.add(dr, dr.require_user(), mine.id, "me", _me([Ref(doc="bulletin.txt", quote=Q_S)]))
    with pytest.raises(CitationError) as absent:
        edits.add(dr, dr.require_user(), mine.id, "me", _me([Ref(doc="nulle-part.txt", quote=Q_S)]))
    assert unreadable.value.message("fr").replace("bulletin.txt", "X") == absent.value.message(
        "fr"
    ).replace("nulle-part.txt", "X"), "an unreadable chunk looks like a missing one"
    with pytest.raises(CitationError):
        edits.add(
            em,
            em.require_user(),
            mine.id,
            "me",
            _me([Ref(doc="cr-liaison.txt", quote="douze chars blindés russes et encore")]),
        )
    with pytest.raises(DecisionError, match="cites no source"):
        edits.add(dr, dr.require_user(), mine.id, "me", _me())
    file, _ = edits.add(dr, dr.require_user(), mine.id, "me", _me(assumption=True))
    assert file.me[0].assumption and file.version == 2


def test_yaml_import_sets_markings_grades_and_ids_by_code(staff: Callable[[str], App]) -> None:
    em = staff("em")
    user = em.require_user()
    text = yaml.safe_dump(
        {
            "title": "Import",
            "id": "DD-FORGED",
            "label": "NP",
            "floor_label": "DR",
            "me": [
                {
                    "id": "ME1",
                    "title": "Franchissement",
                    "refs": [
                        {
                            "doc": "bulletin.txt",
                            "quote": Q_S,
                            "grade": "A1",
                            "label": "NP",
                            "chunk_id": None,
                        },
                    ],
                }
            ],
        },
        allow_unicode=True,
    )
    file = files.import_yaml(em, user, text, "dossier.yaml")
    assert (
        file.id != "DD-FORGED"
        and file.label == "SECRET – SPÉCIAL FRANCE"
        and file.floor_label == "DIFFUSION RESTREINTE – SPÉCIAL FRANCE"
    )
    assert (
        file.me[0].refs[0].grade == "A2" and file.me[0].refs[0].label == "SECRET – SPÉCIAL FRANCE"
    )
    again = files.import_yaml(em, user, files.to_yaml(file), "export.yaml", uid=file.id)
    assert again.version == 2 and again.me == file.me
    with pytest.raises(LabelEmptyError):
        files.import_yaml(em, user, "title: Sans marquage\n", "x.yaml")
    with pytest.raises(DecisionError, match="line 2"):
        files.import_yaml(em, user, "title: Mauvais\nme: 3\n", "x.yaml", floor="DR")
    forged = yaml.safe_load(files.to_yaml(file))
    forged["weights"] = {"values": {}, "set_by": "em", "set_at": "x", "role": "decideur"}
    with pytest.raises(DecisionError, match="weights"):
        files.import_yaml(em, user, yaml.safe_dump(forged), "x.yaml", uid=file.id)


def _ready(staff: Callable[[str], App]) -> tuple[App, str]:
    """A file with two MA, one ME, two criteria and values; no weights yet."""
    em = staff("em")
    user = em.require_user()
    file = files.create(em, user, "Comparaison", "DR")
    edits.add(em, user, file.id, "me", _me(assumption=True))
    for title in ("Défense ferme au gué", "Contre-attaque depuis Orlen"):
        edits.add(em, user, file.id, "ma", {"title": title, "assumption": True})
    for title, direction in (("délais", "min"), ("pertes", "min")):
        edits.add(
            em,
            user,
            file.id,
            "criterion",
            {"title": title, "direction": direction, "assumption": True},
        )
    for ma, row in {"MA1": (6, 40), "MA2": (4, 60)}.items():
        for c, v in zip(("C1", "C2"), row, strict=True):
            edits.value(em, user, file.id, ma, c, v)
    return em, file.id


def test_only_the_commander_or_chief_of_staff_set_weights(staff: Callable[[str], App]) -> None:
    em, uid = _ready(staff)
    with pytest.raises(AccessDeniedError):
        decision.set_weights(em, em.require_user(), uid, {"C1": 1, "C2": 1})
    denied = em.db.execute(
        "SELECT COUNT(*) FROM audit WHERE action = 'access.denied' AND actor = 'em'"
    ).fetchone()[0]
    assert denied == 1
    cem = staff("cem")
    file = decision.set_weights(cem, cem.require_user(), uid, {"C1": 3, "C2": 1})
    assert file.weights is not None and file.weights.role == "chef_etat_major"
    assert file.weights.values == {"C1": 3.0, "C2": 1.0}
    with pytest.raises(DecisionError, match="invalid weights"):
        decision.set_weights(cem, cem.require_user(), uid, {"C9": 1})


def test_the_decision_is_the_commanders_and_is_audited(staff: Callable[[str], App]) -> None:
    em, uid = _ready(staff)
    cem, chef = staff("cem"), staff("chef")
    decision.set_weights(cem, cem.require_user(), uid, {"C1": 3, "C2": 1})
    with pytest.raises(AccessDeniedError):
        decision.record(em, em.require_user(), uid, "MA2", "motif")
    with pytest.raises(AccessDeniedError):
        decision.record(cem, cem.require_user(), uid, "MA2", "motif")
    decision.recommend(em, em.require_user(), uid, "MA2", "délais les plus courts")
    with pytest.raises(DecisionError, match="reason for the deviation"):
        decision.record(chef, chef.require_user(), uid, "MA1", "je préfère tenir le gué")
    with pytest.raises(DecisionError):
        decision.record(chef, chef.require_user(), uid, "MA9", "inconnu")
    file = decision.record(
        chef, chef.require_user(), uid, "MA1", "tenir le gué", deviation_reason="pertes"
    )
    d = file.decision
    assert d is not None and d.by == "chef" and d.deviation and d.recommended == "MA2"
    assert d.version == file.version - 1
    assert set(d.hashes) == {"file", "matrix", "weights", "evidence", "software", "models"}
    row = chef.db.execute(
        "SELECT actor, record FROM audit WHERE seq = ?", (d.audit_seq,)
    ).fetchone()
    assert row["actor"] == "chef" and '"action":"decision.record"' in row["record"]
    assert d.hashes["file"] == files.history(chef, chef.require_user(), uid)[-2]["body_sha256"]
    assert decision.audited(chef, chef.require_user(), uid) == []
    later, _ = edits.add(
        em,
        em.require_user(),
        uid,
        "critique",
        {"text": "Et si le gué est piégé ?", "assumption": True},
    )
    assert later.decision == d, "a later change keeps the decision, on the version it was taken"
    with pytest.raises(DecisionError, match="decision"):
        files.import_yaml(
            em,
            em.require_user(),
            files.to_yaml(later).replace("tenir le gué", "autre motif"),
            "x.yaml",
            uid=uid,
        )


def test_the_effet_majeur_is_validated_by_the_commander_only(staff: Callable[[str], App]) -> None:
    em, chef = staff("em"), staff("chef")
    file = files.create(em, em.require_user(), "Effet", "DR")
    edits.effet(
        em, em.require_user(), file.id, {"text": "Interdire le franchissement", "assumption": True}
    )
    with pytest.raises(AccessDeniedError):
        decision.validate_effet(em, em.require_user(), file.id)
    done = decision.validate_effet(chef, chef.require_user(), file.id)
    assert done.effet_majeur is not None and done.effet_majeur.validated_by == "chef"
    again = edits.effet(em, em.require_user(), file.id, {"text": "Interdire Lipno"})
    assert again.effet_majeur is not None and again.effet_majeur.validated_by is None


def test_an_author_cannot_claim_a_model_proposal_or_its_acceptance(
    staff: Callable[[str], App],
) -> None:
    em = staff("em")
    user = em.require_user()
    uid = files.create(em, user, "Origine", "DR").id
    for forged in ({"origin": "IA"}, {"accepted_by": "chef"}):
        with pytest.raises(DecisionError, match="accepted"):
            edits.add(em, user, uid, "me", {**_me(assumption=True), **forged})
        with pytest.raises(DecisionError, match="accepted"):
            edits.mission(em, user, uid, {"lettre": "Tenir", **forged})
    _, me1 = edits.add(em, user, uid, "me", _me(assumption=True))
    with pytest.raises(DecisionError, match="accepted"):
        edits.change(em, user, uid, me1, {"accepted_by": "chef"})
    assert files.fetch(em, user, uid).me[0].origin == "état-major"
