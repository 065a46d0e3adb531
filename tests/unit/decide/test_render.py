"""The fiche's renderings: each format from one build, the export audited once with the
hash of each rendering."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from egide.app import App
from egide.decide import edits, files, render
from egide.decide.model import Ref

Q_DR = "une colonne de douze véhicules blindés a été observée"


def test_produce_renders_each_format_and_audits_their_hashes(staff: Callable[[str], App]) -> None:
    em = staff("em")
    user = em.require_user()
    uid = files.create(em, user, "Franchissement", "DR").id
    edits.add(
        em,
        user,
        uid,
        "me",
        {"title": "Franchissement", "refs": [Ref(doc="cr-liaison.txt", quote=Q_DR)]},
    )
    fiche, out = render.produce(em, user, uid, ["md", "json", "pdf", "md"])
    assert list(out) == ["md", "json", "pdf"]
    assert out["md"].decode().startswith("**DIFFUSION RESTREINTE – SPÉCIAL FRANCE**")
    assert json.loads(out["json"])["verification"] == fiche.verification
    assert fiche.verification["verified"] == fiche.verification["citations"] == 1
    assert out["pdf"].startswith(b"%PDF")
    rows = em.db.execute("SELECT record FROM audit WHERE action = 'decision.export'").fetchall()
    assert len(rows) == 1
    logged = json.loads(rows[0]["record"])["data"]["formats"]
    assert logged == {fmt: hashlib.sha256(raw).hexdigest() for fmt, raw in out.items()}
