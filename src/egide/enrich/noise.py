"""Entity noise: what a statistical tagger calls a person, an organisation or a place but
is not one — marking words (SECRET, DIFFUSION RESTREINTE), date-time groups, acronyms of
the military lexicon (DTG, PO, GTIA), document furniture (Copie, Agence, Mesures) — and
names cut across a line break."""

from __future__ import annotations

import re
from dataclasses import replace

from egide.enrich.lexicon import Lexicon
from egide.retrieve.analyzer import fold
from egide.types import Mention

NAMED = {"PER", "ORG", "LOC", "MISC"}
_MARKINGS = re.compile(
    r"^(?:non protege|diffusion restreinte|dr|np|s|ts|secret|tres secret|confidentiel|"
    r"confidentiel defense|secret defense|special france|sf|otan|nato|nato secret|"
    r"nato restricted|nato unclassified|cosmic top secret|restricted|unclassified|"
    r"classified|top secret|rel to \w+)$"
)
#: an Admiralty grade (« source cotée B2 »): short acronyms (FLT, CSC, R12) stay names
_GRADE = re.compile(r"^[A-F][1-6]$")
_DTG = re.compile(r"\d{6}\s?[A-Z]\s?[A-Z]{3}\s?\d{2,4}|^\d")
#: words of document furniture that open lines in reports and dispatches
_FURNITURE = {
    "copie",
    "agence",
    "mesures",
    "objet",
    "destinataire",
    "destinataires",
    "emetteur",
    "references",
    "reference",
    "date",
    "dtg",
    "gdh",
    "annexe",
    "source",
    "sources",
    "diffusion",
    "culee",
    "partagez",
    "remplace",
    "to",
    "from",
    "subject",
    "cc",
}


def clean(mentions: list[Mention], text: str, lexicon: Lexicon) -> list[Mention]:
    """Named mentions cut at their first line break, without markings, DTGs, lexicon
    acronyms or document furniture; other kinds pass unchanged."""
    out = []
    for m in mentions:
        if m.kind not in NAMED:
            out.append(m)
            continue
        surface = m.surface
        if "\n" in surface:
            surface = surface.split("\n", 1)[0].rstrip(" .,;:-")
            if len(surface) < 2:
                continue
            m = replace(
                m, end=m.start + len(surface), surface=surface, name=surface, norm=fold(surface)
            )
        folded = fold(surface).strip()
        entry = lexicon.lookup(surface)
        if (
            _MARKINGS.match(folded)
            or _DTG.search(surface)
            or folded in _FURNITURE
            or (entry is not None and entry.is_acronym)
            or _GRADE.match(surface)
        ):
            continue
        out.append(m)
    return out
