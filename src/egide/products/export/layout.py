"""The fiche's layout, once for every rendering (Markdown, PDF): the header an officer
expects, then « Ce qu'il faut retenir », the facts by theme (each once), contradictions and
uncertainties, the appreciation, the indicators, the intelligence requirements, the
annexes and the sources with their grades (PRODUCTS.md §2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from egide.products.dtg import dtg_of
from egide.products.model import DRAFT_MARK, ESTIMATIVE, ORIGIN, Brief, Citation

_T: dict[str, dict[str, Any]] = {
    "fr": {
        "title": "FICHE DE SYNTHÈSE",
        "status": "Statut",
        "dtg": "Groupe date-heure",
        "origin": "Origine",
        "engine": "Moteur",
        "requester": "Demandeur",
        "to": "Destinataires",
        "refs": "Références",
        "subject": "Objet",
        "none": "néant",
        "retain": "Ce qu'il faut retenir",
        "facts": "Faits",
        "other": "Autres faits",
        "contra": "Contradictions et incertitudes",
        "assess": "Appréciation",
        "assess_model": "rédigée par le modèle {engine} — jugement machine, à valider",
        "assess_empty": "À rédiger par l'analyste (aucun modèle n'a été employé).",
        "outlook": "Perspectives — indicateurs à surveiller",
        "gaps": "Lacunes — besoins en renseignement",
        "entities": "Annexe A — Entités",
        "timeline": "Annexe B — Chronologie",
        "sources": "Sources",
        "suspect": "Contenu suspect écarté",
        "dropped": "affirmation(s) du modèle retirée(s) faute de citation qui les soutienne",
        "validated": "Validé par",
        "rejected": "Rejeté par",
        "src_head": ("", "titre", "origine", "date", "marquage", "cote"),
        "ent_head": ("type", "nom", "mentions", "sources", "position"),
    },
    "en": {
        "title": "INTELLIGENCE BRIEF",
        "status": "Status",
        "dtg": "Date-time group",
        "origin": "Origin",
        "engine": "Engine",
        "requester": "Requester",
        "to": "Recipients",
        "refs": "References",
        "subject": "Subject",
        "none": "none",
        "retain": "Key points",
        "facts": "Facts",
        "other": "Other facts",
        "contra": "Contradictions and uncertainties",
        "assess": "Assessment",
        "assess_model": "written by the model {engine} — machine judgement, to be validated",
        "assess_empty": "To be written by the analyst (no model was used).",
        "outlook": "Outlook — indicators to watch",
        "gaps": "Gaps — intelligence requirements",
        "entities": "Annex A — Entities",
        "timeline": "Annex B — Timeline",
        "sources": "Sources",
        "suspect": "Suspicious content set aside",
        "dropped": "model claim(s) removed for lack of a supporting citation",
        "validated": "Validated by",
        "rejected": "Rejected by",
        "src_head": ("", "title", "origin", "date", "marking", "grade"),
        "ent_head": ("type", "name", "mentions", "sources", "position"),
    },
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
    return _T["en" if lang == "en" else "fr"]


def cites(citations: list[Citation]) -> str:
    return "".join(f"[{s}]" for s in dict.fromkeys(c.source for c in citations))


def status_line(brief: Brief, lang: str) -> str:
    t = texts(lang)
    if brief.validation is None:
        return DRAFT_MARK
    who = t["validated"] if brief.validation.status == "validated" else t["rejected"]
    return f"{who} {brief.validation.by}, {dtg_of(brief.validation.at)}"


def header(brief: Brief, lang: str) -> list[tuple[str, str]]:
    t = texts(lang)
    none = str(t["none"])
    return [
        (str(t["status"]), status_line(brief, lang)),
        (str(t["dtg"]), brief.dtg),
        (str(t["origin"]), ORIGIN),
        (str(t["engine"]), brief.engine),
        (str(t["requester"]), brief.requester),
        (str(t["to"]), ", ".join(brief.recipients) or none),
        (str(t["refs"]), ", ".join(brief.references) or none),
        (str(t["subject"]), brief.question),
    ]


def sections(brief: Brief, lang: str) -> list[Section]:
    t = texts(lang)
    out = [
        Section(
            f"1. {t['retain']}",
            [
                (f"*{p.likelihood}* — " if p.likelihood else "")
                + f"{p.text} "
                + "".join(f"[{s}]" for s in p.sources)
                for p in brief.key_points
            ],
            note=None if brief.relevant else brief.notices[0] if brief.notices else None,
        )
    ]
    retained = {p.text for p in brief.key_points}
    themes: dict[str | None, list[str]] = {}
    for claim in brief.claims:
        if claim.text not in retained:
            themes.setdefault(claim.topic, []).append(f"{claim.text} {cites(claim.citations)}")
    facts = Section(f"2. {t['facts']}", themes=list(themes.items()), note=str(t["none"]))
    if brief.dropped_claims:
        facts.note = f"{brief.dropped_claims} {t['dropped']}"
    out.append(facts)
    out.append(
        Section(
            f"3. {t['contra']}",
            [f"{g.text} {cites(g.citations)}" for g in brief.contradictions],
            note=str(t["none"]),
        )
    )
    if brief.assessment:
        out.append(
            Section(
                f"4. {t['assess']} ({str(t['assess_model']).format(engine=brief.engine)})",
                [
                    f"*{p.likelihood}* ({ESTIMATIVE.get(p.likelihood or '', '')}) — {p.text} "
                    + "".join(f"[{s}]" for s in p.sources)
                    for p in brief.assessment
                ],
            )
        )
    else:
        out.append(Section(f"4. {t['assess']}", note=str(t["assess_empty"])))
    out.append(
        Section(
            f"5. {t['outlook']}",
            [f"{i.text} {cites(i.citations)}" for i in brief.indicators],
            note=str(t["none"]),
        )
    )
    out.append(
        Section(
            f"6. {t['gaps']}",
            [f"{g.text} {cites(g.citations)}".strip() for g in brief.gaps],
            note=str(t["none"]),
        )
    )
    out.append(
        Section(
            str(t["entities"]),
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
            heading=tuple(t["ent_head"]),
            note=str(t["none"]),
        )
    )
    out.append(
        Section(
            str(t["timeline"]),
            [f"**{ev.date}** — {ev.text} {cites(ev.citations)}" for ev in brief.timeline],
            note=str(t["none"]),
        )
    )
    out.append(
        Section(
            str(t["sources"]),
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
            heading=tuple(t["src_head"]),
            note=str(t["none"]),
        )
    )
    if brief.suspicious:
        out.append(
            Section(
                str(t["suspect"]),
                [f"[{s.source}] {s.kind} : {s.excerpt}" for s in brief.suspicious],
            )
        )
    return out
