"""``make eval``: PIAF retrieval, lexicon coverage, citations, triage, indirect injection,
and the checks of hostile input (banners, hidden content), printed side by side.

Usage: python -m eval.run [--json] [--limit N] [--ocr-pages N] [--fiche N]
                          [--only piaf|glossary|attacks|citations|triage|ocr|fiche|…]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
from pathlib import Path
from typing import Any

from egide.demo import find_examples
from egide.enrich.lexicon import Lexicon
from egide.errors import EgideError, OcrUnavailableError
from egide.llm.factory import make_backend
from egide.settings import load_settings
from eval import (
    attacks,
    citations,
    contradictions,
    entities,
    fiche,
    glossary,
    hidden,
    markings,
    ocr,
    retrieval,
    support,
    triage,
)
from eval.common import data_dir, eval_app, use_bundled_model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make eval")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--limit", type=int, default=None, help="questions (PIAF)")
    parser.add_argument(
        "--only",
        choices=[
            "piaf",
            "glossary",
            "attacks",
            "citations",
            "triage",
            "ocr",
            "fiche",
            "support",
            "contradictions",
            "entities",
            "markings",
            "hidden",
        ],
        default=None,
    )
    parser.add_argument("--ocr-pages", type=int, default=40, help="PIAF paragraphs read (OCR)")
    parser.add_argument(
        "--fiche", type=int, default=100, help="PIAF questions per kind (fiche, relevance)"
    )
    parser.add_argument("--fiche-split", choices=["dev", "test"], default="test")
    parser.add_argument("--citations", type=int, default=100, help="PIAF questions briefed")
    parser.add_argument("--model-citations", type=int, default=15)
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        root = data_dir(settings)
        out: dict[str, Any] = {"machine": f"{platform.machine()}, {_cpus()} CPU"}
        if args.only in (None, "glossary"):
            out["glossary"] = glossary.evaluate(
                Lexicon.load(), root / "glossary" / "lpm-2003-sigles.tsv"
            )
        if args.only in (None, "markings"):
            out["markings"] = markings.evaluate(root, find_examples(None))
        if args.only in (None, "hidden"):
            with eval_app() as app, tempfile.TemporaryDirectory() as tmp:
                out["hidden"] = hidden.evaluate(app, root, Path(tmp))
        if args.only in (None, "piaf", "citations"):
            with eval_app() as app, tempfile.TemporaryDirectory() as tmp:
                piaf = root / "piaf" / "piaf-dev.json"
                out["piaf"] = retrieval.evaluate(app, piaf, Path(tmp), settings.lang, args.limit)
                if args.only in (None, "citations"):
                    out["citations"] = {"extractive": citations.evaluate(app, piaf, args.citations)}
                    model = use_bundled_model(app, Path(tmp))
                    if model is not None:
                        out["citations"]["model"] = {
                            "name": model,
                            **citations.evaluate(
                                app, piaf, args.model_citations, make_backend(app)
                            ),
                        }
        if args.only in (None, "fiche"):
            piaf = root / "piaf" / "piaf-dev.json"
            with eval_app() as app, tempfile.TemporaryDirectory() as tmp:
                out["fiche"] = fiche.evaluate(app, piaf, Path(tmp), args.fiche, args.fiche_split)
        if args.only in (None, "contradictions"):
            with eval_app() as app, tempfile.TemporaryDirectory() as tmp:
                out["contradictions"] = contradictions.evaluate(app, Path(tmp))
        if args.only in (None, "entities"):
            out["entities"] = entities.evaluate(root / "piaf" / "piaf-dev.json")
        if args.only in (None, "support"):
            out["support"] = support.evaluate(root / "piaf" / "piaf-dev.json")
        if args.only in (None, "triage"):
            with eval_app() as app:
                out["triage"] = {
                    "crisislex": triage.evaluate_crisislex(app, root),
                    "case2021": triage.evaluate_case(app, root),
                }
        if args.only in (None, "ocr"):
            try:
                out["ocr"] = ocr.evaluate(
                    root / "piaf" / "piaf-dev.json", settings.ingest.ocr, args.ocr_pages
                )
            except OcrUnavailableError as exc:
                out["ocr"] = {"error": exc.render(settings.lang)}
        if args.only in (None, "attacks"):
            with eval_app() as app, tempfile.TemporaryDirectory() as tmp:
                model = use_bundled_model(app, Path(tmp))
                out["attacks"] = {
                    "model": model,
                    **attacks.run(app, Path(tmp), attacks.engines(app)),
                }
    except EgideError as exc:
        sys.stderr.write(exc.render(load_settings().lang) + "\n")
        return exc.exit_code
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        _print(out)
    return 0


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0))


def _print(out: dict[str, Any]) -> None:
    print(f"Machine : {out['machine']}")
    if "glossary" in out:
        g = out["glossary"]
        print(
            f"\nLexique vs sigles LPM 2003 : {g['resolved']}/{g['sigles']} résolus "
            f"({g['resolved_share']:.1%}), dont {g['same_meaning']} de même sens."
        )
        print(f"  non résolus (extrait) : {', '.join(g['unresolved_examples'])}")
    if "markings" in out:
        _print_markings(out["markings"])
    if "hidden" in out:
        _print_hidden(out["hidden"])
    if "piaf" in out:
        p = out["piaf"]
        print(
            f"\nPIAF — {p['paragraphs']} paragraphes, {p['questions']} questions "
            f"(ingestion {p['ingest_seconds']} s, {p['ms_per_question']} ms/question)"
        )
        print(f"  {'':8} {'R@1':>7} {'R@5':>7} {'R@10':>7} {'MRR@10':>8}")
        for name in ("bm25", "dense", "hybrid"):
            s = p[name]
            print(
                f"  {name:8} {s['recall@1']:7.3f} {s['recall@5']:7.3f} {s['recall@10']:7.3f} "
                f"{s['mrr@10']:8.3f}"
            )
    if "citations" in out:
        print("\nCitations sur PIAF (fiches de synthèse) :")
        for name, c in out["citations"].items():
            extra = (
                f", fiches rédigées par le modèle {c['model_briefs']}, affirmations vérifiées "
                f"{c['verified_share']} sur {c['proposed_claims']} proposées, modèle en échec "
                f"{c['model_unavailable']}"
                if "verified_share" in c
                else ""
            )
            print(
                f"  {c.get('name', name)} — {c['questions']} questions : cite le paragraphe "
                f"de la réponse {c['cites_gold_paragraph']:.1%}, réponse dans une citation "
                f"{c['answer_in_a_quote']:.1%}{extra}"
            )
    if "fiche" in out:
        fiche.report(out["fiche"])
    if "entities" in out:
        entities.report(out["entities"])
    if "support" in out:
        support.report(out["support"])
    if "contradictions" in out:
        contradictions.report(out["contradictions"])
    if "triage" in out:
        _print_triage(out["triage"])
    if "ocr" in out:
        _print_ocr(out["ocr"])
    if "attacks" in out:
        a = out["attacks"]
        print(
            f"\nInjections indirectes — {a['attacks']} attaques, {a['documents']} documents "
            f"hostiles (modèle : {a['model'] or 'aucun'}) :"
        )
        for name in ("extractive", "configured_model", "obedient_model"):
            r = a.get(name)
            if r is None:
                print(f"  {name:18} non mesuré (aucun modèle)")
                continue
            print(
                f"  {name:18} taux de réussite {r['success_rate']:.1%} "
                f"{', '.join(r['succeeded'][:6])}"
            )


def _print_ocr(o: dict[str, Any]) -> None:
    if "error" in o:
        print(f"\nOCR non mesurée : {o['error']}")
        return
    print(
        f"\nOCR — {o['pages']} paragraphes PIAF ({o['chars']} caractères) rendus à {o['dpi']} "
        f"dpi ({o['font']}), lus par {o['engine']} ({o['languages']}, {o['threads']} fil(s) "
        "par page) :"
    )
    print(
        f"  {'':10} {'CER':>7} {'médiane':>8} {'pire':>7} {'pages/s':>8} {'confiance':>10} "
        f"{'signalées':>10} {'relues':>7}"
    )
    for name, label in (("clean", "propre"), ("degraded", "dégradée")):
        c = o[name]
        print(
            f"  {label:10} {c['cer']:7.2%} {c['cer_median']:8.2%} {c['cer_worst']:7.2%} "
            f"{c['pages_per_s']:8.2f} {c['confidence']:10.1f} {c['flagged_pages']:10} "
            f"{c['reread_pages']:7}"
        )
    verdict = "atteinte" if o["clean_target_met"] else "NON atteinte"
    print(
        f"  cible CER ≤ {o['target_clean_cer']:.0%} sur les rendus propres : {verdict} ; "
        "dégradée = inclinaison ±2°, flou, bruit, JPEG 60"
    )


def _print_markings(m: dict[str, Any]) -> None:
    sc, real = m["scenario"], m["real_text"]
    print(
        f"\nBandeaux de marquage — scénario : {sc['documents']} documents sous leur marquage, "
        f"{sc['with_banner']} avec bandeau, {sc['refused']} refus à tort"
        + (f" ({', '.join(sc['refused_paths'])})" if sc["refused_paths"] else "")
        + f" ; déclarés NP : {sc['caught_when_declared_np']}/{sc['above_np']} documents "
        "au-dessus de NP refusés"
    )
    for name in ("piaf", "case2021"):
        r = real[name]
        print(f"  {name:8} {r['texts']} textes sans marquage : {r['refused']} refus à tort")
    for example in real["refused_examples"]:
        print(f"    refusé : {example}")


def _print_hidden(h: dict[str, Any]) -> None:
    d, fp = h["detection"], h["false_positives"]
    print(
        f"\nContenu caché à l'ingestion — détection {d['detected']}/{d['documents']} documents "
        f"hostiles ({d['rate']:.1%}) ; faux positifs {fp['rate']:.2%} sur "
        f"{fp['piaf']['texts']} paragraphes PIAF ({fp['piaf']['flagged']}) et "
        f"{fp['case2021']['texts']} extraits CASE 2021 ({fp['case2021']['flagged']}) (cible ≤ 1 %)"
    )
    print("  " + ", ".join(f"{k} {v}" for k, v in d["by_carrier"].items()))
    if d["missed"]:
        print(f"  manqués : {', '.join(d['missed'])}")
    for example in fp["examples"]:
        print(f"  signalé à tort — {example}")


def _print_triage(t: dict[str, Any]) -> None:
    c, k = t["crisislex"], t["case2021"]
    print(
        f"\nTri de flux — CrisisLexT26, {c['tweets']} tweets, {c['events']} événements en "
        f"{len(c['groups'])} groupes (entraîné sur les autres événements) ; vecteurs "
        f"{c['embed_tweets_per_s']} tweets/s"
    )
    print(f"  {'':26} {'Égide':>7} {'TF-IDF+LR':>10} {'écart':>7}")
    for name, label in (("informativeness", "informativité"), ("information_type", "type")):
        x = c[name]
        print(
            f"  {label + ' (' + str(x['tweets']) + ')':26} {x['egide_macro_f1']:7.3f} "
            f"{x['baseline_macro_f1']:10.3f} {x['points_above_baseline']:+6.1f} pt"
        )
    print(
        f"  CASE 2021, {k['snippets']} extraits, {k['types']} types, validation croisée "
        f"{k['folds']} plis : Égide {k['egide_macro_f1']:.3f}, TF-IDF+LR "
        f"{k['baseline_macro_f1']:.3f} ({k['points_above_baseline']:+.1f} pt)"
    )


if __name__ == "__main__":
    sys.exit(main())
