"""The leak suite: canaries, partitioned statistics, starvation, compartments, hostile
query syntax, terminals, the release re-check, and 10,000 random authorities."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from egide.app import App
from egide.ingest.runner import ingest
from egide.retrieve import analyzer, lexical
from egide.security.access import readable
from egide.security.labels import Label, Level
from egide.security.principals import Authority, User, make_user
from egide.settings import Settings, TerminalSettings
from egide.store import users
from egide.store.db import transaction
from egide.store.labels import all_labels, label_id
from tests.conftest import make_app

CANARY_S, CANARY_TS = "canari-s-7731", "canari-ts-9902"
DR = "DIFFUSION RESTREINTE – SPÉCIAL FRANCE"


def write(root: Path, name: str, text: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")
    return root


def seed(as_user: Callable[[str], App], tmp_path: Path) -> None:
    for i in range(6):
        write(tmp_path / "dr", f"{i}.txt", f"Note DR {i} : le pont de Sarvik est gardé.")
    ingest(as_user("s"), [tmp_path / "dr"], "DR")
    write(tmp_path / "s", "s.txt", f"Rapport {CANARY_S} : le pont de Sarvik sera miné.")
    ingest(as_user("s"), [tmp_path / "s"], "SECRET")
    write(tmp_path / "ts", "ts.txt", f"Opération {CANARY_TS} sur le pont de Sarvik.")
    ingest(as_user("ts"), [tmp_path / "ts"], "TRÈS SECRET – OPS-ALPHA")


def test_terminal_limits_a_secret_analyst_to_dr(
    store: App,
    as_user: Callable[[str], App],
    tmp_path: Path,
    settings: Settings,
    enricher: object,
) -> None:
    seed(as_user, tmp_path)
    on_dr = make_app(
        settings.model_copy(update={"terminal": TerminalSettings(accreditation="DR")}, deep=True),
        enricher,
        "s",
    )  # type: ignore[arg-type]
    try:
        hits = on_dr.search("canari pont Sarvik", limit=20).hits
        assert hits and {h.row["chunk_label"] for h in hits} == {DR}
        assert on_dr.stats().by_label == {DR: 6}
        path = write(tmp_path / "up", "x.txt", "Nouvelle note secrète.")
        with pytest.raises(Exception) as info:
            ingest(on_dr, [path], "SECRET")
        assert getattr(info.value, "code", "") == "E-ACCESS-DENIED"
        record = on_dr.db.execute("SELECT record FROM audit ORDER BY seq DESC").fetchone()[0]
        assert '"terminal":' in record
    finally:
        on_dr.close()
    assert {h.row["chunk_label"] for h in as_user("s").search("canari", limit=20).hits} >= {
        "SECRET – SPÉCIAL FRANCE"
    }


def test_release_check_withholds_and_alarms_when_access_errs(
    store: App, as_user: Callable[[str], App], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(as_user, tmp_path)

    def broken(authority: Authority, labels: list[tuple[int, Label]]) -> list[int]:
        return [i for i, _ in labels]  # a bug that would let everything through

    monkeypatch.setattr("egide.retrieve.hybrid.readable", broken)
    monkeypatch.setattr("egide.app.readable", broken)
    dr = as_user("dr")
    hits = dr.search("canari pont Sarvik", limit=20).hits
    assert hits and all(h.row["chunk_label"] == DR for h in hits)
    assert set(dr.stats().by_label) == {DR}
    alarms = dr.db.execute("SELECT record FROM audit WHERE action = 'security.alarm'").fetchall()
    assert len(alarms) >= 3
    assert all(CANARY_S not in a[0] and CANARY_TS not in a[0] for a in alarms)


def test_bm25_for_dr_is_identical_after_500_secret_documents(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    s = as_user("s")
    for i in range(20):
        write(tmp_path / "dr", f"d{i}.txt", f"Patrouille {i} vers le pont de Sarvik, gare {i % 3}.")
    ingest(s, [tmp_path / "dr"], "DR")
    authority = Authority.of(as_user("dr").require_user())
    terms = analyzer.query_terms("pont de Sarvik gare patrouille")

    def ranking() -> list[tuple[int, float]]:
        return lexical.bm25(s.db, terms, readable(authority, all_labels(s.db)), 50)

    before = ranking()
    for i in range(500):
        write(tmp_path / "sec", f"s{i}.txt", f"Le pont {i} de Sarvik : gare, gare, pont {i}.")
    ingest(s, [tmp_path / "sec"], "SECRET", embed=False)
    assert s.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 520
    after = ranking()
    assert after == before, "same ids, same order, same scores"


def _oracle(user: User, terminal: Label | None, label: Label) -> bool:
    """Brute force, written from the rules alone."""
    level = min(int(user.clearance), int(terminal.level) if terminal else 3)
    comps = set(user.compartments) & (
        set(terminal.compartments) if terminal else set(user.compartments)
    )
    nations = {user.nationality}
    if terminal is not None and terminal.releasability is not None:
        nations &= set(terminal.releasability)
    return (
        int(label.level) <= level
        and set(label.compartments) <= comps
        and (label.releasability is None or bool(nations & set(label.releasability)))
    )


def test_ten_thousand_random_authorities_find_no_violation(store: App, tmp_path: Path) -> None:
    rng = random.Random(2026)
    comps = ["OTAN", "OPS-ALPHA", "NUC"]
    nations = ["FRA", "DEU", "USA"]

    def random_label() -> Label:
        rel = None if rng.random() < 0.5 else frozenset(rng.sample(nations, rng.randint(0, 2)))
        return Label(Level(rng.randint(0, 3)), frozenset(rng.sample(comps, rng.randint(0, 2))), rel)

    conn = store.db
    labels: dict[int, Label] = {}
    with transaction(conn):
        doc = conn.execute(
            "INSERT INTO documents (uid, content_hash, label_id, path, language, ingested_at,"
            " ingested_by, text, parts) VALUES ('d', 'h', 1, 'p', 'fr', 't', 'u', 'x', '{}')"
        ).lastrowid
        for seq in range(80):
            label = random_label()
            lid = label_id(conn, label)
            cid = conn.execute(
                "INSERT INTO chunks (document_id, label_id, seq, char_start, char_end, text,"
                " terms, chunker) VALUES (?, ?, ?, 0, 1, 'x', 'commun', 't')",
                (doc, lid, seq),
            ).lastrowid
            labels[int(cid)] = label
    cache: dict[Authority, set[int]] = {}
    violations = cases = 0
    for _ in range(10_000):
        user = make_user(
            "u",
            rng.choice(["NP", "DR", "S", "TS"]),
            rng.choice(nations),
            rng.sample(comps, rng.randint(0, 3)),
        )
        terminal = None if rng.random() < 0.3 else random_label()
        authority = Authority.of(user, terminal)
        if authority not in cache:
            allowed = store.searcher.scope(authority)
            cache[authority] = {i for i, _ in lexical.bm25(conn, ["commun"], allowed, 1000)}
        expected = {cid for cid, label in labels.items() if _oracle(user, terminal, label)}
        violations += cache[authority] != expected
        cases += 1
    assert cases == 10_000 and violations == 0


def test_canaries_never_reach_a_dr_user_by_any_command(
    store: App,
    as_user: Callable[[str], App],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    settings: Settings,
) -> None:
    from egide.cli.main import run

    seed(as_user, tmp_path)
    home = str(settings.home)
    batch = tmp_path / "q.jsonl"
    batch.write_text(
        '{"id": 1, "query": "canari-s-7731"}\n{"id": 2, "query": "pont"}\n'
        '{"id": 3, "query": "canari ts 9902 OR canari"}\n',
        encoding="utf-8",
    )
    commands = [
        ["search", "canari-s-7731", "--json"],
        ["search", "pont de Sarvik canari"],
        ["search", "--batch", str(batch), "--json"],
        ["stats", "--json"],
        ["stats"],
        ["audit", "show"],
        ["audit", "verify"],
        ["doctor"],
        ["index", "--json"],
        ["search", "canari", "--limit", "0"],
        ["ingest", str(tmp_path / "s"), "--label", "S"],
    ]
    for (uid,) in store.db.execute("SELECT uid FROM documents WHERE text LIKE '%canari%'"):
        commands += [["document", "show", uid], ["document", "show", uid, "--json"]]
    import os

    os.environ["EGIDE_USER"] = "dr"
    try:
        for args in commands:
            run(["--store", home, *args])
            out = capsys.readouterr()
            for canary in (CANARY_S, CANARY_TS, "canari-s", "canari-ts"):
                assert canary not in out.out and canary not in out.err, args
    finally:
        del os.environ["EGIDE_USER"]
    records = " ".join(r[0] for r in store.db.execute("SELECT record FROM audit"))
    assert CANARY_S not in records and CANARY_TS not in records


def test_only_officers_read_the_audit_log(store: App, as_user: Callable[[str], App]) -> None:
    with transaction(store.db):
        users.add(store.db, make_user("so", "S", "FRA", roles=["security_officer"]), store.seal)
    from egide.errors import AccessDeniedError

    with pytest.raises(AccessDeniedError):
        as_user("s").require_user(
            __import__("egide.security.principals").security.principals.Role.SECURITY_OFFICER
        )
    denied = store.db.execute(
        "SELECT COUNT(*) FROM audit WHERE action = 'access.denied'"
    ).fetchone()[0]
    assert denied == 1


def test_a_compartment_at_dr_keeps_the_dr_partition_filtered(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    write(tmp_path / "dr", "a.txt", "Le convoi logistique passe par Orlen.")
    ingest(as_user("s"), [tmp_path / "dr"], "DR")
    write(tmp_path / "nr", "b.txt", "Le convoi logistique canari-otan passe par Orlen.")
    ingest(as_user("otan"), [tmp_path / "nr"], "NATO RESTRICTED")
    for name, sees in (("dr", False), ("s", False), ("otan", True)):
        texts = " ".join(h.row["text"] for h in as_user(name).search("convoi Orlen").hits)
        assert ("canari-otan" in texts) is sees, name


def test_deny_by_default(store: App, as_user: Callable[[str], App]) -> None:
    from egide.errors import AccessDeniedError, IdentityError

    with transaction(store.db):
        users.add(store.db, make_user("idle", "S", "FRA", roles=[]), store.seal)
    with pytest.raises(AccessDeniedError):
        as_user("idle").search("pont")
    with pytest.raises(IdentityError):
        as_user("nobody").stats()
    store.db.execute("ALTER TABLE users RENAME TO users_lost")
    with pytest.raises(IdentityError):
        as_user("s").search("pont")  # an unreadable registry authorises nobody
