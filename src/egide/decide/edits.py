"""Element by element changes by the staff: each makes a new version of the file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from egide.decide.files import update
from egide.decide.model import (
    Conclusion,
    Confrontation,
    Course,
    Criterion,
    Critique,
    DecisionFile,
    DecisionPoint,
    EffetMajeur,
    Element,
    Evidence,
    Hypothesis,
    Indicator,
    Method,
    Mission,
    Rating,
    ScreenItem,
)
from egide.errors import DecisionError
from egide.i18n import N_, Msg
from egide.i18n.validation import Invalid
from egide.security.principals import User

if TYPE_CHECKING:
    from egide.app import App

#: kind → (list attribute, model, id prefix)
KINDS: dict[str, tuple[str, type[Element], str]] = {
    "conclusion": ("conclusions", Conclusion, "CP"),
    "me": ("me", Hypothesis, "ME"),
    "evidence": ("evidence", Evidence, "E"),
    "ma": ("ma", Course, "MA"),
    "criterion": ("criteria", Criterion, "C"),
    "indicator": ("indicators", Indicator, "I"),
    "point": ("decision_points", DecisionPoint, "PD"),
    "critique": ("critiques", Critique, "AD"),
}


#: Set by code when a person accepts a model's proposal, never given by an author.
RESERVED = ("origin", "accepted_by")


def _given(fields: dict[str, Any]) -> None:
    taken = sorted(set(fields) & set(RESERVED))
    if taken:
        raise DecisionError(
            Msg(
                "{taken} : fixé par Égide quand une proposition IA est acceptée",
                taken=', '.join(taken),
            )
        )


def _invalid(exc: ValidationError) -> DecisionError:
    return DecisionError(Invalid(exc.errors()[:1]))


def next_id(file: DecisionFile, kind: str) -> str:
    attr, _, prefix = KINDS[kind]
    taken = {e.id for e in getattr(file, attr)}
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def build(kind: str, ident: str, fields: dict[str, Any]) -> Element:
    if kind not in KINDS:
        raise DecisionError(
            Msg("type « {kind} » ({kinds})", kind=kind, kinds=', '.join(KINDS))
        )
    try:
        return KINDS[kind][1].model_validate({**fields, "id": ident})
    except ValidationError as exc:
        raise _invalid(exc) from None


def add(
    app: App, user: User, uid: str, kind: str, fields: dict[str, Any]
) -> tuple[DecisionFile, str]:
    """Add an element (its ``refs`` verified on save); returns the file and the new id."""
    _given(fields)
    made: list[str] = []

    def mutate(file: DecisionFile) -> Msg:
        ident = fields.get("id") or next_id(file, kind)
        element = build(kind, ident, {k: v for k, v in fields.items() if k != "id"})
        getattr(file, KINDS[kind][0]).append(element)
        made.append(ident)
        return Msg("ajout {id}", id=ident)

    file = update(app, user, uid, mutate)
    return file, made[0]


def _element(file: DecisionFile, ident: str) -> tuple[str, Element]:
    for kind, (attr, _, _) in KINDS.items():
        for element in getattr(file, attr):
            if element.id == ident:
                return kind, element
    raise DecisionError(Msg("élément inconnu : {ident}", ident=ident))


def change(app: App, user: User, uid: str, ident: str, fields: dict[str, Any]) -> DecisionFile:
    """Change fields of an element (``refs``, ``assumption`` included)."""
    _given(fields)

    def mutate(file: DecisionFile) -> Msg:
        kind, element = _element(file, ident)
        merged = {**element.model_dump(), **fields, "id": ident}
        if "refs" in fields:
            merged["refs"] = fields["refs"]
        new = build(kind, ident, merged)
        group = getattr(file, KINDS[kind][0])
        group[group.index(element)] = new
        return Msg("modification {id} ({fields})", id=ident, fields=", ".join(sorted(fields)))

    return update(app, user, uid, mutate)


def remove(app: App, user: User, uid: str, ident: str) -> DecisionFile:
    """Remove an element and what refers to it (ratings, values, confrontations, links).
    Weights stay as the commander set them."""

    def mutate(file: DecisionFile) -> Msg:
        kind, element = _element(file, ident)
        getattr(file, KINDS[kind][0]).remove(element)
        for e in file.evidence:
            e.ratings.pop(ident, None)
        for m in file.ma:
            m.confrontation.pop(ident, None)
        file.values.pop(ident, None)
        for row in file.values.values():
            row.pop(ident, None)
        for i in file.indicators:
            i.me = [x for x in i.me if x != ident]
            i.ma = [x for x in i.ma if x != ident]
        for p in file.decision_points:
            p.indicators = [x for x in p.indicators if x != ident]
        return Msg("suppression {id}", id=ident)

    return update(app, user, uid, mutate)


def rate(app: App, user: User, uid: str, item: str, me: str, rating: Rating | None) -> DecisionFile:
    """Rate an ACH cell (CC, C, N, I, II, NA), or clear it with ``None``."""

    def mutate(file: DecisionFile) -> Msg:
        kind, element = _element(file, item)
        if kind != "evidence" or not isinstance(element, Evidence):
            raise DecisionError(
                Msg("{item} n'est pas un élément de la matrice", item=item)
            )
        if me not in {h.id for h in file.me}:
            raise DecisionError(Msg("ME inconnu : {me}", me=me))
        if rating is None:
            element.ratings.pop(me, None)
        else:
            element.ratings[me] = rating
        return Msg("cotation {item}×{me} = {rating}", item=item, me=me, rating=rating or "—")

    return update(app, user, uid, mutate)


def value(app: App, user: User, uid: str, ma: str, criterion: str, raw: float) -> DecisionFile:
    def mutate(file: DecisionFile) -> Msg:
        if ma not in {m.id for m in file.ma} or criterion not in {c.id for c in file.criteria}:
            raise DecisionError(
                Msg("MA ou critère inconnu : {ma}/{criterion}", ma=ma, criterion=criterion)
            )
        file.values.setdefault(ma, {})[criterion] = float(raw)
        return Msg("valeur {ma}/{criterion} = {raw}", ma=ma, criterion=criterion, raw=raw)

    return update(app, user, uid, mutate)


def screen(app: App, user: User, uid: str, ma: str, name: str, ok: bool, why: str) -> DecisionFile:
    def mutate(file: DecisionFile) -> Msg:
        _, course = _element(file, ma)
        if not isinstance(course, Course):
            raise DecisionError(Msg("{ma} n'est pas un MA", ma=ma))
        try:
            item = ScreenItem(ok=ok, why=why)
            course.screening = Course.model_validate(
                {**course.model_dump(), "screening": {**course.screening, name: item}}
            ).screening
        except ValidationError as exc:
            raise _invalid(exc) from None
        return Msg(
            N_("recevabilité {ma} : {name} oui") if ok else N_("recevabilité {ma} : {name} non"),
            ma=ma,
            name=name,
        )

    return update(app, user, uid, mutate)


def confront(
    app: App, user: User, uid: str, ma: str, me: str, fields: dict[str, Any]
) -> DecisionFile:
    """Fill one cell of the confrontation grid (action, reaction, counter)."""
    _given(fields)

    def mutate(file: DecisionFile) -> Msg:
        _, course = _element(file, ma)
        if not isinstance(course, Course) or me not in {h.id for h in file.me}:
            raise DecisionError(Msg("{ma} × {me} : MA ou ME inconnu", ma=ma, me=me))
        try:
            current = course.confrontation.get(me, Confrontation()).model_dump()
            course.confrontation[me] = Confrontation.model_validate({**current, **fields})
        except ValidationError as exc:
            raise _invalid(exc) from None
        return Msg("confrontation {ma} × {me}", ma=ma, me=me)

    return update(app, user, uid, mutate)


def mission(app: App, user: User, uid: str, fields: dict[str, Any]) -> DecisionFile:
    _given(fields)

    def mutate(file: DecisionFile) -> Msg:
        try:
            file.mission = Mission.model_validate({**file.mission.model_dump(), **fields})
        except ValidationError as exc:
            raise _invalid(exc) from None
        return Msg("mission")

    return update(app, user, uid, mutate)


def effet(app: App, user: User, uid: str, fields: dict[str, Any]) -> DecisionFile:
    """The staff proposes the effet majeur; any change calls for the commander again."""
    _given(fields)

    def mutate(file: DecisionFile) -> Msg:
        current = file.effet_majeur.model_dump() if file.effet_majeur else {}
        try:
            file.effet_majeur = EffetMajeur.model_validate(
                {**current, **fields, "validated_by": None, "validated_at": None}
            )
        except ValidationError as exc:
            raise _invalid(exc) from None
        return Msg("effet majeur proposé")

    return update(app, user, uid, mutate)


def method(app: App, user: User, uid: str, name: Method) -> DecisionFile:
    def mutate(file: DecisionFile) -> Msg:
        file.method = name
        return Msg("méthode de comparaison : {name}", name=name)

    return update(app, user, uid, mutate)
