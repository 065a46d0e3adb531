"""PDF through WeasyPrint: the marking banner at the top and bottom of every page, the
draft watermark on every page of a draft, system fonts only (nothing fetched)."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

from egide.errors import DependencyError
from egide.i18n import t as tr
from egide.products.export.layout import header, sections, texts
from egide.products.model import DRAFT_MARK, Brief

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
table.head th {{ text-align: left; width: 28%; background: #f0f0f0; }}
"""


def _refuse_remote(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    if not url.startswith(("file:", "data:")):
        raise ValueError(f"remote resource refused: {url}")
    from weasyprint import default_url_fetcher

    result: dict[str, Any] = default_url_fetcher(url, *args, **kwargs)
    return result


def html(brief: Brief, lang: str = "fr") -> str:
    e = escape
    words = texts(lang)
    parts = [f"<h1>{e(words['title'])} {e(brief.id)}</h1>", "<table class='head'>"]
    parts += [f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in header(brief, lang)]
    parts.append("</table>")
    parts += [f"<p><i>⚠ {e(n)}</i></p>" for n in brief.notices]
    for section in sections(brief, lang):
        parts.append(f"<h2>{e(section.title)}</h2>")
        if section.themes:
            for theme, items in section.themes:
                if theme:
                    parts.append(f"<p><b>{e(theme)}</b></p>")
                parts.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
            if section.note and section.note != words["none"]:
                parts.append(f"<p><i>{e(section.note)}</i></p>")
        elif section.table:
            parts.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in section.heading))
            parts += [
                "<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in section.table
            ]
            parts.append("</table>")
        elif section.items:
            parts.append(
                "<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in section.items) + "</ul>"
            )
        else:
            parts.append(f"<p><i>{e(section.note or words['none'])}</i></p>")
    draft = brief.status == "draft"
    watermark = f'<div class="watermark">{tr(DRAFT_MARK, lang)}</div>' if draft else ""
    css = page_css(brief.label)
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        f"<style>{css}</style></head><body>{watermark}{''.join(parts)}</body></html>"
    )


def _inline(text: str) -> str:
    """Escaped text with the layout's emphasis (``**bold**``, ``*italic*``) as HTML."""
    out = escape(text)
    out = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out)
    return re.sub(r"\*(.+?)\*", r"<i>\1</i>", out)


def page_css(banner: str) -> str:
    """The page style: ``banner`` at the top and bottom of every page."""
    return _CSS.format(banner=banner.replace('"', "'"))


def pdf_bytes(document: str) -> bytes:
    """Render an HTML document to PDF with system fonts, fetching nothing remote."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise DependencyError(
            "WeasyPrint (Pango)",
            install="pip install weasyprint ; apt install libpango-1.0-0 libpangoft2-1.0-0 "
            "libharfbuzz-subset0",
        ) from exc
    data = HTML(string=document, url_fetcher=_refuse_remote).write_pdf()
    assert isinstance(data, bytes)
    return data


def write_html(document: str, path: Path) -> None:
    path.write_bytes(pdf_bytes(document))


def render(brief: Brief, lang: str = "fr") -> bytes:
    return pdf_bytes(html(brief, lang))


def write(brief: Brief, path: Path, lang: str = "fr") -> None:
    path.write_bytes(render(brief, lang))
