"""Renderings of the fiche d'aide à la décision — Markdown, PDF (WeasyPrint, as for
briefs: the marking at the top and bottom of every page, the draft watermark on every
page until the commander decides) and JSON — and the audited export of all three."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from egide.decide.fiche import BLANK, TITLE, Block, Fiche, Source, build
from egide.decide.model import Method
from egide.i18n import N_, t
from egide.products.dtg import dtg
from egide.products.export.pdf import page_css, pdf_bytes
from egide.products.model import DRAFT_MARK
from egide.security.labels import parse_label
from egide.security.principals import User

if TYPE_CHECKING:
    from egide.app import App

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"\*(.+?)\*")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_block(b: Block, lang: str) -> list[str]:
    if b.kind == "p":
        return [b.text, ""]
    if b.kind == "list":
        return [*(f"- {x}" for x in b.items), ""]
    if b.kind == "quote":
        return [f"> {b.text}", ""]
    if b.kind == "blank":
        return [*(t("- **{name}** : {value}", lang, name=x, value=BLANK) for x in b.items), ""]
    out = ["| " + " | ".join(b.headers) + " |", "|" + "---|" * len(b.headers)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in b.rows]
    return [*out, ""]


def _sources_head(lang: str) -> list[str]:
    return [
        t(x, lang)
        for x in (N_("document"), N_("marquage"), N_("cote"), N_("passage"), N_("citation"))
    ]


def _passage(s: Source, lang: str) -> str:
    return t("{chunk}, car. {start}–{end}", lang, chunk=s.chunk_id, start=s.start, end=s.end)


def _verified(fiche: Fiche) -> str:
    v = fiche.verification
    return t(
        "Citations vérifiées mécaniquement à l'export : {verified} / {total}.",
        fiche.lang,
        verified=v["verified"],
        total=v["citations"],
    )


def markdown(fiche: Fiche) -> str:
    lang = fiche.lang
    banner = f"**{fiche.label}**"
    out = [banner, "", f"# {t(TITLE, lang)} — {fiche.title}", ""]
    out += [
        "> " + t("**Statut** : {status}", lang, status=fiche.status) + "  ",
        f"> {fiche.origin}  ",
        "> "
        + t(
            "**Dossier** : {id}, version {version} · **Groupe date-heure** : {dtg}",
            lang,
            id=fiche.id,
            version=fiche.version,
            dtg=fiche.dtg,
        ),
        "",
    ]
    if fiche.draft:
        out += [f"*{t(DRAFT_MARK, lang)}*", ""]
    for section in fiche.sections:
        out += [f"## {section.title}", ""]
        for block in section.blocks:
            out += _md_block(block, lang)
    out += [
        "## " + t("Sources", lang),
        "",
        "| | " + " | ".join(_sources_head(lang)) + " |",
        "|---|---|---|---|---|---|",
    ]
    for s in fiche.sources:
        quote = t("« {quote} »", lang, quote=_cell(s.quote))
        out.append(
            f"| {s.id} | {_cell(s.document)} | {s.label} | {s.grade} | {_passage(s, lang)} "
            f"| {quote} |"
        )
    out += ["", f"*{_verified(fiche)}*"]
    v = fiche.verification
    out += [f"- ⚠ {x}" for x in [*v["failures"], *v["decision_audit"]]]
    out += ["", banner, ""]
    return "\n".join(out)


def _inline(text: str) -> str:
    return _ITALIC.sub(r"<i>\1</i>", _BOLD.sub(r"<b>\1</b>", escape(text)))


def _html_block(b: Block) -> str:
    if b.kind == "p":
        return f"<p>{_inline(b.text)}</p>"
    if b.kind == "list":
        return "<ul>" + "".join(f"<li>{_inline(x)}</li>" for x in b.items) + "</ul>"
    if b.kind == "quote":
        return f"<blockquote>{_inline(b.text)}</blockquote>"
    if b.kind == "blank":
        return (
            "<table class='blank'>"
            + "".join(f"<tr><th>{escape(x)}</th><td></td></tr>" for x in b.items)
            + "</table>"
        )
    head = "".join(f"<th>{escape(h)}</th>" for h in b.headers)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>" for row in b.rows
    )
    return f"<table><tr>{head}</tr>{rows}</table>"


def html(fiche: Fiche) -> str:
    lang = fiche.lang
    where = t(
        "Dossier {id}, version {version} · GDH : {dtg}",
        lang,
        id=fiche.id,
        version=fiche.version,
        dtg=fiche.dtg,
    )
    parts = [
        f"<h1>{escape(t(TITLE, lang))} — {escape(fiche.title)}</h1>",
        f"<p><b>{escape(fiche.label)}</b> — {escape(fiche.status)}<br>{escape(fiche.origin)}<br>"
        f"{escape(where)}</p>",
    ]
    for section in fiche.sections:
        parts.append(f"<h2>{escape(section.title)}</h2>")
        parts += [_html_block(b) for b in section.blocks]
    head = "".join(f"<th>{escape(h)}</th>" for h in _sources_head(lang))
    parts.append(f"<h2>{escape(t('Sources', lang))}</h2><table><tr><th></th>{head}</tr>")
    for s in fiche.sources:
        quote = t("« {quote} »", lang, quote=s.quote)
        parts.append(
            f"<tr><td>{s.id}</td><td>{escape(s.document)}</td><td>{escape(s.label)}</td>"
            f"<td>{s.grade}</td><td>{escape(_passage(s, lang))}</td>"
            f"<td>{escape(quote)}</td></tr>"
        )
    parts.append(f"</table><p><i>{escape(_verified(fiche))}</i></p>")
    watermark = f'<div class="watermark">{t(DRAFT_MARK, lang)}</div>' if fiche.draft else ""
    css = page_css(fiche.label) + ".blank td { height: 16mm; width: 70%; }"
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        f"<style>{css}</style></head><body>{watermark}{''.join(parts)}</body></html>"
    )


Format = Literal["md", "json", "pdf"]
MEDIA: dict[str, str] = {
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "pdf": "application/pdf",
    "yaml": "application/yaml; charset=utf-8",
}


def data(fiche: Fiche, fmt: Format) -> bytes:
    """The fiche in one format."""
    if fmt == "md":
        return markdown(fiche).encode("utf-8")
    if fmt == "json":
        return (json.dumps(fiche.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return pdf_bytes(html(fiche))


def produce(
    app: App,
    user: User,
    uid: str,
    formats: Sequence[Format],
    version: int | None = None,
    method: Method | None = None,
    lang: str = "fr",
) -> tuple[Fiche, dict[Format, bytes]]:
    """The fiche (built once, in ``lang``) in the formats asked; the export is audited
    with the hash of each rendering."""
    fiche = build(app, user, uid, version, method, lang)
    out = {fmt: data(fiche, fmt) for fmt in dict.fromkeys(formats)}
    app.record(
        user.name,
        "decision.export",
        {
            "file": uid,
            "version": fiche.version,
            "formats": {fmt: hashlib.sha256(raw).hexdigest() for fmt, raw in out.items()},
            "draft": fiche.draft,
            "citations": fiche.verification["citations"],
            "verified": fiche.verification["verified"],
            "dtg": dtg(),
        },
        parse_label(fiche.label),
    )
    return fiche, out


def export(
    app: App,
    user: User,
    uid: str,
    md: Path | None = None,
    pdf: Path | None = None,
    json_out: Path | None = None,
    version: int | None = None,
    method: Method | None = None,
    lang: str = "fr",
) -> Fiche:
    """Write the fiche in the formats asked (see ``produce``)."""
    wanted: list[tuple[Format, Path | None]] = [("md", md), ("json", json_out), ("pdf", pdf)]
    targets = {fmt: path for fmt, path in wanted if path is not None}
    fiche, out = produce(app, user, uid, list(targets), version, method, lang)
    for fmt, path in targets.items():
        path.write_bytes(out[fmt])
    return fiche
