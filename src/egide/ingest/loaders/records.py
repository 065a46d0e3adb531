"""JSON and JSON Lines: one document per record (``text``, optional ``title``, ``date``,
``label``, ``grade``). A bad record fails alone; the other records are kept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from egide.errors import CorruptError, EmptyError, RecordError
from egide.i18n import Msg
from egide.ingest.loaders.base import RawDocument, decode_text

_FIELDS = ("title", "date", "label", "grade")


def _record(obj: Any, where: str, locator: str) -> RawDocument:
    """A record as a document, or a placeholder carrying the record's error."""
    try:
        if not isinstance(obj, dict):
            raise RecordError(Msg("{where} : objet JSON attendu", where=where))
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            raise RecordError(Msg("{where} : champ « text » absent ou vide", where=where))
        fields: dict[str, str | None] = {}
        for key in _FIELDS:
            value = obj.get(key)
            if value is not None and not isinstance(value, str):
                raise RecordError(
                    Msg("{where} : « {key} » doit être une chaîne", where=where, key=key)
                )
            fields[key] = value
        if "label" in obj and not (fields["label"] or "").strip():
            raise RecordError(Msg("{where} : « label » vide", where=where))
    except RecordError as exc:
        return RawDocument([], locator=locator, error=exc)
    meta = {
        k: v
        for k, v in obj.items()
        if k not in {"text", *_FIELDS} and isinstance(v, str | int | float)
    }
    return RawDocument(
        [text],
        title=fields["title"],
        date=fields["date"],
        label=fields["label"],
        grade=fields["grade"],
        locator=locator,
        meta=meta,
    )


class JsonLoader:
    part_id = "load.json.v1"
    extensions: tuple[str, ...] = (".json",)

    def load(self, path: Path, data: bytes) -> list[RawDocument]:
        text, _ = decode_text(data, path.name)
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CorruptError(
                Msg(
                    "{name} : JSON invalide ({error}, l. {line})",
                    name=path.name,
                    error=exc.msg,
                    line=exc.lineno,
                )
            ) from None
        if not isinstance(obj, list):
            return [_record(obj, path.name, "")]
        if not obj:
            raise EmptyError(path.name)
        return [_record(item, f"{path.name}#{i}", f"#{i}") for i, item in enumerate(obj, start=1)]


class JsonlLoader:
    part_id = "load.jsonl.v1"
    extensions: tuple[str, ...] = (".jsonl", ".ndjson")

    def load(self, path: Path, data: bytes) -> list[RawDocument]:
        text, _ = decode_text(data, path.name)
        docs: list[RawDocument] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where, locator = f"{path.name}#L{number}", f"#L{number}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                error = RecordError(
                    Msg("{where} : JSON invalide ({error})", where=where, error=exc.msg)
                )
                docs.append(RawDocument([], locator=locator, error=error))
                continue
            docs.append(_record(obj, where, locator))
        if not docs:
            raise EmptyError(path.name)
        return docs
