"""What only named people do to a file: the commander (or chief of staff) sets the
weights, the commander validates the effet majeur, the staff signs its « Proposition
d'état-major », and a ``decideur`` records the décision du chef — appended to the audit log
with the hashes of the matrix, the weights, the evidence, the software and any model runs.

This module is the only place a ``Decision`` is ever built.
"""

from __future__ import annotations

import json
from importlib import metadata
from typing import TYPE_CHECKING, Any

from egide.decide import compare, evidence
from egide.decide.files import STAFF, WEIGHERS, fetch, now, read, require, update, versions
from egide.decide.model import Decision, DecisionFile, Method, Recommendation, Weights
from egide.errors import DecisionError
from egide.i18n import N_, Msg
from egide.security.labels import parse_label
from egide.security.principals import Role, User
from egide.store import audit, users
from egide.store.audit import canonical_json, sha256_text
from egide.store.decisions import body_hash

if TYPE_CHECKING:
    from egide.app import App

CHOICES = ("autre", "aucune")


def _h(value: Any) -> str:
    return sha256_text(canonical_json(value))


def software() -> str:
    parts = []
    for name in ("egide", "pymcdm"):
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} ?")
    return " · ".join(parts)


def hashes(file: DecisionFile) -> dict[str, str]:
    """What the decision was taken on, by hash (content never enters the audit log)."""
    matrix = {
        "me": [h.id for h in file.me],
        "evidence": [
            {"id": e.id, "relevance": e.relevance, "ratings": e.ratings} for e in file.evidence
        ],
        "ma": [
            {"id": m.id, "screening": {k: v.ok for k, v in m.screening.items()}} for m in file.ma
        ],
        "criteria": [{"id": c.id, "direction": c.direction} for c in file.criteria],
        "values": file.values,
        "method": file.method,
    }
    cited = sorted(
        {
            (r.chunk_id or 0, r.document_id, r.start, r.end, sha256_text(r.quote), r.grade, r.label)
            for r in file.refs()
        }
    )
    runs = [[r.model, r.prompt_sha256, r.output_sha256] for r in file.model_runs]
    return {
        "file": body_hash(file.to_json()),
        "matrix": _h(matrix),
        "weights": _h(file.weights.values if file.weights else None),
        "evidence": _h(cited),
        "software": software(),
        "models": _h(runs),
    }


def set_weights(app: App, user: User, uid: str, weights: dict[str, float]) -> DecisionFile:
    """The commander's or chief of staff's weights (any scale; normalised when compared)."""
    require(app, user, WEIGHERS, N_("fixer les poids"))
    role = Role.DECIDEUR if user.has(Role.DECIDEUR) else Role.CHIEF_OF_STAFF

    def mutate(file: DecisionFile) -> Msg:
        known = {c.id for c in file.criteria}
        unknown = sorted(set(weights) - known)
        if unknown or any(w < 0 for w in weights.values()) or not sum(weights.values()) > 0:
            raise DecisionError(
                Msg(
                    "poids invalides (critères connus : {known} ; positifs, pas tous nuls)",
                    known=', '.join(sorted(known)),
                )
            )
        file.weights = Weights(
            values={c: float(weights.get(c, 0.0)) for c in sorted(known)},
            set_by=user.name,
            set_at=now(),
            role=role.value,
        )
        return Msg("poids fixés par {by} ({role})", by=user.name, role=role.value)

    return update(app, user, uid, mutate, WEIGHERS, allow=("weights",))


def validate_effet(app: App, user: User, uid: str) -> DecisionFile:
    """The commander validates the effet majeur the staff proposed."""

    def mutate(file: DecisionFile) -> Msg:
        if file.effet_majeur is None:
            raise DecisionError(Msg("aucun effet majeur proposé"))
        file.effet_majeur.validated_by = user.name
        file.effet_majeur.validated_at = now()
        return Msg("effet majeur validé par {by}", by=user.name)

    return update(app, user, uid, mutate, (Role.DECIDEUR,), allow=("effet_majeur",))


def recommend(
    app: App, user: User, uid: str, ma: str, reason: str, method: Method | None = None
) -> DecisionFile:
    """The staff signs its « Proposition d'état-major »: an MA, with its reason. The table's
    leader is what code computed; the staff may propose another, and says why."""
    if not reason.strip():
        raise DecisionError(Msg("motif vide"))

    def mutate(file: DecisionFile) -> Msg:
        if ma not in {m.id for m in file.ma}:
            raise DecisionError(Msg("MA inconnu : {ma}", ma=ma))
        used = method or file.method
        compare.compare_file(file, used)  # the table must be complete and weighted
        file.recommendation = Recommendation(
            ma=ma, reason=reason.strip(), method=used, by=user.name, at=now()
        )
        return Msg("proposition d'état-major : {ma}", ma=ma)

    return update(app, user, uid, mutate, STAFF, allow=("recommendation",))


