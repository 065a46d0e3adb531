"""Classification labels: parse written markings, render one canonical form, combine.

A label is (level, compartments, releasability). Labels form a lattice: ``lub`` combines
(max level, union of compartments, intersection of releasability) and ``dominates`` orders.
Parsing is strict: an unknown, empty or malformed marking raises, it is never defaulted.

Releasability is never "absent = anyone" for protected information (SECURITY.md §1): a
national marking without a releasability part is Spécial France ({FRA}); a NATO marking
(or one carrying the ``OTAN`` compartment) is releasable to the NATO nations; only NP
carries no restriction unless one is written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum

from egide.errors import Bilingual as B
from egide.errors import LabelCharsError, LabelEmptyError, LabelError
from egide.security.nations import NATO_GROUP, NATO_NATIONS


class Level(IntEnum):
    NP = 0
    DR = 1
    S = 2
    TS = 3

    @property
    def title_fr(self) -> str:
        return _LEVEL_TITLES[self]


_LEVEL_TITLES = {
    Level.NP: "NON PROTÉGÉ",
    Level.DR: "DIFFUSION RESTREINTE",
    Level.S: "SECRET",
    Level.TS: "TRÈS SECRET",
}

#: Written level phrases (accent-folded, upper case) → (level, implied compartments).
#: The legacy and NATO rows are the defaults of SECURITY.md §1; ``parse_label`` accepts an
#: override table from settings.
DEFAULT_LEVEL_TABLE: Mapping[str, tuple[Level, frozenset[str]]] = {
    "NP": (Level.NP, frozenset()),
    "NON PROTEGE": (Level.NP, frozenset()),
    "DR": (Level.DR, frozenset()),
    "DIFFUSION RESTREINTE": (Level.DR, frozenset()),
    "S": (Level.S, frozenset()),
    "SECRET": (Level.S, frozenset()),
    "TS": (Level.TS, frozenset()),
    "TRES SECRET": (Level.TS, frozenset()),
    # legacy French markings (before the 2019–2021 reform)
    "CONFIDENTIEL DEFENSE": (Level.S, frozenset()),
    "CD": (Level.S, frozenset()),
    "SECRET DEFENSE": (Level.S, frozenset()),
    "SD": (Level.S, frozenset()),
    "TRES SECRET DEFENSE": (Level.TS, frozenset()),
    "TSD": (Level.TS, frozenset()),
    # NATO markings, with the OTAN compartment
    "NATO UNCLASSIFIED": (Level.DR, frozenset({"OTAN"})),
    "NU": (Level.DR, frozenset({"OTAN"})),
    "NATO RESTRICTED": (Level.DR, frozenset({"OTAN"})),
    "NR": (Level.DR, frozenset({"OTAN"})),
    "OTAN DIFFUSION RESTREINTE": (Level.DR, frozenset({"OTAN"})),
    "NATO CONFIDENTIAL": (Level.S, frozenset({"OTAN"})),
    "NC": (Level.S, frozenset({"OTAN"})),
    "OTAN CONFIDENTIEL": (Level.S, frozenset({"OTAN"})),
    "NATO SECRET": (Level.S, frozenset({"OTAN"})),
    "NS": (Level.S, frozenset({"OTAN"})),
    "OTAN SECRET": (Level.S, frozenset({"OTAN"})),
    "COSMIC TOP SECRET": (Level.TS, frozenset({"OTAN"})),
    "CTS": (Level.TS, frozenset({"OTAN"})),
    "COSMIC TRES SECRET": (Level.TS, frozenset({"OTAN"})),
}

_SF = frozenset({"FRA"})
_NATO_NAMES = {NATO_GROUP, "NATO"}
_RESERVED = {"SECRET", "TRES", "DEFENSE", "NATO", "COSMIC", "REL", "TO", "SPECIAL", "FRANCE"}
_COMPARTMENT = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")
_COUNTRY = re.compile(r"^[A-Z]{3}$")
_SEGMENT_SPLIT = re.compile(r"\s*//\s*|\s+[-–—]\s+|\s*/\s*")
_ALLOWED_PUNCT = set("/-–—,.() '’")
MAX_MARKING_LEN = 200
MAX_COMPARTMENT_LEN = 32


@dataclass(frozen=True, order=False)
class Label:
    """An immutable classification label."""

    level: Level
    compartments: frozenset[str] = field(default_factory=frozenset)
    #: nationalities allowed; ``None`` means no releasability restriction
    releasability: frozenset[str] | None = None

    def dominates(self, other: Label) -> bool:
        """True when this label is at least as restrictive as ``other`` on every axis."""
        if self.level < other.level:
            return False
        if not self.compartments >= other.compartments:
            return False
        if other.releasability is None:
            return True
        return self.releasability is not None and self.releasability <= other.releasability

    def lub(self, other: Label) -> Label:
        """Least upper bound: the label of content combining both."""
        if self.releasability is None:
            rel = other.releasability
        elif other.releasability is None:
            rel = self.releasability
        else:
            rel = self.releasability & other.releasability
        return Label(max(self.level, other.level), self.compartments | other.compartments, rel)

    def glb(self, other: Label) -> Label:
        """Greatest lower bound (meet): what both sides together allow."""
        if self.releasability is None or other.releasability is None:
            rel = None
        else:
            rel = self.releasability | other.releasability
        return Label(min(self.level, other.level), self.compartments & other.compartments, rel)

    def canonical(self) -> str:
        """The one written form: ``SECRET – OPS-ALPHA – SPÉCIAL FRANCE``."""
        parts = [self.level.title_fr, *sorted(self.compartments)]
        rel = _render_rel(self.releasability, long=True)
        if rel:
            parts.append(rel)
        return " – ".join(parts)

    def short(self) -> str:
        """Compact form: ``S//OPS-ALPHA//SF``."""
        parts = [self.level.name, *sorted(self.compartments)]
        rel = _render_rel(self.releasability, long=False)
        if rel:
            parts.append(rel)
        return "//".join(parts)

    def __str__(self) -> str:
        return self.canonical()


