"""Labelled examples for training a triage model: CSV, TSV or JSONL, two named fields.
Column names are matched after trimming spaces; rows without text or label are counted
and skipped."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from egide.errors import InputFileError, TriageModelError
from egide.i18n import Msg


@dataclass
class Examples:
    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    skipped: int = 0


def read(path: Path, text_field: str, label_field: str) -> Examples:
    try:
        raw = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        raise InputFileError(Msg("{path} : {exc}", path=path, exc=exc)) from exc
    out = Examples()
    if path.suffix.lower() == ".jsonl":
        rows = []
        for number, line in enumerate(raw.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                raise TriageModelError(
                    Msg("{name}, ligne {number} : JSON invalide", name=path.name, number=number)
                ) from exc
            rows.append(
                {str(k).strip(): v for k, v in obj.items()} if isinstance(obj, dict) else {}
            )
    else:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
        reader = csv.DictReader(raw.splitlines(), delimiter=delimiter)
        rows = [{(k or "").strip(): v for k, v in row.items()} for row in reader]
    if rows and (text_field not in rows[0] or label_field not in rows[0]):
        raise TriageModelError(
            Msg(
                "{name} : colonnes « {text_field} » ou « {label_field} » absentes (présentes : "
                "{v_0})",
                name=path.name,
                text_field=text_field,
                label_field=label_field,
                v_0=', '.join(rows[0]),
            )
        )
    for row in rows:
        text, label = row.get(text_field), row.get(label_field)
        if not isinstance(text, str) or not text.strip() or label is None or not str(label).strip():
            out.skipped += 1
            continue
        out.texts.append(text.strip())
        out.labels.append(str(label).strip())
    return out
