"""The extractive engine (no model): central, relevant, non-redundant sentences chosen by
maximal marginal relevance, each cited by its own words."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from egide.products.context import Context, Sentence
from egide.products.model import Citation, Claim, KeyPoint, Suspicious
from egide.retrieve import analyzer

ENGINE = "extractive.mmr.v1"
_PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZÀ-Ö][\wÀ-ÿ’'-]{3,}(?:\s+[A-ZÀ-Ö][\wÀ-ÿ’'-]+)*)")
_BANNER = re.compile(r"^(?:NON PROT[ÉE]G[ÉE]|DIFFUSION RESTREINTE|SECRET|TR[ÈE]S SECRET)\b")


@dataclass
class Scored:
    sentence: Sentence
    score: float
    vector: np.ndarray


def _usable(s: Sentence) -> bool:
    text = s.text.strip()
    return (
        40 <= len(text) <= 600
        and not text.startswith(("#", "|", "-", "*", ">"))
        and text.count("|") < 2
        and text.count("#") < 2
        and not text.endswith(":")
        and not _BANNER.match(text)
        and any(c.islower() for c in text)
    )


def _vectors(texts: list[list[str]]) -> tuple[np.ndarray, dict[str, float]]:
    vocab: dict[str, int] = {}
    df: Counter[str] = Counter()
    for words in texts:
        df.update(set(words))
        for w in words:
            vocab.setdefault(w, len(vocab))
    n = len(texts)
    idf = {w: math.log(1 + n / df[w]) for w in vocab}
    matrix = np.zeros((n, max(1, len(vocab))), dtype=np.float32)
    for i, words in enumerate(texts):
        for w, c in Counter(words).items():
            matrix[i, vocab[w]] = (1 + math.log(c)) * idf[w]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-9), idf


def _bm25(query: list[str], words: list[str], idf: dict[str, float], avg: float) -> float:
    counts = Counter(words)
    score = 0.0
    for term in set(query):
        tf = counts.get(term, 0)
        if tf:
            score += idf.get(term, 0.0) * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len(words) / avg))
    return score


def suspicious(ctx: Context) -> list[Suspicious]:
    """Flagged sentences and hidden carriers of the documents in the context."""
    out: list[Suspicious] = []
    seen: set[tuple[str, str]] = set()
    for p in ctx.passages:
        for s in p.sentences():
            if s.flagged and (p.source, s.text) not in seen:
                seen.add((p.source, s.text))
                out.append(Suspicious(source=p.source, kind=s.why, excerpt=s.text[:200]))
        for f in p.findings:
            key = (p.source, f"{f.get('kind')}:{f.get('excerpt')}")
            if f.get("start") is None and key not in seen:
                seen.add(key)
                out.append(
                    Suspicious(
                        source=p.source,
                        kind=str(f.get("kind")),
                        excerpt=str(f.get("excerpt", ""))[:200],
                    )
                )
    return out


def _cite(s: Sentence) -> Citation:
    return Citation(
        source=s.passage.source, chunk_id=s.passage.chunk_id, quote=s.text, start=s.start, end=s.end
    )


def _topic(sentences: list[Sentence]) -> str | None:
    names: Counter[str] = Counter()
    for s in sentences:
        names.update(m.group(1) for m in _PROPER.finditer(s.text))
    return names.most_common(1)[0][0] if names else None


def build(
    ctx: Context, max_claims: int = 10, max_points: int = 5, diversity: float = 0.7
) -> tuple[list[KeyPoint], list[Claim]]:
    seen: set[str] = set()
    candidates: list[Sentence] = []
    for p in ctx.passages:
        for s in p.sentences():
            key = " ".join(analyzer.tokens(s.text))
            if not s.flagged and _usable(s) and key not in seen:
                seen.add(key)
                candidates.append(s)
    if not candidates:
        return [], []
    words = [analyzer.terms(s.text, "fr").split() for s in candidates]
    matrix, idf = _vectors(words)
    query = analyzer.terms(ctx.question, "fr").split()
    avg = sum(len(w) for w in words) / len(words) or 1.0
    relevance = np.array([_bm25(query, w, idf, avg) for w in words], dtype=np.float32)
    relevance /= max(float(relevance.max()), 1e-9)
    centroid = matrix.mean(axis=0)
    centrality = matrix @ (centroid / max(float(np.linalg.norm(centroid)), 1e-9))
    prior = np.array([1.0 / (1 + s.passage.rank) for s in candidates], dtype=np.float32)
    score = 0.5 * relevance + 0.3 * centrality + 0.2 * prior / max(float(prior.max()), 1e-9)
    chosen: list[int] = []
    while len(chosen) < min(max_claims, len(candidates)):
        penalty = (
            np.max(matrix @ matrix[chosen].T, axis=1)
            if chosen
            else np.zeros(len(candidates), dtype=np.float32)
        )
        mmr = diversity * score - (1 - diversity) * penalty
        mmr[chosen] = -np.inf
        best = int(np.argmax(mmr))
        if score[best] < 0.15 and chosen:
            break
        chosen.append(best)
    claims: list[Claim] = []
    for i in chosen:
        s = candidates[i]
        citations = [_cite(s)]
        similar = np.argsort(-(matrix @ matrix[i]))
        for j in similar[1:]:
            other = candidates[int(j)]
            if float(matrix[int(j)] @ matrix[i]) < 0.6 or len(citations) >= 3:
                break
            if other.passage.source not in {c.source for c in citations}:
                citations.append(_cite(other))
        claims.append(Claim(text=s.text, citations=citations))
    ranked = sorted(range(len(chosen)), key=lambda k: -float(score[chosen[k]]))
    points = [
        KeyPoint(text=claims[k].text, sources=[c.source for c in claims[k].citations])
        for k in ranked[:max_points]
    ]
    return points, _group(claims, [candidates[i] for i in chosen], matrix[chosen])


def _group(claims: list[Claim], sentences: list[Sentence], vectors: np.ndarray) -> list[Claim]:
    """Sub-topics: claims close to each other share a topic, named by its proper noun."""
    groups: list[list[int]] = []
    for i in range(len(claims)):
        for group in groups:
            centre = vectors[group].mean(axis=0)
            if float(vectors[i] @ centre) / max(float(np.linalg.norm(centre)), 1e-9) >= 0.2:
                group.append(i)
                break
        else:
            groups.append([i])
    named: dict[str | None, list[int]] = {}
    for group in groups:
        named.setdefault(_topic([sentences[i] for i in group]), []).extend(group)
    for name, members in named.items():
        for i in members:
            claims[i].topic = name
    return [claims[i] for members in named.values() for i in members]
