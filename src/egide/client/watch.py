"""``egide watch`` through the service: this process reads the source, the service
triages each batch and records its alerts (they appear on the alert board) together with
the source's checkpoint; a restart resumes where the service says the watcher stood."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from egide.client.http import ServiceClient
from egide.stream.sources import Source
from egide.stream.watcher import Stats


def _append(path: Path | None, lines: list[dict[str, Any]]) -> None:
    if path is None or not lines:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.writelines(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)


def watch(
    client: ServiceClient,
    name: str,
    source: Source,
    config: dict[str, Any],
    batch: int,
    out: Path | None,
    dead_letter: Path | None,
    show: Callable[[dict[str, Any]], None],
    stop: Callable[[], bool],
) -> Stats:
    stats = Stats()
    if source.key is not None:
        point = client.get(f"/watch/{name}/checkpoint", {"source": source.key})
        source.resume(point["position"])
    else:
        source.resume(None)

    def send(records: list[Any], final: bool) -> None:
        body = {
            **config,
            "source": source.key,
            "position": records[-1].checkpoint if records else None,
            "records": [
                {"data": base64.b64encode(r.data).decode("ascii"), "where": r.where}
                for r in records
            ],
            "final": final,
        }
        answer = client.post(f"/watch/{name}/batch", body)
        for key, value in answer["stats"].items():
            if key == "by_priority":
                for priority, n in value.items():
                    stats.by_priority[priority] = stats.by_priority.get(priority, 0) + n
            else:
                setattr(stats, key, getattr(stats, key) + value)
        _append(out, answer["lines"])
        _append(dead_letter, answer["dead"])
        if out is None:
            for line in answer["lines"]:
                show(line)

    try:
        while not stop():
            records = source.read(batch, 0.5)
            if not records:
                if source.finished:
                    break
                continue
            send(records, final=False)
            source.done(records)
        if config.get("summary_every_s"):
            send([], final=True)
    finally:
        source.close()
    return stats
