"""Where sources disagree: numbers (casualties, counts), attributions (who did what),
dates and places of the same event. Each contradiction cites both sides.

Two statements are about the same thing when they come from different sources and share a
subject. When the question names something (a place, a unit, a group), that name is the
subject: both statements must speak of it, in their own sentence or in a passage that names
no other place. Otherwise they must share a content word of the question or a name."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from egide.i18n import N_, t
from egide.products.context import Context, Sentence
from egide.products.extractive import cite
from egide.products.model import Gap
from egide.products.relevance import NAME
from egide.retrieve.analyzer import fold, stop_words, tokens

_QUANTITY = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[  .,]\d{3})*|\d+)(?:\s*(?:à|-|–|to)\s*(\d{1,3}(?:[  .,]\d{3})*|\d+))?"
    r"\s+(?:[\wéè-]+\s+)?(véhicules?|blindés?|chars?|camions?|combattants?|hommes|soldats|"
    r"militaires|morts?|tués?|tuées?|victimes?|civils|blessés?|drones?|pièces?|obus|"
    r"otages?|vehicles?|tanks?|trucks?|fighters?|men|soldiers?|troops|dead|casualties|"
    r"killed|wounded|civilians|hostages?)\b",
    re.IGNORECASE,
)
_UNITS = {
    "vehicule": "véhicules",
    "blinde": "véhicules",
    "char": "véhicules",
    "vehicle": "véhicules",
    "tank": "véhicules",
    "camion": "camions",
    "truck": "camions",
    "combattant": "effectifs",
    "homme": "effectifs",
    "soldat": "effectifs",
    "militaire": "effectifs",
    "fighter": "effectifs",
    "men": "effectifs",
    "soldier": "effectifs",
    "troop": "effectifs",
    "mort": "pertes",
    "tue": "pertes",
    "tuee": "pertes",
    "victime": "pertes",
    "dead": "pertes",
    "casualtie": "pertes",
    "killed": "pertes",
    "civil": "pertes civiles",
    "civilian": "pertes civiles",
    "blesse": "blessés",
    "wounded": "blessés",
    "drone": "drones",
    "piece": "pièces",
    "obus": "obus",
    "otage": "otages",
    "hostage": "otages",
}
EVENTS = re.compile(
    r"d[ée]trui|destruct|destroy|explos|explod|attaqu|attack|franchi|cross|abattu|shot down|"
    r"effondr|collaps|sabot|frapp|struck|strike|bombard|shell|tu[ée]|kill|enlev|kidnap|"
    r"embuscade|ambush|incendi|burn",
    re.IGNORECASE,
)
_ACTOR_KINDS = {"ORG", "PER", "UNIT"}
_VERBS = {
    "detru": "destruction",
    "destr": "destruction",
    "destru": "destruction",
    "explo": "explosion",
    "attaq": "attaque",
    "attac": "attaque",
    "franc": "franchissement",
    "cross": "franchissement",
    "sabot": "sabotage",
    "tue": "pertes",
    "tues": "pertes",
    "kill": "pertes",
}
#: a statement names who did something
_AGENT = re.compile(
    r"attribu|revendiqu|responsab|imput|accus|auteur|\bpar (?:le|la|les|l['’]|des|un|une)\b|"
    r"men[ée]e? par|perpetrat|claim|blame|responsib|carried out by|\bby (?:the|a|an)\b",
    re.IGNORECASE,
)


_AGENT_PHRASE = re.compile(
    r"(?:\bpar\s+(?:le|la|les|l['’])|\bby\s+the)\s*([\w'’-]+(?:\s+[\w'’-]+){0,2})",
    re.IGNORECASE,
)


_ORDINAL = re.compile(r"^\d+(?:e|er|re|ème|eme|st|nd|rd|th)$", re.IGNORECASE)


def _agents(text: str) -> set[str]:
    """Who a statement says did it: the words after « par », « by », « attribue … à »."""
    out = set()
    for m in _AGENT_PHRASE.finditer(text):
        words = []
        for w in m.group(1).split():
            if fold(w) in stop_words() or not (w[0].isalpha() or _ORDINAL.match(w)):
                break
            words.append(fold(w))
        if words:
            out.add(" ".join(words))
    return out


@dataclass
class _Statement:
    sentence: Sentence
    words: set[str]
    names: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    about: bool = False  # its passage speaks of the question's subject
    named: frozenset[str] = frozenset()  # names of the question it speaks of


def _unit(word: str) -> str:
    folded = fold(word)
    key = folded if folded in {"obus", "men"} else folded.rstrip("s")
    return _UNITS.get(key, _UNITS.get(folded, folded))


def _number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _statements(
    ctx: Context, mentions: list[dict[str, Any]], subject: set[str], names: set[str]
) -> list[_Statement]:
    by_sentence: dict[tuple[str, int], _Statement] = {}
    for p in ctx.passages:
        about = bool(subject & set(tokens(p.text)))
        folded = fold(p.text)
        around = frozenset(n for n in names if n in folded)
        for s in p.sentences():
            if not s.flagged:
                own = fold(s.text)
                st = _Statement(s, set(tokens(s.text)), about=about)
                st.named = frozenset(n for n in names if n in own)
                if not st.named:
                    st.named = around
                if _AGENT.search(s.text):
                    st.actors = _agents(s.text)
                by_sentence[(p.document, s.start)] = st
    for m in mentions:
        p = m["passage"]
        for (doc, start), st in by_sentence.items():
            if doc == p.document and start <= m["char_start"] < st.sentence.end:
                norm = str(m["norm"])
                if m["kind"] == "DATE" and m["value"]:
                    st.dates.add(str(m["value"])[:10])
                elif m["kind"] in _ACTOR_KINDS:
                    st.names.add(norm)
                    cue = _AGENT.search(st.sentence.text)
                    if cue and m["char_start"] - st.sentence.start >= cue.start():
                        st.actors.add(norm)
                elif m["kind"] == "LOC":
                    st.places.add(norm)
                    st.names.add(norm)
                break
    for st in by_sentence.values():
        if st.named and not (st.named & _own_names(st, names)) and st.places - names:
            st.named = frozenset()  # the sentence speaks of another place than the question's
    return list(by_sentence.values())


def _own_names(st: _Statement, names: set[str]) -> set[str]:
    own = fold(st.sentence.text)
    return {n for n in names if n in own}


def find(ctx: Context, mentions: list[dict[str, Any]], lang: str = "fr") -> list[Gap]:
    """Where related statements of different sources disagree: numbers, dates, authors and
    places of one kind of event; each told in ``lang``."""
    subject = {w for w in tokens(ctx.question) if len(w) > 3 and not EVENTS.search(w)}
    names = {fold(n) for n in NAME.findall(ctx.question)}
    statements = _statements(ctx, mentions, subject, names)
    quantities: dict[str, list[tuple[str, _Statement]]] = defaultdict(list)
    events: dict[str, list[_Statement]] = defaultdict(list)
    for st in statements:
        for m in _QUANTITY.finditer(st.sentence.text):
            low = _number(m.group(1))
            high = _number(m.group(2)) if m.group(2) else low
            if 0 < low <= high < 1_000_000:
                value = f"{low}" if low == high else f"{low}–{high}"
                quantities[_unit(m.group(3))].append((value, st))
        event = EVENTS.search(st.sentence.text)
        if event is not None:
            verb = fold(event.group(0))[:5]
            events[_VERBS.get(verb, verb)].append(st)
    gaps: list[Gap] = []
    for unit, counted in quantities.items():
        gaps += _disagree(unit, counted, subject, names)
    for name, said in events.items():
        gaps += _disagree(f"date ({name})", _values(said, "dates"), subject, names, loose=True)
        gaps += _disagree(
            f"auteur ({name})",
            _values(said, "actors"),
            subject,
            names,
            disjoint=True,
            loose=True,
        )
        dated = [st for st in said if st.dates]
        gaps += _disagree(f"lieu ({name})", _values(dated, "places"), subject, names, disjoint=True)
    for gap in gaps:
        gap.text = _told(gap, lang)
    return gaps


# The kinds of disagreement, as the reader is told them (the attribute keeps its code).
_KINDS = {"date": N_("date"), "auteur": N_("auteur"), "lieu": N_("lieu")}


def _told(gap: Gap, lang: str) -> str:
    """The disagreement's sentence in ``lang`` (``gap.text`` holds its two sides)."""
    kind, _, rest = str(gap.attribute).partition(" ")
    attribute = f"{t(_KINDS[kind], lang)} {rest}" if kind in _KINDS and rest else gap.attribute
    text = N_("Les sources divergent sur « {attribute} » : {sides}.")
    return t(text, lang, attribute=attribute, sides=gap.text)


