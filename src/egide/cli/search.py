"""``egide search`` — one query, or a batch file of queries in one process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from egide.cli.context import JsonOpt, clean, console, emit_json, state
from egide.errors import BatchInputError, QueryError
from egide.i18n import N_, Msg, t
from egide.ops import content

if TYPE_CHECKING:
    from rich.text import Text

HIGHLIGHT = "bold reverse"


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
            raise BatchInputError(Msg("« query » manquant"), line=number)
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
    all_passages: Annotated[
        bool,
        typer.Option(
            "--all-passages", help="Tous les passages (défaut : le meilleur de chaque document)."
        ),
    ] = False,
    label: Annotated[
        str | None,
        typer.Option(
            "--label", help="Au plus ce marquage (ce qu'un produit à ce niveau peut citer)."
        ),
    ] = None,
    grade: Annotated[
        str | None, typer.Option("--grade", help="Au moins cette cotation (B2, ou B).")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Documents datés de ce jour ou après (AAAA-MM-JJ)."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Documents datés de ce jour ou avant (AAAA-MM-JJ)."),
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Source dont le nom contient ce texte.")
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Langue des documents (fr, en…). La langue de l'interface se donne avant la "
            "commande : egide --lang en search …",
        ),
    ] = None,
    prefer_graded: Annotated[
        bool,
        typer.Option("--prefer-graded", help="Favoriser les sources les mieux cotées."),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Recherche hybride, filtrée par vos habilitations."""
    st = state(ctx)
    client = st.client()
    filters = content.FilterInput(label, grade, since, until, source, lang, prefer_graded)
    per_document = not all_passages

    def run(text: str) -> dict[str, Any]:
        if client is not None:
            params: dict[str, Any] = {"q": text, **filters.given()}
            if limit:
                params["limit"] = limit
            if all_passages:
                params["all_passages"] = True
            answer: dict[str, Any] = client.get("/search", params)
            return answer
        return content.search(st.app(), text, limit, filters, per_document)

    if batch is not None:
        for ident, text in _read_batch(batch):
            try:
                emit_json({"id": ident, "results": run(text)["results"]})
            except QueryError as exc:
                emit_json({"id": ident, "results": [], "error": exc.to_dict(st.lang)})
        return
    if query is None:
        raise QueryError(Msg("aucune requête"))
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


# The search's modes, as the reader is told them.
MODES = {"hybrid": N_("hybride"), "lexical": N_("lexicale")}


def render(
    results: list[dict[str, Any]], mode: str, expansions: list[str], missing: int, lang: str
) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    if not results:
        out.print(t("Aucun résultat visible pour vous.", lang))
        return
    shown = t(MODES[mode], lang) if mode in MODES else mode
    out.print(t("Recherche {mode} — {n} résultat(s).", lang, mode=shown, n=len(results)))
    if expansions:
        out.print(t("Termes ajoutés par le lexique : {terms}", lang, terms=", ".join(expansions)))
    if missing:
        out.print(t("{n} passage(s) visible(s) sans vecteur encore (recherche lexicale seule "
                    "pour eux) : « egide index --wait » les complète.", lang, n=missing))
    table = Table(show_lines=True)
    for column in ("#", N_("marquage"), N_("cote"), N_("document"), N_("passage")):
        table.add_column(t(column, lang), overflow="fold")
    for r in results:
        doc = r["document"]
        title = Text(clean(doc["title"] or doc["path"]))
        details = " · ".join(x for x in ((doc.get("date") or "")[:10], doc.get("source")) if x)
        if details:
            title.append("\n" + clean(details), style="dim")
        if r.get("passages", 1) > 1:
            more = t("+{n} autre(s) passage(s) (--all-passages)", lang, n=r["passages"] - 1)
            title.append("\n" + more, style="dim")
        table.add_row(str(r["rank"]), r["label"], doc["grade"], title, _snippet(r["snippet"]))
    out.print(table)


def _snippet(snippet: dict[str, Any]) -> Text:
    """The snippet with its matched terms highlighted (content is never read as markup;
    what a terminal would act on is escaped, piece by piece, so the spans stay in place)."""
    from rich.text import Text

    raw: str = snippet["text"]
    text = Text()
    at = 0
    for span in sorted(snippet["highlights"], key=lambda h: int(h["start"])):
        start, end = max(int(span["start"]), at), int(span["end"])
        if end <= start:
            continue
        text.append(clean(raw[at:start]))
        text.append(clean(raw[start:end]), style=HIGHLIGHT)
        at = end
    text.append(clean(raw[at:]))
    return text
