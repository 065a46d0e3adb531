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
from egide.i18n import N_, t
from egide.products.dtg import dtg, dtg_of
from egide.products.model import DRAFT_MARK, ORIGIN
from egide.security.labels import parse_label
from egide.security.principals import User

if TYPE_CHECKING:
    from egide.app import App

SCHEMA = "egide.fiche-decision.v1"
TITLE = N_("Fiche d'aide à la décision")
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
    lang: str = "fr"
    sections: list[Section]
    sources: list[Source]
    verification: dict[str, Any]
    file: dict[str, Any]

    model_config = {"populate_by_name": True}

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


class _Sources:
    def __init__(self, lang: str) -> None:
        self.lang = lang
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
            parts.append(t("(présupposition)", self.lang))
        if element.origin == "IA":
            parts.append(
                t("({mark}, accepté par {by})", self.lang, mark=t(AI_MARK, self.lang),
                  by=element.accepted_by)
            )
        return " ".join(parts)


#: Values of the file shown to a reader (they are typed in French on the command line).
VALUES = {
    "limitation": N_("limitation"),
    "impératif": N_("impératif"),
    "risque": N_("risque"),
    "opportunité": N_("opportunité"),
    "présupposition": N_("présupposition"),
    "validée": N_("validée"),
    "à vérifier": N_("à vérifier"),
    "infirmée": N_("infirmée"),
    "convenable": N_("convenable"),
    "réalisable": N_("réalisable"),
    "acceptable": N_("acceptable"),
    "exclusif": N_("exclusif"),
    "complet": N_("complet"),
    "probable": N_("probable"),
    "dangereux": N_("dangereux"),
}


def _value(text: str, lang: str) -> str:
    return t(VALUES[text], lang) if text in VALUES else text


def _p(text: str) -> Block:
    return Block(kind="p", text=text)


def _table(headers: list[str], rows: list[list[str]], lang: str) -> Block:
    return Block(kind="table", headers=[t(h, lang) if h else h for h in headers], rows=rows)


def _field(name: str, value: str, lang: str) -> Block:
    return _p(t("**{name}** : {value}", lang, name=t(name, lang), value=value))


def _mission(f: DecisionFile, s: _Sources, lang: str) -> list[Section]:
    m = f.mission
    blocks = [
        _field(N_("Cadre"), m.cadre or "—", lang),
        _field(N_("Esprit"), m.esprit or "—", lang),
        _field(N_("Lettre"), f"{m.lettre or '—'} {s.basis(m)}", lang),
    ]
    if m.tasks:
        blocks.append(Block(kind="list", items=m.tasks))
    effet = []
    if f.effet_majeur is None:
        effet.append(_p(t("Non encore proposé.", lang)))
    else:
        e = f.effet_majeur
        who = (
            t("validé par {by} ({at})", lang, by=e.validated_by, at=dtg_of(e.validated_at or ""))
            if e.validated_by
            else t("proposé par l'état-major, non encore validé par le chef", lang)
        )
        effet.append(_p(f"{e.text} {s.basis(e)} — *{who}*"))
    rows = [
        [
            c.id,
            _value(c.kind, lang),
            c.text,
            _value(c.status, lang),
            c.owner or "",
            c.deadline or "",
            s.basis(c),
        ]
        for c in f.conclusions
    ]
    headers = ["", N_("type"), N_("conclusion"), N_("statut"), N_("responsable"), N_("échéance"),
               N_("étai")]
    return [
        Section(title=t("1. Rappel de la mission", lang), blocks=blocks),
        Section(title=t("2. Effet majeur", lang), blocks=effet),
        Section(title=t("3. Conclusions partielles", lang), blocks=[_table(headers, rows, lang)]),
    ]


