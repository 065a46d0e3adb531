"""``egide decision`` — the decision file: create, read, import and export, sign the
proposal, record the commander's decision. Analysis lives in ``decision_analysis``,
element edits in ``decision_edit``, the model's proposals in ``decision_assist``.

Every command calls one ``egide.decide`` function locally, or the matching route of the
service when ``EGIDE_URL`` is set, and prints the same thing either way; access, roles,
labels and audit are decided in ``egide.decide``. Files named on the command line are
read and written here, by the client: the service never sees a client's path."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from egide.cli.context import JsonOpt, State, console, emit_json, state
from egide.decide import decision, files, render
from egide.decide.fiche import Fiche, build
from egide.decide.model import DecisionFile, Method
from egide.i18n import N_, Msg, t
from egide.i18n import render as rendered
from egide.products.dtg import dtg_of
from egide.security.principals import User
from egide.stream.rules import read_text

if TYPE_CHECKING:
    from egide.app import App
    from egide.client.http import ServiceClient

group = typer.Typer(
    help="Aide à la décision : dossier, comparaison, décision du chef.",
    no_args_is_help=True,
)
MethodOpt = Annotated[
    str | None, typer.Option("--method", help="wsum (somme pondérée), topsis ou promethee.")
]


@cache
def _whole_group() -> typer.Typer:
    """The group with the other decision modules' commands, joined once however many
    command trees a process builds."""
    from egide.cli import decision_analysis, decision_assist, decision_edit

    decision_edit.register(group)
    decision_analysis.register(group)
    decision_assist.register(group)
    return group


def register(cli: typer.Typer) -> None:
    cli.add_typer(_whole_group(), name="decision")


@dataclass
class Door:
    """Where a command goes: the service (``client``) or the local store."""

    st: State
    client: ServiceClient | None

    @property
    def lang(self) -> str:
        return self.st.lang

    def local(self) -> tuple[App, User]:
        app = self.st.app()
        return app, app.require_user()


def door(ctx: typer.Context) -> Door:
    st = state(ctx)
    return Door(st, st.client())


def _params(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if v is not None}


def read(
    ctx: typer.Context, path: str, params: dict[str, Any], local: Callable[[App, User], Any]
) -> tuple[str, Any]:
    """(language, data): ``GET path`` on the service, else ``local(app, user)``."""
    d = door(ctx)
    if d.client is not None:
        return d.lang, d.client.get(path, _params(params))
    return d.lang, local(*d.local())


def write(
    ctx: typer.Context,
    path: str,
    body: dict[str, Any],
    local: Callable[[App, User], DecisionFile],
    change: str | Msg,
    as_json: bool,
) -> None:
    """A change that makes a new version: ``POST path`` on the service, else ``local``."""
    d = door(ctx)
    data = d.client.post(path, body) if d.client is not None else local(*d.local()).to_json()
    done(d.lang, data, change, as_json)


def method_of(name: str | None) -> Method | None:
    if name is None:
        return None
    if name not in ("wsum", "topsis", "promethee"):
        raise typer.BadParameter(N_("wsum, topsis ou promethee"), param_hint="--method")
    return name  # type: ignore[return-value]


def done(lang: str, file: dict[str, Any], change: str | Msg, as_json: bool) -> None:
    if as_json:
        emit_json(file)
        return
    console().print(
        t(
            "Dossier {id}, version {version} ({label}) : {change}.",
            lang,
            id=file["id"],
            version=file["version"],
            label=file["label"],
            change=rendered(change, lang),
        ),
        markup=False,
    )


def print_lines(lines: list[str]) -> None:
    for line in lines:
        console().print(line, markup=False)


@group.command("create")
def create(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="Intitulé du dossier.")],
    label: Annotated[str, typer.Option("--label", help="Marquage du dossier (obligatoire).")],
    as_json: JsonOpt = False,
) -> None:
    """Créer un dossier de décision vide."""
    body = {"title": title, "label": label}
    write(
        ctx,
        "/decisions",
        body,
        lambda app, user: files.create(app, user, title, label),
        Msg("création"),
        as_json,
    )


@group.command("list")
def list_files(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Lister les dossiers que vous pouvez lire."""
    lang, data = read(ctx, "/decisions", {}, lambda app, user: {"files": files.listing(app, user)})
    rows = data["files"]
    if as_json:
        emit_json({"files": rows})
        return
    out = console()
    if not rows:
        out.print(t("Aucun dossier de décision visible pour vous.", lang))
    for r in rows:
        state_ = t(N_("décidé") if r["decided"] else N_("en cours"), lang)
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
    used = method_of(method)
    if as_json:
        _, data = read(
            ctx,
            f"/decisions/{uid}",
            {"version": version},
            lambda app, user: files.read(app, user, uid, version).to_json(),
        )
        emit_json(data)
        return
    d = door(ctx)
    if d.client is not None:
        params = _params({"version": version, "method": used})
        fiche = Fiche.model_validate(d.client.get(f"/decisions/{uid}/fiche", params))
    else:
        fiche = build(*d.local(), uid, version, used, d.lang)
    console().print(render.markdown(fiche), markup=False, highlight=False)


