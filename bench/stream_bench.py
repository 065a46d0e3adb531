"""Stream triage throughput and latency on real tweets (CrisisLexT26) through the whole
``egide watch`` path — parse, label check, triage, durable output and checkpoint — for the
default triage, rules and watchlists, the learned model, and, as the naive baseline,
named-entity recognition on every message; then the latency from arrival to output at a
steady offered rate, with the source followed like ``tail -f``."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

from eval.common import eval_app
from eval.triage import crisislex

from bench.stats import percentile
from egide.app import App
from egide.security.labels import PUBLIC
from egide.stream import learn, rules
from egide.stream.message import Message
from egide.stream.sources import FileSource
from egide.stream.triage import Triaged, Triager
from egide.stream.watcher import Options, watch

REPO = Path(__file__).resolve().parents[1]
MAX_LINE = 64 * 1024


class NerOnEveryMessage(Triager):
    """The naive baseline: the full entity recogniser on every message."""

    def triage(
        self,
        message: Message,
        scores: dict[str, float] | None = None,
        needs: list[dict[str, Any]] | None = None,
    ) -> Triaged:
        out = super().triage(message, scores, needs)
        if self.enricher is not None:
            self.enricher.extract(message.text, out.lang, None)
        return out


def _messages(root: Path, n: int) -> list[dict[str, Any]]:
    rows = crisislex(root)
    return [
        {
            "id": f"t{i}",
            "text": rows[i % len(rows)][1],
            "channel": "osint",
            "time": "2026-04-12T21:00:00+05:00",
        }
        for i in range(n)
    ]


def _write(path: Path, messages: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for m in messages:
            fh.write(json.dumps(m, ensure_ascii=False) + "\n")


def _ruleset(app: App) -> rules.RuleSet:
    """The example rules, plus a watchlist of every term of the military lexicon."""
    text = (REPO / "examples" / "stream" / "rules.yaml").read_text("utf-8")
    terms = sorted({e.term for e in app.lexicon.entries})
    lexicon_list = "\n  lexique:\n" + "".join(f"    - {json.dumps(t)}\n" for t in terms)
    text = text.replace("watchlists:\n", "watchlists:" + lexicon_list, 1)
    text += (
        "\n  - id: R-LEXIQUE\n    when: {watchlist: [lexique], channel: [osint]}\n"
        "    priority: ROUTINE\n"
    )
    return rules.parse(text, "bench")


def _model(app: App, root: Path) -> learn.TriageModel:
    rows = crisislex(root)[::7]
    assert app.embedder is not None
    vectors = learn.embed(app.embedder, [r[1] for r in rows])
    labels = [str(r[3] == "Related and informative") for r in rows]
    return learn.fit("bench", vectors, labels, app.embedder.space, folds=0)


def _throughput(app: App, triager: Triager, path: Path, n: int, name: str) -> dict[str, Any]:
    user = app.require_user()
    options = Options(
        consumer=name,
        emit="all",
        out=path.with_suffix(f".{name}.out"),
        dead_letter=path.with_suffix(f".{name}.dead"),
        default_label=PUBLIC,
    )
    t0 = time.perf_counter()
    stats = watch(app, user, FileSource(path, False, MAX_LINE), triager, options, lambda _: None)
    seconds = time.perf_counter() - t0
    assert stats.read == n and stats.dead == 0, stats
    return {
        "messages": n,
        "seconds": round(seconds, 2),
        "messages_per_s": round(n / seconds, 1),
        "alerts": stats.alerts,
    }


def _latency(
    app: App, triager: Triager, path: Path, messages: list[dict[str, Any]], rate: float, name: str
) -> dict[str, Any]:
    """Offer ``messages`` at ``rate`` per second to a followed file; arrival → output."""
    user = app.require_user()
    path.write_bytes(b"")
    sent: dict[str, float] = {}
    latencies: list[float] = []
    done = threading.Event()

    def writer() -> None:
        start = time.perf_counter()
        with path.open("a", encoding="utf-8") as fh:
            for i, m in enumerate(messages):
                delay = start + i / rate - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                sent[m["id"]] = time.perf_counter()
                fh.write(json.dumps(m, ensure_ascii=False) + "\n")
                fh.flush()

    def show(line: dict[str, Any]) -> None:
        latencies.append(time.perf_counter() - sent[line["id"]])
        if len(latencies) == len(messages):
            done.set()

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    options = Options(
        consumer=f"{name}-latency",
        emit="all",
        wait_s=0.05,
        dead_letter=path.with_suffix(".dead"),
        default_label=PUBLIC,
    )
    watch(app, user, FileSource(path, True, MAX_LINE), triager, options, show, done.is_set)
    thread.join()
    ms = [x * 1000 for x in latencies]
    return {
        "offered_per_s": rate,
        "messages": len(ms),
        "p50_ms": round(percentile(ms, 50), 1),
        "p99_ms": round(percentile(ms, 99), 1),
        "max_ms": round(max(ms), 1),
    }


def run(
    root: Path, workdir: Path, n: int = 20000, rate: float = 100.0, latency_messages: int = 1000
) -> dict[str, Any]:
    messages = _messages(root, n)
    path = workdir / "stream.jsonl"
    _write(path, messages)
    out: dict[str, Any] = {"source": "CrisisLexT26 tweets"}
    with eval_app() as app:
        app.enricher.extract("Préchauffage du modèle à Paris.", "fr", None)  # load spaCy once
        languages = tuple(app.settings.ingest.languages)
        empty = rules.parse("", "vide")
        model = _model(app, root)
        setups = {
            "default": (Triager(empty, app.lexicon, languages, app.enricher), n),
            "rules_watchlists": (Triager(_ruleset(app), app.lexicon, languages, app.enricher), n),
            "learned_model": (
                Triager(empty, app.lexicon, languages, app.enricher, model, None, app.embedder),
                n // 4,
            ),
            "ner_every_message": (
                NerOnEveryMessage(empty, app.lexicon, languages, app.enricher),
                n // 10,
            ),
        }
        for name, (triager, count) in setups.items():
            part = path if count == n else workdir / f"{name}.jsonl"
            if count != n:
                _write(part, messages[:count])
            out[name] = _throughput(app, triager, part, count, name)
        base = out["ner_every_message"]["messages_per_s"]
        for name in ("default", "rules_watchlists", "learned_model"):
            out[name]["ratio_to_ner_baseline"] = round(out[name]["messages_per_s"] / base, 1)
        out["latency"] = {
            name: _latency(
                app,
                setups[name][0],
                workdir / f"live-{name}.jsonl",
                messages[:latency_messages],
                rate,
                name,
            )
            for name in ("default", "rules_watchlists", "learned_model")
        }
    return out
