"""From the file to ``egide watch``: indicators and decision points become rules (a
matching message raises « indicateur I3 observé → ME le plus dangereux renforcé »), the
requirements of the matrix and the présuppositions become besoins en renseignement; and,
at any time, new evidence bearing on a présupposition raises an alert for the staff.

Alerts notify; nothing here changes the file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

from egide.decide.analysis import requirements
from egide.decide.files import fetch, read
from egide.decide.model import DecisionFile, Hypothesis, Indicator
from egide.i18n import N_, t
from egide.security.labels import PUBLIC, parse_label
from egide.security.principals import User
from egide.store.audit import sha256_text
from egide.stream import rules as rulesets

if TYPE_CHECKING:
    from egide.app import App

_DESIGNATION = {"dangereux": N_("ME le plus dangereux"), "probable": N_("ME le plus probable")}
_EFFECT = {"renforcé": N_("renforcé"), "affaibli": N_("affaibli")}
_CONDITIONS = {
    "renforcé": N_("conditions de {ma} « {title} » renforcées"),
    "affaibli": N_("conditions de {ma} « {title} » affaiblies"),
}


def _me_name(h: Hypothesis, lang: str) -> str:
    named = [t(_DESIGNATION[d], lang) for d in h.designation]
    if len(named) == 2:
        return t("{a} et {b}", lang, a=named[0], b=named[1])
    return named[0] if named else t("{id} « {title} »", lang, id=h.id, title=h.title)


def meaning(file: DecisionFile, indicator: Indicator, lang: str = "fr") -> str:
    """What observing the indicator means: « ME le plus dangereux renforcé »."""
    me = {h.id: h for h in file.me}
    ma = {m.id: m for m in file.ma}
    effect = _EFFECT[indicator.effect]
    parts = [
        t("{me} {effect}", lang, me=_me_name(me[x], lang), effect=t(effect, lang))
        for x in indicator.me
        if x in me
    ]
    parts += [
        t(_CONDITIONS[indicator.effect], lang, ma=x, title=ma[x].title)
        for x in indicator.ma
        if x in ma
    ]
    return " ; ".join(parts) or indicator.text


def rules_of(file: DecisionFile, lang: str = "fr") -> dict[str, Any]:
    """The rules file (as data) for ``egide watch --rules``."""
    out: list[dict[str, Any]] = []
    for i in file.indicators:
        if i.when is None:
            continue
        when = i.when.model_dump(exclude_defaults=True, by_alias=True)
        out.append(
            {
                "id": f"IND-{i.id}",
                "description": t(
                    "indicateur {id} observé → {meaning}",
                    lang,
                    id=i.id,
                    meaning=meaning(file, i, lang),
                ),
                "when": when,
                "priority": i.priority,
                "tags": ["indicateur", file.id, *i.me, *i.ma],
            }
        )
        for p in file.decision_points:
            if i.id in p.indicators:
                out.append(
                    {
                        "id": f"{p.id}-{i.id}",
                        "description": t(
                            "indicateur {id} observé → point de décision {point} : {text}",
                            lang,
                            id=i.id,
                            point=p.id,
                            text=p.text,
                        ),
                        "when": when,
                        "priority": "FLASH",
                        "tags": ["point-de-decision", file.id, p.id],
                    }
                )
    return {
        "version": 1,
        "geofences": {name: g.model_dump(exclude_none=True) for name, g in file.geofences.items()},
        "rules": out,
    }


def _banner(file: DecisionFile, what: str, lang: str) -> str:
    head = t(
        "{what} — dossier {id} v{version} ({title})",
        lang,
        what=t(what, lang),
        id=file.id,
        version=file.version,
        title=file.title,
    )
    return f"# {file.label}\n# {head}\n"


def export(app: App, user: User, uid: str, lang: str = "fr") -> tuple[str, str, dict[str, Any]]:
    """(rules YAML, requirements YAML, summary). Both files carry the file's marking,
    top and bottom; the rules are checked by the same parser ``egide watch`` uses."""
    file = fetch(app, user, uid)
    data = rules_of(file, lang)
    rules_text = (
        _banner(file, N_("Règles de surveillance des indicateurs"), lang)
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        + f"# {file.label}\n"
    )
    parsed = rulesets.parse(rules_text, f"{uid}-regles.yaml")
    needs = requirements(file, lang)
    needs_text = (
        _banner(file, N_("Besoins en renseignement"), lang)
        + yaml.safe_dump(
            {"requirements": [r.model_dump() for r in needs]},
            allow_unicode=True,
            sort_keys=False,
            width=100,
        )
        + f"# {file.label}\n"
    )
    summary = {
        "file": uid,
        "version": file.version,
        "label": file.label,
        "rules": [r.id for r in parsed.rules],
        "requirements": [r.id for r in needs],
        "rules_sha256": sha256_text(rules_text),
        "requirements_sha256": sha256_text(needs_text),
    }
    app.record(user.name, "decision.watch_export", summary, parse_label(file.label))
    return rules_text, needs_text, summary


def assumption_alerts(
    app: App, user: User, uid: str, since: str | None = None, limit: int = 8, lang: str = "fr"
) -> list[dict[str, Any]]:
    """Passages ingested after ``since`` (default: each présupposition's last check, else
    the file's creation) that bear on a présupposition still standing and that the file
    does not already cite. Each alert is audited (ids and hashes only)."""
    file = read(app, user, uid, what="présuppositions")
    cited = {r.chunk_id for r in file.refs()}
    alerts = []
    for c in file.conclusions:
        if c.kind != "présupposition" or c.status == "infirmée":
            continue
        after = since or c.checked_at or file.created
        hits = [h for h in app.search(c.text, limit).hits if h.chunk_id not in cited]
        uids = sorted({h.row["uid"] for h in hits})
        when: dict[str, str] = {}
        if uids:
            marks = ",".join("?" * len(uids))
            when = {
                r["uid"]: r["ingested_at"]
                for r in app.db.execute(
                    f"SELECT uid, ingested_at FROM documents WHERE uid IN ({marks})", uids
                )
            }
        fresh = [h for h in hits if when.get(h.row["uid"], "") > after]
        if not fresh:
            continue
        label = PUBLIC
        for h in fresh:
            label = label.lub(parse_label(h.row["chunk_label"]))
        alert = {
            "conclusion": c.id,
            "text": c.text,
            "status": c.status,
            "message": t(
                "présupposition {id} : {n} élément(s) nouveau(x) à examiner",
                lang,
                id=c.id,
                n=len(fresh),
            ),
            "passages": [
                {
                    "chunk_id": h.chunk_id,
                    "document": h.row["title"] or h.row["path"],
                    "label": h.row["chunk_label"],
                    "grade": h.row["grade"],
                    "ingested_at": when.get(h.row["uid"]),
                    "text": h.row["text"],
                }
                for h in fresh
            ],
        }
        app.record(
            user.name,
            "decision.assumption_alert",
            {"file": uid, "conclusion": c.id, "chunks": [h.chunk_id for h in fresh]},
            label.lub(parse_label(file.label)),
        )
        alerts.append(alert)
    return alerts