def _render_rel(rel: frozenset[str] | None, *, long: bool) -> str:
    if rel is None:
        return ""
    if rel == _SF:
        return "SPÉCIAL FRANCE" if long else "SF"
    if not rel:
        return "REL AUCUN"
    if rel == NATO_NATIONS:
        return f"REL {NATO_GROUP}"
    ordered = sorted(rel, key=lambda c: (c != "FRA", c))
    return "REL " + (", " if long else " ").join(ordered)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def check_characters(marking: str) -> None:
    """Refuse control, format (zero-width, bidi) and non-Latin (homoglyph) characters."""
    for char in marking:
        cat = unicodedata.category(char)
        if cat.startswith("C"):
            raise LabelCharsError(char=f"U+{ord(char):04X}", marking=marking)
        if cat.startswith("Z"):
            continue
        if cat.startswith("L"):
            name = unicodedata.name(char, "")
            if not name.startswith("LATIN"):
                raise LabelCharsError(char=f"U+{ord(char):04X} ({name or '?'})", marking=marking)
            continue
        if cat == "Nd":
            if not "0" <= char <= "9":
                raise LabelCharsError(char=f"U+{ord(char):04X}", marking=marking)
            continue
        if char not in _ALLOWED_PUNCT:
            raise LabelCharsError(char=f"U+{ord(char):04X} «{char}»", marking=marking)


def _normalise(marking: str) -> str:
    text = unicodedata.normalize("NFC", marking)
    text = "".join(" " if unicodedata.category(c).startswith("Z") else c for c in text)
    text = _fold(text).upper().replace("’", "'")
    return re.sub(r"\s+", " ", text).strip()


