"""Triage of one message: language, lexicon entities (always, fast), watchlists,
geofences, rules, and named entities only when the fast path found something worth them.
The outcome explains itself (``why``) and carries a deterministic alert id: the same
message under the same rules always gives the same id."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from egide.embed.base import Embedder
from egide.enrich import geo as text_geo
from egide.enrich.entities import Enricher
from egide.enrich.lexicon import Lexicon
from egide.errors import EmbedderError, TriageModelError
from egide.i18n import Msg
from egide.ingest.langid import detect
from egide.security.labels import Label, parse_label
from egide.stream import geo, learn
from egide.stream.learn import TriageModel
from egide.stream.match import Matcher, fold
from egide.stream.message import Message
from egide.stream.rules import Priority, Requirement, Rule, RuleSet

PART_ID = "triage.rules.v1"


@dataclass
class Triaged:
    message: Message
    lang: str
    priority: Priority = Priority.ROUTINE
    why: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    cls: str | None = None
    scores: dict[str, float] = field(default_factory=dict)
    requirements: list[dict[str, Any]] = field(default_factory=list)
    alert_id: str | None = None

    @property
    def alert(self) -> bool:
        return self.alert_id is not None

    def to_json(self) -> dict[str, Any]:
        m = self.message
        return {
            "id": m.id,
            "alert_id": self.alert_id,
            "label": m.label.canonical(),
            "class": self.cls,
            "scores": self.scores,
            "priority": self.priority.name,
            "alert": self.alert,
            "why": self.why,
            "entities": self.entities,
            "requirements": self.requirements,
            "tags": self.tags,
            "areas": self.areas,
            "lang": self.lang,
            "time": m.time,
            "channel": m.channel,
            "author": m.author,
            "position": None if m.lat is None else {"lat": m.lat, "lon": m.lon},
            "text": m.text,
        }


class _CompiledRule:
    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        w = rule.when
        self.any = {fold(t) for t in w.any}
        self.all = {fold(t) for t in w.all}
        self.regex = re.compile(w.regex, re.IGNORECASE) if w.regex else None
        self.label_min: Label | None = parse_label(w.label_min) if w.label_min else None
        self.channels = {fold(c) for c in w.channel}
        self.kinds = {k.upper() for k in w.entities}
        self.classes = set(w.classes)


class Triager:
    def __init__(
        self,
        rules: RuleSet,
        lexicon: Lexicon,
        languages: tuple[str, ...],
        enricher: Enricher | None = None,
        model: TriageModel | None = None,
        requirements: list[Requirement] | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.rules = rules
        self.lexicon = lexicon
        self.languages = languages
        self.enricher = enricher
        self.model = model
        self.requirements = requirements or []
        self.embedder = embedder
        if (model is not None or self.requirements) and embedder is None:
            raise EmbedderError(
                Msg("le modèle de tri et les besoins lisent des vecteurs")
            )
        if model is not None and embedder is not None and model.space != embedder.space:
            raise TriageModelError(
                Msg(
                    "{name} : vecteurs {space}, encodeur {space2}",
                    name=model.name,
                    space=model.space,
                    space2=embedder.space,
                )
            )
        # a requirement is an information need: embedded as a query, messages as passages
        self._needs = (
            embedder.queries([r.text for r in self.requirements])
            if self.requirements and embedder is not None
            else None
        )
        # the model fingerprint is part of alert ids: another model, other alerts
        self.fingerprint = (
            rules.fingerprint
            + (f"|{model.name}@{model.version}" if model is not None else "")
            + "".join(f"|{r.id}:{r.threshold}" for r in self.requirements)
        )
        self._compiled = [_CompiledRule(r) for r in rules.rules]
        self._lists: dict[str, set[str]] = {}
        terms: list[str] = []
        for name, items in rules.watchlists.items():
            self._lists[name] = {fold(t) for t in items}
            terms += items
        for rule in rules.rules:
            terms += rule.when.any + rule.when.all
        self._matcher = Matcher(terms)

    def triage_many(self, messages: list[Message]) -> list[Triaged]:
        """Triage a batch: one embedding pass for the model and the requirements."""
        vectors = (
            learn.embed(self.embedder, [m.text for m in messages])
            if self.embedder is not None and (self.model is not None or self.requirements)
            else None
        )
        probabilities = (
            self.model.probabilities(vectors)
            if self.model is not None and vectors is not None
            else None
        )
        similarities = (
            vectors @ self._needs.T if vectors is not None and self._needs is not None else None
        )
        out = []
        for i, message in enumerate(messages):
            scores = (
                dict(
                    zip(
                        self.model.classes,
                        (round(float(p), 4) for p in probabilities[i]),
                        strict=True,
                    )
                )
                if self.model is not None and probabilities is not None
                else {}
            )
            needs = [
                {
                    "id": r.id,
                    "text": r.text,
                    "similarity": round(float(similarities[i, j]), 4),
                    "priority": r.priority,
                }
                for j, r in enumerate(self.requirements)
                if similarities is not None and similarities[i, j] >= r.threshold
            ]
            out.append(self._triage(message, scores, needs))
        self._name(out)
        return out

    def triage(
        self,
        message: Message,
        scores: dict[str, float] | None = None,
        needs: list[dict[str, Any]] | None = None,
    ) -> Triaged:
        out = self._triage(message, scores, needs)
        self._name([out])
        return out

    def _name(self, triaged: list[Triaged]) -> None:
        """Named entities of the messages that matter to someone (a rule, a requirement or
        a watchlist matched), tagged together in one pass of the recogniser."""
        if self.enricher is None:
            return
        wanted = [t for t in triaged if t.why]
        found = self.enricher.extract_many([(t.message.text, t.lang, None) for t in wanted])
        for t, mentions in zip(wanted, found, strict=True):
            t.entities = _entities(mentions)

    def _triage(
        self,
        message: Message,
        scores: dict[str, float] | None,
        needs: list[dict[str, Any]] | None,
    ) -> Triaged:
        """Everything but the named-entity recogniser (see ``_name``)."""
        text = message.text
        out = Triaged(message, detect(text, self.languages) if text.strip() else "und")
        if scores:
            out.scores = scores
            out.cls = max(scores, key=lambda c: scores[c])
        out.requirements = sorted(needs or [], key=lambda n: -n["similarity"])
        folded = fold(text)
        found = self._matcher.find(folded)
        listed = {name: sorted(found & terms) for name, terms in self._lists.items()}
        listed = {name: hits for name, hits in listed.items() if hits}
        mentions = self.lexicon.tag(text)
        kinds = {m.kind for m in mentions}
        point = self._point(message)
        out.areas = sorted(
            name
            for name, fence in self.rules.geofences.items()
            if point is not None and geo.inside(fence, *point)
        )
        for compiled in self._compiled:
            why = self._check(compiled, message, found, listed, kinds, out)
            if why is not None:
                out.why.append(why)
                out.priority = max(out.priority, Priority[compiled.rule.priority])
                out.tags += [t for t in compiled.rule.tags if t not in out.tags]
        for need in out.requirements:
            out.why.append({"requirement": need["id"], "similarity": need["similarity"]})
            out.priority = max(out.priority, Priority[need["priority"]])
        if listed and not out.why:
            out.why.append({"watchlists": listed})
        out.entities = _entities(mentions)  # the lexicon's; ``_name`` adds the names
        if any("rule" in w or "requirement" in w for w in out.why):
            out.alert_id = alert_id(message, self.fingerprint)
        return out

    def _point(self, message: Message) -> tuple[float, float] | None:
        if message.lat is not None and message.lon is not None:
            return message.lat, message.lon
        for mention in text_geo.extract(message.text):
            if mention.lat is not None and mention.lon is not None:
                return mention.lat, mention.lon
        return None

    @staticmethod
    def _check(
        c: _CompiledRule,
        m: Message,
        found: set[str],
        listed: dict[str, list[str]],
        kinds: set[str],
        out: Triaged,
    ) -> dict[str, Any] | None:
        w = c.rule.when
        areas = out.areas
        why: dict[str, Any] = {"rule": c.rule.id, "priority": c.rule.priority}
        if c.rule.description:
            why["description"] = c.rule.description
        if c.any:
            hit = sorted(found & c.any)
            if not hit:
                return None
            why["terms"] = hit
        if c.all:
            if not c.all <= found:
                return None
            why["terms"] = sorted(set(why.get("terms", [])) | c.all)
        if w.watchlist:
            hits = {n: listed[n] for n in w.watchlist if n in listed}
            if not hits:
                return None
            why["watchlists"] = hits
        if w.geofence:
            inside = [a for a in w.geofence if a in areas]
            if not inside:
                return None
            why["areas"] = inside
        if c.regex is not None:
            match = c.regex.search(m.text)
            if match is None:
                return None
            why["regex"] = match.group(0)
        if c.kinds:
            present = sorted(c.kinds & kinds)
            if not present:
                return None
            why["entities"] = present
        if c.channels:
            if m.channel is None or fold(m.channel) not in c.channels:
                return None
            why["channel"] = m.channel
        if c.classes:
            if out.cls not in c.classes:
                return None
            if w.min_score is not None and out.scores[out.cls] < w.min_score:
                return None
            why["class"] = {out.cls: out.scores[out.cls]}
        if c.label_min is not None:
            if not m.label.dominates(c.label_min):
                return None
            why["label_min"] = c.label_min.canonical()
        return why


def _entities(mentions: list[Any]) -> list[dict[str, str]]:
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for m in mentions:
        seen.setdefault((m.kind, m.norm), {"kind": m.kind, "name": m.name, "surface": m.surface})
    return list(seen.values())


def alert_id(message: Message, rules_fingerprint: str) -> str:
    text = hashlib.sha256(message.text.encode()).hexdigest()
    key = "\x1f".join((message.id, text, message.label.canonical(), rules_fingerprint))
    return "AL-" + hashlib.sha256(key.encode()).hexdigest()[:20].upper()
