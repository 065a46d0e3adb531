"""HTML: main text only (trafilatura ``extract`` on the stored page, never its fetchers).

The page's date comes from its metadata and byline (trafilatura's ``extract_metadata``,
without guessing from the running text).

Comments and elements hidden from a human reader — by the ``hidden`` attribute, by their
inline style, a class or a stylesheet (``display:none``, ``visibility:hidden``, zero
opacity, tiny fonts, text coloured like its background; see ``css``) — are reported as
findings and removed before extraction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from egide.errors import CorruptError, DependencyError, EmptyError
from egide.ingest.loaders import css
from egide.ingest.loaders.base import RawDocument, decode_text, text_meta
from egide.ingest.scanner import Finding, scan_carrier, scan_text

#: reliable places only (meta tags, <time>, bylines and date elements), not the text
_DATE_SEARCH = {"extensive_search": False, "original_date": True}


def _modules() -> tuple[Any, Any]:
    try:
        import lxml.html
        import trafilatura
    except ImportError as exc:  # pragma: no cover - declared dependencies
        raise DependencyError("trafilatura/lxml", install="pip install trafilatura lxml") from exc
    return lxml.html, trafilatura


def _published(trafilatura: Any, markup: str) -> str | None:
    """The publication day from the page's metadata or byline, if any."""
    try:
        found = trafilatura.extract_metadata(markup, date_config=dict(_DATE_SEARCH))
    except Exception:  # a page without usable metadata is still a page
        return None
    day = getattr(found, "date", None) if found is not None else None
    return str(day) if day else None


class HtmlLoader:
    part_id = "load.html.trafilatura.v3"
    extensions: tuple[str, ...] = (".html", ".htm", ".xhtml")

    def load(self, path: Path, data: bytes) -> list[RawDocument]:
        lxml_html, trafilatura = _modules()
        markup, encoding = decode_text(data, path.name)
        try:
            tree = lxml_html.document_fromstring(markup)
        except Exception as exc:  # lxml raises ParserError or ValueError on garbage
            raise CorruptError(f"{path.name}: {exc}") from None
        findings = self._strip_hidden(tree)
        title_el = tree.find(".//title")
        title = title_el.text_content().strip() if title_el is not None else None
        for el in tree.iter("script", "style", "noscript", "template"):
            el.drop_tree()
        # extraction drops invisible characters: report them from the visible markup text
        findings += [
            f
            for f in scan_text(tree.text_content(), "html")
            if f.kind in {"zero_width", "bidi", "unicode_tags"}
        ]
        cleaned = lxml_html.tostring(tree, encoding="unicode")
        date = _published(trafilatura, cleaned)
        text = trafilatura.extract(
            cleaned,
            output_format="txt",
            include_comments=False,
            include_tables=True,
            favor_recall=True,
            deduplicate=False,
        )
        meta: dict[str, Any] = text_meta(encoding)
        if not text or len(text) < 0.3 * len(tree.text_content().strip()):
            body = tree.find(".//body")
            text = (body if body is not None else tree).text_content()
            meta["html_fallback"] = "lxml"
        if not text or not text.strip():
            raise EmptyError(path.name)
        return [
            RawDocument(
                [text],
                title=title or None,
                date=date,
                meta=meta,
                findings=findings,
                subject=title or None,
            )
        ]

    @staticmethod
    def _strip_hidden(tree: Any) -> list[Finding]:
        from lxml import etree

        findings: list[Finding] = []
        for node in list(tree.iter(etree.Comment)):
            findings.extend(scan_carrier("html_comment", "html", node.text or ""))
            node.drop_tree()
        marked = [
            el
            for el in tree.iter()
            if isinstance(el.tag, str)
            and el.getparent() is not None
            and (el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true")
        ]
        outermost = [el for el in marked if not any(a in marked for a in el.iterancestors())]
        for el in outermost:
            findings.extend(scan_carrier("hidden_element", "html", el.text_content()))
            el.drop_tree()
        for item in css.hidden(tree):
            findings.extend(scan_carrier(item.kind, "html", item.element.text_content()))
            item.element.drop_tree()
        return findings
