"""Deterministic help on a file: the ACH reading, the comparison with its rank-reversal
thresholds, and the intelligence requirements the matrix calls for. Pure functions of the
file; the ``*_of`` forms read it for a user first (the doors call those)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from egide.decide import ach, compare, evidence, sensitivity
from egide.decide.files import now, read
from egide.decide.model import DecisionFile, Method, Weights
from egide.errors import DecisionError
from egide.i18n import Msg, t
from egide.security.principals import User
from egide.stream.rules import Requirement

if TYPE_CHECKING:
    from egide.app import App

#: Similarity a message needs to a requirement to raise an alert (as in examples/stream).
THRESHOLD = 0.88


def ach_report(file: DecisionFile, lang: str = "fr") -> dict[str, Any]:
    result = ach.analyse(file)
    titles = {h.id: h.title for h in file.me}
    out = result.to_json()
    notes = []
    for s in result.sensitivity:
        without = s["ranking_without"]
        assert isinstance(without, list)
        if s["leader_changes"]:
            notes.append(
                t(
                    "Sans l'élément {item}, le classement s'inverse : {me} (« {title} ») passe "
                    "en tête.",
                    lang,
                    item=s["item"],
                    me=without[0],
                    title=titles.get(without[0], ""),
                )
            )
        else:
            notes.append(
                t(
                    "Sans l'élément {item}, l'ordre change : {order}.",
                    lang,
                    item=s["item"],
                    order=" > ".join(without),
                )
            )
    out["notes"] = notes
    return out


def comparison_report(
    file: DecisionFile, method: Method | None = None, lang: str = "fr"
) -> dict[str, Any]:
    table, _ = compare.table_of(file)
    used = method or file.method
    result = compare.compare_file(file, used)
    found = sensitivity.thresholds(table, used)
    titles = {c.id: c.title for c in file.criteria}
    out = result.to_json(lang)
    out["thresholds"] = [t.to_json() for t in found]
    out["sentences"] = sensitivity.sentences(result, found, titles, lang)
    out["raw"] = {m: file.values.get(m, {}) for m in table.alternatives}
    return out


def requirements(file: DecisionFile, lang: str = "fr") -> list[Requirement]:
    """Besoins en renseignement: cells nobody rated, hypotheses the matrix cannot tell
    apart, indicators and présuppositions still standing."""
    out: list[Requirement] = []
    me = {h.id: h for h in file.me}
    result = ach.analyse(file) if file.me and file.evidence else None
    if result is not None:
        items = {e.id: e for e in file.evidence}
        for item, hyp in result.unrated:
            out.append(
                Requirement(
                    id=f"BR-{item}-{hyp}",
                    text=f"{items[item].text} — {me[hyp].title}",
                    priority="ROUTINE",
                    threshold=THRESHOLD,
                )
            )
        ranking = result.ranking
        if len(ranking) >= 2:
            a, b = ranking[0], ranking[1]
            telling = [
                e.id
                for e in ach.items_of(file)
                if ach.diagnosticity(e, [a, b]) >= ach.LOW_DIAGNOSTICITY
            ]
            if not telling or result.inconsistency[b] - result.inconsistency[a] < 1.0:
                first, second = (f"{me[x].title} {me[x].description}".strip() for x in (a, b))
                out.append(
                    Requirement(
                        id=f"BR-{a}-{b}",
                        text=t("{a} ou {b}", lang, a=first, b=second),
                        priority="URGENT",
                        threshold=THRESHOLD,
                    )
                )
    for i in file.indicators:
        out.append(
            Requirement(id=f"IND-{i.id}", text=i.text, priority=i.priority, threshold=THRESHOLD)
        )
    for c in file.conclusions:
        if c.kind == "présupposition" and c.status != "infirmée":
            out.append(
                Requirement(id=f"PRES-{c.id}", text=c.text, priority="URGENT", threshold=THRESHOLD)
            )
    return out


def ach_of(app: App, user: User, uid: str, lang: str = "fr") -> dict[str, Any]:
    file = read(app, user, uid, what="ACH")
    return {"file": uid, "version": file.version, "label": file.label, **ach_report(file, lang)}


def comparison_of(
    app: App, user: User, uid: str, method: Method | None = None, lang: str = "fr"
) -> dict[str, Any]:
    file = read(app, user, uid, what="comparaison")
    return {
        "file": uid,
        "version": file.version,
        "label": file.label,
        **comparison_report(file, method, lang),
    }


def trial_of(
    app: App,
    user: User,
    uid: str,
    weights: dict[str, float],
    method: Method | None = None,
    lang: str = "fr",
) -> dict[str, Any]:
    """The comparison with weights tried and not saved (setting them is
    ``decision.set_weights``'s, for the commander or chief of staff), beside the ranking
    under the file's own weights: ``reversal`` says whether the leader changes."""
    file = read(app, user, uid, what="comparaison (essai de poids)")
    known = {c.id for c in file.criteria}
    unknown = sorted(set(weights) - known)
    if unknown:
        names = ", ".join(unknown)
        raise DecisionError(Msg("critères inconnus : {names}", names=names))
    saved = compare.compare_file(file, method).ranking if file.weights is not None else None
    tried = Weights(
        values={c: float(weights.get(c, 0.0)) for c in sorted(known)},
        set_by=user.name,
        set_at=now(),
        role="essai",
    )
    report = comparison_report(file.model_copy(update={"weights": tried}), method, lang)
    return {
        "file": uid,
        "version": file.version,
        "label": file.label,
        **report,
        "saved_ranking": saved,
        "reversal": saved is not None and saved[0] != report["ranking"][0],
        "titles": {m.id: m.title for m in file.ma},
    }


#: What the sensitivity reading keeps of a comparison.
SENSITIVITY = ("file", "version", "method", "ranking", "thresholds", "sentences", "warnings")


def sensitivity_of(
    app: App, user: User, uid: str, method: Method | None = None, lang: str = "fr"
) -> dict[str, Any]:
    """The rank-reversal thresholds of the comparison, with their sentences."""
    report = comparison_of(app, user, uid, method, lang)
    return {k: report[k] for k in SENSITIVITY}


def evidence_of(app: App, user: User, uid: str, about: str, limit: int = 8) -> dict[str, Any]:
    """Passages (that ``user`` may read) for an element of the file or a free text."""
    hits = evidence.for_element(app, user, read(app, user, uid, what="éléments"), about, limit)
    return {"file": uid, "about": about, "passages": hits}
