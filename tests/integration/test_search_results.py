"""Search results an analyst can read: one per document, the matching sentence with its
terms located, titles that are not banners, and filters applied inside the search, before
top-k, like access control."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from egide.app import App
from egide.ingest.runner import ingest
from egide.retrieve.filters import make_filters
from egide.security.labels import parse_label


def write(root: Path, name: str, text: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(params=["none", "auto"], ids=["lexical", "hybrid"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def searcher(as_user: Callable[[str], App], name: str, mode: str) -> App:
    app = as_user(name)
    app.settings.embed.model = mode
    app.settings.search.candidates = 10
    return app


def test_filters_apply_before_top_k(
    store: App, as_user: Callable[[str], App], tmp_path: Path, mode: str
) -> None:
    s = as_user("s")
    for i in range(25):  # strong matches from a source the analyst filters out
        write(
            tmp_path / "noise",
            f"{i}.txt",
            f"Le pont de Sarvik est gardé par la patrouille {i} ; le pont de Sarvik reste fermé.",
        )
    ingest(s, [tmp_path / "noise"], "DR", grade="F6", source="Réseaux sociaux")
    for i in range(4):  # weak matches from the wanted source, graded, dated, in English
        write(
            tmp_path / "wanted",
            f"{i}.txt",
            f"On 2026-03-1{i} the patrol {i} watched the bridge near Sarvik and the river banks.",
        )
    ingest(s, [tmp_path / "wanted"], "DR", grade="B2", source="Détachement de liaison")
    app = searcher(as_user, "dr", mode)
    plain = app.search("pont de Sarvik", limit=3, per_document=True).hits
    assert {h.row["source"] for h in plain} == {"Réseaux sociaux"}
    cases = [
        make_filters(source="liaison"),
        make_filters(grade="B"),
        make_filters(lang="en"),
        make_filters(since="2026-03-11", until="2026-03-13"),
    ]
    for filters in cases:
        hits = app.search("pont de Sarvik", limit=3, filters=filters, per_document=True).hits
        assert hits, filters
        assert {h.row["source"] for h in hits} == {"Détachement de liaison"}, filters
    dated = app.search(
        "Sarvik", limit=10, filters=make_filters(since="2026-03-11", until="2026-03-12")
    ).hits
    assert sorted(h.row["doc_date"][:10] for h in dated) == ["2026-03-11", "2026-03-12"]
    assert len(app.search("Sarvik", limit=3, filters=make_filters(source="liaison")).hits) == 3


def test_the_label_filter_never_widens_access(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    s = as_user("s")
    write(tmp_path / "np", "a.txt", "Le pont de Sarvik est ouvert.")
    write(tmp_path / "dr", "b.txt", "Le pont de Sarvik est gardé.")
    write(tmp_path / "sec", "c.txt", "Le pont de Sarvik sera miné (canari-filtre).")
    ingest(s, [tmp_path / "np"], "NP")
    ingest(s, [tmp_path / "dr"], "DR")
    ingest(s, [tmp_path / "sec"], "SECRET")
    dr = as_user("dr")
    for marking in ("TRÈS SECRET", "SECRET", "DR"):
        hits = dr.search("pont Sarvik", 10, make_filters(label=parse_label(marking))).hits
        assert {h.row["chunk_label"] for h in hits} == {
            "NON PROTÉGÉ",
            "DIFFUSION RESTREINTE – SPÉCIAL FRANCE",
        }
    only_np = dr.search("pont Sarvik", 10, make_filters(label=parse_label("NP"))).hits
    assert {h.row["chunk_label"] for h in only_np} == {"NON PROTÉGÉ"}
    s_hits = s.search("pont Sarvik", 10, make_filters(label=parse_label("DR"))).hits
    assert "canari-filtre" not in " ".join(h.row["text"] for h in s_hits)


def test_one_result_per_document_unless_all_passages(
    store: App, as_user: Callable[[str], App], tmp_path: Path, mode: str
) -> None:
    s = as_user("s")
    s.settings.ingest.chunk_chars = 200
    long = " ".join(f"Phrase {i} : le convoi traverse le pont de Sarvik." for i in range(30))
    write(tmp_path / "long", "long.txt", long)
    write(tmp_path / "long", "court.txt", "Un autre rapport sur le pont de Sarvik.")
    ingest(s, [tmp_path / "long"], "DR")
    app = as_user("dr")
    app.settings.embed.model = mode
    grouped = app.search("convoi pont Sarvik", limit=5, per_document=True).hits
    uids = [h.row["uid"] for h in grouped]
    assert len(uids) == len(set(uids)) == 2
    assert grouped[0].passages > 1 and grouped[0].to_dict()["passages"] == grouped[0].passages
    every = app.search("convoi pont Sarvik", limit=5).hits
    assert len(every) == 5 and len({h.row["uid"] for h in every}) < 5


def test_prefer_graded_orders_equal_matches_by_grade(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    s = as_user("s")
    for grade, name in (("F6", "a"), ("C3", "b"), ("A1", "c")):
        write(tmp_path / name, f"{name}.txt", f"Le dépôt de Kelmar a explosé ({name}).")
        ingest(s, [tmp_path / name], "DR", grade=grade)
    app = as_user("dr")
    app.settings.embed.model = "none"
    graded = app.search("dépôt Kelmar", 3, make_filters(prefer_graded=True), True).hits
    assert [h.row["grade"] for h in graded] == ["A1", "C3", "F6"]


def test_a_result_shows_its_matching_sentence_and_a_title_that_is_no_banner(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    s = as_user("s")
    text = (
        "DIFFUSION RESTREINTE\n\n"
        "Compte rendu de liaison n° 7\n\n"
        "Le détachement a rejoint Orlen ce matin. La brigade signale une colonne de **douze "
        "blindés** près du pont de Sarvik. Aucun incident à Dravnik.\n\n"
        "| Unité | Effectif |\n| --- | --- |\n| 3e brigade | 1 200 |\n"
    )
    write(tmp_path / "cr", "cr.txt", text)
    ingest(s, [tmp_path / "cr"], "DR")
    hit = as_user("dr").search("blindés pont de Sarvik", limit=1).hits[0].to_dict()
    assert hit["document"]["title"] == "Compte rendu de liaison n° 7"
    snippet = hit["snippet"]
    assert snippet["text"].startswith("La brigade signale une colonne de douze blindés")
    assert "**" not in snippet["text"] and "| ---" not in snippet["text"]
    shown = [snippet["text"][h["start"] : h["end"]] for h in snippet["highlights"]]
    assert shown == ["blindés", "pont", "Sarvik"]
    stored = as_user("dr").db.execute("SELECT text FROM documents").fetchone()[0]
    assert [stored[m["start"] : m["end"]] for m in snippet["matches"]] == shown
    # the fields of earlier versions are all still there
    assert {"rank", "score", "label", "document", "chunk"} <= set(hit)
    assert {"id", "path", "title", "label", "grade"} <= set(hit["document"])
