"""Markings in the content: how the banner check behaves on the demo scenario (every batch
under its own label: no refusal expected; every batch declared NP: the documents that
mark themselves above NP are caught) and on real third-party text, which carries no
marking (no refusal expected)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from egide.enrich.entities import Enricher
from egide.enrich.lexicon import Lexicon
from egide.errors import BannerError
from egide.ingest import archive
from egide.ingest.files import discover
from egide.ingest.loaders import RawDocument
from egide.ingest.pipeline import Options, check_banners, normal_text, process_file
from egide.security.grades import parse_grade
from egide.security.labels import parse_label

BANNER = "E-INGEST-BANNER"


def _options(label: str) -> Options:
    return Options(
        label=parse_label(label),
        grade=parse_grade(None),
        source=None,
        languages=("fr", "en"),
        chunk_chars=1200,
        overlap=1,
        max_bytes=50 * 1024 * 1024,
        unpack=archive.Limits(100 * 1024 * 1024, 100),
    )


def scenario(folder: Path, enricher: Enricher) -> dict[str, Any]:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    out: dict[str, Any] = {"documents": 0, "with_banner": 0, "refused": 0, "refused_paths": []}
    above_np = caught = 0
    for batch in manifest["batches"]:
        files, _ = discover([folder / batch["path"]])
        for path in files:
            own = process_file(path, _options(batch["label"]), enricher)
            out["documents"] += len(own.documents) + len(own.failures)
            out["with_banner"] += sum(1 for d in own.documents if d.meta.get("banners"))
            refused = [f.path for f in own.failures if f.error.code == BANNER]
            out["refused"] += len(refused)
            out["refused_paths"] += [str(Path(p).relative_to(folder)) for p in refused]
            if parse_label(batch["label"]) != parse_label("NP"):
                as_np = process_file(path, _options("NP"), enricher)
                above_np += len(as_np.documents) + len(as_np.failures)
                caught += sum(1 for f in as_np.failures if f.error.code == BANNER)
    out["above_np"] = above_np
    out["caught_when_declared_np"] = caught
    return out


def third_party(root: Path) -> list[tuple[str, str, str]]:
    """Real text nobody on the team wrote: (corpus, title, text) — every PIAF paragraph
    (French Wikipedia) and every CASE 2021 snippet (English news)."""
    data = json.loads((root / "piaf" / "piaf-dev.json").read_text(encoding="utf-8"))
    texts = [
        ("piaf", article["title"], para["context"])
        for article in data["data"]
        for para in article["paragraphs"]
    ]
    with (root / "case2021" / "dev.tsv").open(encoding="utf-8", newline="") as fh:
        texts += [
            ("case2021", "", row["EventSnippet"]) for row in csv.DictReader(fh, delimiter="\t")
        ]
    return texts


def real_text(root: Path) -> dict[str, Any]:
    counts: dict[str, dict[str, int]] = {}
    examples: list[str] = []
    public = parse_label("NP")
    for corpus, title, text in third_party(root):
        entry = counts.setdefault(corpus, {"texts": 0, "refused": 0})
        entry["texts"] += 1
        raw = RawDocument([text], title=title or None, subject=title or None)
        normalised, pages = normal_text(raw)
        try:
            check_banners(raw, normalised, pages, public, corpus)
        except BannerError:
            entry["refused"] += 1
            examples.append(text[:80])
    return {**counts, "refused_examples": examples[:5]}


def evaluate(root: Path, scenario_dir: Path) -> dict[str, Any]:
    enricher = Enricher(Lexicon.load(), use_ner=False)
    return {"scenario": scenario(scenario_dir, enricher), "real_text": real_text(root)}
