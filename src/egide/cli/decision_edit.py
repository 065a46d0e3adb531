"""``egide decision add | set | remove | rate | value | screen | confront | mission |
effet | method | weights`` — each change makes a new version of the file, locally or
through the service."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from egide.cli.context import JsonOpt
from egide.cli.decision import done, door, write
from egide.decide import decision, edits
from egide.decide.model import Ref
from egide.i18n import N_, Msg

Cite = Annotated[
    list[str] | None,
    typer.Option(
        "--cite",
        help="DOCUMENT::citation ou PASSAGE::citation (mot pour mot, 12 caractères au moins).",
    ),
]
Assume = Annotated[
    bool | None,
    typer.Option("--assumption/--no-assumption", help="Élément non sourcé : une présupposition."),
]
Multi = Annotated[list[str] | None, typer.Option()]


def register(group: typer.Typer) -> None:
    for name, fn in (
        ("add", add),
        ("set", change),
        ("remove", remove),
        ("rate", rate),
        ("value", value),
        ("screen", screen),
        ("confront", confront),
        ("mission", mission),
        ("effet", effet),
        ("method", method),
        ("weights", weights),
    ):
        group.command(name)(fn)


def refs(cites: list[str] | None) -> list[dict[str, Any]]:
    out = []
    for cite in cites or []:
        where, sep, quote = cite.partition("::")
        if not sep or not quote.strip():
            raise typer.BadParameter(N_("DOCUMENT::citation"), param_hint="--cite")
        ref = (
            Ref(quote=quote.strip(), chunk_id=int(where))
            if where.isdigit()
            else Ref(quote=quote.strip(), doc=where.strip())
        )
        out.append(ref.model_dump(exclude_defaults=True))
    return out


def fields(
    given: dict[str, Any], cites: list[str] | None, assumption: bool | None, extra: list[str] | None
) -> dict[str, Any]:
    out = {k: v for k, v in given.items() if v not in (None, [])}
    if cites:
        out["refs"] = refs(cites)
    if assumption is not None:
        out["assumption"] = assumption
    for item in extra or []:
        key, sep, raw = item.partition("=")
        if not sep:
            raise typer.BadParameter(N_("clé=valeur"), param_hint="--field")
        try:
            out[key.strip()] = json.loads(raw)
        except json.JSONDecodeError:
            out[key.strip()] = raw
    return out


def _element_options(
    title: str | None,
    text: str | None,
    description: str | None,
    idea: str | None,
    kind: str | None,
    status: str | None,
    me: list[str] | None,
    ma: list[str] | None,
    when: str | None,
) -> dict[str, Any]:
    return {
        "title": title,
        "text": text,
        "description": description,
        "idea": idea,
        "kind": kind,
        "status": status,
        "me": me,
        "ma": ma,
        "when": json.loads(when) if when else None,
    }


Title = Annotated[str | None, typer.Option("--title")]
Text = Annotated[str | None, typer.Option("--text")]
Description = Annotated[str | None, typer.Option("--description")]
Idea = Annotated[str | None, typer.Option("--idea", help="Idée de manœuvre (MA).")]
Kind = Annotated[
    str | None,
    typer.Option(
        "--kind", help="Conclusion : limitation, impératif, risque, opportunité, présupposition."
    ),
]
Status = Annotated[str | None, typer.Option("--status", help="validée, à vérifier, infirmée.")]
When = Annotated[
    str | None,
    typer.Option("--when", help='Indicateur : conditions JSON, p. ex. {"any": ["PMP"]}.'),
]
Field = Annotated[list[str] | None, typer.Option("--field", help="clé=valeur (JSON permis).")]


def add(
    ctx: typer.Context,
    uid: str,
    kind_: Annotated[
        str,
        typer.Argument(
            metavar="TYPE",
            help="conclusion, me, evidence, ma, criterion, indicator, point, critique",
        ),
    ],
    title: Title = None,
    text: Text = None,
    description: Description = None,
    idea: Idea = None,
    kind: Kind = None,
    status: Status = None,
    me: Multi = None,
    ma: Multi = None,
    when: When = None,
    cite: Cite = None,
    assumption: Assume = None,
    field: Field = None,
    as_json: JsonOpt = False,
) -> None:
    """Ajouter un élément (il cite une source ou se déclare présupposition)."""
    given = _element_options(title, text, description, idea, kind, status, me, ma, when)
    element = fields(given, cite, assumption, field)
    d = door(ctx)
    if d.client is not None:
        added = d.client.post(f"/decisions/{uid}/elements", {"kind": kind_, "fields": element})
        data, ident = added["file"], added["element"]
    else:
        file, ident = edits.add(*d.local(), uid, kind_, element)
        data = file.to_json()
    done(d.lang, data, Msg("ajout {id}", id=ident), as_json)


def change(
    ctx: typer.Context,
    uid: str,
    ident: Annotated[str, typer.Argument(metavar="ID")],
    title: Title = None,
    text: Text = None,
    description: Description = None,
    idea: Idea = None,
    kind: Kind = None,
    status: Status = None,
    me: Multi = None,
    ma: Multi = None,
    when: When = None,
    cite: Cite = None,
    assumption: Assume = None,
    field: Field = None,
    as_json: JsonOpt = False,
) -> None:
    """Modifier un élément (les citations données remplacent les anciennes)."""
    given = _element_options(title, text, description, idea, kind, status, me, ma, when)
    changes = fields(given, cite, assumption, field)
    write(
        ctx,
        f"/decisions/{uid}/elements/{ident}",
        {"fields": changes},
        lambda app, user: edits.change(app, user, uid, ident, changes),
        Msg("modification {id}", id=ident),
        as_json,
    )


def remove(ctx: typer.Context, uid: str, ident: str, as_json: JsonOpt = False) -> None:
    """Retirer un élément (les versions précédentes le gardent)."""
    d = door(ctx)
    data = (
        d.client.delete(f"/decisions/{uid}/elements/{ident}")
        if d.client is not None
        else edits.remove(*d.local(), uid, ident).to_json()
    )
    done(d.lang, data, Msg("suppression {id}", id=ident), as_json)


def rate(
    ctx: typer.Context,
    uid: str,
    item: str,
    me: str,
    rating: Annotated[str, typer.Argument(help="CC, C, N, I, II, NA, ou - pour effacer.")],
    as_json: JsonOpt = False,
) -> None:
    """Coter une case de la matrice ACH."""
    if rating not in ("CC", "C", "N", "I", "II", "NA", "-"):
        raise typer.BadParameter(N_("CC, C, N, I, II, NA ou -"), param_hint="RATING")
    cell: Any = None if rating == "-" else rating
    write(
        ctx,
        f"/decisions/{uid}/ratings",
        {"item": item, "me": me, "rating": cell},
        lambda app, user: edits.rate(app, user, uid, item, me, cell),
        Msg("cotation {item}×{me}", item=item, me=me),
        as_json,
    )


def value(
    ctx: typer.Context, uid: str, ma: str, criterion: str, raw: float, as_json: JsonOpt = False
) -> None:
    """Valeur brute d'un MA pour un critère (tableau de comparaison)."""
    write(
        ctx,
        f"/decisions/{uid}/values",
        {"ma": ma, "criterion": criterion, "value": raw},
        lambda app, user: edits.value(app, user, uid, ma, criterion, raw),
        f"{ma}/{criterion}",
        as_json,
    )


