"""The extractive engine (no model): statements chosen by maximal marginal relevance over
a score that favours the relevant (to the question, and high in the search's order), the
salient (warnings, threats, changes), the well-graded, the corroborated and the recent.
Only whole statements are candidates: fragments, titles, interface text, hashtags and
table rows are not facts."""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from egide.products.context import Context, Sentence
from egide.products.model import Citation, Claim, KeyPoint, Source, Suspicious
from egide.retrieve import analyzer

ENGINE = "extractive.mmr.v3"
_PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZÀ-Ö][\wÀ-ÿ’'-]{3,}(?:\s+[A-ZÀ-Ö][\wÀ-ÿ’'-]+)*)")
_BANNER = re.compile(
    r"^(?:NON PROT[ÉE]G[ÉE]|DIFFUSION RESTREINTE|SECRET|TR[ÈE]S SECRET|NATO|OTAN)\b"
)
_UI = re.compile(
    r"^(?:partagez|restez|cliquez|abonnez|suivez|lire aussi|lisez|voir aussi|inscrivez|"
    r"t[ée]l[ée]chargez|share|subscribe|click|follow|read more|sign up|download)\b",
    re.IGNORECASE,
)
_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[a-z]\)|[-–•*])\s+")
_MARKUP = re.compile(r"\*\*|__|`")
#: statements that warn, threaten or report a change weigh more in « Ce qu'il faut retenir »
SALIENT = re.compile(
    r"attaqu|offensi|menace|attendu|imminent|pr[ée]vu|pr[ée]par|ordre|franchi|d[ée]trui|"
    r"tu[ée]s?\b|morts?\b|bless|explos|renfor|mobilis|incursion|embuscade|frapp|abattu|"
    r"attack|threat|expected|imminent|planned|prepar|order|destroy|killed|wounded|strike",
    re.IGNORECASE,
)


#: weights of the score; ``rank`` is the search's own order of the sentence's passage
#: (1/rank): the retriever has already weighed the whole passage against the question
WEIGHTS = {
    "relevance": 0.40,
    "centrality": 0.10,
    "grade": 0.15,
    "corroboration": 0.12,
    "salience": 0.15,
    "recency": 0.08,
    "rank": 0.4,
}


def display(text: str) -> str:
    """A statement as printed: list numbering and Markdown emphasis removed."""
    return _MARKUP.sub("", _NUMBERING.sub("", text.strip())).strip()


