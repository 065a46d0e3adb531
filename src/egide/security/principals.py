"""Principals: registered users and the authority a request carries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from egide.errors import UserError
from egide.i18n import Msg
from egide.security.labels import Label, Level

_NAME = re.compile(r"^[a-z][a-z0-9._-]{0,63}$")
_TOKEN = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")
_NATION = re.compile(r"^[A-Z]{3}$")


class Role(StrEnum):
    ANALYST = "analyst"
    VALIDATOR = "validator"
    ADMIN = "admin"
    SECURITY_OFFICER = "security_officer"
    #: the commander: records the décision du chef, validates the effet majeur, sets weights
    DECIDEUR = "decideur"
    #: the chief of staff: sets the comparison weights with (or for) the commander
    CHIEF_OF_STAFF = "chef_etat_major"


@dataclass(frozen=True)
class User:
    name: str
    clearance: Level
    nationality: str
    compartments: frozenset[str] = field(default_factory=frozenset)
    roles: frozenset[Role] = field(default_factory=lambda: frozenset({Role.ANALYST}))
    login: str | None = None

    def has(self, role: Role) -> bool:
        return role in self.roles

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "login": self.login or self.name,
            "clearance": self.clearance.name,
            "nationality": self.nationality,
            "compartments": sorted(self.compartments),
            "roles": sorted(r.value for r in self.roles),
        }


@dataclass(frozen=True)
class Authority:
    """What a request may see: a clearance level, compartments and nationalities.

    ``NOBODY`` (below every level, no nationality) is what an unknown requester gets.
    """

    level: int
    compartments: frozenset[str]
    nationalities: frozenset[str]
    principal: str = ""

    @classmethod
    def of(cls, user: User, terminal: Label | None = None) -> Authority:
        """The user's authority, reduced to what the terminal is accredited for (the meet):
        a Secret analyst on a DR terminal reads DR."""
        level, comps = int(user.clearance), user.compartments
        nations = frozenset({user.nationality})
        if terminal is not None:
            level = min(level, int(terminal.level))
            comps = comps & terminal.compartments
            if terminal.releasability is not None:
                nations = nations & terminal.releasability
        return cls(level, comps, nations, user.name)


NOBODY = Authority(level=-1, compartments=frozenset(), nationalities=frozenset(), principal="")


def make_user(
    name: str,
    clearance: str,
    nationality: str,
    compartments: list[str] | None = None,
    roles: list[str] | None = None,
    login: str | None = None,
) -> User:
    """Validate command-line input into a ``User``; raises ``UserError``."""
    if not _NAME.match(name):
        raise UserError(
            Msg("nom « {name} » (minuscules, chiffres, . _ -)", name=name)
        )
    try:
        level = Level[clearance.strip().upper()]
    except KeyError:
        raise UserError(
            Msg("habilitation « {clearance} » (NP, DR, S ou TS)", clearance=clearance)
        ) from None
    nation = nationality.strip().upper()
    if not _NATION.match(nation):
        raise UserError(
            Msg(
                "nationalité « {nationality} » (code ISO à 3 lettres, p. ex. FRA)",
                nationality=nationality,
            )
        )
    comps = set()
    for comp in compartments or []:
        token = comp.strip().upper()
        if not _TOKEN.match(token):
            raise UserError(Msg("compartiment « {comp} »", comp=comp))
        comps.add(token)
    try:
        role_set = frozenset(Role(r) for r in (["analyst"] if roles is None else roles))
    except ValueError:
        raise UserError(
            Msg(
                "rôle parmi {roles} ({value})",
                roles=roles,
                value=', '.join(r.value for r in Role),
            )
        ) from None
    if login is not None and not login.strip():
        raise UserError(Msg("identifiant système vide"))
    return User(name, level, nation, frozenset(comps), role_set, login)
