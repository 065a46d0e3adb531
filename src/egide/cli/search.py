"""``egide search`` — one query, or a batch file of queries in one process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from egide.cli.context import JsonOpt, console, emit_json, state
from egide.errors import BatchInputError, QueryError
from egide.i18n import t
from egide.ops import content


def register(cli: typer.Typer) -> None:
    cli.command("search")(search)


def _read_batch(path: Path) -> list[tuple[str, str]]:
    items = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise BatchInputError(str(exc), line=0) from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BatchInputError(exc.msg, line=number) from None
        if not isinstance(obj, dict) or not isinstance(obj.get("query"), str):
            raise BatchInputError("« query » manquant / missing 'query'", line=number)
        items.append((str(obj.get("id", number)), obj["query"]))
    return items


def search(
    ctx: typer.Context,
    query: Annotated[str | None, typer.Argument(help="La question ou les mots cherchés.")] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-k", min=1, max=1000, help="Nombre de résultats.")
    ] = None,
    batch: Annotated[
        Path | None, typer.Option("--batch", help='Fichier JSONL : un {"id", "query"} par ligne.')
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Recherche hybride, filtrée par vos habilitations. / Hybrid search, filtered by clearance."""
    st = state(ctx)
    client = st.client()

    def run(text: str) -> dict[str, Any]:
        if client is not None:
            params: dict[str, Any] = {"q": text, **({"limit": limit} if limit else {})}
            answer: dict[str, Any] = client.get("/search", params)
            return answer
        return content.search(st.app(), text, limit)

    if batch is not None:
        for ident, text in _read_batch(batch):
            try:
                emit_json({"id": ident, "results": run(text)["results"]})
            except QueryError as exc:
                emit_json({"id": ident, "results": [], "error": exc.to_dict(st.lang)})
        return
    if query is None:
        raise QueryError("aucune requête / no query")
    payload = run(query)
    if as_json:
        emit_json(payload)
        return
    render(
        payload["results"],
        payload["mode"],
        payload.get("expansions", []),
        payload.get("vectors_missing", 0),
        st.lang,
    )


def render(
    results: list[dict[str, Any]], mode: str, expansions: list[str], missing: int, lang: str
) -> None:
    out = console()
    if not results:
        out.print(t("search.none", lang))
        return
    out.print(t("search.mode", lang, mode=mode, n=len(results)))
    if expansions:
        out.print(t("search.expanded", lang, terms=", ".join(expansions)))
    if missing:
        out.print(t("search.missing", lang, n=missing))
    table = Table(show_lines=True)
    for key in ("col.rank", "col.label", "col.grade", "col.doc", "col.passage"):
        table.add_column(t(key, lang), overflow="fold")
    for r in results:
        text = r["chunk"]["text"]
        snippet = text if len(text) <= 240 else text[:239] + "…"
        table.add_row(
            str(r["rank"]),
            r["label"],
            r["document"]["grade"],
            r["document"]["title"] or r["document"]["path"],
            snippet,
        )
    out.print(table)
