"""The fiche de synthèse on the demo store: marking, citations, contents, lifecycle."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from egide.app import App
from egide.errors import AccessDeniedError, ProductNotFoundError, ProductStateError
from egide.products import brief, lifecycle, verify
from egide.products.context import gather
from egide.products.export import markdown
from egide.security.labels import Level, parse_label
from egide.store import products
from egide.store.db import transaction

QUESTION = "pont de Sarvik détruit"


def texts(b: object) -> str:
    return json.dumps(b.to_json(), ensure_ascii=False)  # type: ignore[attr-defined]


def test_dr_brief_is_dr_and_holds_nothing_secret(demo: Callable[[str], App]) -> None:
    dr, s = demo("analyste.dr"), demo("analyste.s")
    low = brief.create(dr, QUESTION, engine="extractive")
    high = brief.create(s, QUESTION, engine="extractive")
    assert low.label == "DIFFUSION RESTREINTE – SPÉCIAL FRANCE"
    assert {src.label for src in low.sources} <= {
        "NON PROTÉGÉ",
        "DIFFUSION RESTREINTE – SPÉCIAL FRANCE",
    }
    assert parse_label(high.label).level == Level.S
    secret_docs = {src.document_id for src in high.sources if src.label.startswith("SECRET")}
    assert secret_docs and not secret_docs & {src.document_id for src in low.sources}
    for quote in (
        c.quote
        for cl in high.claims
        for c in cl.citations
        if cl.citations and c.source in {x.id for x in high.sources if x.label.startswith("SECRET")}
    ):
        assert quote not in texts(low)
    assert low.status == "draft" and low.engine == "extractive"


def test_every_citation_is_verbatim_in_its_chunk(demo: Callable[[str], App]) -> None:
    app = demo("analyste.s")
    b = brief.create(app, QUESTION, engine="extractive")
    assert 3 <= len(b.key_points) <= 7 and b.claims
    ctx = gather(app, app.require_user(), QUESTION, app.settings.products.passages)
    for claim in b.claims:
        for c in claim.citations:
            text = app.db.execute("SELECT text FROM chunks WHERE id = ?", (c.chunk_id,)).fetchone()[
                0
            ]
            assert c.quote in text
            doc = app.db.execute(
                "SELECT d.text FROM documents d JOIN chunks k ON "
                "k.document_id = d.id WHERE k.id = ?",
                (c.chunk_id,),
            ).fetchone()[0]
            assert doc[c.start : c.end] == c.quote
            assert verify.cite(c.quote, ctx.by_source(c.source)) is not None
    grades = {s.id: s.grade for s in b.sources}
    stored = {r[0]: r[1] for r in app.db.execute("SELECT uid, grade FROM documents")}
    assert all(stored[s.document_id] == grades[s.id] for s in b.sources)


def test_brief_lists_contradictions_timeline_entities(demo: Callable[[str], App]) -> None:
    b = brief.create(demo("analyste.s"), QUESTION, engine="extractive")
    contradictions = b.contradictions
    assert any("2026-03-14" in g.text and "2026-03-16" in g.text for g in contradictions)
    assert b.timeline and b.timeline == sorted(b.timeline, key=lambda e: e.date)
    assert all(e.citations for e in b.timeline)
    assert any(e.lat is not None and e.mgrs for e in b.entities)


def test_flagged_sentences_are_never_claims(demo: Callable[[str], App]) -> None:
    b = brief.create(
        demo("analyste.dr"), "pourparlers de Telvan calme sur la Virna", engine="extractive"
    )
    assert any(s.kind in {"html_comment", "hidden_element"} for s in b.suspicious)
    claims = " ".join(c.text for c in b.claims).lower()
    for planted in ("ignore", "défection", "très secret", "a1"):
        assert planted not in claims


def test_markdown_has_banners_and_draft_mark(demo: Callable[[str], App]) -> None:
    b = brief.create(demo("analyste.dr"), QUESTION, engine="extractive")
    lines = markdown.render(b).strip().splitlines()
    assert lines[0] == lines[-1] == "**DIFFUSION RESTREINTE – SPÉCIAL FRANCE**"
    assert "PROJET — NON VALIDÉ" in markdown.render(b)
    english = markdown.render(b, "en")
    assert "## 2. Facts" in english and "## 1. Key points" in english


def test_validation_rules(demo: Callable[[str], App]) -> None:
    s = demo("analyste.s")
    mine = brief.create(s, QUESTION, engine="extractive")  # Secret product
    with pytest.raises(AccessDeniedError):
        lifecycle.decide(s, mine.id, "validated", "relu")  # validator is the requester
    with pytest.raises(AccessDeniedError):
        lifecycle.decide(demo("analyste.dr"), mine.id, "validated", "relu")  # not a validator
    dr_brief = brief.create(demo("analyste.dr"), QUESTION, engine="extractive")
    with pytest.raises(ProductStateError):
        lifecycle.decide(s, dr_brief.id, "validated", "   ")
    body = lifecycle.decide(s, dr_brief.id, "validated", "Sources recoupées.")
    assert body["status"] == "validated" and body["validation"]["by"] == "analyste.s"
    with pytest.raises(ProductStateError):
        lifecycle.decide(s, dr_brief.id, "rejected", "trop tard")
    record = json.loads(
        s.db.execute("SELECT record FROM audit WHERE action = 'product.validated'").fetchone()[0]
    )
    assert record["data"]["text_sha256"] and "Sources recoupées" not in json.dumps(record)
    # the DR analyst cannot even see that the Secret product exists
    with pytest.raises(ProductNotFoundError):
        lifecycle.fetch(demo("analyste.dr"), demo("analyste.dr").require_user(), mine.id)
    visible = products.listing(s.db, [1, 2])
    assert mine.id not in {r["uid"] for r in visible}


def test_product_creation_is_audited_with_context(demo: Callable[[str], App]) -> None:
    app = demo("analyste.s")
    b = brief.create(app, QUESTION, engine="extractive")
    record = json.loads(
        app.db.execute("SELECT record FROM audit WHERE action = 'product.create'").fetchone()[0]
    )
    assert record["data"]["product"] == b.id and record["label"] == b.label
    assert record["data"]["context"] and all("label" in c for c in record["data"]["context"])


def test_audit_failure_refuses_the_product(demo: Callable[[str], App]) -> None:
    app = demo("analyste.s")
    app.db.execute(
        "CREATE TRIGGER jam BEFORE INSERT ON audit WHEN NEW.action = "
        "'product.create' BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    with pytest.raises(Exception) as info:
        brief.create(app, QUESTION, engine="extractive")
    assert getattr(info.value, "code", "") == "E-AUDIT"
    with transaction(app.db):
        assert app.db.execute("SELECT COUNT(*) FROM products").fetchone()[0] == 0


def test_an_off_topic_question_gets_no_brief(demo: Callable[[str], App]) -> None:
    b = brief.create(demo("analyste.s"), "recette de la tarte aux pommes", engine="extractive")
    assert not b.relevant and not b.key_points and not b.claims and not b.sources
    assert "aucune information pertinente dans le périmètre consulté" in markdown.render(b).lower()
    assert parse_label(b.label) == parse_label(b.question_label or "")


def test_a_question_worded_unlike_its_sources_still_gets_a_brief(
    demo: Callable[[str], App],
) -> None:
    # few of its words are in the passages, but the closest one is close in meaning
    b = brief.create(demo("analyste.s"), "attaque complexe attendue", engine="extractive")
    assert b.relevant and b.key_points


def test_the_fiche_reads_like_one(demo: Callable[[str], App]) -> None:
    b = brief.create(demo("analyste.s"), "qui a détruit le pont de Sarvik", engine="extractive")
    assert b.relevant and 3 <= len(b.key_points) <= 5
    shown = [p.text for p in b.key_points] + [c.text for c in b.claims]
    shown += [e.text for e in b.timeline]
    for text in shown:
        assert "#" not in text and "|" not in text and "**" not in text
        assert text.rstrip()[-1] in '.!?»)"'
    attributes = {g.attribute or "" for g in b.contradictions}
    assert any(a.startswith("auteur") for a in attributes)
    assert all(len({c.source for c in g.citations}) == 2 for g in b.contradictions)
    assert not any(g.kind == "absence" for g in b.gaps)  # every name of the question is there
    text = markdown.render(b)
    assert "## 4. Appréciation" in text and "À rédiger par l'analyste" in text
    assert "> «" not in text  # each fact once: quotes stay in the JSON
    for section in ("Ce qu'il faut retenir", "Contradictions et incertitudes", "Lacunes"):
        assert section in text
    assert all(" MAR 26" in e.date or " APR 26" in e.date for e in b.timeline)
