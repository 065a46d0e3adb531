"""The « Fiche d'aide à la décision » (PRODUCTS.md §5), built from one version of a file
as one JSON object; Markdown and PDF render it. Every quote is verified again, as the
reader, at export; the decision block stays blank until a ``decideur`` has recorded the
décision du chef, and until then the fiche is a draft.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from egide.decide import analysis, decision, evidence
from egide.decide.files import read
from egide.decide.model import (
    AI_MARK,
    PROPOSAL_MARK,
    SCREENING,
    Based,
    DecisionFile,
    Method,
    Ref,
)
from egide.decide.watch import meaning
from egide.errors import DecisionError
from egide.products.dtg import dtg
from egide.products.model import DRAFT_MARK, ORIGIN
from egide.security.labels import parse_label
from egide.security.principals import User

if TYPE_CHECKING:
    from egide.app import App

SCHEMA = "egide.fiche-decision.v1"
TITLE = "Fiche d'aide à la décision"
BLANK = "…………………………………………"


class Block(BaseModel):
    kind: Literal["p", "list", "table", "quote", "blank"]
    text: str = ""
    items: list[str] = Field(default_factory=list)
    headers: list[str] = Field(default_factory=list)
    rows: list[list[str]] = Field(default_factory=list)


class Section(BaseModel):
    title: str
    blocks: list[Block] = Field(default_factory=list)


class Source(BaseModel):
    id: str
    document: str
    document_id: str
    chunk_id: int
    label: str
    grade: str
    start: int
    end: int
    quote: str


class Fiche(BaseModel):
    schema_version: str = Field(SCHEMA, alias="schema")
    id: str
    version: int
    title: str
    label: str
    status: str
    draft: bool
    dtg: str
    origin: str = ORIGIN
    sections: list[Section]
    sources: list[Source]
    verification: dict[str, Any]
    file: dict[str, Any]

    model_config = {"populate_by_name": True}

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


class _Sources:
    def __init__(self) -> None:
        self.items: list[Source] = []
        self._ids: dict[tuple[int, int, int], str] = {}

    def cite(self, refs: list[Ref]) -> str:
        marks = []
        for r in refs:
            key = (r.chunk_id or 0, r.start, r.end)
            if key not in self._ids:
                self._ids[key] = f"S{len(self._ids) + 1}"
                self.items.append(
                    Source(
                        id=self._ids[key],
                        document=r.doc or r.document_id,
                        document_id=r.document_id,
                        chunk_id=r.chunk_id or 0,
                        label=r.label,
                        grade=r.grade,
                        start=r.start,
                        end=r.end,
                        quote=r.quote,
                    )
                )
            marks.append(f"[{self._ids[key]}]")
        return "".join(dict.fromkeys(marks))

    def basis(self, element: Based) -> str:
        parts = [self.cite(element.refs)] if element.refs else []
        if element.assumption:
            parts.append("(présupposition)")
        if element.origin == "IA":
            parts.append(f"({AI_MARK}, accepté par {element.accepted_by})")
        return " ".join(parts)


def _p(text: str) -> Block:
    return Block(kind="p", text=text)


def _table(headers: list[str], rows: list[list[str]]) -> Block:
    return Block(kind="table", headers=headers, rows=rows)


def _mission(f: DecisionFile, s: _Sources) -> list[Section]:
    m = f.mission
    blocks = [
        _p(f"**Cadre** : {m.cadre or '—'}"),
        _p(f"**Esprit** : {m.esprit or '—'}"),
        _p(f"**Lettre** : {m.lettre or '—'} {s.basis(m)}"),
    ]
    if m.tasks:
        blocks.append(Block(kind="list", items=m.tasks))
    effet = []
    if f.effet_majeur is None:
        effet.append(_p("Non encore proposé."))
    else:
        e = f.effet_majeur
        who = (
            f"validé par {e.validated_by} ({e.validated_at})"
            if e.validated_by
            else "proposé par l'état-major, non encore validé par le chef"
        )
        effet.append(_p(f"{e.text} {s.basis(e)} — *{who}*"))
    rows = [
        [c.id, c.kind, c.text, c.status, c.owner or "", c.deadline or "", s.basis(c)]
        for c in f.conclusions
    ]
    return [
        Section(title="1. Rappel de la mission", blocks=blocks),
        Section(title="2. Effet majeur", blocks=effet),
        Section(
            title="3. Conclusions partielles",
            blocks=[
                _table(
                    ["", "type", "conclusion", "statut", "responsable", "échéance", "étai"], rows
                )
            ],
        ),
    ]


def _enemy(f: DecisionFile, s: _Sources) -> Section:
    blocks = []
    for h in f.me:
        named = ", ".join(f"le plus {d}" for d in h.designation)
        head = f"**{h.id} — {h.title}**" + (f" ({named})" if named else "")
        blocks.append(_p(f"{head} : {h.description} {s.basis(h)}".strip()))
    if f.me and f.evidence:
        report = analysis.ach_report(f)
        ids = [h.id for h in f.me]
        rows = [
            [
                e.id,
                f"{e.text} {s.basis(e)}",
                *[e.ratings.get(h, "·") for h in ids],
                f"{report['diagnosticity'][e.id]:.2f}",
            ]
            for e in f.evidence
        ]
        rows.append(
            [
                "",
                "**Incohérence pondérée** (plus faible = plus vraisemblable)",
                *[f"{report['inconsistency'][h]:.2f}" for h in ids],
                "",
            ]
        )
        blocks.append(_table(["", "élément", *ids, "diagnosticité"], rows))
        blocks.append(_p("Classement ACH : " + " > ".join(report["ranking"])))
        if report["low_diagnosticity"]:
            blocks.append(
                _p("Éléments peu diagnostiques : " + ", ".join(report["low_diagnosticity"]))
            )
        blocks += [_p(n) for n in report["notes"]]
    needs = analysis.requirements(f)
    if needs:
        blocks.append(_p("**Besoins en renseignement** :"))
        blocks.append(
            Block(kind="list", items=[f"{r.id} ({r.priority}) : {r.text}" for r in needs])
        )
    return Section(
        title="4. Modes d'action ennemis (ME) — analyse des hypothèses concurrentes", blocks=blocks
    )


def _friendly(f: DecisionFile, s: _Sources) -> Section:
    blocks = []
    for m in f.ma:
        blocks.append(_p(f"**{m.id} — {m.title}** : {m.idea} {s.basis(m)}".strip()))
        rows = [
            [name, ("oui" if m.screening[name].ok else "NON"), m.screening[name].why]
            if name in m.screening
            else [name, "à examiner", ""]
            for name in SCREENING
        ]
        blocks.append(_table(["recevabilité", "", "justification"], rows))
        if m.confrontation:
            blocks.append(
                _table(
                    ["ME", "action", "réaction", "contre-réaction", "étai"],
                    [
                        [me, c.action, c.reaction, c.counter, s.basis(c)]
                        for me, c in m.confrontation.items()
                    ],
                )
            )
    return Section(title="5. Modes d'action amis (MA)", blocks=blocks)


def _comparison(f: DecisionFile, s: _Sources, method: Method | None) -> tuple[Section, Any]:
    crit = [
        [
            c.id,
            c.title,
            c.definition,
            c.unit,
            "" if c.reference is None else f"{c.reference:g}",
            "↑ plus haut = mieux" if c.direction == "max" else "↓ plus bas = mieux",
            f"{f.weights.values.get(c.id, 0.0):g}" if f.weights else "—",
            s.basis(c),
        ]
        for c in f.criteria
    ]
    blocks = [
        _table(["", "critère", "définition", "unité", "référence", "sens", "poids", "étai"], crit)
    ]
    if f.weights is not None:
        blocks.append(
            _p(f"Poids fixés par {f.weights.set_by} ({f.weights.role}), {f.weights.set_at}.")
        )
    try:
        report = analysis.comparison_report(f, method)
    except DecisionError as exc:
        blocks.append(_p(f"Comparaison impossible : {exc.message('fr')}"))
        return Section(title="6. Tableau de comparaison", blocks=blocks), None
    ids = [c.id for c in f.criteria]
    rows = [
        [
            m,
            *[f"{report['raw'][m][c]:g} ({report['normalised'][m][c]:.2f})" for c in ids],
            f"{report['scores'][m]:.4f}",
            str(report["ranking"].index(m) + 1),
        ]
        for m in report["alternatives"]
    ]
    blocks.append(_table(["MA", *ids, "score", "rang"], rows))
    blocks.append(
        _p(
            f"Méthode : {report['method_name']} ; valeurs brutes, notes normalisées entre "
            "parenthèses."
        )
    )
    blocks += [_p(f"⚠ {w}") for w in report["warnings"]]
    blocks.append(_p("**Seuils de basculement** :"))
    blocks.append(Block(kind="list", items=report["sentences"]))
    return Section(title="6. Tableau de comparaison", blocks=blocks), report


def _indicators(f: DecisionFile, s: _Sources) -> Section:
    rows = [
        [i.id, i.text, meaning(f, i), i.priority, "oui" if i.when else "besoin seul", s.basis(i)]
        for i in f.indicators
    ]
    blocks = [_table(["", "indicateur", "signification", "priorité", "règle", "étai"], rows)]
    for p in f.decision_points:
        blocks.append(
            _p(
                f"**{p.id}** — {p.text} (indicateurs {', '.join(p.indicators) or '—'} ; "
                f"échéance {p.deadline or '—'}) : {p.options} {s.basis(p)}".strip()
            )
        )
    for c in f.critiques:
        blocks.append(_p(f"*Avocat du diable* {c.id} : {c.text} {s.basis(c)}".strip()))
    return Section(title="7. Indicateurs, points de décision et objections", blocks=blocks)


def _proposal(f: DecisionFile, report: Any) -> Section:
    blocks = []
    if report is not None:
        blocks.append(
            _p(
                f"Tableau de comparaison ({report['method_name']}) : {report['ranking'][0]} "
                f"en tête ; "
                f"classement {' > '.join(report['ranking'])}."
            )
        )
    r = f.recommendation
    if r is None:
        blocks.append(_p("L'état-major n'a pas encore signé sa proposition."))
    else:
        blocks.append(_p(f"**L'état-major propose {r.ma}** : {r.reason} — {r.by}, {r.at}."))
    blocks.append(_p("Le système propose ; seul le chef décide."))
    return Section(title=f"8. {PROPOSAL_MARK}", blocks=blocks)


def _decision(f: DecisionFile) -> Section:
    d = f.decision
    if d is None:
        return Section(
            title="9. Décision du chef",
            blocks=[
                Block(
                    kind="blank",
                    items=[
                        "MA retenu",
                        "Motif",
                        "Écart à la proposition",
                        "Nom, date et signature",
                    ],
                ),
            ],
        )
    choice = d.choice + (f" ({d.other})" if d.other else "")
    items = [
        f"MA retenu : {choice}",
        f"Motif : {d.reason}",
        "Écart à la proposition d'état-major : "
        + (f"oui ({d.recommended} proposé) — {d.deviation_reason}" if d.deviation else "non"),
        f"Décidé par {d.by}, {d.at}, sur la version {d.version} ; journal d'audit n° {d.audit_seq}",
    ]
    if f.version > d.version + 1:
        items.append(f"⚠ Le dossier a changé depuis la décision (version {f.version}).")
    return Section(title="9. Décision du chef", blocks=[Block(kind="list", items=items)])


def build(
    app: App, user: User, uid: str, version: int | None = None, method: Method | None = None
) -> Fiche:
    f = read(app, user, uid, version, what="fiche")
    s = _Sources()
    sections = _mission(f, s)
    sections.append(_enemy(f, s))
    sections.append(_friendly(f, s))
    table, report = _comparison(f, s, method)
    sections += [table, _indicators(f, s), _proposal(f, report), _decision(f)]
    verified, failures = evidence.check(app, user, f)
    problems = decision.audited(app, user, uid) if f.decision is not None else []
    status = (
        DRAFT_MARK
        if f.decision is None
        else f"Décision du chef inscrite par {f.decision.by} ({f.decision.at})"
    )
    return Fiche(
        id=f.id,
        version=f.version,
        title=f.title,
        label=parse_label(f.label).canonical(),
        status=status,
        draft=f.decision is None,
        dtg=dtg(),
        sections=sections,
        sources=s.items,
        verification={
            "citations": len(f.refs()),
            "verified": verified,
            "failures": failures,
            "decision_audit": problems,
        },
        file=f.to_json(),
    )
