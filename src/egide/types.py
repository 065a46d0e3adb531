"""Value types shared across stages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mention:
    """An entity mention at a character span of a document's normalised text."""

    kind: str  # PER ORG LOC UNIT EQUIPMENT RANK ECHELON ROLE TERM DATE COORD MISC
    start: int
    end: int
    surface: str
    norm: str  # entity key within its kind
    name: str  # display form of the entity
    part: str  # name.vN of the extractor
    value: str | None = None
    lat: float | None = None
    lon: float | None = None
