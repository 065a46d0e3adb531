"""``egide decision ach | compare | sensitivity | evidence | watch | assumptions | check``
— deterministic help on a file, locally or through the service."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from egide.cli.context import JsonOpt, console, emit_json, state
from egide.cli.decision import MethodOpt, method_of, print_lines, read
from egide.decide import analysis, decision, watch
from egide.i18n import t
from egide.security.principals import User

if TYPE_CHECKING:
    from egide.app import App


def register(group: typer.Typer) -> None:
    for name, fn in (
        ("ach", ach),
        ("compare", compare),
        ("sensitivity", sensitivity),
        ("evidence", find_evidence),
        ("watch", to_watch),
        ("assumptions", assumptions),
        ("check", check),
    ):
        group.command(name)(fn)


def ach(ctx: typer.Context, uid: str, as_json: JsonOpt = False) -> None:
    """La matrice ACH : incohérence pondérée, diagnosticité, sensibilité (élément par élément)."""
    lang = state(ctx).lang
    _, report = read(
        ctx, f"/decisions/{uid}/ach", {}, lambda app, user: analysis.ach_of(app, user, uid, lang)
    )
    if as_json:
        emit_json(report)
        return
    order = " > ".join(f"{h} ({report['inconsistency'][h]:.2f})" for h in report["ranking"])
    telling = ", ".join(f"{k} {v:.2f}" for k, v in report["diagnosticity"].items())
    lines = [
        t("Classement (le moins incohérent d'abord) : {order}", lang, order=order),
        t("Diagnosticité : {items}", lang, items=telling),
    ]
    if report["unrated"]:
        cells = ", ".join("×".join(c) for c in report["unrated"])
        lines.append(t("Cases non cotées : {cells}", lang, cells=cells))
    print_lines(lines + report["notes"])


def compare(
    ctx: typer.Context, uid: str, method: MethodOpt = None, as_json: JsonOpt = False
) -> None:
    """Le tableau de comparaison des MA, avec ses avertissements."""
    used = method_of(method)
    lang = state(ctx).lang
    _, report = read(
        ctx,
        f"/decisions/{uid}/comparison",
        {"method": used},
        lambda app, user: analysis.comparison_of(app, user, uid, used, lang),
    )
    if as_json:
        emit_json(report)
        return
    order = " > ".join(f"{m} ({report['scores'][m]:.4f})" for m in report["ranking"])
    lines = [t("{method} : {order}", lang, method=report["method_name"], order=order)]
    print_lines(lines + [f"⚠ {w}" for w in report["warnings"]])


def sensitivity(
    ctx: typer.Context, uid: str, method: MethodOpt = None, as_json: JsonOpt = False
) -> None:
    """Les seuils de basculement : jusqu'où un poids peut bouger sans changer le premier MA."""
    used = method_of(method)
    lang = state(ctx).lang
    _, report = read(
        ctx,
        f"/decisions/{uid}/sensitivity",
        {"method": used},
        lambda app, user: analysis.sensitivity_of(app, user, uid, used, lang),
    )
    if as_json:
        emit_json(report)
        return
    print_lines(report["sentences"])


def find_evidence(
    ctx: typer.Context,
    uid: str,
    about: Annotated[str, typer.Argument(help="Un identifiant (ME1, CP5…) ou un texte.")],
    limit: Annotated[int, typer.Option("--limit", min=1, max=50)] = 8,
    as_json: JsonOpt = False,
) -> None:
    """Passages qui peuvent étayer une hypothèse ou une présupposition (recherche)."""
    _, found = read(
        ctx,
        f"/decisions/{uid}/evidence",
        {"about": about, "limit": limit},
        lambda app, user: analysis.evidence_of(app, user, uid, about, limit),
    )
    if as_json:
        emit_json(found)
        return
    for h in found["passages"]:
        excerpt = h["text"] if len(h["text"]) <= 200 else h["text"][:199] + "…"
        console().print(
            f"[{h['chunk_id']} · {h['label']} · {h['grade']}] {h['document']}\n   {excerpt}",
            markup=False,
        )


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

    lang = state(ctx).lang

    def local(app: App, user: User) -> dict[str, Any]:
        rules_text, needs_text, summary = watch.export(app, user, uid, lang)
        return {"rules_yaml": rules_text, "requirements_yaml": needs_text, "summary": summary}

    _, exported = read(ctx, f"/decisions/{uid}/watch", {}, local)
    rules.write_text(exported["rules_yaml"], encoding="utf-8")
    requirements.write_text(exported["requirements_yaml"], encoding="utf-8")
    summary = exported["summary"]
    if as_json:
        emit_json(summary)
        return
    console().print(
        t(
            "{rules} règle(s) → {rules_path} ; {needs} besoin(s) → {needs_path}. « egide watch "
            "SOURCE --rules {rules_path} » les surveille.",
            lang,
            rules=len(summary["rules"]),
            needs=len(summary["requirements"]),
            rules_path=rules,
            needs_path=requirements,
        ),
        markup=False,
    )


def assumptions(
    ctx: typer.Context,
    uid: str,
    since: Annotated[
        str | None, typer.Option("--since", help="Date ISO (défaut : dernier contrôle).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Alerte quand des éléments nouveaux portent sur une présupposition."""
    lang = state(ctx).lang
    _, found = read(
        ctx,
        f"/decisions/{uid}/assumptions",
        {"since": since},
        lambda app, user: {
            "file": uid,
            "alerts": watch.assumption_alerts(app, user, uid, since, lang=lang),
        },
    )
    if as_json:
        emit_json(found)
        return
    if not found["alerts"]:
        console().print(t("Aucun élément nouveau sur les présuppositions.", lang))
    for a in found["alerts"]:
        text = t("⚠ {message} — « {text} »", lang, message=a["message"], text=a["text"])
        console().print(text, markup=False)
        for p in a["passages"]:
            console().print(f"   [{p['chunk_id']} · {p['label']}] {p['document']}", markup=False)


def check(ctx: typer.Context, uid: str, as_json: JsonOpt = False) -> None:
    """Revérifier les citations et l'inscription au journal des décisions."""
    lang, result = read(
        ctx, f"/decisions/{uid}/check", {}, lambda app, user: decision.check(app, user, uid)
    )
    problems = result["failures"] + result["decision_audit"]
    if as_json:
        emit_json(result)
    else:
        console().print(
            t(
                "Citations vérifiées : {verified} / {total} ; {problems} problème(s).",
                lang,
                verified=result["verified"],
                total=result["citations"],
                problems=len(problems),
            ),
            markup=False,
        )
        print_lines([f"⚠ {x}" for x in problems])
    if problems:
        raise typer.Exit(3)