def _parse_rel(segment: str, nato: frozenset[str]) -> frozenset[str] | None:
    """Releasability phrase → set of nationalities, or None when not a releasability.
    ``REL OTAN`` (or ``REL NATO``) names the NATO nations."""
    if segment in {"SF", "SPECIAL FRANCE"}:
        return _SF
    if segment == "REL AUCUN":
        return frozenset()
    match = re.fullmatch(r"REL(?: TO)? (.+)", segment)
    if not match:
        return None
    codes = [c for c in re.split(r"[\s,]+", match.group(1)) if c]
    nations: set[str] = set()
    for code in codes:
        nations |= nato if code in _NATO_NAMES else {code}
    if not codes or not all(_COUNTRY.match(c) for c in nations):
        raise LabelError(
            B(
                "liste de nationalités invalide (codes ISO à 3 lettres)",
                "invalid nationality list (3-letter ISO codes)",
            ),
            marking=segment,
        )
    return frozenset(nations)


def default_releasability(
    level: Level, compartments: frozenset[str], nato: frozenset[str] = NATO_NATIONS
) -> frozenset[str] | None:
    """Releasability of a marking that writes none: NATO information goes to NATO nations,
    national protected information to France alone (Spécial France), NP to anyone."""
    if NATO_GROUP in compartments:
        return nato
    if level >= Level.DR:
        return _SF
    return None


def _split_level(
    first: str, table: Mapping[str, tuple[Level, frozenset[str]]]
) -> tuple[tuple[Level, frozenset[str]], list[str]]:
    """The first segment is a level phrase, possibly followed by ``SPECIAL FRANCE``/``SF``."""
    if first in table:
        return table[first], []
    for suffix in (" SPECIAL FRANCE", " SF"):
        if first.endswith(suffix) and first[: -len(suffix)] in table:
            return table[first[: -len(suffix)]], [suffix.strip()]
    raise LabelError(
        B("niveau de classification inconnu", "unknown classification level"), marking=first
    )


def parse_label(
    marking: str | None,
    table: Mapping[str, tuple[Level, frozenset[str]]] | None = None,
    nato: frozenset[str] | None = None,
) -> Label:
    """Parse a written marking. Raises a ``LabelError`` subclass on anything doubtful.

    ``nato`` is the set of NATO nations (settings ``labels.nato_nations``); a marking
    without a releasability part gets ``default_releasability``."""
    nato = NATO_NATIONS if nato is None else nato
    if marking is None or not marking.strip():
        raise LabelEmptyError(marking=marking or "")
    if len(marking) > MAX_MARKING_LEN:
        raise LabelError(B("marquage trop long", "marking too long"), marking=marking[:40] + "…")
    check_characters(marking)
    table = table or DEFAULT_LEVEL_TABLE
    text = _normalise(marking)
    if not text:
        raise LabelEmptyError(marking=marking)
    segments = [s.strip() for s in _SEGMENT_SPLIT.split(text)]
    if any(not s for s in segments):
        raise LabelError(
            B("séparateur vide ou mal placé", "empty or misplaced separator"), marking=marking
        )
    (level, compartments), extra = _split_level(segments[0], table)
    rel: frozenset[str] | None = None
    seen_rel = False
    comps = set(compartments)
    for segment in extra + segments[1:]:
        parsed = _parse_rel(segment, nato)
        if parsed is not None:
            if seen_rel:
                raise LabelError(
                    B("deux mentions de diffusion", "two releasability mentions"), marking=marking
                )
            rel, seen_rel = parsed, True
            continue
        for token in re.split(r"[\s,]+", segment):
            if not token:
                continue
            if (
                token in _RESERVED
                or token in table
                or len(token) > MAX_COMPARTMENT_LEN
                or not _COMPARTMENT.match(token)
            ):
                raise LabelError(
                    B(f"mention « {token} » non reconnue", f"unrecognised mention '{token}'"),
                    marking=marking,
                )
            comps.add(token)
    if not seen_rel:
        rel = default_releasability(level, frozenset(comps), nato)
    return Label(level, frozenset(comps), rel)


PUBLIC = Label(Level.NP)
