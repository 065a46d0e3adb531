"""Entity precision on our own annotation (eval/fixtures/entities.json): the persons,
organisations and places the enricher finds in the demo corpus and in a few PIAF
paragraphs, each judged right or wrong by hand (wrong: not a name — a marking, a DTG, a
lexicon acronym, document furniture —, the wrong kind, or a span cut or run across a line
break). Measured before and after the noise filter (``noise.clean``), in the same run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from egide.enrich import dates, geo
from egide.enrich.entities import Enricher, resolve
from egide.enrich.lexicon import Lexicon
from egide.ingest import langid
from egide.ingest.loaders import loader_for
from egide.ingest.pipeline import normal_text

FIXTURE = Path(__file__).parent / "fixtures" / "entities.json"
SCENARIO = Path(__file__).resolve().parents[1] / "examples" / "scenario"
KINDS = ("PER", "ORG", "LOC")
#: the longest reports of the demo stay out of the sample (it holds 300 mentions already)
LEFT_OUT = (
    "NR-VERGLAS_2026-04-09_franchissement-Lipno.md",
    "synthese-hebdo-S13_2026-03-30.pdf",
    "BRQ-084_2026-04-08_J2-ALBATRE.txt",
    "evaluation-menace-FLT_2026-04-03.md",
    "CR-reunion-coordination_2026-04-02.txt",
    "fiche-franchissements-virna_2026-03-22.html",
)
#: PIAF articles whose first paragraph joins the sample (by position in piaf-dev.json)
PIAF_ARTICLES = (1, 5, 9, 13, 17, 21, 25, 29)


def documents(piaf: Path) -> dict[str, tuple[str, str]]:
    """Name → (text, language) of the demo documents and of the PIAF paragraphs."""
    out: dict[str, tuple[str, str]] = {}
    for path in sorted(SCENARIO.rglob("*")):
        if not path.is_file() or path.suffix == ".json" or path.name in LEFT_OUT:
            continue
        for raw in loader_for(path).load(path, path.read_bytes()):
            text = normal_text(raw)[0]
            name = f"{path.relative_to(SCENARIO)}{raw.locator}"
            out[name] = (text, langid.detect(text, ("fr", "en")))
    articles = json.loads(piaf.read_text(encoding="utf-8"))["data"]
    for i in PIAF_ARTICLES:
        text = articles[i]["paragraphs"][0]["context"]
        out[f"piaf/{articles[i]['title']}"] = (text, "fr")
    return out


def found(enricher: Enricher, text: str, lang: str, filtered: bool) -> set[tuple[str, str]]:
    """(kind, surface) of the named mentions, with or without the noise filter."""
    if filtered:
        mentions = enricher.extract(text, lang, None)
    else:
        groups = [geo.extract(text), dates.extract(text, None), enricher.lexicon.tag(text)]
        mentions = resolve([*groups, enricher.named(text, lang)])
    return {(m.kind, m.surface) for m in mentions if m.kind in KINDS}


def evaluate(piaf: Path, enricher: Enricher | None = None) -> dict[str, Any]:
    enricher = enricher or Enricher(Lexicon.load())
    judged: dict[tuple[str, str, str], bool] = {
        (j["doc"], j["kind"], j["surface"]): bool(j["ok"])
        for j in json.loads(FIXTURE.read_text(encoding="utf-8"))["judged"]
    }
    out: dict[str, Any] = {"judged": len(judged)}
    docs = documents(piaf)
    for name, filtered in (("before", False), ("after", True)):
        right = wrong = unjudged = 0
        for doc, (text, lang) in docs.items():
            for kind, surface in found(enricher, text, lang, filtered):
                verdict = judged.get((doc, kind, surface))
                if verdict is None:
                    unjudged += 1
                elif verdict:
                    right += 1
                else:
                    wrong += 1
        out[name] = {
            "mentions": right + wrong,
            "precision": round(right / max(1, right + wrong), 3),
            "unjudged": unjudged,
        }
    return out


def candidates(piaf: Path, enricher: Enricher) -> list[dict[str, Any]]:
    """Every mention either version finds, with its context: what an annotator judges."""
    out = []
    for doc, (text, lang) in documents(piaf).items():
        before = found(enricher, text, lang, False)
        after = found(enricher, text, lang, True)
        for kind, surface in sorted(before | after):
            at = text.find(surface)
            out.append(
                {
                    "doc": doc,
                    "kind": kind,
                    "surface": surface,
                    "context": text[max(0, at - 60) : at + len(surface) + 60].replace("\n", "⏎"),
                }
            )
    return out


def report(e: dict[str, Any]) -> None:
    print(
        f"\nEntités (PER, ORG, LOC) — {e['judged']} mentions annotées à la main (démonstration "
        "et paragraphes PIAF) :"
    )
    for name, label in (("before", "sans filtre du bruit"), ("after", "avec filtre du bruit")):
        r = e[name]
        print(
            f"  {label:22} précision {r['precision']:.1%} sur {r['mentions']} mentions"
            + (f" ({r['unjudged']} non annotées)" if r["unjudged"] else "")
        )
