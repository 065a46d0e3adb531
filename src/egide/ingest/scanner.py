"""Hidden-content scanner (SECURITY.md §6): report carriers of hidden instructions.

It flags, it never removes: the analyst sees the findings and the original is kept.
Findings located in the normalised text carry character offsets, so later stages can keep
flagged sentences out of products.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

PART_ID = "scan.hidden.v2"
EXCERPT = 400

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u180e"
_BIDI = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
_TAG_BASE = 0xE0000
_TAGS = "\U000e0000-\U000e007f"  # Unicode tags: invisible copies of ASCII
_ZERO_WIDTH_RE = re.compile(f"[{_ZERO_WIDTH}]")
_BIDI_RE = re.compile(f"[{_BIDI}]")
_TAGS_RE = re.compile(f"[{_TAGS}]+")
_INVISIBLE = re.compile(f"[{_ZERO_WIDTH}{_BIDI}{_TAGS}]")

# Words of instructions addressed to whoever writes a summary, on folded text.
_NOTE = r"note|message|consigne|instruction|remarque|avis|rappel|directive|memo|reminder|attention"
_WRITER = (
    r"redact|auteur|autrice|synthetis|resumeur|person|writer|author|editor|compil|summari[sz]"
    r"|drafter|charge|responsable|analyst|lecteur|lectrice|reader"
)
_PRODUCT = (
    r"synthese|resume|summary|summaries|synthesis|digest|brief|briefing|fiche|compte[- ]rendu"
    r"|rapport|report|write-?up|note de renseignement"
)
_WRITING = (
    r"redig|redact|resum|synthetis|prepar|compil|ecri|writ|draft|summari[sz]|produc|establish"
)
_ORDER_FR = (
    r"ecris|ecrivez|indique|indiquez|affirme|affirmez|precise|precisez|mentionne|mentionnez"
    r"|signale|signalez|conclus|concluez|retiens|retenez|presente|presentez|ajoute|ajoutez"
    r"|insere|inserez|reprends|reprenez|note|notez|fais figurer|faites figurer"
)
_ORDER_EN = r"state|write|say|report|mention|conclude|assert|claim|add|insert|include|note"

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
    r"\b(?:assistant|ia|ai|llm|chatbot|modele|model)\s*[:,]\s*(?:ignore|oublie|classe|cite|ajoute"
    r"|affirme|retiens|retenez|ecris|ecrivez|indique|indiquez|insere|add|classify|mark|say|write"
    r"|tell|remember|insert|include|state)",
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
    # reworded: a note to whoever writes the summary ("Note au rédacteur de synthèse : …",
    # "Note to the person compiling this summary: …") — a writer and a product, both named
    rf"\b(?:{_NOTE})s?\s*(?:a|au|aux|pour|to|for)\s+(?:l['’]\s*|la |le |les |the |any |all )?"
    rf"(?:\w+[\s-]+){{0,2}}?(?:{_WRITER})\w*\b(?:[\s,'’-]+\w+){{0,4}}?[\s'’-]+(?:{_PRODUCT})",
    rf"\b(?:a|pour|to|for)\s+(?:celui|celle|ceux|celles|quiconque|whoever|anyone|the person|"
    rf"the people)\s+(?:qui\s+)?(?:{_WRITING})\w*\s+(?:\w+\s+){{0,2}}?(?:{_PRODUCT})",
    # an order to write something into "your" summary
    rf"\b(?:{_ORDER_FR})\b[^.]{{0,100}}\b(?:dans|a|en)\s+(?:ta|ton|tes|votre|vos)\s+(?:{_PRODUCT})",
    rf"\b(?:{_ORDER_EN})\b[^.]{{0,100}}\b(?:in|into|to)\s+your\s+(?:{_PRODUCT})",
    rf"\b(?:lorsque|quand|si|en)\s+(?:tu\s+|vous\s+)?(?:{_WRITING})\w*\s+"
    rf"(?:ta|ton|votre|cette|ce|la|le|sa|une)\s+(?:{_PRODUCT})[^.]{{0,40}}[,:]\s*(?:{_ORDER_FR})\b",
    rf"\bwhen\s+(?:you\s+)?(?:{_WRITING})\w*\s+(?:this|the|your|a)\s+(?:{_PRODUCT})"
    rf"[^.]{{0,40}}[,:]\s*(?:{_ORDER_EN})\b",
]
_INJECTION_RE = re.compile("|".join(f"(?:{p})" for p in _INJECTION), re.IGNORECASE)
_BASE64 = re.compile(r"[A-Za-z0-9+/]{100,}={0,2}")


@dataclass(frozen=True)
class Finding:
    kind: str  # zero_width, bidi, unicode_tags, injection, base64, html_comment,
    # hidden_element, tiny_text, invisible_colour, invisible_text, …
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


def _untag(run: str) -> str:
    """The ASCII a run of Unicode tag characters spells (U+E0041 is a hidden "A")."""
    return "".join(chr(ord(c) - _TAG_BASE) for c in run if 0x20 <= ord(c) - _TAG_BASE < 0x7F)


def _squeeze(text: str) -> tuple[str, array[int] | None]:
    """``text`` without its invisible characters, and where each kept character was
    (``None`` when nothing was removed): "ig\u200bnore" must read "ignore"."""
    if not _INVISIBLE.search(text):
        return text, None
    kept = array("q", (i for i, c in enumerate(text) if not _INVISIBLE.match(c)))
    return "".join(text[i] for i in kept), kept


def scan_text(text: str, carrier: str = "text") -> list[Finding]:
    """Findings in a piece of text; offsets are given for carrier ``text``."""
    findings: list[Finding] = []
    located = carrier == "text"

    def finding(kind: str, excerpt: str, start: int, end: int, count: int = 1) -> Finding:
        return Finding(
            kind,
            carrier,
            _excerpt(excerpt),
            start if located else None,
            end if located else None,
            count,
        )

    for kind, pattern in (("zero_width", _ZERO_WIDTH_RE), ("bidi", _BIDI_RE)):
        positions = [m.start() for m in pattern.finditer(text)]
        if positions:
            first = positions[0]
            excerpt = text[max(0, first - 40) : first + 40]
            findings.append(finding(kind, excerpt, first, positions[-1] + 1, len(positions)))
    for run in _TAGS_RE.finditer(text):
        hidden = _untag(run.group())
        findings.append(
            finding("unicode_tags", hidden or "…", run.start(), run.end(), len(run.group()))
        )
        if _INJECTION_RE.search(_fold(hidden)):
            findings.append(finding("injection", hidden, run.start(), run.end()))
    visible, kept = _squeeze(text)

    def original(start: int, end: int) -> tuple[int, int]:
        if kept is None or start >= end:
            return start, end
        return kept[start], kept[end - 1] + 1

    for match in _INJECTION_RE.finditer(_fold(visible)):
        start, end = _sentence_bounds(visible, match.start(), match.end())
        findings.append(finding("injection", visible[start:end], *original(start, end)))
    for match in _BASE64.finditer(visible):
        findings.append(finding("base64", match.group(0), *original(match.start(), match.end())))
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
