"""Decision support: comparison plus rank-reversal thresholds for 10 MA × 15 criteria
(target ≤ 100 ms), beside a brute-force scan of the weights measured in the same run; and
the full fiche export (Markdown, PDF, JSON) of the demo's decision file (target ≤ 2 s),
beside WeasyPrint alone rendering the same HTML; and the invariants on the demo store:
every recorded decision by a ``decideur`` and in the audit log with its hashes, every
quote of the fiche verified."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.stats import summary_ms
from egide.app import App
from egide.decide import decision, files, render
from egide.decide.compare import Scorer, Table, compare
from egide.decide.fiche import build
from egide.decide.sensitivity import reweigh, thresholds
from egide.demo import find_examples, run_demo
from egide.products.export.pdf import write_html
from egide.settings import load_settings

TARGET_COMPARE_MS = 100.0
TARGET_FICHE_S = 2.0


def table(rng: np.random.Generator, m: int = 10, n: int = 15) -> Table:
    return Table.build(
        [f"MA{i + 1}" for i in range(m)],
        [f"C{j + 1}" for j in range(n)],
        rng.uniform(0, 100, (m, n)).tolist(),
        rng.choice([-1, 1], n).tolist(),
        rng.dirichlet(np.ones(n)).tolist(),
    )


def brute_force(t: Table, method: str, points: int = 201) -> None:
    """The baseline: the leader at ``points`` weights per criterion, nothing clever."""
    scorer = Scorer(t, method)  # type: ignore[arg-type]
    for j in range(len(t.criteria)):
        for w in np.linspace(0, 1, points):
            np.argmax(scorer(reweigh(t.weights, j, float(w))))


def _time(fn: Any, repeat: int) -> dict[str, Any]:
    """Wall-clock times, and the CPU time of this process (what an idle core would take:
    the machines are shared, so wall-clock times include waiting for a core)."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, used = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - used)
    return {**summary_ms(wall), "cpu_p50_ms": summary_ms(cpu)["p50_ms"]}


def comparison(repeat: int = 20) -> dict[str, Any]:
    rng = np.random.default_rng(13)
    tables = [table(rng) for _ in range(repeat)]
    compare(tables[0], "topsis")  # loads the library once
    out: dict[str, Any] = {"alternatives": 10, "criteria": 15, "target_ms": TARGET_COMPARE_MS}
    for method in ("wsum", "topsis", "promethee"):

        def one(method: str = method, it: Any = iter(tables * 2)) -> None:
            t = next(it)
            compare(t, method)  # type: ignore[arg-type]
            thresholds(t, method)  # type: ignore[arg-type]

        egide = _time(one, repeat)
        base = _time(lambda m=method: brute_force(tables[0], m), 3)
        out[method] = {
            "compare_and_thresholds": egide,
            "baseline_brute_force_201": base,
            "ratio_baseline_over_egide": round(base["p50_ms"] / egide["p50_ms"], 1),
            "within_target": egide["cpu_p50_ms"] <= TARGET_COMPARE_MS,
        }
    return out


def invariants(app: App, uid: str, verification: dict[str, Any]) -> dict[str, Any]:
    """Decisions recorded in the file (one per version that changed it), the problems the
    audit check finds (a decision by someone without the ``decideur`` role, absent from the
    log or with other hashes), and the fiche's quotes verified at export."""
    user = app.require_user()
    recorded, previous = 0, None
    for entry in files.versions(app, user, uid):
        made = files.fetch(app, user, uid, int(entry["version"])).decision
        recorded += made is not None and made != previous
        previous = made
    return {
        "decisions": recorded,
        "decision_audit_problems": len(decision.audited(app, user, uid)),
        "citations": verification["citations"],
        "citations_verified": verification["verified"],
    }


def fiche(repeat: int = 5) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(home=Path(tmp) / "demo")
        run_demo(settings, find_examples(None))
        app = App(settings.model_copy(update={"user": "chef.gtia"}, deep=True))
        try:
            user = app.require_user()
            uid = files.listing(app, user)[0]["uid"]
            out = Path(tmp)
            warm = render.export(app, user, uid, md=out / "f.md", pdf=out / "f.pdf")
            checked = invariants(app, uid, warm.verification)
            full = _time(
                lambda: render.export(
                    app, user, uid, md=out / "f.md", pdf=out / "f.pdf", json_out=out / "f.json"
                ),
                repeat,
            )
            document = render.html(build(app, user, uid))
            floor = _time(lambda: write_html(document, out / "g.pdf"), repeat)
            import pypdfium2

            pages = len(pypdfium2.PdfDocument(str(out / "f.pdf")))
        finally:
            app.close()
    egide, base = full, floor
    return {
        "export_md_pdf_json": egide,
        "baseline_weasyprint_only": base,
        "overhead_ms": round(egide["p50_ms"] - base["p50_ms"], 1),
        "pages": pages,
        "target_s": TARGET_FICHE_S,
        "within_target": egide["cpu_p50_ms"] <= TARGET_FICHE_S * 1000,
        "invariants": checked,
    }


def run() -> dict[str, Any]:
    return {"comparison": comparison(), "fiche": fiche()}
