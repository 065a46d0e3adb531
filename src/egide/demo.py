"""The demo on the embedded defaults: a dev store, three users, the fictional scenario
ingested batch by batch, and the same searches run at different clearances."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from egide.app import App
from egide.decide import scenario as decision_scenario
from egide.errors import ConfigError
from egide.i18n import Msg
from egide.ingest.progress import Progress
from egide.ingest.runner import ingest
from egide.security.access import may_read
from egide.security.labels import PUBLIC
from egide.security.principals import make_user
from egide.settings import Settings
from egide.store import users
from egide.store.db import transaction
from egide.stream import rules
from egide.stream.message import Rejected
from egide.stream.triage import Triager
from egide.stream.watcher import admit

DEMO_USERS = (
    make_user("analyste.dr", "DR", "FRA", roles=["analyst"]),
    make_user("analyste.s", "S", "FRA", roles=["analyst", "validator"]),
    make_user("officier.otan", "S", "DEU", compartments=["OTAN"], roles=["analyst"]),
    make_user("chef.em", "S", "FRA", roles=["analyst", "chef_etat_major"]),
    make_user("chef.gtia", "S", "FRA", roles=["decideur"]),
)
INGESTER = "analyste.s"
DEFAULT_HOME = Path(".egide-demo")
#: the users whose searches, counts and stream the demo shows
ANALYSTS = ("analyste.dr", "analyste.s", "officier.otan")


@dataclass
class DemoResult:
    store: str
    scenario: str
    users: list[dict[str, Any]]
    batches: list[dict[str, Any]] = field(default_factory=list)
    searches: list[dict[str, Any]] = field(default_factory=list)
    stats: dict[str, dict[str, Any]] = field(default_factory=dict)
    flags: list[dict[str, Any]] = field(default_factory=list)
    stream: dict[str, dict[str, Any]] = field(default_factory=dict)
    decision: dict[str, Any] = field(default_factory=dict)


def demo_home(settings: Settings, explicit: Path | None) -> Path:
    """Where the demo store goes: ``--demo-store``, else the store named by ``--store``,
    ``EGIDE_HOME`` or the configuration file, else ``./.egide-demo``."""
    if explicit is not None:
        return explicit
    return settings.home if "home" in settings.model_fields_set else DEFAULT_HOME


def find_examples(explicit: Path | None) -> Path:
    """The scenario folder: given, or ``examples/scenario`` here or beside the sources."""
    candidates = (
        [explicit]
        if explicit
        else [
            Path("examples/scenario"),
            Path(__file__).resolve().parents[2] / "examples" / "scenario",
        ]
    )
    for path in candidates:
        if path is not None and (path / "manifest.json").is_file():
            return path
    raise ConfigError(Msg("scénario introuvable ({path})", path=candidates[0]))


def _ensure_users(app: App) -> None:
    admin = app.require_user()
    for user in DEMO_USERS:
        if users.by_name(app.db, user.name, app.seal) is None:
            with transaction(app.db):
                users.add(app.db, user, app.seal)
                app.record(admin.name, "user.add", user.to_dict())


def run_demo(
    settings: Settings, examples: Path | None, progress: Progress | None = None, top: int = 3
) -> DemoResult:
    scenario = find_examples(examples)
    manifest = json.loads((scenario / "manifest.json").read_text(encoding="utf-8"))
    with App(settings) as admin_app:
        if admin_app.store_exists() and not admin_app.is_dev:
            raise ConfigError(
                Msg("{path} n'est pas un magasin de démonstration (--dev)", path=settings.home)
            )
        admin_app.init_store(dev=True)
        _ensure_users(admin_app)
    result = DemoResult(
        str(settings.home), manifest.get("scenario", "?"), [u.to_dict() for u in DEMO_USERS]
    )
    apps = {
        u.name: App(settings.model_copy(update={"user": u.name}, deep=True)) for u in DEMO_USERS
    }
    try:
        for batch in manifest["batches"]:
            report = ingest(
                _ingester(apps, batch["label"]),
                [scenario / batch["path"]],
                batch["label"],
                batch.get("grade"),
                batch.get("source"),
                progress,
            )
            result.batches.append(
                {
                    "path": batch["path"],
                    "label": batch["label"],
                    "grade": batch.get("grade") or "F6",
                    **report.to_dict(settings.lang),
                }
            )
        for query in manifest.get("queries", []):
            entry: dict[str, Any] = {"query": query, "by_user": {}}
            for name in ANALYSTS:
                app = apps[name]
                outcome = app.search(query, limit=10)
                by_label: dict[str, int] = {}
                for hit in outcome.hits:
                    by_label[hit.row["chunk_label"]] = by_label.get(hit.row["chunk_label"], 0) + 1
                entry["by_user"][name] = {
                    "results": len(outcome.hits),
                    "by_label": by_label,
                    "top": [_brief(h.to_dict()) for h in outcome.hits[:top]],
                }
            result.searches.append(entry)
        for name in ANALYSTS:
            result.stats[name] = _stats(apps[name])
        result.flags = _flags(apps[INGESTER])
        folder = scenario.parent / "stream"
        if (folder / "rules.yaml").is_file():
            result.stream = {n: _triage(apps[n], folder) for n in ANALYSTS}
            # The fiche and the exported rules go beside the store, never into it: only the
            # store's own files live in its folder.
            exports = settings.home.with_name(f"{settings.home.name}-produits")
            exports.mkdir(parents=True, exist_ok=True)
            result.decision = decision_scenario.run(
                apps, scenario, exports, lambda app, ruleset: _triage(app, folder, ruleset)
            )
    finally:
        for app in apps.values():
            app.close()
    return result


def _ingester(apps: dict[str, App], marking: str) -> App:
    """The analyst who files a batch: the usual one, or the first demo user cleared for its
    label (a NATO batch is filed by the officer holding the OTAN compartment)."""
    order = [apps[INGESTER], *(app for name, app in apps.items() if name != INGESTER)]
    for app in order:
        if may_read(app.authority(app.require_user()), app.parse_marking(marking)):
            return app
    return apps[INGESTER]  # refused, with the reason, by the ingest itself


def _triage(app: App, folder: Path, ruleset: rules.RuleSet | None = None) -> dict[str, Any]:
    """The example message stream triaged for one user: what they may see, and its alerts
    (the full ``egide watch`` adds checkpoints, dead letters and summaries). With
    ``ruleset`` (a decision file's indicators), the alerts its rules raised."""
    authority = app.authority(app.require_user())
    messages, refused, withheld = [], 0, 0
    for line in (folder / "messages.jsonl").read_bytes().splitlines():
        try:
            message = admit(line, PUBLIC, 64 * 1024, authority)
        except Rejected:
            refused += 1
            continue
        if message is None:
            withheld += 1
        else:
            messages.append(message)
    triager = Triager(
        ruleset or rules.load(folder / "rules.yaml"),
        app.lexicon,
        tuple(app.settings.ingest.languages),
        app.enricher,
    )
    alerts = [t for t in triager.triage_many(messages) if t.alert]
    by_priority: dict[str, int] = {}
    for alert in alerts:
        by_priority[alert.priority.name] = by_priority.get(alert.priority.name, 0) + 1
    top = sorted(alerts, key=lambda a: -a.priority)[:3]
    fired = [
        {
            "id": a.message.id,
            "priority": a.priority.name,
            "label": a.message.label.canonical(),
            "alerts": [w["description"] for w in a.why if "rule" in w and "description" in w],
        }
        for a in alerts
    ]
    return {
        "decision_alerts": fired if ruleset is not None else [],
        "messages": len(messages),
        "refused": refused,
        "withheld": withheld,
        "alerts": len(alerts),
        "by_priority": by_priority,
        "top": [
            {
                "priority": a.priority.name,
                "label": a.message.label.canonical(),
                "id": a.message.id,
                "text": a.message.text[:120],
                "rules": [w["rule"] for w in a.why if "rule" in w],
            }
            for a in top
        ],
    }


def _brief(hit: dict[str, Any]) -> dict[str, Any]:
    text = hit["snippet"]["text"]
    return {
        "label": hit["label"],
        "grade": hit["document"]["grade"],
        "title": hit["document"]["title"] or hit["document"]["path"],
        "excerpt": text if len(text) <= 200 else text[:199] + "…",
    }


def _stats(app: App) -> dict[str, Any]:
    counts = app.stats()
    return {"documents": counts.documents, "chunks": counts.chunks, "by_label": counts.by_label}


def _flags(app: App) -> list[dict[str, Any]]:
    """Documents the scanner flagged, as the ingesting analyst sees them."""
    out = []
    for row in app.db.execute(
        "SELECT title, path, flags FROM documents WHERE flags != '[]' ORDER BY id"
    ):
        kinds = sorted({f["kind"] for f in json.loads(row["flags"])})
        out.append({"title": row["title"] or row["path"], "kinds": kinds})
    return out
