"""``egide decision`` — the decision file: create, read, import and export, analyse, hand
the indicators to ``egide watch``, sign the proposal, record the commander's decision.
Element edits live in ``decision_edit``. Every command calls one ``egide.decide``
function; access, roles, labels and audit are decided there."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from egide.app import App
from egide.cli.context import JsonOpt, console, emit_json, state
from egide.decide import analysis, decision, files, render, watch
from egide.decide.fiche import build
from egide.decide.model import DecisionFile, Method
from egide.i18n import t
from egide.security.principals import User
from egide.stream.rules import read_text

group = typer.Typer(
    help="Aide à la décision : dossier, comparaison, décision du chef. / Decision support.",
    no_args_is_help=True,
)
MethodOpt = Annotated[
    str | None, typer.Option("--method", help="wsum (somme pondérée), topsis ou promethee.")
]


def register(cli: typer.Typer) -> None:
    from egide.cli import decision_assist, decision_edit

    decision_edit.register(group)
    decision_assist.register(group)
    cli.add_typer(group, name="decision")


def session(ctx: typer.Context) -> tuple[str, App, User]:
    st = state(ctx)
    app = st.app()
    return st.lang, app, app.require_user()


def method_of(name: str | None) -> Method | None:
    if name is None:
        return None
    if name not in ("wsum", "topsis", "promethee"):
        raise typer.BadParameter("wsum, topsis ou promethee", param_hint="--method")
    return name  # type: ignore[return-value]


def done(lang: str, file: DecisionFile, change: str, as_json: bool) -> None:
    if as_json:
        emit_json(file.to_json())
        return
    console().print(
        t(
            "decision.saved",
            lang,
            id=file.id,
            version=file.version,
            label=file.label,
            change=change,
        ),
        markup=False,
    )


@group.command("create")
def create(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="Intitulé du dossier.")],
    label: Annotated[str, typer.Option("--label", help="Marquage du dossier (obligatoire).")],
    as_json: JsonOpt = False,
) -> None:
    """Créer un dossier de décision vide."""
    lang, app, user = session(ctx)
    file = files.create(app, user, title, label)
    done(lang, file, "création", as_json)


@group.command("list")
def list_files(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Lister les dossiers que vous pouvez lire."""
    lang, app, user = session(ctx)
    rows = files.listing(app, user)
    if as_json:
        emit_json({"files": rows})
        return
    out = console()
    if not rows:
        out.print(t("decision.none", lang))
    for r in rows:
        state_ = t("decision.decided" if r["decided"] else "decision.open", lang)
        out.print(
            f"{r['uid']}  v{r['version']:<3} {state_:<9} {r['label']:<24} {r['title']}",
            markup=False,
        )


