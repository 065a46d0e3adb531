"""``egide demo`` — the main job on the embedded defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from egide.cli.context import BarProgress, JsonOpt, console, emit_json, state
from egide.demo import demo_home, run_demo
from egide.i18n import N_, t


def register(cli: typer.Typer) -> None:
    cli.command("demo")(demo)


def demo(
    ctx: typer.Context,
    demo_store: Annotated[
        Path | None,
        typer.Option(
            "--demo-store",
            help="Magasin de démonstration (créé en mode --dev ; défaut : --store ou "
            "EGIDE_HOME s'ils sont donnés, sinon ./.egide-demo).",
        ),
    ] = None,
    examples: Annotated[
        Path | None,
        typer.Option("--examples", help="Dossier du scénario (défaut examples/scenario)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Démonstration : ingestion du scénario fictif et recherches à plusieurs niveaux."""
    st = state(ctx)
    settings = st.load()
    settings = settings.model_copy(
        update={"home": demo_home(settings, demo_store), "user": None}, deep=True
    )
    result = run_demo(settings, examples, BarProgress(st.lang, not as_json))
    if as_json:
        emit_json(result.__dict__)
        return
    lang = st.lang
    out = console()
    out.rule(t("Démonstration Égide — scénario « {name} »", lang, name=result.scenario))
    out.print(t("Magasin de démonstration : {path}", lang, path=result.store))
    out.print(
        t(
            "Utilisateurs : {users}",
            lang,
            users=", ".join(
                f"{u['name']} ({u['clearance']}, {u['nationality']}"
                + (f", {'/'.join(u['compartments'])}" if u["compartments"] else "")
                + ")"
                for u in result.users
            ),
        )
    )
    for batch in result.batches:
        out.print(
            t(
                "Lot « {path} » ({label}, cote {grade}) : {ingested} ingéré(s), {duplicates} "
                "doublon(s), {failed} échec(s)",
                lang,
                path=batch["path"],
                label=batch["label"],
                grade=batch["grade"],
                ingested=batch["ingested"],
                duplicates=batch["duplicates"],
                failed=len(batch["failed"]),
            )
        )
        for failure in batch["failed"]:
            out.print(f"  ✗ {failure['message']}")
    clearance = {u["name"]: u["clearance"] for u in result.users}
    for search in result.searches:
        out.rule()
        out.print(t("Requête : « {query} »", lang, query=search["query"]))
        for name, seen in search["by_user"].items():
            labels = ", ".join(
                t("{name} : {value}", lang, name=k, value=v)
                for k, v in sorted(seen["by_label"].items())
            )
            text = N_(
                "{user} ({clearance}) — 10 premiers passages par marquage : {labels} ; "
                "les meilleurs :"
            )
            out.print(t(text, lang, user=name, clearance=clearance[name], labels=labels))
            for hit in seen["top"]:
                out.print(f"   [{hit['label']} · {hit['grade']}] {hit['title']}", markup=False)
    out.rule()
    for name, stats in result.stats.items():
        by_label = ", ".join(
            t("{name} : {value}", lang, name=k, value=v) for k, v in stats["by_label"].items()
        )
        out.print(
            t(
                "{user} : {documents} documents, {chunks} passages visibles — {by_label}",
                lang,
                user=name,
                documents=stats["documents"],
                chunks=stats["chunks"],
                by_label=by_label,
            )
        )
    if result.flags:
        out.print(t("Contenu suspect signalé à l'ingestion :", lang))
        for flag in result.flags:
            out.print(f"  ⚠ {flag['title']} — {', '.join(flag['kinds'])}", markup=False)
    for name, seen in result.stream.items():
        out.print(
            t(
                "Flux de messages ALBÂTRE — {user} : {messages} message(s) visibles, {alerts} "
                "alerte(s) ({priorities}) ; {withheld} au-dessus de son habilitation, {refused} "
                "refusé(s).",
                lang,
                user=name,
                messages=seen["messages"],
                alerts=seen["alerts"],
                withheld=seen["withheld"],
                refused=seen["refused"],
                priorities=", ".join(f"{k} {v}" for k, v in sorted(seen["by_priority"].items())),
            ),
            markup=False,
        )
        for a in seen["top"]:
            out.print(f"   [{a['priority']} · {a['label']}] {a['id']} — {a['text']}", markup=False)
    d = result.decision
    if d:
        out.rule()
        out.print(
            t(
                "Dossier de décision {file} ({label}) — ACH : {ach} ; comparaison ({method}) : "
                "{ranking} ; proposition d'état-major : {recommended} ; décision du chef : "
                "{choice} ({by}, journal n° {seq}).",
                lang,
                file=d["file"],
                label=d["label"],
                ach=" > ".join(d["ach"]["ranking"]),
                method=d["comparison"]["method"],
                ranking=" > ".join(d["comparison"]["ranking"]),
                recommended=d["recommendation"],
                choice=d["decision"]["choice"],
                by=d["decision"]["by"],
                seq=d["decision"]["audit_seq"],
            ),
            markup=False,
        )
        for line in d["ach"]["notes"] + d["comparison"]["sentences"][:2]:
            out.print(f"   {line}", markup=False)
        text = t("Indicateurs du dossier sur le flux ({n} alerte(s)) :", lang, n=len(d["alerts"]))
        out.print(text, markup=False)
        for a in d["alerts"]:
            for text in a["alerts"][:1]:
                out.print(f"   [{a['priority']} · {a['label']}] {a['id']} — {text}", markup=False)
        fiche = d["fiche"]
        out.print(
            t(
                "Fiche d'aide à la décision : {pdf} (citations vérifiées {verified} / {total}).",
                lang,
                pdf=fiche["pdf"],
                verified=fiche["verified"],
                total=fiche["citations"],
            ),
            markup=False,
        )
    out.rule()
    out.print(t("À essayer ensuite :", lang))
    home = result.store
    for line in (
        f'EGIDE_HOME={home} EGIDE_USER=analyste.dr egide search "pont de Sarvik"',
        f'EGIDE_HOME={home} EGIDE_USER=analyste.s egide search "dépôt de munitions" --json',
        f"EGIDE_HOME={home} EGIDE_USER=officier.otan egide stats",
        f"EGIDE_HOME={home} EGIDE_USER=analyste.s egide ingest MON_DOSSIER --label DR --grade B2",
        f"EGIDE_HOME={home} EGIDE_USER=analyste.s egide watch examples/stream/messages.jsonl "
        "--rules examples/stream/rules.yaml --label NP --summary-every 30m",
        f"EGIDE_HOME={home} EGIDE_USER=analyste.s egide decision list",
        f"EGIDE_HOME={home} EGIDE_USER=chef.gtia egide decision show {d.get('file', 'DD-…')}",
    ):
        out.print(f"  {line}", markup=False)
