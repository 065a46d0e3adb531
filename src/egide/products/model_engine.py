"""The model engine: the model proposes claims, judgements and an assessment as JSON;
code keeps only what it can verify. Whatever the model writes, markings, grades,
sources and status come from code."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from egide.errors import LLMError
from egide.i18n import Msg
from egide.llm.backend import Backend, estimate_tokens
from egide.products import prompts, support, verify
from egide.products.context import Context, Passage
from egide.products.model import ESTIMATIVE, Claim, KeyPoint
from egide.retrieve.analyzer import tokens

_JSON = re.compile(r"\{.*\}", re.DOTALL)
_NOVELTY_FLOOR = 0.75


@dataclass
class ModelResult:
    key_points: list[KeyPoint] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    assessment: list[KeyPoint] = field(default_factory=list)
    dropped: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    notices: list[str] = field(default_factory=list)


def fit(ctx: Context, backend: Backend, max_tokens: int) -> Context:
    """Keep the best passages that fit the model's window with the answer's budget."""
    budget = backend.capabilities().context_tokens - max_tokens
    base = sum(estimate_tokens(m["content"]) for m in prompts.messages(ctx.keep(0))[0])
    used, n = base, 0
    for passage in ctx.passages:
        cost = estimate_tokens(passage.text) + 8
        if used + cost > budget:
            break
        used += cost
        n += 1
    return ctx if n == len(ctx.passages) else ctx.keep(n)


def parse_json(text: str) -> dict[str, Any] | None:
    for candidate in (text, *(m.group(0) for m in _JSON.finditer(text))):
        try:
            data = json.loads(candidate)
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict):
            return data
    return None


def ask(
    backend: Backend,
    ctx: Context,
    max_tokens: int,
    temperature: float,
    sent: list[Passage] | None = None,
) -> tuple[ModelResult, Context]:
    """Ask once; on an answer that is not JSON, ask again — with half the passages when the
    answer was cut by the window, else with a request for valid JSON. Returns the result
    and the context it was verified against. Every passage placed in a prompt, in any
    attempt, is appended to ``sent`` before the model sees it (the product's label is the
    least upper bound of all of them)."""
    result = ModelResult()
    msgs, _ = prompts.messages(ctx)
    for attempt in range(2):
        if sent is not None:
            sent.extend(ctx.passages)
        completion = backend.complete(
            msgs,
            schema=prompts.schema([s.id for s in ctx.sources]),
            max_tokens=max_tokens,
            temperature=temperature,
        )
        result.prompt_tokens += completion.prompt_tokens
        result.completion_tokens += completion.completion_tokens
        data = parse_json(completion.text)
        if data is not None:
            _keep_verified(data, ctx, result)
            return result, ctx
        if attempt == 0 and completion.truncated and len(ctx.passages) > 1:
            ctx = ctx.keep(len(ctx.passages) // 2)
            msgs, _ = prompts.messages(ctx)
        elif attempt == 0:
            msgs = [
                *msgs,
                {"role": "assistant", "content": completion.text[:2000]},
                {
                    "role": "user",
                    "content": "Ta réponse n'est pas un JSON valide. "
                    "Réponds uniquement par l'objet JSON demandé.",
                },
            ]
    raise LLMError(Msg("réponse non JSON après une nouvelle tentative"))


def items(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def grams(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = tokens(text)
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def planted(ctx: Context) -> set[tuple[str, ...]]:
    """Word 4-grams of everything the scanner flagged in the context: instructions and
    hidden carriers. Model text that repeats them is not kept."""
    found: set[tuple[str, ...]] = set()
    for p in ctx.passages:
        for s in p.sentences():
            if s.flagged:
                found |= grams(s.text)
        for f in p.findings:
            found |= grams(str(f.get("excerpt", "")))
    return found


def _keep_verified(data: dict[str, Any], ctx: Context, result: ModelResult) -> None:
    known = {s.id for s in ctx.sources}
    planted_grams = planted(ctx)
    for item in items(data, "claims"):
        citations = []
        for cited in item.get("citations") or []:
            if not isinstance(cited, dict) or cited.get("source") not in known:
                continue
            found = verify.cite(str(cited.get("quote", "")), ctx.by_source(cited["source"]))
            if found is not None and not flagged(ctx, found.source, found.start, found.end):
                citations.append(found)
        text = str(item.get("text", "")).strip()
        if (
            citations
            and text
            and not grams(text) & planted_grams
            and support.check(text, [c.quote for c in citations]).supported
        ):
            result.claims.append(Claim(text=text, citations=citations))
        else:
            result.dropped += 1
    for key, target in (("key_points", result.key_points), ("assessment", result.assessment)):
        for item in items(data, key):
            point = _judgement(item, ctx, known)
            if point is not None and not grams(point.text) & planted_grams:
                target.append(point)
            else:
                result.dropped += 1


def flagged(ctx: Context, source: str, start: int, end: int) -> bool:
    return any(
        s.flagged and s.start < end and start < s.end
        for p in ctx.by_source(source)
        for s in p.sentences()
    )


def _judgement(item: dict[str, Any], ctx: Context, known: set[str]) -> KeyPoint | None:
    """A judgement survives with a word of the scale, real sources, and no content that the
    sources it cites do not carry (a planted sentence does not pass)."""
    text = str(item.get("text", "")).strip()
    likelihood = item.get("likelihood")
    sources = [s for s in item.get("sources") or [] if s in known]
    if not text or likelihood not in ESTIMATIVE or not sources:
        return None
    vocabulary = set()
    for source in sources:
        for passage in ctx.by_source(source):
            vocabulary |= set(tokens(passage.text))
    scale = {w for phrase in ESTIMATIVE for w in tokens(phrase)}
    words = [w for w in tokens(text) if len(w) > 3 and w not in scale]
    if words and sum(w in vocabulary for w in words) / len(words) < _NOVELTY_FLOOR:
        return None
    return KeyPoint(text=text, sources=sources, likelihood=likelihood)
