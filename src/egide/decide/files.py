"""Decision files as the doors see them: create, read, list, history, import and export
(YAML), and the one way a file changes — a new version, checked, labelled and audited.

Every function takes the ``App`` and the acting ``User``; access, roles, labels and audit
are decided here, so that the command line and the HTTP routes stay thin.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import yaml

from egide.decide import evidence
from egide.decide.model import DecisionFile
from egide.errors import AccessDeniedError, DecisionError, DecisionNotFoundError, RulesError
from egide.i18n import N_, Msg
from egide.security.access import may_read, readable
from egide.security.labels import PUBLIC, Label, parse_label
from egide.security.principals import Role, User
from egide.store import decisions
from egide.store.db import transaction
from egide.store.labels import all_labels
from egide.stream.rules import validate_yaml

if TYPE_CHECKING:
    from egide.app import App

STAFF = (Role.ANALYST, Role.CHIEF_OF_STAFF)
WEIGHERS = (Role.DECIDEUR, Role.CHIEF_OF_STAFF)
#: Fields a plain edit or an import may not change: each has its own function and role.
PROTECTED = ("weights", "recommendation", "decision")
_COMMAND = {"weights": "weights", "recommendation": "recommend", "decision": "decide"}


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def require(app: App, user: User, roles: Iterable[Role], what: str) -> None:
    """The user holds one of ``roles``, or the refusal is audited and raised."""
    wanted = tuple(roles)
    if any(user.has(r) for r in wanted):
        return
    quoted = [f"« {r.value} »" for r in wanted]
    names: str | Msg = quoted[0]
    if len(quoted) > 1:
        names = Msg("{first} ou {last}", first=", ".join(quoted[:-1]), last=quoted[-1])
    app.record(
        user.name,
        "access.denied",
        {"reason": f"role {'|'.join(r.value for r in wanted)}", "what": what},
        decision="deny",
    )
    raise AccessDeniedError(Msg("{what} : rôle {names} requis", what=Msg(what), names=names))


def fetch(app: App, user: User, uid: str, version: int | None = None) -> DecisionFile:
    """A version of a file the user may read; any other is reported as not found, and the
    refusal of an existing file is audited at that file's label (only those cleared for
    it learn of it). Not audited otherwise: ``read`` is the audited door."""
    authority = app.authority(user)
    row = decisions.get(app.db, uid, readable(authority, all_labels(app.db)), version)
    if row is None or not app.release(user, authority, "decision", [((row["label"],), row)]):
        hidden = decisions.latest_label(app.db, uid)
        if hidden is not None:
            app.record(
                user.name,
                "access.denied",
                {"reason": "decision file not readable", "file": uid},
                parse_label(hidden),
                decision="deny",
            )
        raise DecisionNotFoundError(uid if version is None else f"{uid} v{version}")
    return DecisionFile.model_validate(row["body"])


def read(
    app: App, user: User, uid: str, version: int | None = None, what: str = "dossier"
) -> DecisionFile:
    """``fetch``, audited at the file's label with what was read (the file, its fiche,
    an analysis…)."""
    file = fetch(app, user, uid, version)
    app.record(
        user.name,
        "decision.read",
        {"file": uid, "version": file.version, "what": what},
        parse_label(file.label),
    )
    return file


def listing(app: App, user: User) -> list[dict[str, Any]]:
    """The files the user may read (their last version); audited with their ids."""
    authority = app.authority(user)
    rows = decisions.listing(app.db, readable(authority, all_labels(app.db)))
    shown = app.release(user, authority, "decision.list", [((r["label"],), r) for r in rows])
    app.record(user.name, "decision.list", {"files": [r["uid"] for r in shown]}, _lub(shown))
    return shown


def _lub(rows: list[dict[str, Any]]) -> Label:
    label = PUBLIC
    for r in rows:
        label = label.lub(parse_label(r["label"]))
    return label


def versions(app: App, user: User, uid: str) -> list[dict[str, Any]]:
    """The versions of a file the user may read, oldest first (not audited)."""
    fetch(app, user, uid)
    authority = app.authority(user)
    rows = decisions.history(app.db, uid, readable(authority, all_labels(app.db)))
    return app.release(user, authority, "decision.history", [((r["label"],), r) for r in rows])


def history(app: App, user: User, uid: str, lang: str = "fr") -> list[dict[str, Any]]:
    """``versions``, audited, each change told in ``lang``."""
    rows = versions(app, user, uid)
    app.record(user.name, "decision.read", {"file": uid, "what": "historique"}, _lub(rows))
    return [{**r, "change": told(r["change"], lang)} for r in rows]


def stored(change: Msg) -> str:
    """A version's change as the store keeps it: its message and parameters (JSON), so
    that each reader is told it in their language."""
    params = {k: str(v) for k, v in change.params.items()}
    return json.dumps({"msgid": change.msgid, "params": params}, ensure_ascii=False)


def told(change: str, lang: str) -> str:
    """A stored change in ``lang`` (a change stored as plain text is shown as it is)."""
    try:
        data = json.loads(change)
    except ValueError:
        return change
    if not isinstance(data, dict) or not isinstance(data.get("msgid"), str):
        return change
    return Msg(data["msgid"], **data.get("params", {})).render(lang)


def create(app: App, user: User, title: str, floor_label: str) -> DecisionFile:
    """An empty file under the marking its author gives (never defaulted)."""
    require(app, user, STAFF, N_("créer un dossier de décision"))
    label = parse_label(floor_label).canonical()
    stamp = now()
    file = DecisionFile(
        id=f"DD-{datetime.now(UTC):%Y%m%d}-{secrets.token_hex(3).upper()}",
        title=title,
        label=label,
        floor_label=label,
        created_by=user.name,
        created=stamp,
        updated_by=user.name,
        updated=stamp,
        lang=app.settings.lang,
    )
    return save(app, user, file, None, Msg("création"))


def _check(file: DecisionFile) -> None:
    """Cross-references hold and every element is evidenced or an assumption."""
    seen: set[str] = set()
    for name, element in file.elements():
        if "×" not in name and name not in ("mission", "effet majeur"):
            if name in seen:
                raise DecisionError(Msg("identifiant {name} en double", name=name))
            seen.add(name)
        if not element.refs and not element.assumption:
            raise DecisionError(
                Msg(
                    "{name} ne cite aucune source : citez un passage ou marquez-le « "
                    "assumption: true » (présupposition)",
                    name=name,
                )
            )
    me = {h.id for h in file.me}
    ma = {m.id for m in file.ma}
    crit = {c.id for c in file.criteria}
    indicators = {i.id for i in file.indicators}
    bad = [f"{e.id}→{h}" for e in file.evidence for h in e.ratings if h not in me]
    bad += [f"{m.id}×{h}" for m in file.ma for h in m.confrontation if h not in me]
    bad += [f"valeur {m}" for m in file.values if m not in ma]
    bad += [f"valeur {m}/{c}" for m, row in file.values.items() for c in row if c not in crit]
    bad += [f"{i.id}→{x}" for i in file.indicators for x in i.me if x not in me]
    bad += [f"{i.id}→{x}" for i in file.indicators for x in i.ma if x not in ma]
    bad += [
        f"{p.id}→{x}" for p in file.decision_points for x in p.indicators if x not in indicators
    ]
    for i in file.indicators:
        fences = i.when.geofence if i.when is not None else []
        bad += [f"{i.id}→zone {g}" for g in fences if g not in file.geofences]
    if bad:
        raise DecisionError(
            Msg("références inconnues : {bad}", bad=', '.join(bad))
        )


def save(
    app: App,
    user: User,
    file: DecisionFile,
    prev: DecisionFile | None,
    change: Msg,
    allow: tuple[str, ...] = (),
    hook: Callable[[DecisionFile], DecisionFile] | None = None,
) -> DecisionFile:
    """Write ``file`` as the next version of ``prev`` (or as a new file). Citations are
    verified and filled by code, the label is recomputed, protected fields may change
    only when ``allow`` names them (their functions check the roles), and the version is
    audited in the same transaction — ``hook`` runs inside it, on the numbered version."""
    for name in PROTECTED:
        before = getattr(prev, name) if prev is not None else None
        if name not in allow and getattr(file, name) != before:
            raise DecisionError(
                Msg(
                    "« {name} » ne se modifie pas ainsi (egide decision {command})",
                    name=name,
                    command=_COMMAND[name],
                )
            )
    if (
        "effet_majeur" not in allow
        and file.effet_majeur is not None
        and file.effet_majeur.validated_by is not None
        and (prev is None or prev.effet_majeur != file.effet_majeur)
    ):
        raise DecisionError(
            Msg("seul le chef valide l'effet majeur")
        )
    checked = evidence.resolve_file(app, user, file)
    _check(checked)
    label = evidence.label_of(checked)
    authority = app.authority(user)
    if not may_read(authority, label):
        raise AccessDeniedError(
            Msg("le dossier dépasserait votre habilitation")
        )
    stamp = now()
    with transaction(app.db):
        last = decisions.latest_version(app.db, checked.id)
        expected = prev.version if prev is not None else 0
        if last != expected:
            raise DecisionError(
                Msg("le dossier a changé entre-temps (version {last}) : relisez-le", last=last)
            )
        checked = checked.model_copy(
            update={
                "version": last + 1,
                "label": label.canonical(),
                "updated_by": user.name,
                "updated": stamp,
            }
        )
        if hook is not None:
            checked = hook(checked)
        body = checked.to_json()
        digest = decisions.insert(
            app.db,
            checked.id,
            checked.version,
            label,
            body,
            stored(change),
            user.name,
            checked.decision is not None,
        )
        app.record(
            user.name,
            "decision.create" if prev is None else "decision.version",
            {
                "file": checked.id,
                "version": checked.version,
                "change": str(change),
                "body_sha256": digest,
                "citations": sorted({r.chunk_id or 0 for r in checked.refs()}),
            },
            label,
        )
    return checked


def update(
    app: App,
    user: User,
    uid: str,
    mutate: Callable[[DecisionFile], Msg],
    roles: Iterable[Role] = STAFF,
    allow: tuple[str, ...] = (),
    hook: Callable[[DecisionFile], DecisionFile] | None = None,
) -> DecisionFile:
    """Read the last version, let ``mutate`` change a copy (it returns what it changed),
    save it as the next version."""
    require(app, user, roles, N_("modifier le dossier"))
    prev = fetch(app, user, uid)
    draft = prev.model_copy(deep=True)
    change = mutate(draft)
    return save(app, user, draft, prev, change, allow, hook)


def export_yaml(app: App, user: User, uid: str, version: int | None = None) -> str:
    file = fetch(app, user, uid, version)
    app.record(
        user.name,
        "decision.export",
        {"file": uid, "version": file.version, "format": "yaml"},
        parse_label(file.label),
    )
    return to_yaml(file)


def to_yaml(file: DecisionFile) -> str:
    return yaml.safe_dump(
        file.model_dump(mode="json", by_alias=True, exclude_none=True),
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )


def import_yaml(
    app: App, user: User, text: str, name: str, uid: str | None = None, floor: str | None = None
) -> DecisionFile:
    """A whole file from YAML: a new file, or (``uid``) the next version of one. Code sets
    the identity, version, marking and authorship; weights, the recommendation and the
    decision cannot arrive this way."""
    require(app, user, STAFF, N_("importer un dossier de décision"))
    prev = fetch(app, user, uid) if uid is not None else None
    stamp = now()
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        data = None
    given = data.get("floor_label") if isinstance(data, dict) else None
    marking = floor or given or (prev.floor_label if prev is not None else None)
    envelope: dict[str, Any] = {
        "schema": "egide.decision.v1",
        "id": prev.id
        if prev is not None
        else f"DD-{datetime.now(UTC):%Y%m%d}-{secrets.token_hex(3).upper()}",
        "version": prev.version if prev is not None else 1,
        "label": "NP",
        "floor_label": parse_label(marking).canonical(),
        "created_by": prev.created_by if prev is not None else user.name,
        "created": prev.created if prev is not None else stamp,
        "updated_by": user.name,
        "updated": stamp,
    }
    try:
        file, _ = validate_yaml(text, name, DecisionFile, envelope)
    except RulesError as exc:  # the same line-numbered report, under this file's error
        raise DecisionError(exc.params["detail"]) from None
    return save(app, user, file, prev, Msg("import {name}", name=name))