def _enemy(f: DecisionFile, s: _Sources, lang: str) -> Section:
    blocks = []
    for h in f.me:
        named = ", ".join(t("le plus {what}", lang, what=_value(d, lang)) for d in h.designation)
        head = f"**{h.id} — {h.title}**" + (f" ({named})" if named else "")
        text = f"{h.description} {s.basis(h)}".strip()
        blocks.append(_p(t("{head} : {text}", lang, head=head, text=text)))
    if f.me and f.evidence:
        report = analysis.ach_report(f, lang)
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
                t("**Incohérence pondérée** (plus faible = plus vraisemblable)", lang),
                *[f"{report['inconsistency'][h]:.2f}" for h in ids],
                "",
            ]
        )
        blocks.append(_table(["", N_("élément"), *ids, N_("diagnosticité")], rows, lang))
        blocks.append(_p(t("Classement ACH : {order}", lang, order=" > ".join(report["ranking"]))))
        if report["low_diagnosticity"]:
            low = ", ".join(report["low_diagnosticity"])
            blocks.append(_p(t("Éléments peu diagnostiques : {items}", lang, items=low)))
        blocks += [_p(n) for n in report["notes"]]
    needs = analysis.requirements(f, lang)
    if needs:
        blocks.append(_p(t("**Besoins en renseignement** :", lang)))
        blocks.append(
            Block(
                kind="list",
                items=[
                    t("{id} ({priority}) : {text}", lang, id=r.id, priority=r.priority,
                      text=r.text)
                    for r in needs
                ],
            )
        )
    title = t("4. Modes d'action ennemis (ME) — analyse des hypothèses concurrentes", lang)
    return Section(title=title, blocks=blocks)


def _friendly(f: DecisionFile, s: _Sources, lang: str) -> Section:
    blocks = []
    for m in f.ma:
        head, text = f"**{m.id} — {m.title}**", f"{m.idea} {s.basis(m)}".strip()
        blocks.append(_p(t("{head} : {text}", lang, head=head, text=text)))
        rows = [
            [
                _value(name, lang),
                t(N_("oui") if m.screening[name].ok else N_("NON"), lang),
                m.screening[name].why,
            ]
            if name in m.screening
            else [_value(name, lang), t("à examiner", lang), ""]
            for name in SCREENING
        ]
        blocks.append(_table([N_("recevabilité"), "", N_("justification")], rows, lang))
        if m.confrontation:
            blocks.append(
                _table(
                    ["ME", N_("action"), N_("réaction"), N_("contre-réaction"), N_("étai")],
                    [
                        [me, c.action, c.reaction, c.counter, s.basis(c)]
                        for me, c in m.confrontation.items()
                    ],
                    lang,
                )
            )
    return Section(title=t("5. Modes d'action amis (MA)", lang), blocks=blocks)


def _comparison(
    f: DecisionFile, s: _Sources, method: Method | None, lang: str
) -> tuple[Section, Any]:
    crit = [
        [
            c.id,
            c.title,
            c.definition,
            c.unit,
            "" if c.reference is None else f"{c.reference:g}",
            t(N_("↑ plus haut = mieux") if c.direction == "max" else N_("↓ plus bas = mieux"),
              lang),
            f"{f.weights.values.get(c.id, 0.0):g}" if f.weights else "—",
            s.basis(c),
        ]
        for c in f.criteria
    ]
    headers = ["", N_("critère"), N_("définition"), N_("unité"), N_("référence"), N_("sens"),
               N_("poids"), N_("étai")]
    blocks = [_table(headers, crit, lang)]
    if f.weights is not None:
        w = f.weights
        blocks.append(
            _p(t("Poids fixés par {by} ({role}), {at}.", lang, by=w.set_by, role=w.role,
                 at=dtg_of(w.set_at)))
        )
    title = t("6. Tableau de comparaison", lang)
    try:
        report = analysis.comparison_report(f, method, lang)
    except DecisionError as exc:
        blocks.append(_p(t("Comparaison impossible : {why}", lang, why=exc.message(lang))))
        return Section(title=title, blocks=blocks), None
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
    blocks.append(_table(["MA", *ids, N_("score"), N_("rang")], rows, lang))
    blocks.append(
        _p(
            t(
                "Méthode : {method} ; valeurs brutes, notes normalisées entre parenthèses.",
                lang,
                method=report["method_name"],
            )
        )
    )
    blocks += [_p(f"⚠ {w}") for w in report["warnings"]]
    blocks.append(_p(t("**Seuils de basculement** :", lang)))
    blocks.append(Block(kind="list", items=report["sentences"]))
    return Section(title=title, blocks=blocks), report