@group.command("show")
def show(
    ctx: typer.Context,
    uid: str,
    version: Annotated[int | None, typer.Option("--version", min=1)] = None,
    method: MethodOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Afficher un dossier : la fiche d'aide à la décision (Markdown) ou le dossier (JSON)."""
    _, app, user = session(ctx)
    if as_json:
        emit_json(files.fetch(app, user, uid, version).to_json())
        return
    fiche = build(app, user, uid, version, method_of(method))
    console().print(render.markdown(fiche), markup=False, highlight=False)


@group.command("history")
def history(ctx: typer.Context, uid: str, as_json: JsonOpt = False) -> None:
    """Les versions du dossier (aucune n'est effacée)."""
    _, app, user = session(ctx)
    rows = files.history(app, user, uid)
    if as_json:
        emit_json({"file": uid, "versions": rows})
        return
    for r in rows:
        console().print(
            f"v{r['version']:<3} {r['created_at']}  {r['author']:<14} {r['label']:<24} "
            f"{r['change']}",
            markup=False,
        )


@group.command("import")
def import_file(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Dossier complet en YAML.")],
    uid: Annotated[
        str | None, typer.Option("--uid", help="Nouvelle version de ce dossier.")
    ] = None,
    label: Annotated[
        str | None, typer.Option("--label", help="Marquage (sinon floor_label du fichier).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Importer un dossier entier (YAML) : citations vérifiées, marquage calculé."""
    lang, app, user = session(ctx)
    file = files.import_yaml(app, user, read_text(path), path.name, uid, label)
    done(lang, file, f"import {path.name}", as_json)


@group.command("export")
def export(
    ctx: typer.Context,
    uid: str,
    yaml_out: Annotated[Path | None, typer.Option("--yaml", help="Dossier complet (YAML).")] = None,
    md: Annotated[Path | None, typer.Option("--md", help="Fiche en Markdown.")] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Fiche en PDF.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json-out", help="Fiche en JSON.")] = None,
    version: Annotated[int | None, typer.Option("--version", min=1)] = None,
    method: MethodOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Exporter le dossier (YAML) ou la fiche d'aide à la décision (Markdown, PDF, JSON)."""
    lang, app, user = session(ctx)
    summary: dict[str, Any] = {"file": uid}
    if yaml_out is not None:
        yaml_out.write_text(files.export_yaml(app, user, uid, version), encoding="utf-8")
        summary["yaml"] = str(yaml_out)
    if md or pdf or json_out:
        fiche = render.export(app, user, uid, md, pdf, json_out, version, method_of(method))
        summary |= {
            "fiche": {k: str(v) for k, v in (("md", md), ("pdf", pdf), ("json", json_out)) if v}
        }
        summary["verification"] = fiche.verification
    if as_json:
        emit_json(summary)
        return
    for key in ("yaml", "fiche"):
        if key in summary:
            console().print(t("decision.exported", lang, what=summary[key]), markup=False)


def _print_lines(lines: list[str]) -> None:
    for line in lines:
        console().print(line, markup=False)


@group.command("ach")
def ach(ctx: typer.Context, uid: str, as_json: JsonOpt = False) -> None:
    """La matrice ACH : incohérence pondérée, diagnosticité, sensibilité (élément par élément)."""
    _, app, user = session(ctx)
    report = analysis.ach_of(app, user, uid)
    if as_json:
        emit_json(report)
        return
    lines = [
        "Classement (le moins incohérent d'abord) : "
        + " > ".join(f"{h} ({report['inconsistency'][h]:.2f})" for h in report["ranking"]),
        "Diagnosticité : " + ", ".join(f"{k} {v:.2f}" for k, v in report["diagnosticity"].items()),
    ]
    if report["unrated"]:
        lines.append("Cases non cotées : " + ", ".join("×".join(c) for c in report["unrated"]))
    _print_lines(lines + report["notes"])


@group.command("compare")
def compare(
    ctx: typer.Context, uid: str, method: MethodOpt = None, as_json: JsonOpt = False
) -> None:
    """Le tableau de comparaison des MA, avec ses avertissements."""
    _, app, user = session(ctx)
    report = analysis.comparison_of(app, user, uid, method_of(method))
    if as_json:
        emit_json(report)
        return
    lines = [
        f"{report['method_name']} : "
        + " > ".join(f"{m} ({report['scores'][m]:.4f})" for m in report["ranking"])
    ]
    _print_lines(lines + [f"⚠ {w}" for w in report["warnings"]])


@group.command("sensitivity")
def sensitivity(
    ctx: typer.Context, uid: str, method: MethodOpt = None, as_json: JsonOpt = False
) -> None:
    """Les seuils de basculement : jusqu'où un poids peut bouger sans changer le premier MA."""
    _, app, user = session(ctx)
    report = analysis.sensitivity_of(app, user, uid, method_of(method))
    if as_json:
        emit_json(report)
        return
    _print_lines(report["sentences"])


@group.command("evidence")
def find_evidence(
    ctx: typer.Context,
    uid: str,
    about: Annotated[str, typer.Argument(help="Un identifiant (ME1, CP5…) ou un texte.")],
    limit: Annotated[int, typer.Option("--limit", min=1, max=50)] = 8,
    as_json: JsonOpt = False,
) -> None:
    """Passages qui peuvent étayer une hypothèse ou une présupposition (recherche)."""
    _, app, user = session(ctx)
    found = analysis.evidence_of(app, user, uid, about, limit)
    if as_json:
        emit_json(found)
        return
    for h in found["passages"]:
        excerpt = h["text"] if len(h["text"]) <= 200 else h["text"][:199] + "…"
        console().print(
            f"[{h['chunk_id']} · {h['label']} · {h['grade']}] {h['document']}\n   {excerpt}",
            markup=False,
        )


@group.command("watch")
def to_watch(
    ctx: typer.Context,
    uid: str,
    rules: Annotated[Path, typer.Option("--rules", help="Règles YAML pour egide watch.")],
    requirements: Annotated[
        Path, typer.Option("--requirements", help="Besoins en renseignement (YAML).")
    ],
    as_json: JsonOpt = False,
) -> None:
    """Indicateurs et points de décision → règles et besoins pour « egide watch »."""
    lang, app, user = session(ctx)
    rules_text, needs_text, summary = watch.export(app, user, uid)
    rules.write_text(rules_text, encoding="utf-8")
    requirements.write_text(needs_text, encoding="utf-8")
    if as_json:
        emit_json(summary)
        return
    console().print(
        t(
            "decision.watch",
            lang,
            rules=len(summary["rules"]),
            needs=len(summary["requirements"]),
            rules_path=rules,
            needs_path=requirements,
        ),
        markup=False,
    )


@group.command("assumptions")
def assumptions(
    ctx: typer.Context,
    uid: str,
    since: Annotated[
        str | None, typer.Option("--since", help="Date ISO (défaut : dernier contrôle).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Alerte quand des éléments nouveaux portent sur une présupposition."""
    lang, app, user = session(ctx)
    alerts = watch.assumption_alerts(app, user, uid, since)
    if as_json:
        emit_json({"file": uid, "alerts": alerts})
        return
    if not alerts:
        console().print(t("decision.no_alert", lang))
    for a in alerts:
        console().print(f"⚠ {a['message']} — « {a['text']} »", markup=False)
        for p in a["passages"]:
            console().print(f"   [{p['chunk_id']} · {p['label']}] {p['document']}", markup=False)


@group.command("recommend")
def recommend(
    ctx: typer.Context,
    uid: str,
    ma: Annotated[str, typer.Argument(help="Le MA que l'état-major propose.")],
    reason: Annotated[str, typer.Option("--reason", help="Motif.")],
    method: MethodOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Signer la « Proposition d'état-major »."""
    lang, app, user = session(ctx)
    file = decision.recommend(app, user, uid, ma, reason, method_of(method))
    done(lang, file, f"proposition d'état-major : {ma}", as_json)


@group.command("decide")
def decide(
    ctx: typer.Context,
    uid: str,
    choice: Annotated[str, typer.Option("--choice", help="MA retenu, « autre » ou « aucune ».")],
    reason: Annotated[str, typer.Option("--reason", help="Motif de la décision.")],
    deviation: Annotated[
        str, typer.Option("--deviation", help="Motif de l'écart à la proposition d'état-major.")
    ] = "",
    other: Annotated[str | None, typer.Option("--other", help="Avec « autre » : lequel.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Inscrire la décision du chef (rôle decideur) ; elle est journalisée avec ses empreintes."""
    lang, app, user = session(ctx)
    file = decision.record(app, user, uid, choice, reason, deviation, other)
    done(lang, file, f"décision du chef : {choice}", as_json)


@group.command("check")
def check(ctx: typer.Context, uid: str, as_json: JsonOpt = False) -> None:
    """Revérifier les citations et l'inscription au journal des décisions."""
    lang, app, user = session(ctx)
    result = decision.check(app, user, uid)
    problems = result["failures"] + result["decision_audit"]
    if as_json:
        emit_json(result)
    else:
        console().print(
            t(
                "decision.checked",
                lang,
                verified=result["verified"],
                total=result["citations"],
                problems=len(problems),
            ),
            markup=False,
        )
        _print_lines([f"⚠ {x}" for x in problems])
    if problems:
        raise typer.Exit(3)