def usable(s: Sentence, title: str = "") -> bool:
    """A whole statement: a sentence with a verb-like body, closed by punctuation, that
    is not a heading, a banner, a table row, interface text or a hashtag line."""
    text = s.text.strip()
    words = text.rstrip(".!?»\"' ").split()
    return bool(
        40 <= len(text) <= 600
        and not text.startswith(("#", "|", ">"))
        and "|" not in text
        and not re.search(r"(?<!\w)#\w", text)
        and not text.endswith(":")
        and not _BANNER.match(text)
        and not _UI.match(display(text))
        and any(c.islower() for c in text)
        and sum(c.isupper() for c in text) < 0.5 * sum(c.isalpha() for c in text)
        and re.search(r"[.!?»\")]$", text)
        and words
        and analyzer.fold(words[-1]) not in analyzer.stop_words()
        and analyzer.fold(display(text)).rstrip(". ") != analyzer.fold(title).rstrip(". ")
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


def grade_weight(grade: str) -> float:
    """A1 → 1.0 … F6 → 0.0 (reliability counts twice as much as credibility)."""
    if len(grade) < 2 or grade[0] not in "ABCDEF" or grade[1] not in "123456":
        return 0.0
    reliability = (5 - "ABCDEF".index(grade[0])) / 5
    credibility = (6 - int(grade[1])) / 5
    return (2 * reliability + credibility) / 3


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


def cite(s: Sentence) -> Citation:
    return Citation(
        source=s.passage.source, chunk_id=s.passage.chunk_id, quote=s.text, start=s.start, end=s.end
    )


def _topic(sentences: list[Sentence]) -> str | None:
    names: Counter[str] = Counter()
    for s in sentences:
        names.update(m.group(1) for m in _PROPER.finditer(display(s.text)))
    return names.most_common(1)[0][0] if names else None


def candidates(ctx: Context) -> list[Sentence]:
    """Unflagged whole statements of the context, each once."""
    titles = {s.id: s.title for s in ctx.sources}
    seen: set[str] = set()
    out: list[Sentence] = []
    for p in ctx.passages:
        for s in p.sentences():
            key = " ".join(analyzer.tokens(s.text))
            if not s.flagged and key not in seen and usable(s, titles.get(p.source, "")):
                seen.add(key)
                out.append(s)
    return out


def _recency(found: list[Sentence], sources: dict[str, Source]) -> np.ndarray:
    dates = [(sources[s.passage.source].date or "")[:10] for s in found]
    known = sorted({d for d in dates if d})
    if len(known) < 2:
        return np.zeros(len(found), dtype=np.float32)
    return np.array(
        [known.index(d) / (len(known) - 1) if d else 0.0 for d in dates], dtype=np.float32
    )


def build(
    ctx: Context, max_claims: int = 10, max_points: int = 5, diversity: float = 0.7
) -> tuple[list[KeyPoint], list[Claim]]:
    found = candidates(ctx)
    if not found:
        return [], []
    sources = {s.id: s for s in ctx.sources}
    words = [analyzer.terms(s.text, "fr").split() for s in found]
    matrix, idf = _vectors(words)
    query = analyzer.terms(ctx.question, "fr").split()
    avg = sum(len(w) for w in words) / len(words) or 1.0
    relevance = np.array([_bm25(query, w, idf, avg) for w in words], dtype=np.float32)
    relevance /= max(float(relevance.max()), 1e-9)
    centroid = matrix.mean(axis=0)
    centrality = matrix @ (centroid / max(float(np.linalg.norm(centroid)), 1e-9))
    grade = np.array([grade_weight(sources[s.passage.source].grade) for s in found])
    similar = matrix @ matrix.T
    owners = [s.passage.source for s in found]
    corroboration = np.array(
        [
            min(1.0, len({owners[j] for j in np.nonzero(similar[i] >= 0.35)[0]} - {owners[i]}) / 2)
            for i in range(len(found))
        ],
        dtype=np.float32,
    )
    salience = np.array([1.0 if SALIENT.search(s.text) else 0.0 for s in found])
    rank = np.array([1.0 / s.passage.rank for s in found], dtype=np.float32)
    parts = {
        "relevance": relevance,
        "centrality": centrality,
        "grade": grade,
        "corroboration": corroboration,
        "salience": salience,
        "recency": _recency(found, sources),
        "rank": rank,
    }
    score = sum((WEIGHTS[k] * v for k, v in parts.items()), np.zeros(len(found))).astype(np.float32)
    chosen: list[int] = []
    while len(chosen) < min(max_claims, len(found)):
        penalty = np.max(similar[:, chosen], axis=1) if chosen else np.zeros(len(found), np.float32)
        mmr = diversity * score - (1 - diversity) * penalty
        mmr[chosen] = -np.inf
        best = int(np.argmax(mmr))
        if score[best] < 0.15 and chosen:
            break
        chosen.append(best)
    claims: list[Claim] = []
    for i in chosen:
        citations = [cite(found[i])]
        for j in np.argsort(-similar[i])[1:]:
            other = found[int(j)]
            if float(similar[i, int(j)]) < 0.6 or len(citations) >= 3:
                break
            if other.passage.source not in {c.source for c in citations}:
                citations.append(cite(other))
        claims.append(Claim(text=display(found[i].text), citations=citations))
    ranked = sorted(range(len(chosen)), key=lambda k: -float(score[chosen[k]]))
    points = [
        KeyPoint(text=claims[k].text, sources=[c.source for c in claims[k].citations])
        for k in ranked[:max_points]
    ]
    return points, _group(claims, [found[i] for i in chosen], matrix[chosen])


def _group(claims: list[Claim], sentences: list[Sentence], vectors: np.ndarray) -> list[Claim]:
    """Themes: claims close to each other share a theme, named by its proper noun."""
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
