"""E-mail: single messages (.eml) and mailboxes (.mbox, one document per message). Only
the text parts are decoded; attachments are listed by name, never opened or unpacked."""

from __future__ import annotations

import email
import email.policy
import email.utils
import re
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from egide.errors import CorruptError, EmptyError
from egide.i18n import Msg
from egide.ingest.loaders.base import RawDocument
from egide.ingest.scanner import scan_metadata

_SCANNED_HEADERS = ("Subject", "From", "To", "X-Mailer")
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:", re.MULTILINE)
_FROM_LINE = re.compile(rb"^From [^\n]*\n", re.MULTILINE)


def _html_to_text(markup: str) -> str:
    import lxml.html

    tree = lxml.html.document_fromstring(markup)
    for el in tree.iter("script", "style"):
        el.drop_tree()
    return str(tree.text_content())


def _body(msg: EmailMessage) -> tuple[str, list[str]]:
    attachments: list[str] = []
    plain: list[str] = []
    html: list[str] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        if filename or part.get_content_disposition() == "attachment":
            attachments.append(filename or "?")
            continue
        ctype = part.get_content_type()
        if ctype not in ("text/plain", "text/html"):
            continue  # never decoded, let alone unpacked
        try:
            content = part.get_content()
        except (LookupError, UnicodeDecodeError):
            payload = part.get_payload(decode=True) or b""
            content = (
                payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
            )
        if ctype == "text/plain":
            plain.append(str(content))
        elif ctype == "text/html":
            html.append(str(content))
    if plain:
        return "\n\n".join(plain), attachments
    return "\n\n".join(_html_to_text(h) for h in html if h.strip()), attachments


def message_document(msg: EmailMessage, name: str, locator: str = "") -> RawDocument:
    text, attachments = _body(msg)
    if not text.strip():
        raise EmptyError(f"{name}{locator}")
    subject = str(msg.get("Subject", "") or "").strip() or None
    date = None
    if msg.get("Date"):
        try:
            parsed = email.utils.parsedate_to_datetime(str(msg["Date"]))
            date = parsed.isoformat()
        except (TypeError, ValueError):
            date = None
    meta: dict[str, Any] = {
        key.lower(): str(msg[key]) for key in ("From", "To", "Cc", "Message-ID") if msg.get(key)
    }
    if attachments:
        meta["attachments_skipped"] = attachments
    findings = scan_metadata([str(msg[key]) for key in _SCANNED_HEADERS if msg.get(key)])
    return RawDocument(
        [text],
        title=subject,
        date=date,
        locator=locator,
        meta=meta,
        findings=findings,
        subject=subject,
    )


class EmlLoader:
    part_id = "load.eml.v1"
    extensions: tuple[str, ...] = (".eml",)

    def load(self, path: Path, data: bytes) -> list[RawDocument]:
        if not data.strip():
            raise EmptyError(path.name)
        if b"\x00" in data[:4096] or not _HEADER_LINE.search(data[:4096]):
            raise CorruptError(Msg("{name} : en-têtes de courriel absents", name=path.name))
        msg = email.message_from_bytes(data, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        return [message_document(msg, path.name)]


def mbox_messages(data: bytes) -> list[bytes]:
    """The messages of a mailbox read from its bytes (the file is never opened again): each
    starts after a line beginning with "From ", as Python's own ``mailbox`` reads them."""
    starts = list(_FROM_LINE.finditer(data))
    return [
        data[m.end() : starts[i + 1].start() if i + 1 < len(starts) else len(data)]
        for i, m in enumerate(starts)
    ]


class MboxLoader:
    part_id = "load.mbox.v1"
    extensions: tuple[str, ...] = (".mbox",)

    def load(self, path: Path, data: bytes) -> list[RawDocument]:
        if not data.strip():
            raise EmptyError(path.name)
        if not data.startswith(b"From "):
            raise CorruptError(
                Msg("{name} : pas de ligne « From » initiale", name=path.name)
            )
        docs: list[RawDocument] = []
        for index, raw in enumerate(mbox_messages(data), start=1):
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            assert isinstance(msg, EmailMessage)
            try:
                docs.append(message_document(msg, path.name, f"#{index}"))
            except EmptyError:
                continue
        if not docs:
            raise EmptyError(path.name)
        return docs
