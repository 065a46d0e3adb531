"""Brief latency (extractive) on the demo corpus, and the tokens a brief sends a model."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from eval.common import use_bundled_model

from bench.stats import summary_ms
from egide.app import App
from egide.demo import find_examples, run_demo
from egide.llm.backend import estimate_tokens
from egide.llm.factory import make_backend
from egide.products import brief, prompts
from egide.products.context import gather
from egide.settings import load_settings

QUESTIONS = [
    "mouvements de blindés près du pont de Sarvik",
    "dépôt de munitions de Kelmar",
    "convoy crossing the bridge",
    "gué de Lipno",
    "drone abattu",
    "effectifs du FLT",
    "pourparlers de Telvan",
    "Arkadi Volnec",
    "pont ferroviaire de Kelmar",
    "renforts ALBÂTRE",
]


def run(with_model: bool = True) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(home=Path(tmp) / "demo")
        run_demo(settings, find_examples(None))
        app = App(settings.model_copy(update={"user": "analyste.s"}, deep=True))
        try:
            brief.create(app, "préchauffage", engine="extractive")
            times, estimated = [], []
            for question in QUESTIONS:
                t = time.perf_counter()
                brief.create(app, question, engine="extractive")
                times.append(time.perf_counter() - t)
                ctx = gather(app, app.require_user(), question, app.settings.products.passages)
                estimated.append(
                    sum(estimate_tokens(m["content"]) for m in prompts.messages(ctx)[0])
                )
            out: dict[str, Any] = {
                "briefs": len(QUESTIONS),
                "extractive": summary_ms(times),
                "prompt_tokens_estimated_mean": round(sum(estimated) / len(estimated)),
            }
            if with_model and use_bundled_model(app, Path(tmp)) is not None:
                backend = make_backend(app)
                assert backend is not None
                used, model_times = [], []
                for question in QUESTIONS[:3]:
                    t = time.perf_counter()
                    b = brief.create(app, question, engine="llm", backend=backend)
                    model_times.append(time.perf_counter() - t)
                    if b.model:
                        used.append(
                            int(b.model["prompt_tokens"]) + int(b.model["completion_tokens"])
                        )
                out["model"] = {
                    "name": backend.name,
                    "briefs": len(model_times),
                    "latency": summary_ms(model_times),
                    "tokens_per_brief_mean": round(sum(used) / len(used)) if used else None,
                    "context_window": app.settings.llm.context_tokens,
                }
        finally:
            app.close()
    return out
