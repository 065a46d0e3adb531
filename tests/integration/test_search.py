"""Search decides access inside both retrievers, before top-k (SECURITY.md §3)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from egide.app import App
from egide.errors import IdentityError, QueryError
from egide.ingest.runner import ingest
from egide.retrieve import analyzer, lexical
from egide.security.access import readable
from egide.security.principals import Authority
from egide.store import audit
from egide.store.labels import all_labels

DR = "DIFFUSION RESTREINTE – SPÉCIAL FRANCE"


def write(root: Path, name: str, text: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    path = root / name
    path.write_text(text, encoding="utf-8")
    return path


def seed(app: App, tmp_path: Path) -> None:
    dr = tmp_path / "dr"
    for i in range(8):
        write(
            dr,
            f"dr{i}.txt",
            f"Rapport DR {i}. Le pont de Sarvik est surveillé par la patrouille numéro {i}.",
        )
    ingest(app, [dr], "DR")
    s = tmp_path / "s"
    for i in range(30):
        write(
            s,
            f"s{i}.txt",
            "Pont de Sarvik pont de Sarvik : canari-secret-7731, le pont de "
            f"Sarvik sera détruit, pont pont Sarvik Sarvik {i}.",
        )
    ingest(app, [s], "SECRET – REL FRA, DEU")  # releasable to the German officer
    write(tmp_path / "sf", "sf.txt", "Note spéciale : canari-sf-4410 sur le pont de Sarvik.")
    ingest(app, [tmp_path / "sf"], "SECRET – SPÉCIAL FRANCE")
    write(tmp_path / "ts", "ts.txt", "Opération : canari-ts-9902 au pont de Sarvik.")


def all_text(outcome: object) -> str:
    return " ".join(h.row["text"] for h in outcome.hits)  # type: ignore[attr-defined]


def test_dr_user_gets_k_dr_results_when_secret_matches_better(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    seed(as_user("s"), tmp_path)
    dr = as_user("dr")
    outcome = dr.search("pont de Sarvik", limit=5)
    assert len(outcome.hits) == 5
    assert {h.row["chunk_label"] for h in outcome.hits} == {DR}
    assert "canari" not in all_text(outcome)
    s_hits = as_user("s").search("pont de Sarvik", limit=5)
    assert {h.row["chunk_label"] for h in s_hits.hits} != {DR}


def test_canaries_never_reach_users_without_the_right(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    seed(as_user("s"), tmp_path)
    for query in ("canari-secret-7731", "canari sf 4410", "canari", "pont Sarvik canari"):
        assert "canari" not in all_text(as_user("dr").search(query, limit=50))
        assert "canari-sf" not in all_text(as_user("otan").search(query, limit=50))
    assert "canari-sf-4410" in all_text(as_user("s").search("canari sf 4410", limit=50))


def test_hostile_query_syntax_cannot_widen_access(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    seed(as_user("s"), tmp_path)
    dr = as_user("dr")
    for query in [
        'canari" OR "pont',
        "canari*",
        "terms:canari",
        "NEAR(canari pont)",
        "') OR 1=1 --",
        "canari) OR (pont",
        '"""',
        "^canari",
    ]:
        try:
            outcome = dr.search(query, limit=50)
        except QueryError:
            continue
        assert all(h.row["chunk_label"] == DR for h in outcome.hits)
        assert "canari" not in all_text(outcome)


def test_dr_scores_do_not_depend_on_secret_content(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    s = as_user("s")
    dr_dir = tmp_path / "dr"
    for i in range(10):
        write(dr_dir, f"d{i}.txt", f"Patrouille {i} vers le pont de Sarvik et la gare de Kelmar.")
    ingest(s, [dr_dir], "DR")
    conn = s.db
    authority = Authority.of(as_user("dr").require_user())
    terms = analyzer.query_terms("pont de Sarvik Kelmar")

    def ranking() -> list[tuple[int, float]]:
        return lexical.bm25(conn, terms, readable(authority, all_labels(conn)), 20)

    before = ranking()
    sec = tmp_path / "sec"
    for i in range(60):
        write(sec, f"s{i}.txt", f"Le pont {i} de Sarvik, Kelmar Kelmar pont.")
    ingest(s, [sec], "SECRET")
    assert ranking() == before


def test_stats_count_only_what_the_user_may_see(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    seed(as_user("s"), tmp_path)
    from egide.store import documents

    def stats(name: str) -> dict[str, int]:
        app = as_user(name)
        user = app.require_user()
        return documents.counts(app.db, readable(Authority.of(user), all_labels(app.db))).by_label

    assert stats("dr") == {DR: 8}
    assert stats("otan") == {"SECRET – REL FRA, DEU": 30}  # national DR and S//SF: not his
    assert stats("s") == {DR: 8, "SECRET – REL FRA, DEU": 30, "SECRET – SPÉCIAL FRANCE": 1}


def test_unknown_identity_is_denied_and_audited(store: App, as_user: Callable[[str], App]) -> None:
    ghost = as_user("nobody-here")
    with pytest.raises(IdentityError):
        ghost.search("pont")
    row = ghost.db.execute(
        "SELECT actor FROM audit WHERE action = 'access.denied' ORDER BY seq DESC"
    ).fetchone()
    assert row["actor"] == "nobody-here"


def test_searches_are_audited_by_a_keyed_hash(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    """The log keeps proof of the query, not the query: an HMAC under the store's secret,
    which hashing candidate queries (short ones are few) cannot match."""
    seed(as_user("s"), tmp_path)
    query = "pont de Sarvik secret words"
    as_user("dr").search(query, limit=3)
    record = json.loads(
        store.db.execute(
            "SELECT record FROM audit WHERE action = 'search' ORDER BY seq DESC"
        ).fetchone()[0]
    )
    assert "secret words" not in json.dumps(record, ensure_ascii=False)
    assert "query_sha256" not in record["data"]
    keyed = record["data"]["query_hmac"]
    assert keyed == store.seal.keyed_hash(query), "the holder of the key can check a query"
    assert keyed != audit.sha256_text(query)


def test_lexicon_expansion_finds_the_expanded_form(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    s = as_user("s")
    write(tmp_path / "x", "a.txt", "Le groupement tactique interarmes a franchi la Virna.")
    write(tmp_path / "x", "b.txt", "La météo est clémente sur le plateau.")
    ingest(s, [tmp_path / "x"], "DR")
    app = as_user("s")
    app.settings.embed.model = "none"
    outcome = app.search("GTIA", limit=5)
    assert outcome.mode == "lexical" and outcome.closest is None
    assert any("groupement tactique" in e for e in outcome.expansions)
    assert outcome.hits and "interarmes" in outcome.hits[0].row["text"]


def test_present_terms_are_those_the_requester_may_read(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    seed(as_user("s"), tmp_path)
    terms = analyzer.query_terms("canari-secret-7731 patrouille sporocarpes")
    dr, s = as_user("dr"), as_user("s")
    assert dr.searcher.present(terms, dr.authority(dr.require_user())) == {"patrouill"}
    seen = s.searcher.present(terms, s.authority(s.require_user()))
    assert {"patrouill", "7731"} <= seen
    assert not {t for t in seen if t.startswith("sporocarp")}
