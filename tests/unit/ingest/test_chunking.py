from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from egide.ingest.chunking import chunk, sentences
from egide.ingest.normalize import join_pages, normalise


def test_sentences_respect_abbreviations() -> None:
    text = "Le Gén. Dupont est arrivé. M. Martin aussi ! Le 3e RIMa a fait 12 km. Fin."
    got = [text[s.start : s.end] for s in sentences(text)]
    assert got == [
        "Le Gén. Dupont est arrivé.",
        "M. Martin aussi !",
        "Le 3e RIMa a fait 12 km.",
        "Fin.",
    ]


def test_chunks_are_spans_with_overlap() -> None:
    text = " ".join(f"Phrase numéro {i} qui parle du pont de Sarvik." for i in range(40))
    spans = chunk(text, target=300, overlap=1)
    assert len(spans) > 3
    for a, b in itertools.pairwise(spans):
        assert b.start < a.end, "consecutive chunks share a sentence"
        assert b.start > a.start
    assert spans[0].start == 0 and spans[-1].end == len(text)
    assert all(s.end - s.start <= 300 for s in spans)


def test_long_sentence_is_cut_at_whitespace() -> None:
    text = "mot " * 1000
    text = text.strip()
    spans = chunk(text, target=250, overlap=0)
    assert all(s.end - s.start <= 250 for s in spans)
    assert all(text[s.start] != " " and text[s.end - 1] != " " for s in spans)


@given(st.text(min_size=1, max_size=3000))
def test_chunk_offsets_are_valid(raw: str) -> None:
    text = normalise(raw)
    for s in chunk(text, target=200, overlap=1):
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end].strip() == text[s.start : s.end]


def test_normalise_collapses_whitespace_and_keeps_format_characters() -> None:
    assert normalise("  a\t\tb\r\n\r\n\r\n\r\nc\u00a0d\x07 ") == "a b\n\nc d"
    assert "\u200b" in normalise("pon\u200bt")


def test_join_pages_records_offsets() -> None:
    text, starts = join_pages(["Page  un.", "Page deux."])
    assert text == "Page un.\n\nPage deux."
    assert [text[s : s + 4] for s in starts] == ["Page", "Page"]
    assert starts == [0, 10]
