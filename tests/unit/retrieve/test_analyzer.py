from __future__ import annotations

from egide.retrieve.analyzer import query_terms, terms, tokens
from egide.retrieve.fusion import rrf
from egide.retrieve.lexical import match_expression


def test_french_analysis_folds_elides_stems_and_drops_stop_words() -> None:
    assert terms("L'armée a déployé les véhicules jusqu'à la frontière.", "fr") == (
        terms("ARMEE deploye vehicules frontiere", "fr")
    )
    assert "la" not in tokens("la frontière")


def test_hidden_characters_do_not_split_words() -> None:
    assert terms("Sar\u200bvik", "fr") == terms("Sarvik", "fr")


def test_query_terms_cover_both_languages() -> None:
    got = query_terms("armoured vehicles")
    assert "vehicl" in got  # English stem


def test_match_expression_quotes_every_term() -> None:
    expr = match_expression(['a"b', "OR", "NEAR(x"])
    assert expr == '"a""b" OR "OR" OR "NEAR(x"'


def test_rrf() -> None:
    fused = rrf([[1, 2, 3], [3, 1]], k=60)
    assert [i for i, _ in fused] == [1, 3, 2]


def test_stemming_from_many_threads_at_once_is_what_one_thread_gets() -> None:
    """The service searches in several threads: a stemmer shared between them corrupted
    the words (an IndexError inside Snowball, seen under eight concurrent clients)."""
    import sys
    import threading

    import snowballstemmer

    from egide.retrieve import analyzer

    words = [
        f"{root}{end}"
        for root in ("franchiss", "manoeuvr", "reconnaiss", "artiller")
        for end in ("ement", "ements", "ance", "ances", "ations", "iez", "erions", "")
    ]
    words = [f"{w}{i}x" if i else w for i in range(60) for w in words]
    expected = [snowballstemmer.stemmer("french").stemWord(w) for w in words]
    analyzer._stem.cache_clear()
    results: list[list[str]] = []
    errors: list[BaseException] = []
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:

        def work(offset: int) -> None:
            try:
                order = words[offset:] + words[:offset]
                got = dict(zip(order, (analyzer._stem(w, "fr") for w in order), strict=True))
                results.append([got[w] for w in words])
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(k * 97,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(before)
        analyzer._stem.cache_clear()
    assert not errors, errors[0]
    assert all(r == expected for r in results)