def _values(said: list[_Statement], what: str) -> list[tuple[str, _Statement]]:
    return [(" / ".join(sorted(getattr(st, what))), st) for st in said if getattr(st, what)]


def _related(a: _Statement, b: _Statement, subject: set[str], names: set[str], loose: bool) -> bool:
    """Same subject: a name of the question both speak of; for a question without names, a
    shared word of the question or a shared name, or for one kind of event (``loose``),
    passages that both speak of the question's subject."""
    if names:
        return bool(a.named & b.named)
    if loose and a.about and b.about:
        return True
    return bool((a.words & b.words & subject) or (a.names & b.names))


def _disagree(
    attribute: str,
    found: list[tuple[str, _Statement]],
    subject: set[str],
    names: set[str],
    disjoint: bool = False,
    loose: bool = False,
) -> list[Gap]:
    """The first pair of related statements, from different sources, whose values differ
    (for attributions and places: share no name at all)."""
    for i, (value_a, a) in enumerate(found):
        for value_b, b in found[i + 1 :]:
            if a.sentence.passage.source == b.sentence.passage.source or value_a == value_b:
                continue
            if disjoint and set(tokens(value_a)) & set(tokens(value_b)):
                continue
            if not _related(a, b, subject, names, loose):
                continue
            sa, sb = a.sentence.passage.source, b.sentence.passage.source
            return [
                Gap(
                    kind="contradiction",
                    attribute=attribute,
                    text=f"{value_a} [{sa}], {value_b} [{sb}]",
                    citations=[cite(a.sentence), cite(b.sentence)],
                )
            ]
    return []
