"""Claim support (products/support.py): how often an honest claim is dropped, and how often
a claim that says more than its quote is caught.

Honest claims are built from PIAF sentences (the sentence holding a gold answer): the
sentence shortened (a clause between commas removed), reordered (the clause before the
first comma moved to the end), and the question answered ("question — answer", a loose
paraphrase); plus hand-written paraphrases of the demo corpus (eval/fixtures). Dishonest
claims change a number, add a negation, swap a name for one of another paragraph, or
swap two content words for words of another paragraph.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

from egide.ingest.chunking import sentences
from egide.products.support import check
from egide.retrieve.analyzer import tokens

FIXTURE = Path(__file__).parent / "fixtures" / "support_demo.json"
_CAP = re.compile(r"(?<=\s)[A-ZÀ-Ö][a-zà-ÿ]{3,}")
_DIGIT = re.compile(r"\d+")


def _answer_sentences(path: Path, limit: int) -> list[tuple[str, str, str]]:
    """(sentence, question, answer) for PIAF questions whose answer sits in one sentence."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out: list[tuple[str, str, str]] = []
    for article in data["data"]:
        for para in article["paragraphs"]:
            spans = sentences(para["context"])
            for qa in para["qas"][:1]:
                answer = qa["answers"][0]
                start = answer["answer_start"]
                for span in spans:
                    text = para["context"][span.start : span.end].strip()
                    if span.start <= start < span.end and 60 <= len(text) <= 400:
                        out.append((text, qa["question"], answer["text"]))
                        break
            if len(out) >= limit:
                return out
    return out


def _shorten(s: str) -> str | None:
    parts = s.split(", ")
    if len(parts) < 3:
        return None
    return ", ".join(parts[:1] + parts[2:])


def _reorder(s: str) -> str | None:
    head, _, rest = s.partition(", ")
    if not rest or len(head) < 8:
        return None
    rest = rest.rstrip(".")
    return f"{rest[0].upper()}{rest[1:]}, {head[0].lower()}{head[1:]}."


def _negate(s: str) -> str | None:
    for verb in (" est ", " a ", " sont ", " ont ", " was ", " is "):
        if verb in s:
            word = verb.strip()
            neg = f" n'{word} pas " if word[0] in "aeiou" else f" ne {word} pas "
            if word in {"was", "is"}:
                neg = f" {word} not "
            return s.replace(verb, neg, 1)
    return None


def _renumber(s: str) -> str | None:
    m = _DIGIT.search(s)
    if m is None:
        return None
    return s[: m.start()] + str(int(m.group(0)) + 1) + s[m.end() :]


def _swap_name(s: str, other: str) -> str | None:
    mine, theirs = _CAP.findall(s), [w for w in _CAP.findall(other) if w not in s]
    if not mine or not theirs:
        return None
    return s.replace(mine[0], theirs[0], 1)


def _swap_words(s: str, other: str) -> str | None:
    mine = [w for w in re.findall(r"\b[a-zà-ÿ]{5,}\b", s) if w in tokens(s)]
    theirs = [w for w in re.findall(r"\b[a-zà-ÿ]{5,}\b", other) if w not in s.lower()]
    if len(mine) < 2 or len(theirs) < 2:
        return None
    out = s
    for a, b in zip(mine[-2:], theirs[:2], strict=True):
        out = re.sub(rf"\b{a}\b", b, out, count=1)
    return out


def evaluate(piaf: Path, limit: int = 500, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    rows = _answer_sentences(piaf, limit)
    honest: dict[str, list[tuple[str, str]]] = {"shortened": [], "reordered": [], "qa_loose": []}
    hostile: dict[str, list[tuple[str, str]]] = {
        "number": [],
        "negation": [],
        "name": [],
        "words": [],
    }
    for sentence, question, answer in rows:
        other = rows[rng.randrange(len(rows))][0]
        for kind, made in (("shortened", _shorten(sentence)), ("reordered", _reorder(sentence))):
            if made:
                honest[kind].append((made, sentence))
        honest["qa_loose"].append((f"{question.rstrip(' ?')} — {answer}.", sentence))
        for kind, made in (
            ("number", _renumber(sentence)),
            ("negation", _negate(sentence)),
            ("name", _swap_name(sentence, other)),
            ("words", _swap_words(sentence, other)),
        ):
            if made and made != sentence:
                hostile[kind].append((made, sentence))
    demo = json.loads(FIXTURE.read_text(encoding="utf-8"))
    honest["demo"] = [(d["claim"], d["quote"]) for d in demo if d["honest"]]
    hostile["demo"] = [(d["claim"], d["quote"]) for d in demo if not d["honest"]]
    out: dict[str, Any] = {"sentences": len(rows), "honest": {}, "hostile": {}}
    for kind, pairs in honest.items():
        reasons = Counter(check(c, [q]).reason for c, q in pairs)
        dropped = sum(n for r, n in reasons.items() if r)
        out["honest"][kind] = {
            "claims": len(pairs),
            "false_drop_rate": round(dropped / max(1, len(pairs)), 3),
            "reasons": {r: n for r, n in reasons.items() if r},
        }
    for kind, pairs in hostile.items():
        caught = sum(not check(c, [q]).supported for c, q in pairs)
        out["hostile"][kind] = {
            "claims": len(pairs),
            "caught": round(caught / max(1, len(pairs)), 3),
        }
    return out


def report(s: dict[str, Any]) -> None:
    print(f"\nSoutien des affirmations par leur citation — {s['sentences']} phrases PIAF :")
    for kind, r in s["honest"].items():
        print(
            f"  honnêtes {kind:10} {r['claims']:5} retirées à tort {r['false_drop_rate']:6.1%}"
            f"  {r['reasons']}"
        )
    for kind, r in s["hostile"].items():
        print(f"  fausses   {kind:10} {r['claims']:5} détectées {r['caught']:6.1%}")
