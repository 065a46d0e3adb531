"""The fiche's layout, once for every rendering (Markdown, PDF): the header an officer
expects, then « Ce qu'il faut retenir », the facts by theme (each once), contradictions and
uncertainties, the appreciation, the indicators, the intelligence requirements, the
annexes and the sources with their grades (PRODUCTS.md §2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from egide.i18n import N_, gettext_
from egide.i18n import t as tr
from egide.products.dtg import dtg_of
from egide.products.model import DRAFT_MARK, ESTIMATIVE, ORIGIN, Brief, Citation

# The fiche's headings and fixed texts (French msgids; translated by ``texts``).
_T: dict[str, str | tuple[str, ...]] = {
    "title": N_("FICHE DE SYNTHÈSE"),
    "status": N_("Statut"),
    "dtg": N_("Groupe date-heure"),
    "origin": N_("Origine"),
    "engine": N_("Moteur"),
    "requester": N_("Demandeur"),
    "to": N_("Destinataires"),
    "refs": N_("Références"),
    "subject": N_("Objet"),
    "none": N_("néant"),
    "retain": N_("Ce qu'il faut retenir"),
    "facts": N_("Faits"),
    "other": N_("Autres faits"),
    "contra": N_("Contradictions et incertitudes"),
    "assess": N_("Appréciation"),
    "assess_model": N_("rédigée par le modèle {engine} — jugement machine, à valider"),
    "assess_empty": N_("À rédiger par l'analyste (aucun modèle n'a été employé)."),
    "outlook": N_("Perspectives — indicateurs à surveiller"),
    "gaps": N_("Lacunes — besoins en renseignement"),
    "entities": N_("Annexe A — Entités"),
    "timeline": N_("Annexe B — Chronologie"),
    "sources": N_("Sources"),
    "suspect": N_("Contenu suspect écarté"),
    "dropped": N_("affirmation(s) du modèle retirée(s) faute de citation qui les soutienne"),
    "validated": N_("Validé par"),
    "rejected": N_("Rejeté par"),
    "src_head": ("", N_("titre"), N_("origine"), N_("date"), N_("marquage"), N_("cote")),
    "ent_head": (N_("type"), N_("nom"), N_("mentions"), N_("sources"), N_("position")),
}

@dataclass
class Section:
    title: str
    items: list[str] = field(default_factory=list)
    note: str | None = None  # shown when there are no items, or under them
    table: list[tuple[str, ...]] | None = None
    heading: tuple[str, ...] = ()
    themes: list[tuple[str | None, list[str]]] | None = None


def texts(lang: str) -> dict[str, Any]:
    """The fiche's headings and fixed texts in ``lang``."""
    return {
        k: tuple(gettext_(x, lang) for x in v) if isinstance(v, tuple) else gettext_(v, lang)
        for k, v in _T.items()
    }


def cites(citations: list[Citation]) -> str:
    return "".join(f"[{s}]" for s in dict.fromkeys(c.source for c in citations))


def status_line(brief: Brief, lang: str) -> str:
    words = texts(lang)
    if brief.validation is None:
        return tr(DRAFT_MARK, lang)
    who = words["validated"] if brief.validation.status == "validated" else words["rejected"]
    return f"{who} {brief.validation.by}, {dtg_of(brief.validation.at)}"


def engine_name(engine: str, lang: str) -> str:
    """The engine as the reader names it: the extractive engine by its kind, a model by its
    name."""
    return gettext_(N_("extractif"), lang) if engine == "extractive" else engine


def header(brief: Brief, lang: str) -> list[tuple[str, str]]:
    words = texts(lang)
    none = str(words["none"])
    return [
        (str(words["status"]), status_line(brief, lang)),
        (str(words["dtg"]), brief.dtg),
        (str(words["origin"]), tr(ORIGIN, lang)),
        (str(words["engine"]), engine_name(brief.engine, lang)),
        (str(words["requester"]), brief.requester),
        (str(words["to"]), ", ".join(brief.recipients) or none),
        (str(words["refs"]), ", ".join(brief.references) or none),
        (str(words["subject"]), brief.question),
    ]


def sections(brief: Brief, lang: str) -> list[Section]:
    words = texts(lang)
    out = [
        Section(
            f"1. {words['retain']}",
            [
                (f"*{p.likelihood}* — " if p.likelihood else "")
                + f"{p.text} "
                + "".join(f"[{s}]" for s in p.sources)
                for p in brief.key_points
            ],
            # a notice of the engine is one of its texts: shown in the reader's language
            note=None
            if brief.relevant or not brief.notices
            else gettext_(brief.notices[0], lang),
        )
    ]
    retained = {p.text for p in brief.key_points}
    themes: dict[str | None, list[str]] = {}
    for claim in brief.claims:
        if claim.text not in retained:
            themes.setdefault(claim.topic, []).append(f"{claim.text} {cites(claim.citations)}")
    facts = Section(f"2. {words['facts']}", themes=list(themes.items()), note=str(words["none"]))
    if brief.dropped_claims:
        facts.note = f"{brief.dropped_claims} {words['dropped']}"
    out.append(facts)
    out.append(
        Section(
            f"3. {words['contra']}",
            [f"{g.text} {cites(g.citations)}" for g in brief.contradictions],
            note=str(words["none"]),
        )
    )
    if brief.assessment:
        out.append(
            Section(
                f"4. {words['assess']} ({str(words['assess_model']).format(engine=brief.engine)})",
                [
                    f"*{p.likelihood}* ({ESTIMATIVE.get(p.likelihood or '', '')}) — {p.text} "
                    + "".join(f"[{s}]" for s in p.sources)
                    for p in brief.assessment
                ],
            )
        )
    else:
        out.append(Section(f"4. {words['assess']}", note=str(words["assess_empty"])))
    out.append(
        Section(
            f"5. {words['outlook']}",
            [f"{i.text} {cites(i.citations)}" for i in brief.indicators],
            note=str(words["none"]),
        )
    )
    out.append(
        Section(
            f"6. {words['gaps']}",
            [f"{g.text} {cites(g.citations)}".strip() for g in brief.gaps],
            note=str(words["none"]),
        )
    )
    out.append(
        Section(
            str(words["entities"]),
            table=[
                (
                    e.kind,
                    e.name,
                    str(e.mentions),
                    ", ".join(e.sources),
                    f"{e.lat:.4f}, {e.lon:.4f} ({e.mgrs})" if e.lat is not None else "",
                )
                for e in brief.entities
            ],
            heading=tuple(words["ent_head"]),
            note=str(words["none"]),
        )
    )
    out.append(
        Section(
            str(words["timeline"]),
            [f"**{dtg_of(ev.date)}** — {ev.text} {cites(ev.citations)}" for ev in brief.timeline],
            note=str(words["none"]),
        )
    )
    out.append(
        Section(
            str(words["sources"]),
            table=[
                (
                    s.id,
                    s.title,
                    s.origin or "",
                    dtg_of(s.date) if s.date else "",
                    s.label,
                    s.grade,
                )
                for s in brief.sources
            ],
            heading=tuple(words["src_head"]),
            note=str(words["none"]),
        )
    )
    if brief.suspicious:
        out.append(
            Section(
                str(words["suspect"]),
                [
                    tr("[{source}] {kind} : {excerpt}", lang, **s.model_dump())
                    for s in brief.suspicious
                ],
            )
        )
    return out
