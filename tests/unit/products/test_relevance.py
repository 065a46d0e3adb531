"""Relevance: names may come from titles, frame words do not count, a missing word that
the store does not hold at all weighs more; with vectors, closeness in meaning counts with
the share of the question's words, against floors the settings hold."""

from __future__ import annotations

from egide.products.context import Context, Passage
from egide.products.model import Source
from egide.products.relevance import coverage, question_words, relevant
from egide.security.labels import PUBLIC
from egide.security.principals import make_user
from egide.settings import ProductSettings

FLOOR = ProductSettings().relevance_floor


def context(
    question: str,
    text: str,
    title: str = "",
    known: set[str] | None = None,
    closest: float | None = None,
) -> Context:
    passage = Passage("S1", 1, "doc", text, 0, "NP", 1)
    source = Source(
        id="S1",
        document_id="doc",
        title=title,
        origin=None,
        date=None,
        label="NP",
        grade="C3",
        path="doc.txt",
    )
    return Context(
        question,
        make_user("ana", "S", "FRA"),
        [passage],
        [source],
        PUBLIC,
        known=None if known is None else frozenset(known),
        closest=closest,
    )


BIATHLON = (
    "Il commence la saison 2005-2006 en coupe du monde où il entre trois fois dans les "
    "points. Sa 21e place à Ruhpolding reste son meilleur classement individuel."
)


def test_a_name_in_the_title_of_the_document_counts() -> None:
    question = "Quel est le meilleur classement de Florian Schillinger en coupe du monde ?"
    assert relevant(context(question, BIATHLON, title="Florian Schillinger"))
    assert not relevant(context(question, BIATHLON, title="Biathlon"))


def test_words_that_frame_the_answer_do_not_count() -> None:
    assert set(question_words("En quelle année et pour quelle raison le pont a-t-il cédé ?")) == {
        "pont",
        "cede",
    }


def test_inflected_forms_sharing_a_long_start_match() -> None:
    text = "La géologie de l'archipel est volcanique ; ses roches sont des basaltes."
    assert coverage(context("Quelles sont les roches géologiques de l'archipel ?", text)) == 1.0


def test_a_word_the_store_does_not_hold_weighs_more_when_missing() -> None:
    question = "Où poussent les sporocarpes au Canada ?"
    text = "En Amérique du Nord, la forêt boréale couvre le Canada et l'Alaska."
    ordinary = coverage(context(question, text, known={"poussent", "canada", "sporocarpes"}))
    unknown = coverage(context(question, text, known={"poussent", "canada"}))
    assert unknown < FLOOR <= ordinary


def test_no_passage_is_never_relevant() -> None:
    ctx = context("pont de Sarvik", "x")
    ctx.passages = []
    assert not relevant(ctx)


ALERT = (
    "Selon le bulletin, les insurgés préparent une opération d'envergure contre la base "
    "avancée avant la fin de la semaine."
)


def test_with_vectors_a_question_worded_unlike_its_passage_is_relevant_when_close() -> None:
    question = "attaque complexe attendue"
    assert coverage(context(question, ALERT)) < FLOOR
    assert not relevant(context(question, ALERT))  # lexical search only
    assert relevant(context(question, ALERT, closest=0.87))
    assert not relevant(context(question, ALERT, closest=0.81))


def test_with_vectors_shared_words_alone_do_not_make_a_passage_relevant() -> None:
    question = "Quel est le meilleur classement de Florian Schillinger en coupe du monde ?"
    ctx = context(question, BIATHLON, title="Florian Schillinger", closest=0.70)
    assert coverage(ctx) >= FLOOR and not relevant(ctx)
    ctx.closest = None
    assert relevant(ctx)


def test_the_floors_are_settings() -> None:
    ctx = context("attaque complexe attendue", ALERT, closest=0.83)
    assert not relevant(ctx, ProductSettings())
    assert relevant(ctx, ProductSettings(relevance_dense_floor=0.8))
    ctx.closest = None
    assert relevant(ctx, ProductSettings(relevance_floor=0.0))
    assert not relevant(ctx, ProductSettings(relevance_floor=0.9))
