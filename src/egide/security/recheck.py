"""The second, deliberately simple check on content about to leave the process.

It shares no code with ``access.may_read`` or the label parser (only the list of NATO
nations that ``REL OTAN`` names): it reads the canonical marking string itself. If the two
ever disagree, the content is withheld and an alarm is written to the audit log.
"""

from __future__ import annotations

from egide.security.nations import NATO_GROUP, NATO_NATIONS
from egide.security.principals import Authority

_LEVELS = {"NON PROTÉGÉ": 0, "DIFFUSION RESTREINTE": 1, "SECRET": 2, "TRÈS SECRET": 3}


def may_release(authority: Authority, canonical: str) -> bool:
    parts = canonical.split(" – ")
    level = _LEVELS.get(parts[0])
    if level is None or authority.level < level:
        return False
    for part in parts[1:]:
        if part == "SPÉCIAL FRANCE":
            if "FRA" not in authority.nationalities:
                return False
        elif part.startswith("REL "):
            allowed: set[str] = set()
            for name in (c.strip() for c in part[4:].split(",")):
                allowed |= NATO_NATIONS if name == NATO_GROUP else {name}
            if not allowed & authority.nationalities:
                return False
        elif part not in authority.compartments:
            return False
    return True
