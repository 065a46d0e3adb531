"""What the fiche derives by code after the facts: the indicators to watch, and the gaps
stated as intelligence requirements."""

from __future__ import annotations

import re

from egide.i18n import t
from egide.products.context import Context
from egide.products.extractive import candidates, cite, display
from egide.products.model import Claim, Gap, Indicator
from egide.products.relevance import missing_names

_EXPECT = re.compile(
    r"attendu|pr[ée]vu|pr[ée]par|devrai|pourrai|risqu|envisag|projet|intention|menace|"
    r"imminent|prochain|d'ici|sous \d+|dans les \d+|expected|planned|likely|could|would|"
    r"intend|prepar|threat|imminent|next|within \d+",
    re.IGNORECASE,
)
_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b([A-ZÀ-Ö][\wÀ-ÿ'-]{2,}|[A-Z]{2,}\d*)\b")


def indicators(ctx: Context, limit: int = 5, lang: str = "fr") -> list[Indicator]:
    """Cited expectations (what is expected, planned, prepared, threatened): what to watch
    to confirm or refute the assessment; their names feed an `egide watch` requirement."""
    out: list[Indicator] = []
    for s in candidates(ctx):
        if _EXPECT.search(s.text) and len(out) < limit:
            names = list(dict.fromkeys(_NAME.findall(display(s.text))))[:6]
            out.append(
                Indicator(
                    text=t("Confirmer ou infirmer : {text}", lang, text=display(s.text)),
                    terms=names,
                    citations=[cite(s)],
                )
            )
    return out


def requirements(
    ctx: Context, claims: list[Claim], contradictions: list[Gap], lang: str = "fr"
) -> list[Gap]:
    """Gaps as intelligence requirements: names of the question no source mentions,
    contradictions to resolve, facts resting on one source, weak grading, a cut context."""
    out: list[Gap] = []
    missing = missing_names(ctx)
    if missing:
        out.append(
            Gap(
                kind="absence",
                text=t(
                    "BR : rechercher des informations sur {names} (aucune source consultée "
                    "n'en parle).",
                    lang,
                    names=", ".join(missing),
                ),
            )
        )
    if contradictions:
        topics = ", ".join(dict.fromkeys(str(c.attribute) for c in contradictions))
        out.append(
            Gap(
                kind="requirement",
                text=t(
                    "BR : lever les incertitudes où les sources divergent ({topics}).",
                    lang,
                    topics=topics,
                ),
                citations=[x for c in contradictions for x in c.citations],
            )
        )
    per_source: dict[str, int] = {}
    single = []
    for claim in claims:
        owners = {c.source for c in claim.citations}
        for source in owners:
            per_source[source] = per_source.get(source, 0) + 1
        if len(owners) == 1:
            single.append(claim)
    if claims and len(per_source) == 1:
        out.append(
            Gap(
                kind="single_source",
                text=t(
                    "BR : recouper l'ensemble des faits, qui reposent sur une seule source "
                    "({source}).",
                    lang,
                    source=next(iter(per_source)),
                ),
            )
        )
    elif claims and len(single) == len(claims):
        out.append(
            Gap(
                kind="single_source",
                text=t(
                    "BR : recouper les faits rapportés ; aucun n'est confirmé par une "
                    "seconde source.",
                    lang,
                ),
            )
        )
    if ctx.sources and not any(s.grade[:1] in {"A", "B"} for s in ctx.sources):
        out.append(
            Gap(
                kind="grading",
                text=t(
                    "BR : obtenir une source cotée A ou B (aucune source consultée ne l'est).",
                    lang,
                ),
            )
        )
    if ctx.cut:
        out.append(
            Gap(
                kind="context_cut",
                text=t(
                    "{n} passage(s) pertinent(s) écarté(s) faute de place dans la fenêtre du "
                    "modèle.",
                    lang,
                    n=ctx.cut,
                ),
            )
        )
    return out