def record(
    app: App,
    user: User,
    uid: str,
    choice: str,
    reason: str,
    deviation_reason: str = "",
    other: str | None = None,
) -> DecisionFile:
    """The décision du chef. Only a ``decideur`` records it; it is audited, with its
    hashes, in the transaction that writes the version carrying it."""
    require(app, user, (Role.DECIDEUR,), N_("inscrire la décision du chef"))
    if not reason.strip():
        raise DecisionError(Msg("motif de la décision vide"))
    decided_on = fetch(app, user, uid)
    if choice not in CHOICES and choice not in {m.id for m in decided_on.ma}:
        raise DecisionError(
            Msg("choix « {choice} » : un MA du dossier, « autre » ou « aucune »", choice=choice)
        )
    if choice == "autre" and not (other or "").strip():
        raise DecisionError(Msg("« autre » : décrivez le mode d'action retenu"))
    recommended = decided_on.recommendation.ma if decided_on.recommendation else None
    deviation = recommended is not None and choice != recommended
    if deviation and not deviation_reason.strip():
        raise DecisionError(
            Msg(
                "la proposition d'état-major était {recommended} : motivez l'écart",
                recommended=recommended,
            )
        )
    sums = hashes(decided_on)
    label = parse_label(decided_on.label)

    def mutate(file: DecisionFile) -> Msg:
        return Msg("décision du chef : {choice}", choice=choice)

    def seal(file: DecisionFile) -> DecisionFile:
        data = {
            "file": uid,
            "version": decided_on.version,
            "choice": choice,
            "recommended": recommended,
            "deviation": deviation,
            "reason_sha256": sha256_text(reason.strip()),
            "deviation_sha256": sha256_text(deviation_reason.strip()),
            "hashes": sums,
            "model_runs": [r.model_dump() for r in decided_on.model_runs],
        }
        seq = audit.append(app.db, user.name, "decision.record", data, label, terminal=app.terminal)
        file.decision = Decision(
            choice=choice,
            other=(other or "").strip() or None,
            reason=reason.strip(),
            recommended=recommended,
            deviation=deviation,
            deviation_reason=deviation_reason.strip(),
            by=user.name,
            at=now(),
            version=decided_on.version,
            hashes=sums,
            audit_seq=seq,
        )
        return file

    return update(app, user, uid, mutate, (Role.DECIDEUR,), allow=("decision",), hook=seal)


def audited(app: App, user: User, uid: str) -> list[str]:
    """Problems with the file's recorded decisions: each must match an audit record by
    the same ``decideur`` with the same hashes. An empty list means all is well."""
    problems = []
    decideurs = {u.name for u in users.all_users(app.db, app.seal) if u.has(Role.DECIDEUR)}
    previous = None
    for entry in versions(app, user, uid):
        file = fetch(app, user, uid, int(entry["version"]))
        d = file.decision
        if d is not None and d != previous:
            row = app.db.execute(
                "SELECT actor, action, record FROM audit WHERE seq = ?", (d.audit_seq,)
            ).fetchone()
            data = json.loads(row["record"])["data"] if row is not None else {}
            if d.by not in decideurs:
                problems.append(f"v{file.version} : {d.by} n'a pas le rôle « decideur »")
            if row is None or row["action"] != "decision.record" or row["actor"] != d.by:
                problems.append(f"v{file.version} : absente du journal (n° {d.audit_seq})")
            elif data.get("hashes") != d.hashes or data.get("file") != uid:
                problems.append(f"v{file.version} : empreintes différentes du journal")
        previous = d
    return problems


def check(app: App, user: User, uid: str) -> dict[str, Any]:
    """Every citation verified again as ``user`` today, and every recorded decision matched
    with its audit record: ``failures`` and ``decision_audit`` empty when all is well."""
    file = read(app, user, uid, what="vérification")
    verified, failures = evidence.check(app, user, file)
    return {
        "file": uid,
        "version": file.version,
        "citations": len(file.refs()),
        "verified": verified,
        "failures": failures,
        "decision_audit": audited(app, user, uid),
    }
