"""The rules file (YAML): watchlists, geofences and rules. Validated at load; every error
names its line. A rule's conditions must all hold (within one condition, any listed value
does, except ``all``); its outcome is a priority and tags.

    watchlists:
      unites: [14e brigade mécanisée, Volnec]
    geofences:
      pont-sarvik: {center: [47.53, 24.50], radius_km: 3}
      depot: {center_mgrs: 35TLN1234567890, radius_km: 2}
      zone-nord: {polygon: [[47.6, 24.3], [47.7, 24.6], [47.5, 24.7]]}
    rules:
      - id: R-01
        when: {watchlist: [unites], geofence: [zone-nord], any: [blindés, chars]}
        priority: FLASH
        tags: [mouvement]
"""

from __future__ import annotations

import hashlib
import re
from enum import IntEnum
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from egide.enrich.geo import mgrs_to_latlon
from egide.errors import InputFileError, LabelError, RulesError
from egide.i18n import Msg
from egide.security.labels import parse_label


class Priority(IntEnum):
    ROUTINE = 0
    URGENT = 1
    IMMEDIAT = 2
    FLASH = 3


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Geofence(_Strict):
    center: tuple[float, float] | None = None
    center_mgrs: str | None = None
    radius_km: float | None = Field(None, gt=0)
    polygon: list[tuple[float, float]] | None = None

    def model_post_init(self, _: Any) -> None:
        if self.center_mgrs is not None:
            found = mgrs_to_latlon(self.center_mgrs.replace(" ", ""))
            if found is None:
                raise ValueError(f"MGRS « {self.center_mgrs} » invalide")
            self.center = found
        if self.polygon is not None:
            if len(self.polygon) < 3 or self.center is not None:
                raise ValueError("polygon : au moins 3 sommets, sans center")
        elif self.center is None or self.radius_km is None:
            raise ValueError("il faut polygon, ou center/center_mgrs avec radius_km")


class When(_Strict):
    any: list[str] = Field(default_factory=list)
    all: list[str] = Field(default_factory=list)
    watchlist: list[str] = Field(default_factory=list)
    geofence: list[str] = Field(default_factory=list)
    regex: str | None = None
    entities: list[str] = Field(default_factory=list)
    channel: list[str] = Field(default_factory=list)
    label_min: str | None = None
    classes: list[str] = Field(
        default_factory=list, alias="class", description="learned model's class (--model)"
    )
    min_score: float | None = Field(None, ge=0, le=1, description="with class: its probability")

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"expression régulière invalide : {exc}") from exc
        return value

    @field_validator("label_min")
    @classmethod
    def _label(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parse_label(value)
            except LabelError as exc:
                raise ValueError(exc.message("fr")) from exc
        return value


class Rule(_Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
    description: str = ""
    when: When
    priority: Literal["FLASH", "IMMEDIAT", "URGENT", "ROUTINE"] = "ROUTINE"
    tags: list[str] = Field(default_factory=list)


class RuleSet(_Strict):
    version: Literal[1] = 1
    watchlists: dict[str, list[str]] = Field(default_factory=dict)
    geofences: dict[str, Geofence] = Field(default_factory=dict)
    rules: list[Rule] = Field(default_factory=list)
    fingerprint: str = ""


def _plain(
    node: yaml.Node, lines: dict[tuple[Any, ...], int], path: tuple[Any, ...], line: int = 0
) -> Any:
    """YAML node → Python value, remembering the line of every path (a key's own line)."""
    lines[path] = line or node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            out[key] = _plain(value_node, lines, (*path, key), key_node.start_mark.line + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, lines, (*path, i)) for i, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:null":  # ``key:`` with nothing after it
        return None
    return yaml.safe_load(yaml.serialize(node))


def _line_of(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int:
    for n in range(len(loc), -1, -1):
        if loc[:n] in lines:
            return lines[loc[:n]]
    return 1


M = TypeVar("M", bound=BaseModel)


def validate_yaml(
    text: str, name: str, model: type[M], extra: dict[str, Any] | None = None
) -> tuple[M, dict[tuple[Any, ...], int]]:
    """Parse ``text`` into ``model``; errors name the file and the line. Also returns the
    line of every path, for checks made after validation."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise RulesError(
            Msg("{name}, ligne {line} : YAML invalide", name=name, line=line)
        ) from exc
    lines: dict[tuple[Any, ...], int] = {}
    data = _plain(node, lines, ()) if node is not None else {}
    if not isinstance(data, dict):
        raise RulesError(Msg("{name} : un objet est attendu", name=name))
    try:
        validated = model.model_validate({**data, **(extra or {})})
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        where = ".".join(str(p) for p in loc) or "(racine)"
        line = _line_of(lines, loc)
        msg = first["msg"].removeprefix("Value error, ")
        raise RulesError(
            Msg(
                "{name}, ligne {line} ({where}) : {msg}",
                name=name,
                line=line,
                where=where,
                msg=msg,
            )
        ) from exc
    return validated, lines


def parse(text: str, name: str = "règles") -> RuleSet:
    fingerprint = hashlib.sha256(text.encode()).hexdigest()
    rules, lines = validate_yaml(text, name, RuleSet, {"fingerprint": fingerprint})
    _cross_check(rules, lines, name)
    return rules


def _cross_check(rules: RuleSet, lines: dict[tuple[Any, ...], int], name: str) -> None:
    """Names a rule refers to exist; rule ids are unique."""
    seen: set[str] = set()
    for i, rule in enumerate(rules.rules):
        problem: str | None = None
        loc: tuple[Any, ...] = ("rules", i)
        if rule.id in seen:
            problem, loc = f"identifiant « {rule.id} » en double", ("rules", i, "id")
        seen.add(rule.id)
        for field, known in (("watchlist", rules.watchlists), ("geofence", rules.geofences)):
            for ref in getattr(rule.when, field):
                if ref not in known:
                    problem, loc = f"{field} « {ref} » non défini", ("rules", i, "when", field)
        if problem:
            line = _line_of(lines, loc)
            raise RulesError(
                Msg(
                    "{name}, ligne {line} ({id}) : {problem}",
                    name=name,
                    line=line,
                    id=rule.id,
                    problem=problem,
                )
            )


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(Msg("{path} : {exc}", path=path, exc=exc)) from exc


def load(path: Path) -> RuleSet:
    return parse(read_text(path), path.name)


class Requirement(_Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
    text: str = Field(min_length=3, max_length=2000)
    priority: Literal["FLASH", "IMMEDIAT", "URGENT", "ROUTINE"] = "URGENT"
    threshold: float = Field(0.85, gt=0, le=1, description="cosine similarity to alert")


class Requirements(_Strict):
    requirements: list[Requirement] = Field(min_length=1)


def parse_requirements(text: str, name: str = "besoins") -> list[Requirement]:
    """Intelligence requirements (besoins en renseignement), in YAML:
    ``requirements: [{id, text, priority, threshold}]``."""
    found, _ = validate_yaml(text, name, Requirements)
    return found.requirements


def load_requirements(path: Path) -> list[Requirement]:
    return parse_requirements(read_text(path), path.name)
