"""A stream message: parsed from one JSON object, with a label (its own or the source's),
and coordinates from ``lat``/``lon`` or ``mgrs``. Anything doubtful is refused with a
reason, for the dead-letter file — never dropped silently. The label is read first: a
message its reader may not see is refused for nothing else, and no refusal quotes what a
message holds."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from egide.enrich.geo import mgrs_to_latlon
from egide.errors import EgideError
from egide.security.labels import Label, parse_label

MAX_ID_CHARS = 200


class Rejected(Exception):
    """A message that cannot be triaged, with a stable reason code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Message:
    id: str
    text: str
    label: Label
    time: str | None = None
    channel: str | None = None
    author: str | None = None
    lat: float | None = None
    lon: float | None = None


def parse(data: bytes, default_label: Label | None, max_bytes: int) -> Message:
    """The message in ``data``, whoever may read it (``admit`` checks that first)."""
    obj = decode(data, max_bytes)
    return build(obj, label_of(obj, default_label))


def decode(data: bytes, max_bytes: int) -> dict[str, Any]:
    """The JSON object of a message, unread beyond its size."""
    if len(data) > max_bytes:
        raise Rejected("too_large", f"{len(data)} octets > {max_bytes}")
    try:
        obj = json.loads(data)
    except json.JSONDecodeError as exc:
        raise Rejected("bad_json", f"{exc.msg} (car. / char {exc.pos})") from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise Rejected("bad_json", type(exc).__name__) from exc
    if not isinstance(obj, dict):
        raise Rejected("not_an_object", type(obj).__name__)
    return obj


def label_of(obj: dict[str, Any], default_label: Label | None) -> Label:
    """The message's label, looked at before anything else in it. A refusal never quotes
    the marking: it may name a compartment."""
    if obj.get("label") is not None:
        try:
            return parse_label(str(obj["label"]))
        except EgideError as exc:
            raise Rejected("bad_label", f"[{exc.code}] marquage illisible") from exc
    if default_label is not None:
        return default_label
    raise Rejected("no_label", "sans marquage, et la source n'en a pas")


def build(obj: dict[str, Any], label: Label) -> Message:
    """The rest of the message, once its reader is known to be cleared for ``label``."""
    mid, text = obj.get("id"), obj.get("text")
    if not isinstance(mid, str | int) or isinstance(mid, bool) or not str(mid).strip():
        raise Rejected("missing_id", "« id » absent ou vide")
    if len(str(mid)) > MAX_ID_CHARS:
        raise Rejected("bad_id", "« id » trop long / 'id' too long")
    if not isinstance(text, str):
        raise Rejected("missing_text", "« text » absent")
    lat, lon = _position(obj)
    return Message(
        id=str(mid),
        text=text,
        label=label,
        time=_optional_str(obj, "time"),
        channel=_optional_str(obj, "channel"),
        author=_optional_str(obj, "author"),
        lat=lat,
        lon=lon,
    )


def _optional_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    return None if value is None else str(value)


def _position(obj: dict[str, Any]) -> tuple[float | None, float | None]:
    if obj.get("lat") is not None or obj.get("lon") is not None:
        try:
            lat, lon = float(obj["lat"]), float(obj["lon"])
        except (KeyError, TypeError, ValueError) as exc:
            raise Rejected("bad_position", "lat/lon invalides") from exc
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise Rejected("bad_position", "lat/lon hors limites")
        return lat, lon
    if obj.get("mgrs") is not None:
        found = mgrs_to_latlon(str(obj["mgrs"]).replace(" ", ""))
        if found is None:
            raise Rejected("bad_position", "MGRS invalide")
        return found
    return None, None