def screen(
    ctx: typer.Context,
    uid: str,
    ma: str,
    criterion: Annotated[
        str, typer.Argument(help="convenable, réalisable, acceptable, exclusif, complet")
    ],
    verdict: Annotated[str, typer.Argument(help="oui ou non")],
    why: Annotated[str, typer.Option("--why", help="Justification.")],
    as_json: JsonOpt = False,
) -> None:
    """Recevabilité d'un MA, critère par critère, justifiée."""
    if verdict not in ("oui", "non"):
        raise typer.BadParameter(N_("oui ou non"), param_hint="VERDICT")
    ok = verdict == "oui"
    write(
        ctx,
        f"/decisions/{uid}/screening",
        {"ma": ma, "criterion": criterion, "ok": ok, "why": why},
        lambda app, user: edits.screen(app, user, uid, ma, criterion, ok, why),
        Msg("recevabilité {ma}", ma=ma),
        as_json,
    )


def confront(
    ctx: typer.Context,
    uid: str,
    ma: str,
    me: str,
    action: Annotated[str | None, typer.Option("--action")] = None,
    reaction: Annotated[str | None, typer.Option("--reaction")] = None,
    counter: Annotated[str | None, typer.Option("--counter", help="Contre-réaction.")] = None,
    cite: Cite = None,
    assumption: Assume = None,
    as_json: JsonOpt = False,
) -> None:
    """Une case de la confrontation MA × ME (action, réaction, contre-réaction)."""
    given = {"action": action, "reaction": reaction, "counter": counter}
    cell = fields(given, cite, assumption, None)
    write(
        ctx,
        f"/decisions/{uid}/confrontation",
        {"ma": ma, "me": me, "fields": cell},
        lambda app, user: edits.confront(app, user, uid, ma, me, cell),
        Msg("confrontation {ma}×{me}", ma=ma, me=me),
        as_json,
    )


