"""Hidden-content scanner (SECURITY.md §6): report carriers of hidden instructions.

It flags, it never removes: the analyst sees the findings and the original is kept.
Findings located in the normalised text carry character offsets, so later stages can keep
flagged sentences out of products.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

PART_ID = "scan.hidden.v1"
EXCERPT = 400

_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u180e"}
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}

# Text addressed to an assistant, in French and English. Matched on folded text.
_INJECTION = [
    r"ignor\w*\s+(?:toutes?\s+)?(?:les|tes|vos|mes|ces)?\s*(?:\w+\s+)?(?:instructions?|consignes?|regles?)",
    r"ignore\s+(?:all\s+|any\s+)?(?:the\s+|your\s+|my\s+)?(?:previous|prior|above|earlier|preceding)?\s*(?:instructions?|prompts?|rules?|directions?)",
    r"oubli\w*\s+(?:toutes?\s+)?(?:les|tes|vos)\s+(?:instructions?|consignes?)",
    r"disregard\s+(?:all\s+|the\s+|your\s+)?(?:previous\s+|prior\s+|above\s+)?(?:instructions?|rules?|context)",
    r"forget\s+(?:all\s+|your\s+|the\s+)?(?:previous\s+|prior\s+)?instructions?",
    r"(?:nouvelles?|new)\s+(?:instructions?|consignes?)\s*:",
    r"\b(?:tu es|vous etes) (?:desormais|maintenant|a present)\b",
    r"\byou are now\b",
    r"\b(?:system|systeme)\s*prompt\b|\bprompt\s+systeme\b",
    r"\b(?:assistant|ia|ai|llm|chatbot|modele|model)\s*[:,]\s*(?:ignore|oublie|classe|cite|ajoute|affirme|add|cite|classify|mark|say|write|tell)",
    r"\b(?:en tant qu['’]?\s*(?:ia|assistant)|as an (?:ai|assistant|language model))\b",
    r"\b(?:classe|classez|marque|marquez|reclasse)\w*\s+(?:ce|cette|le|la)\s+(?:document|information|rapport|fiche|source)",
    r"\b(?:mark|classify|label)\s+(?:this|the)\s+(?:document|report|source)\s+(?:as\s+)?",
    r"\b(?:cote|cotez|note|notez|grade)\s+(?:cette|la|this|the)\s+source\s+(?:comme\s+|as\s+)?[A-F][1-6]\b",
    r"\bdo not (?:mention|tell|reveal|report)\b|\bne (?:mentionne|signale|revele)z? pas\b",
    r"\b(?:pour|a|aux|to|for)\s+(?:tout|toute|tous|toutes|les|l'|any|all|the|every)?\s*"
    r"(?:systemes?|modeles?|assistants?|models?|systems?|agents?)\s+(?:d['’]\s*)?"
    r"(?:ia|intelligence artificielle|ai|language|de langage)\b",
    r"\b(?:note|message|consigne|instruction|ordre)s?\s+(?:a|pour|to|for)\s+(?:l['’]\s*)?"
    r"(?:the\s+)?(?:assistant|ia|ai|modele|model|analyste|analyst|operateur|operator)s?\b",
    # orders to the reader to pass the document on: an analyst never takes them from a source
    r"\b(?:transmettez|transmets|transferez|diffusez|envoyez|forward|send|transmit)\b"
    r"[^.]{0,40}\b(?:ce|cette|this)\s+(?:rapport|document|message|fiche|report)",
]
_INJECTION_RE = re.compile("|".join(f"(?:{p})" for p in _INJECTION), re.IGNORECASE)
_BASE64 = re.compile(r"[A-Za-z0-9+/]{100,}={0,2}")


@dataclass(frozen=True)
class Finding:
    kind: str  # zero_width, bidi, injection, base64, html_comment, hidden_element, ...
    carrier: str  # text, html, metadata
    excerpt: str
    start: int | None = None
    end: int | None = None
    count: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


def _fold(text: str) -> str:
    """Lower case without diacritics, one output character per input character so that
    match offsets stay valid in the original."""
    if text.isascii():
        return text.lower()
    return "".join(map(_fold_char, text))


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFKD", char.lower())
    kept = "".join(c for c in base if unicodedata.category(c) != "Mn")
    return kept[:1] or " "


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around a match: from after the previous full stop or newline to the
    next one (included)."""
    period = text.rfind(". ", 0, start)
    left = max(period + 2 if period != -1 else 0, text.rfind("\n", 0, start) + 1)
    while left < start and text[left].isspace():
        left += 1
    period, newline = text.find(". ", end), text.find("\n", end)
    if period != -1 and (newline == -1 or period < newline):
        return left, period + 1
    return left, newline if newline != -1 else len(text)


def scan_text(text: str, carrier: str = "text") -> list[Finding]:
    """Findings in a piece of text; offsets are given for carrier ``text``."""
    findings: list[Finding] = []
    located = carrier == "text"
    for kind, charset in (("zero_width", _ZERO_WIDTH), ("bidi", _BIDI)):
        positions = [i for i, c in enumerate(text) if c in charset]
        if positions:
            first = positions[0]
            findings.append(
                Finding(
                    kind,
                    carrier,
                    _excerpt(text[max(0, first - 40) : first + 40]),
                    first if located else None,
                    positions[-1] + 1 if located else None,
                    len(positions),
                )
            )
    clean = "".join(" " if c in _ZERO_WIDTH or c in _BIDI else c for c in text)
    folded = _fold(clean)
    for match in _INJECTION_RE.finditer(folded):
        start, end = _sentence_bounds(clean, match.start(), match.end())
        findings.append(
            Finding(
                "injection",
                carrier,
                _excerpt(clean[start:end]),
                start if located else None,
                end if located else None,
            )
        )
    for match in _BASE64.finditer(clean):
        findings.append(
            Finding(
                "base64",
                carrier,
                _excerpt(match.group(0)),
                match.start() if located else None,
                match.end() if located else None,
            )
        )
    return _merge_injections(findings)


def _merge_injections(findings: list[Finding]) -> list[Finding]:
    """One finding per flagged sentence, even when several patterns hit it."""
    seen: set[tuple[str, str, int | None, str]] = set()
    out = []
    for f in findings:
        key = (f.kind, f.carrier, f.start, f.excerpt if f.start is None else "")
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


def scan_metadata(values: list[str | None]) -> list[Finding]:
    """Instruction-like text hidden in metadata fields (titles, authors, mail headers).
    Ordinary metadata is not a finding in itself."""
    return [f for value in values if value for f in scan_text(value, "metadata")]


def scan_carrier(kind: str, carrier: str, text: str) -> list[Finding]:
    """A hidden carrier (comment, hidden element, metadata field): report it, and any
    instruction-like text inside it."""
    if not text.strip():
        return []
    return [Finding(kind, carrier, _excerpt(text)), *scan_text(text, carrier)]
