"""STIX 2.1 bundle: a report with its marking definition, the people, organisations and
places of the brief, each claim as a note with external references to its source spans."""

from __future__ import annotations

import uuid
from typing import Any

from egide.products.model import DRAFT_MARK, Brief

_NAMESPACE = uuid.UUID("6f7c1c7e-3c1a-4c55-9a5e-0e9d1e6b1a01")


def _id(kind: str, *parts: str) -> str:
    return f"{kind}--{uuid.uuid5(_NAMESPACE, '|'.join(parts))}"


def bundle(brief: Brief) -> str:
    import stix2

    marking = stix2.MarkingDefinition(
        id=_id("marking-definition", brief.label),
        definition_type="statement",
        definition=stix2.StatementMarking(statement=brief.label),
        name=brief.label,
    )
    common: dict[str, Any] = {"object_marking_refs": [marking.id]}
    author = stix2.Identity(
        id=_id("identity", "egide"), name="Égide", identity_class="system", **common
    )
    objects: list[Any] = [marking, author]
    for e in brief.entities:
        if e.kind in {"PER", "ORG", "UNIT"}:
            objects.append(
                stix2.Identity(
                    id=_id("identity", e.kind, e.name),
                    name=e.name,
                    created_by_ref=author.id,
                    identity_class="individual" if e.kind == "PER" else "organization",
                    **common,
                )
            )
        elif e.lat is not None and e.lon is not None:
            objects.append(
                stix2.Location(
                    id=_id("location", e.name),
                    name=e.name,
                    latitude=e.lat,
                    longitude=e.lon,
                    created_by_ref=author.id,
                    **common,
                )
            )
    report_id = _id("report", brief.id)
    for n, claim in enumerate(brief.claims):
        refs = [
            {
                "source_name": "egide",
                "external_id": f"{c.source}:{c.chunk_id}",
                "description": f"{_doc(brief, c.source)} [{c.start}:{c.end}] « {c.quote} »",
            }
            for c in claim.citations
        ]
        objects.append(
            stix2.Note(
                id=_id("note", brief.id, str(n)),
                content=claim.text,
                object_refs=[report_id],
                external_references=refs,
                created_by_ref=author.id,
                **common,
            )
        )
    status = DRAFT_MARK if brief.status == "draft" else brief.status
    report = stix2.Report(
        id=report_id,
        name=f"Fiche de synthèse {brief.id} — {brief.question}",
        description=f"{brief.label} — {status}. " + " ".join(p.text for p in brief.key_points),
        published=brief.created,
        report_types=["threat-report"],
        labels=[brief.status],
        created_by_ref=author.id,
        object_refs=[o.id for o in objects if o.type not in {"marking-definition"}],
        external_references=[
            {
                "source_name": "egide",
                "external_id": s.document_id,
                "description": f"{s.id} {s.title} ({s.label}, {s.grade})",
            }
            for s in brief.sources
        ]
        or None,
        **common,
    )
    return str(stix2.Bundle(objects=[*objects, report]).serialize(pretty=True))


def _doc(brief: Brief, source: str) -> str:
    return next((s.document_id for s in brief.sources if s.id == source), source)
