"""``egide doctor`` (administrators and security officers): one sentence per part checked,
in the interface's language; ``--json`` gives the report as it is."""

from __future__ import annotations

from typing import Any

import typer

from egide.cli.context import JsonOpt, console, emit_json, state
from egide.i18n import N_, t
from egide.ops import admin

PROBLEM_EXIT = 1

# The parts of the report, in the order they are told, and what each is called.
PARTS = {
    "guard": N_("Garde réseau"),
    "store": N_("Magasin"),
    "registry": N_("Registre"),
    "audit": N_("Journal d'audit"),
    "models": N_("Modèles"),
    "embed": N_("Encodeur"),
    "ocr": N_("Lecture des scans"),
    "service": N_("Service"),
}


def register(cli: typer.Typer) -> None:
    cli.command("doctor")(doctor)


def doctor(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """État du garde réseau, du magasin, du journal d'audit et des modèles."""
    st = state(ctx)
    client = st.client()
    report = client.get("/doctor") if client is not None else admin.doctor(st.app(), lang=st.lang)
    if as_json:
        emit_json(report)
    else:
        out = console()
        for name, part in report.items():
            if isinstance(part, dict):
                mark = "✓" if part["ok"] else "✗"
                title = t(PARTS[name], st.lang) if name in PARTS else name
                text = describe(name, part, st.lang)
                line = t("{name} : {value}", st.lang, name=title, value=text)
                out.print(f"{mark} {line}", markup=False)
                for problem in _list(part.get("problems")) + _list(part.get("protection")):
                    out.print(f"    {problem}", markup=False)
    if not report["ok"]:
        raise typer.Exit(PROBLEM_EXIT)


def _list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [] if value in (None, "ok") else [str(value)]


def _yes(value: Any, lang: str) -> str:
    return t("oui", lang) if value else t("non", lang)


def describe(name: str, part: dict[str, Any], lang: str) -> str:
    """One part of the report as a sentence (its problems are listed under it)."""
    if "problems" in part and name in {"registry", "embed", "ocr"}:
        return t("en échec", lang)
    if name == "guard":
        allow = ", ".join(part["allow"]) or t("aucun", lang)
        if not part["installed"]:
            return t("absent : rien n'empêche une connexion sortante", lang)
        if not part["refuses_outside"]:
            return t("installé, mais une connexion vers l'extérieur a abouti", lang)
        return t("installé, refuse l'extérieur (points autorisés : {allow})", lang, allow=allow)
    if name == "store":
        return t(
            "{path}, chiffré : {encrypted}, schéma {schema} (dernier : {latest}), intégrité "
            "{integrity}, index plein texte {fulltext}, protection du dossier {protection}",
            lang,
            path=part["path"],
            encrypted=_yes(part["encrypted"], lang),
            schema=part["schema"],
            latest=part["schema_latest"],
            integrity=t("correcte", lang) if part["integrity"] == "ok" else part["integrity"],
            fulltext=t("correct", lang) if part["fulltext"] == "ok" else t("corrompu", lang),
            protection=t("correcte", lang) if part["protection"] == "ok" else t("en défaut", lang),
        )
    if name == "registry":
        if part["ok"]:
            return t("utilisateurs et réglages scellés, intacts", lang)
        return t(
            "altéré hors d'Égide — utilisateurs : {users} ; réglages : {flags}",
            lang,
            users=", ".join(part["users_tampered"]) or t("aucun", lang),
            flags=", ".join(part["flags_tampered"]) or t("aucun", lang),
        )
    if name == "audit":
        if "records" not in part:
            return t("illisible (clé {key})", lang, key=part.get("key_path", "?"))
        return t(
            "{records} enregistrement(s), {checkpoints} point(s) de contrôle vérifié(s), clé "
            "{key} (droits {mode})",
            lang,
            records=part["records"],
            checkpoints=part["checkpoints_checked"],
            key=part["key_path"],
            mode=part.get("key_mode") or "?",
        )
    if name == "models":
        models = part.get("models", [])
        if not models:
            return t("aucun modèle enregistré", lang)
        bad = [f"{m['name']} ({m.get('problem', '?')})" for m in models if not m["ok"]]
        if bad:
            return t("refusés : {models}", lang, models="; ".join(bad))
        return t("{n} modèle(s) intact(s)", lang, n=len(models))
    if name == "embed":
        if part.get("embedder") is None:
            return t("aucun (recherche lexicale seule)", lang)
        text = t(
            "{embedder} ({precision}), {missing} vecteur(s) à calculer",
            lang,
            embedder=part["embedder"],
            precision=part.get("precision") or "?",
            missing=part["vectors_missing"],
        )
        if part.get("indexer_running"):
            text += t(" ; indexeur en cours", lang)
        return text
    if name == "ocr":
        return t(
            "{engine} ({languages}) : {binary}",
            lang,
            engine=part.get("engine", "?"),
            languages=part["languages"],
            binary=part.get("binary", "?"),
        )
    if name == "service":
        return t(
            "chiffré : {encrypted}, protection du dossier {protection}, témoin : {witness}, "
            "autorité des clients : {ca}, liste de révocation : {crl}",
            lang,
            encrypted=_yes(part.get("encrypted"), lang),
            protection=t("correcte", lang)
            if part.get("protection") == "ok"
            else t("en défaut", lang),
            witness=part.get("witness") or t("aucun", lang),
            ca=_yes(part.get("client_ca"), lang),
            crl=_yes(part.get("crl"), lang),
        )
    return ", ".join(f"{k} {v}" for k, v in part.items() if k != "ok")