def mission(
    ctx: typer.Context,
    uid: str,
    cadre: Annotated[str | None, typer.Option("--cadre")] = None,
    esprit: Annotated[str | None, typer.Option("--esprit")] = None,
    lettre: Annotated[str | None, typer.Option("--lettre")] = None,
    task: Annotated[list[str] | None, typer.Option("--task", help="Une tâche (répétable).")] = None,
    cite: Cite = None,
    assumption: Assume = None,
    as_json: JsonOpt = False,
) -> None:
    """Rappel de la mission : cadre, esprit, lettre, tâches."""
    given = {"cadre": cadre, "esprit": esprit, "lettre": lettre, "tasks": task}
    changes = fields(given, cite, assumption, None)
    write(
        ctx,
        f"/decisions/{uid}/mission",
        {"fields": changes},
        lambda app, user: edits.mission(app, user, uid, changes),
        Msg("mission"),
        as_json,
    )


def effet(
    ctx: typer.Context,
    uid: str,
    text: Annotated[str | None, typer.Argument(help="L'effet majeur proposé.")] = None,
    validate: Annotated[
        bool, typer.Option("--validate", help="Le chef valide l'effet majeur (rôle decideur).")
    ] = False,
    cite: Cite = None,
    assumption: Assume = None,
    as_json: JsonOpt = False,
) -> None:
    """Proposer l'effet majeur (état-major) ou le valider (chef)."""
    if validate:
        write(
            ctx,
            f"/decisions/{uid}/effet/validate",
            {},
            lambda app, user: decision.validate_effet(app, user, uid),
            Msg("effet majeur validé"),
            as_json,
        )
        return
    if not text:
        raise typer.BadParameter(N_("le texte de l'effet majeur"), param_hint="TEXT")
    changes = fields({"text": text}, cite, assumption, None)
    write(
        ctx,
        f"/decisions/{uid}/effet",
        {"fields": changes},
        lambda app, user: edits.effet(app, user, uid, changes),
        Msg("effet majeur proposé"),
        as_json,
    )


def method(
    ctx: typer.Context,
    uid: str,
    name: Annotated[str, typer.Argument(help="wsum, topsis ou promethee")],
    as_json: JsonOpt = False,
) -> None:
    """Méthode de comparaison par défaut du dossier."""
    if name not in ("wsum", "topsis", "promethee"):
        raise typer.BadParameter(N_("wsum, topsis ou promethee"), param_hint="NAME")
    chosen: Any = name
    write(
        ctx,
        f"/decisions/{uid}/method",
        {"method": name},
        lambda app, user: edits.method(app, user, uid, chosen),
        Msg("méthode {name}", name=name),
        as_json,
    )


def weights(
    ctx: typer.Context,
    uid: str,
    pairs: Annotated[
        list[str], typer.Argument(help="C1=0.3 C2=0.2 … (rôle decideur ou chef_etat_major)")
    ],
    as_json: JsonOpt = False,
) -> None:
    """Fixer les poids des critères (le chef ou le chef d'état-major seulement)."""
    parsed: dict[str, float] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        try:
            parsed[key.strip()] = float(raw.replace(",", "."))
        except ValueError:
            raise typer.BadParameter(N_("C1=0.3"), param_hint="PAIRS") from None
        if not sep:
            raise typer.BadParameter(N_("C1=0.3"), param_hint="PAIRS")
    write(
        ctx,
        f"/decisions/{uid}/weights",
        {"weights": parsed},
        lambda app, user: decision.set_weights(app, user, uid, parsed),
        Msg("poids"),
        as_json,
    )
