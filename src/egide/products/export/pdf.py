"""PDF through WeasyPrint: the marking banner at the top and bottom of every page, the
draft watermark on every page of a draft, system fonts only (nothing fetched)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from egide.errors import DependencyError
from egide.products.export.markdown import status_line
from egide.products.model import DRAFT_MARK, ORIGIN, Brief, Citation

_CSS = """
@page {{ size: A4; margin: 22mm 16mm 22mm 16mm;
  @top-center {{ content: "{banner}"; font: bold 10pt "DejaVu Sans", sans-serif;
                 color: #b00000; }}
  @bottom-center {{ content: "{banner}"; font: bold 10pt "DejaVu Sans", sans-serif;
                    color: #b00000; }}
  @bottom-right {{ content: counter(page) " / " counter(pages); font: 8pt sans-serif; }} }}
body {{ font: 10pt/1.35 "DejaVu Sans", sans-serif; }}
h1 {{ font-size: 15pt; }} h2 {{ font-size: 12pt; margin-top: 14pt; }}
.watermark {{ position: fixed; top: 40%; left: 5%; width: 90%; text-align: center;
  transform: rotate(-30deg); font-size: 38pt; color: rgba(176, 0, 0, 0.16); }}
blockquote {{ margin: 2pt 0 4pt 12pt; color: #333; font-size: 9pt; }}
table {{ border-collapse: collapse; width: 100%; font-size: 8.5pt; }}
td, th {{ border: 0.5pt solid #999; padding: 2pt 3pt; vertical-align: top; }}
"""


def _refuse_remote(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    if not url.startswith(("file:", "data:")):
        raise ValueError(f"remote resource refused: {url}")
    from weasyprint import default_url_fetcher

    result: dict[str, Any] = default_url_fetcher(url, *args, **kwargs)
    return result


def cites(citations: list[Citation]) -> str:
    return "".join(f"[{s}]" for s in dict.fromkeys(c.source for c in citations))


def html(brief: Brief, lang: str = "fr") -> str:
    e = escape
    parts = [
        f"<h1>Fiche de synthèse {e(brief.id)}</h1>",
        f"<p><b>{e(brief.label)}</b> — {e(status_line(brief, lang))}<br>{e(ORIGIN)}<br>"
        f"Moteur : {e(brief.engine)} · Demandeur : {e(brief.requester)} · "
        f"GDH : {e(brief.dtg)}</p>",
    ]
    parts += [f"<p><i>⚠ {e(n)}</i></p>" for n in brief.notices]
    parts += ["<h2>1. Objet</h2>", f"<p>{e(brief.question)}</p>", "<h2>2. Points clés</h2><ul>"]
    parts += [
        f"<li>{e((p.likelihood + ' — ') if p.likelihood else '')}{e(p.text)} "
        f"{''.join(f'[{s}]' for s in p.sources)}</li>"
        for p in brief.key_points
    ]
    parts += ["</ul><h2>3. Faits rapportés</h2><ul>"]
    for c in brief.claims:
        quotes = "".join(
            f"<blockquote>« {e(x.quote)} » — {x.source}</blockquote>" for x in c.citations
        )
        parts.append(f"<li>{e(c.text)} {cites(c.citations)}{quotes}</li>")
    parts.append("</ul>")
    if brief.assessment:
        parts.append("<h2>4. Évaluation (appréciation machine, à confirmer)</h2><ul>")
        parts += [
            f"<li><i>{e(p.likelihood or '')}</i> — {e(p.text)}</li>" for p in brief.assessment
        ]
        parts.append("</ul>")
    parts.append("<h2>5. Lacunes et contradictions</h2><ul>")
    parts += [f"<li>{e(g.text)} {cites(g.citations)}</li>" for g in brief.gaps]
    parts.append(
        "</ul><h2>6. Entités</h2><table><tr><th>type</th><th>nom</th>"
        "<th>mentions</th><th>sources</th><th>position</th></tr>"
    )
    for n in brief.entities:
        where = f"{n.lat:.4f}, {n.lon:.4f} ({n.mgrs})" if n.lat is not None else ""
        parts.append(
            f"<tr><td>{e(n.kind)}</td><td>{e(n.name)}</td><td>{n.mentions}</td>"
            f"<td>{', '.join(n.sources)}</td><td>{e(where)}</td></tr>"
        )
    parts.append("</table><h2>7. Chronologie</h2><ul>")
    parts += [
        f"<li><b>{e(t.date)}</b> — {e(t.text)} {cites(t.citations)}</li>" for t in brief.timeline
    ]
    parts.append(
        "</ul><h2>8. Sources</h2><table><tr><th></th><th>titre</th><th>origine</th>"
        "<th>marquage</th><th>cote</th><th>document</th></tr>"
    )
    for s in brief.sources:
        parts.append(
            f"<tr><td>{s.id}</td><td>{e(s.title)}</td><td>{e(s.origin or '')}</td>"
            f"<td>{e(s.label)}</td><td>{s.grade}</td><td>{e(s.document_id)}</td></tr>"
        )
    parts.append("</table>")
    watermark = f'<div class="watermark">{DRAFT_MARK}</div>' if brief.status == "draft" else ""
    css = page_css(brief.label)
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        f"<style>{css}</style></head><body>{watermark}{''.join(parts)}</body></html>"
    )


def page_css(banner: str) -> str:
    """The page style: ``banner`` at the top and bottom of every page."""
    return _CSS.format(banner=banner.replace('"', "'"))


def write_html(document: str, path: Path) -> None:
    """Render an HTML document to PDF with system fonts, fetching nothing remote."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise DependencyError(
            "WeasyPrint (Pango)",
            install="pip install weasyprint ; apt install libpango-1.0-0 libpangoft2-1.0-0 "
            "libharfbuzz-subset0",
        ) from exc
    HTML(string=document, url_fetcher=_refuse_remote).write_pdf(str(path))


def write(brief: Brief, path: Path, lang: str = "fr") -> None:
    write_html(html(brief, lang), path)
