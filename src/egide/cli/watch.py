"""``egide watch`` — triage a message stream; alerts notify, they never act."""

from __future__ import annotations

import functools
import re
import signal
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from egide.cli import watch_text
from egide.cli.context import JsonOpt, clean, console, emit_json, state
from egide.errors import UsageError
from egide.i18n import Msg, t
from egide.ops.triage import model_for
from egide.security.labels import parse_label
from egide.stream import rules as rulesets
from egide.stream.sources import open_source
from egide.stream.triage import Triager
from egide.stream.watcher import Options, Stats, watch

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*(s|m|min|h)?$")
_UNITS = {None: 1.0, "s": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0}


def register(cli: typer.Typer) -> None:
    cli.command("watch")(watch_command)


def duration_s(text: str) -> float:
    match = _DURATION.match(text.strip())
    if not match or float(match.group(1)) <= 0:
        raise UsageError(
            Msg("durée « {text} » : attendu 30s, 15m ou 1h", text=text), command="egide watch"
        )
    return float(match.group(1)) * _UNITS[match.group(2)]


def watch_command(
    ctx: typer.Context,
    source: Annotated[
        str,
        typer.Argument(
            help="Fichier JSONL, « - » (entrée standard), tail:FICHIER, ou "
            "kafka://HÔTE:PORT/SUJET?group=G."
        ),
    ],
    rules: Annotated[
        Path | None, typer.Option("--rules", help="Règles YAML (listes, zones, règles).")
    ] = None,
    requirements: Annotated[
        Path | None,
        typer.Option("--requirements", help="Besoins en renseignement (YAML), par similarité."),
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", help="Modèle de tri appris (egide triage train).")
    ] = None,
    emit: Annotated[
        str, typer.Option("--emit", help="alerts (défaut) : les alertes ; all : tout message.")
    ] = "alerts",
    summary_every: Annotated[
        str | None, typer.Option("--summary-every", help="Point de situation (ex. 15m).")
    ] = None,
    label: Annotated[
        str | None, typer.Option("--label", help="Marquage des messages qui n'en portent pas.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Écrire les lignes JSON dans ce fichier.")
    ] = None,
    dead_letter: Annotated[
        Path | None, typer.Option("--dead-letter", help="Fichier des messages refusés.")
    ] = None,
    name: Annotated[
        str, typer.Option("--name", help="Nom du veilleur (points de reprise, groupe Kafka).")
    ] = "watch",
    as_json: JsonOpt = False,
) -> None:
    """Trier un flux de messages en temps réel."""
    st = state(ctx)
    if emit not in {"alerts", "all"}:
        raise UsageError(Msg("--emit : alerts ou all"), command="egide watch")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", name):
        raise UsageError(
            Msg("--name « {name} » : lettres, chiffres, . _ -", name=name), command="egide watch"
        )
    every = duration_s(summary_every) if summary_every else None
    stopping: list[int] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda n, _f: stopping.append(n))
    show = emit_json if as_json else functools.partial(_show_human, lang=st.lang)
    client = st.client()
    if client is not None:
        from egide.client.watch import watch as remote

        settings = st.load().stream
        config = {
            "rules": rulesets.read_text(rules) if rules else None,
            "requirements": rulesets.read_text(requirements) if requirements else None,
            "model": model,
            "emit": emit,
            "label": label,
            "summary_every_s": every,
        }
        dead = dead_letter or Path(f"dead-letter-{name}.jsonl")
        stream = open_source(source, settings.max_message_kb * 1024, name)
        stats = remote(
            client, name, stream, config, settings.batch, out, dead, show,
            stop=lambda: bool(stopping),
        )
        _report(stats, Options(out=out, dead_letter=dead), st.lang, as_json)
        return
    app = st.app()
    user = app.require_user()
    settings = app.settings.stream
    default = label or settings.label
    ruleset = rulesets.load(rules) if rules else rulesets.parse("", "(aucune)")
    options = Options(
        consumer=name,
        emit=_emit(emit),
        summary_every_s=every,
        batch=settings.batch,
        max_bytes=settings.max_message_kb * 1024,
        default_label=parse_label(default) if default else None,
        out=out,
        dead_letter=dead_letter or settings.dead_letter or app.home / f"dead-letter-{name}.jsonl",
    )
    triager = Triager(
        ruleset,
        app.lexicon,
        tuple(app.settings.ingest.languages),
        app.enricher,
        model_for(app, model) if model else None,
        rulesets.load_requirements(requirements) if requirements else None,
        app.embedder if (model or requirements) else None,
    )
    stream = open_source(source, options.max_bytes, name)
    stats = watch(app, user, stream, triager, options, show, stop=lambda: bool(stopping))
    _report(stats, options, st.lang, as_json)


def _emit(value: str) -> Literal["alerts", "all"]:
    return "all" if value == "all" else "alerts"


def _show_human(line: dict[str, Any], lang: str = "fr") -> None:
    out = console()
    if line.get("type") == "summary":
        out.print(watch_text.summary(line, lang), markup=False)
        for s in line["sentences"]:
            quote = t("« {text} » [{cite}]", lang, text=s["text"], cite=s["cite"])
            out.print("   " + quote, markup=False)
        return
    reasons = "; ".join(watch_text.reason(w, lang) for w in line["why"])
    flag = "⚠ " if line["alert"] else "  "
    channel, text = clean(line.get("channel") or "", False), clean(line["text"][:160], False)
    out.print(
        f"{flag}[{line['priority']}] {line['label']} {clean(line['id'], False)} {channel} — {text}"
        + ("\n     " + t("pourquoi : {reasons}", lang, reasons=reasons) if reasons else ""),
        markup=False,
    )


def _report(stats: Stats, options: Options, lang: str, as_json: bool) -> None:
    data = stats.to_dict()
    text = t(
        "{read} message(s) lu(s), {alerts} alerte(s) nouvelle(s), {replayed} rejouée(s), "
        "{dead} refusé(s) → {dead_letter}, {withheld} au-dessus de votre habilitation "
        "(non affichés).",
        lang,
        read=data["read"],
        alerts=data["alerts"],
        replayed=data["replayed"],
        dead=data["dead"],
        dead_letter=options.dead_letter,
        withheld=data["withheld"],
    )
    if as_json and options.out is None:
        sys.stderr.write(clean(text, lines=False) + "\n")
    elif as_json:
        emit_json(data)
    else:
        console().print(text, markup=False)