@group.command("history")
def history(ctx: typer.Context, uid: str, as_json: JsonOpt = False) -> None:
    """Les versions du dossier (aucune n'est effacée)."""
    lang = state(ctx).lang
    _, data = read(
        ctx,
        f"/decisions/{uid}/history",
        {},
        lambda app, user: {"file": uid, "versions": files.history(app, user, uid, lang)},
    )
    if as_json:
        emit_json(data)
        return
    for r in data["versions"]:
        console().print(
            f"v{r['version']:<3} {dtg_of(r['created_at'])}  {r['author']:<14} {r['label']:<24} "
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
    text = read_text(path)
    write(
        ctx,
        "/decisions/import",
        {"yaml": text, "name": path.name, "uid": uid, "label": label},
        lambda app, user: files.import_yaml(app, user, text, path.name, uid, label),
        Msg("import {name}", name=path.name),
        as_json,
    )


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
    used = method_of(method)
    wanted: list[tuple[render.Format, Path | None]] = [("md", md), ("pdf", pdf), ("json", json_out)]
    targets = {fmt: path for fmt, path in wanted if path is not None}
    d = door(ctx)
    summary: dict[str, Any] = {"file": uid}
    verification: dict[str, Any] = {}
    if d.client is not None:
        where = f"/decisions/{uid}/export"
        if yaml_out is not None:
            d.client.download(where, _params({"format": "yaml", "version": version}), yaml_out)
        for fmt, target in targets.items():
            params = _params({"format": fmt, "version": version, "method": used})
            d.client.download(where, params, target)
        if targets and as_json:
            params = _params({"version": version, "method": used})
            verification = d.client.get(f"/decisions/{uid}/fiche", params)["verification"]
    else:
        app, user = d.local()
        if yaml_out is not None:
            yaml_out.write_text(files.export_yaml(app, user, uid, version), encoding="utf-8")
        if targets:
            verification = render.export(
                app, user, uid, md, pdf, json_out, version, used, d.lang
            ).verification
    if yaml_out is not None:
        summary["yaml"] = str(yaml_out)
    if targets:
        summary["fiche"] = {
            fmt: str(targets[fmt]) for fmt in ("md", "pdf", "json") if fmt in targets
        }
        if as_json:
            summary["verification"] = verification
    if as_json:
        emit_json(summary)
        return
    for path in [yaml_out, *targets.values()]:
        if path is not None:
            console().print(t("Exporté : {what}", d.lang, what=path), markup=False)


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
    used = method_of(method)
    write(
        ctx,
        f"/decisions/{uid}/recommend",
        {"ma": ma, "reason": reason, "method": used},
        lambda app, user: decision.recommend(app, user, uid, ma, reason, used),
        Msg("proposition d'état-major : {ma}", ma=ma),
        as_json,
    )


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
    write(
        ctx,
        f"/decisions/{uid}/decide",
        {"choice": choice, "reason": reason, "deviation": deviation, "other": other},
        lambda app, user: decision.record(app, user, uid, choice, reason, deviation, other),
        Msg("décision du chef : {choice}", choice=choice),
        as_json,
    )