def _indicators(f: DecisionFile, s: _Sources, lang: str) -> Section:
    rows = [
        [
            i.id,
            i.text,
            meaning(f, i, lang),
            i.priority,
            t(N_("oui") if i.when else N_("besoin seul"), lang),
            s.basis(i),
        ]
        for i in f.indicators
    ]
    headers = ["", N_("indicateur"), N_("signification"), N_("priorité"), N_("règle"), N_("étai")]
    blocks = [_table(headers, rows, lang)]
    for p in f.decision_points:
        text = t(
            "**{id}** — {text} (indicateurs {indicators} ; échéance {deadline}) : {options}",
            lang,
            id=p.id,
            text=p.text,
            indicators=", ".join(p.indicators) or "—",
            deadline=p.deadline or "—",
            options=p.options,
        )
        blocks.append(_p(f"{text} {s.basis(p)}".strip()))
    for c in f.critiques:
        text = t("*Avocat du diable* {id} : {text}", lang, id=c.id, text=c.text)
        blocks.append(_p(f"{text} {s.basis(c)}".strip()))
    return Section(title=t("7. Indicateurs, points de décision et objections", lang), blocks=blocks)


def _proposal(f: DecisionFile, report: Any, lang: str) -> Section:
    blocks = []
    if report is not None:
        blocks.append(
            _p(
                t(
                    "Tableau de comparaison ({method}) : {first} en tête ; classement {order}.",
                    lang,
                    method=report["method_name"],
                    first=report["ranking"][0],
                    order=" > ".join(report["ranking"]),
                )
            )
        )
    r = f.recommendation
    if r is None:
        blocks.append(_p(t("L'état-major n'a pas encore signé sa proposition.", lang)))
    else:
        blocks.append(
            _p(t("**L'état-major propose {ma}** : {reason} — {by}, {at}.", lang, ma=r.ma,
                 reason=r.reason, by=r.by, at=dtg_of(r.at)))
        )
    blocks.append(_p(t("Le système propose ; seul le chef décide.", lang)))
    return Section(title=f"8. {t(PROPOSAL_MARK, lang)}", blocks=blocks)


def _decision(f: DecisionFile, lang: str) -> Section:
    title = t("9. Décision du chef", lang)
    d = f.decision
    if d is None:
        blank = [N_("MA retenu"), N_("Motif"), N_("Écart à la proposition"),
                 N_("Nom, date et signature")]
        return Section(
            title=title, blocks=[Block(kind="blank", items=[t(x, lang) for x in blank])]
        )
    choice = d.choice + (f" ({d.other})" if d.other else "")
    deviation = (
        t("oui ({ma} proposé) — {why}", lang, ma=d.recommended, why=d.deviation_reason)
        if d.deviation
        else t("non", lang)
    )
    items = [
        t("MA retenu : {choice}", lang, choice=choice),
        t("Motif : {reason}", lang, reason=d.reason),
        t("Écart à la proposition d'état-major : {deviation}", lang, deviation=deviation),
        t(
            "Décidé par {by}, {at}, sur la version {version} ; journal d'audit n° {seq}",
            lang,
            by=d.by,
            at=dtg_of(d.at),
            version=d.version,
            seq=d.audit_seq,
        ),
    ]
    if f.version > d.version + 1:
        items.append(
            t("⚠ Le dossier a changé depuis la décision (version {version}).", lang,
              version=f.version)
        )
    return Section(title=title, blocks=[Block(kind="list", items=items)])


def build(
    app: App,
    user: User,
    uid: str,
    version: int | None = None,
    method: Method | None = None,
    lang: str = "fr",
) -> Fiche:
    f = read(app, user, uid, version, what="fiche")
    s = _Sources(lang)
    sections = _mission(f, s, lang)
    sections.append(_enemy(f, s, lang))
    sections.append(_friendly(f, s, lang))
    table, report = _comparison(f, s, method, lang)
    sections += [table, _indicators(f, s, lang), _proposal(f, report, lang), _decision(f, lang)]
    verified, failures = evidence.check(app, user, f)
    problems = decision.audited(app, user, uid) if f.decision is not None else []
    status = (
        t(DRAFT_MARK, lang)
        if f.decision is None
        else t(
            "Décision du chef inscrite par {by} ({at})", lang, by=f.decision.by,
            at=dtg_of(f.decision.at),
        )
    )
    return Fiche(
        id=f.id,
        version=f.version,
        title=f.title,
        label=parse_label(f.label).canonical(),
        status=status,
        draft=f.decision is None,
        dtg=dtg(),
        origin=t(ORIGIN, lang),
        lang=lang,
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
