"""The situation summary (point de situation) over fixed time windows: counts by class,
area and priority, the top alerts, entities not seen in earlier windows, and cited
sentences. Windows follow the messages' own ``time`` (arrival time when they have none).
Memory stays bounded: counters, a top-k, and a capped set of known entities."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from egide.security.labels import PUBLIC, Label
from egide.stream.triage import Triaged

TOP = 5
MAX_KNOWN = 100_000
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def message_time(text: str | None) -> datetime:
    if text:
        try:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
            return when if when.tzinfo else when.replace(tzinfo=UTC)
        except ValueError:
            pass
    return datetime.now(UTC)


class Windows:
    def __init__(self, period_s: float) -> None:
        self.period = period_s
        self.start: float | None = None
        self.known: set[tuple[str, str]] = set()
        self._reset()

    def _reset(self) -> None:
        self.label: Label = PUBLIC
        self.count = 0
        self.by_priority: Counter[str] = Counter()
        self.by_class: Counter[str] = Counter()
        self.by_area: Counter[str] = Counter()
        self.alerts = 0
        self.top: list[Triaged] = []
        self.new: list[dict[str, str]] = []

    def add(self, item: Triaged) -> dict[str, Any] | None:
        """Count ``item``; returns the summary of the window it closed, if any."""
        at = message_time(item.message.time).timestamp()
        slot = at - at % self.period
        closed = None
        if self.start is None:
            self.start = slot
        elif slot > self.start:
            closed = self.flush()
            self.start = slot
        self.count += 1
        self.label = self.label.lub(item.message.label)
        self.by_priority[item.priority.name] += 1
        if item.cls:
            self.by_class[item.cls] += 1
        for area in item.areas:
            self.by_area[area] += 1
        if item.alert:
            self.alerts += 1
            self.top = sorted([*self.top, item], key=lambda t: -t.priority)[:TOP]
        for entity in item.entities:
            key = (entity["kind"], entity["name"])
            if key not in self.known and len(self.known) < MAX_KNOWN:
                self.known.add(key)
                if len(self.new) < 50:
                    self.new.append({"kind": entity["kind"], "name": entity["name"]})
        return closed

    def flush(self) -> dict[str, Any] | None:
        if self.start is None or not self.count:
            return None
        out = {
            "type": "summary",
            "window": {
                "start": _iso(self.start),
                "end": _iso(self.start + self.period),
            },
            "label": self.label.canonical(),
            "messages": self.count,
            "alerts": self.alerts,
            "by_priority": dict(self.by_priority),
            "by_class": dict(self.by_class),
            "by_area": dict(self.by_area),
            "top_alerts": [
                {
                    "alert_id": t.alert_id,
                    "id": t.message.id,
                    "priority": t.priority.name,
                    "label": t.message.label.canonical(),
                }
                for t in self.top
            ],
            "new_entities": self.new,
            "sentences": [
                {"text": _SENTENCE.split(t.message.text.strip(), 1)[0][:300], "cite": t.message.id}
                for t in self.top
            ],
        }
        self._reset()
        return out


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
