"""Nationality groups used by releasability defaults (data, no logic)."""

from __future__ import annotations

#: ISO 3166-1 alpha-3 codes of the NATO member states (32 since March 2024): the default
#: releasability of NATO-originated markings. ``labels.nato_nations`` in the settings
#: overrides it.
NATO_NATIONS: frozenset[str] = frozenset(
    {
        "ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU",
        "GRC", "HUN", "ISL", "ITA", "LVA", "LTU", "LUX", "MNE", "NLD", "MKD", "NOR",
        "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE", "TUR", "GBR", "USA",
    }
)  # fmt: skip

#: The written name of that group in a marking: ``REL OTAN`` (also read: ``REL NATO``).
NATO_GROUP = "OTAN"
