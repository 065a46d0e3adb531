"""The catalogues: every French text has its English, with the same placeholders; the
compiled files are those of the sources; translation is per call, whatever the thread."""

from __future__ import annotations

import importlib.util
import string
import threading
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po

from egide.errors import DocumentNotFoundError, UsageError
from egide.i18n import Joined, Msg, catalogue, gettext_, t
from egide.i18n.validation import Invalid

REPO = Path(__file__).resolve().parents[2]
PO = REPO / "src" / "egide" / "locale" / "en" / "LC_MESSAGES" / "egide.po"


def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("messages", REPO / "tools" / "messages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fields(text: str) -> set[str]:
    return {
        f"{name}!{conv}:{spec}" if conv or spec else name
        for _, name, spec, conv in string.Formatter().parse(text)
        if name is not None
    }


def test_every_message_has_an_english_translation_with_its_placeholders() -> None:
    with PO.open("rb") as f:
        catalog = read_po(f, locale="en")
    messages = [m for m in catalog if m.id]
    assert len(messages) > 300
    missing = [m.id for m in messages if not m.string]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert not missing and not fuzzy, (missing, fuzzy)
    for m in messages:
        assert isinstance(m.id, str) and isinstance(m.string, str)
        assert fields(m.id) == fields(m.string), m.id


def test_the_template_the_catalogue_and_the_compiled_file_are_up_to_date() -> None:
    assert tool().main(["--check"]) == 0, "run make messages"


def test_compiling_is_reproducible() -> None:
    messages = tool()
    assert messages.mo_bytes(PO) == messages.mo_bytes(PO)
    assert messages.mo_bytes(PO) == messages.mo_path("en").read_bytes()


def test_french_is_the_source_and_english_comes_from_the_catalogue() -> None:
    text = "Aucun résultat visible pour vous."
    assert t(text, "fr") == text
    assert t(text, "en") == "No result visible to you."
    assert gettext_("texte que le catalogue ne connaît pas", "en") == (
        "texte que le catalogue ne connaît pas"
    )
    assert catalogue("de").gettext(text) == text  # a language Égide does not speak


def test_errors_and_their_parameters_render_in_the_language_asked() -> None:
    error = DocumentNotFoundError(Msg("{path} introuvable", path="doc-1"))
    assert error.render("fr").startswith("[E-DOC-NOTFOUND] Document introuvable : doc-1 intro")
    english = error.render("en")
    assert english.startswith("[E-DOC-NOTFOUND] Document not found: doc-1 not found — ")
    assert "introuvable" not in english and "vérifiez" not in english
    usage = UsageError(Joined([Msg("option inconnue : {name}", name="--x")]), command="egide")
    assert usage.render("en") == "[E-USAGE] Malformed command: unknown option: --x — see " \
        "'egide --help'"


def test_validation_errors_are_sentences_in_either_language() -> None:
    errors = [
        {"type": "less_than_equal", "loc": ("query", "limit"), "msg": "x", "ctx": {"le": 100}},
        {"type": "literal_error", "loc": ("lang",), "msg": "x",
         "ctx": {"expected": "'fr' or 'en'"}},
        {"type": "no_such_type_yet", "loc": ("x",), "msg": "Pydantic's own words"},
    ]
    invalid = Invalid(errors)
    assert invalid.render("fr") == (
        "limit : doit être inférieur ou égal à 100; lang : valeur attendue parmi 'fr', 'en'; "
        "x : valeur refusée (no_such_type_yet)"
    )
    assert invalid.render("en") == (
        "limit: must be less than or equal to 100; lang: value expected among 'fr', 'en'; "
        "x: Pydantic's own words"
    )


def test_each_thread_speaks_its_own_language() -> None:
    text = "Aucun résultat visible pour vous."
    seen: dict[str, set[str]] = {"fr": set(), "en": set()}
    barrier = threading.Barrier(8)

    def speak(lang: str) -> None:
        barrier.wait()
        for _ in range(200):
            seen[lang].add(Msg(text).render(lang))

    threads = [threading.Thread(target=speak, args=(lang,)) for lang in ("fr", "en") * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"fr": {text}, "en": {"No result visible to you."}}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_lazy_message_survives_a_bad_parameter(lang: str) -> None:
    assert Msg("{absent} manquant").render(lang) == gettext_("{absent} manquant", lang)
