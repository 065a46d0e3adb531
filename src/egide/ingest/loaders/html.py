"""HTML: main text only (trafilatura ``extract`` on the stored page, never its fetchers).

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

_DATE_META = ("date", "dc.date", "article:published_time", "dcterms.date", "pubdate")


def _modules() -> tuple[Any, Any]:
    try:
        import lxml.html
        import trafilatura
    except ImportError as exc:  # pragma: no cover - declared dependencies
        raise DependencyError("trafilatura/lxml", install="pip install trafilatura lxml") from exc
    return lxml.html, trafilatura


class HtmlLoader:
    part_id = "load.html.trafilatura.v2"
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
        date = None
        for tag in tree.iter("meta"):
            key = (tag.get("name") or tag.get("property") or "").lower()
            if key in _DATE_META and tag.get("content"):
                date = tag.get("content").strip()[:25]
                break
        for el in tree.iter("script", "style", "noscript", "template"):
            el.drop_tree()
        # extraction drops invisible characters: report them from the visible markup text
        findings += [
            f
            for f in scan_text(tree.text_content(), "html")
            if f.kind in {"zero_width", "bidi", "unicode_tags"}
        ]
        cleaned = lxml_html.tostring(tree, encoding="unicode")
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
