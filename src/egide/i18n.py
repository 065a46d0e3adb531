"""Interface texts in French (default) and English."""

from __future__ import annotations

from typing import Any

_TEXTS: dict[str, tuple[str, str]] = {
    "user.password": ("Nouveau mot de passe", "New password"),
    "user.password_set": (
        "Mot de passe de {name} enregistré ; ses sessions ouvertes sont closes.",
        "Password of {name} recorded; their open sessions are closed.",
    ),
    "token.created": (
        "Jeton {id} ({scopes}, jusqu'au {expires}) : {secret}\nNotez-le : il ne sera plus "
        "affiché.",
        "Token {id} ({scopes}, until {expires}): {secret}\nKeep it: it will not be shown "
        "again.",
    ),
    "token.revoked": ("Jeton {id} révoqué.", "Token {id} revoked."),
    "serve.demo": (
        "Service de démonstration : {url} (autorité de certification : {ca}). Identifiants "
        "(utilisateur, habilitation, rôles, mot de passe, certificat) :",
        "Demo service: {url} (certificate authority: {ca}). Logins (user, clearance, roles, "
        "password, certificate):",
    ),
    "serve.start": ("Service Égide sur https://{host}:{port}", "Égide service on https://{host}:{port}"),
    "init.created": (
        "Magasin créé : {path} ({kind}). Administrateur : {admin}.",
        "Store created: {path} ({kind}). Administrator: {admin}.",
    ),
    "init.exists": (
        "Magasin déjà présent : {path} ({kind}).",
        "Store already present: {path} ({kind}).",
    ),
    "kind.dev": ("développement", "development"),
    "kind.prod": ("production", "production"),
    "user.added": (
        "Utilisateur ajouté : {name} — habilitation {clearance}, {nationality}, rôles {roles}.",
        "User added: {name} — clearance {clearance}, {nationality}, roles {roles}.",
    ),
    "ingest.done": (
        "{ingested} document(s) ingéré(s), {duplicates} doublon(s), {failed} échec(s).",
        "{ingested} document(s) ingested, {duplicates} duplicate(s), {failed} failure(s).",
    ),
    "ingest.vectors": ("{n} vecteur(s) calculé(s).", "{n} vector(s) computed."),
    "ingest.ocr_doubt": (
        "⚠ {path}, page {page} : lecture à vérifier (confiance {confidence} %, encre non lue "
        "{unread} %) — relisez l'original.",
        "⚠ {path}, page {page}: reading to check ({confidence} % confidence, {unread} % of "
        "the ink unread) — check the original.",
    ),
    "ingest.background": (
        "Recherche lexicale disponible ; {n} vecteur(s) en calcul en arrière-plan (processus "
        "{pid}). « egide index --wait » attend la fin.",
        "Lexical search available; {n} vector(s) being computed in the background (process "
        "{pid}). 'egide index --wait' waits for them.",
    ),
    "index.background": (
        "Indexeur lancé en arrière-plan (processus {pid}) : {n} vecteur(s) à calculer.",
        "Indexer started in the background (process {pid}): {n} vector(s) to compute.",
    ),
    "stage.ingest": ("Ingestion", "Ingest"),
    "stage.vectors": ("Vecteurs", "Vectors"),
    "stage.search": ("Recherche", "Search"),
    "search.none": ("Aucun résultat visible pour vous.", "No result visible to you."),
    "search.mode": ("Recherche {mode} — {n} résultat(s).", "{mode} search — {n} result(s)."),
    "search.expanded": (
        "Termes ajoutés par le lexique : {terms}",
        "Terms added by the lexicon: {terms}",
    ),
    "search.missing": (
        "{n} passage(s) visible(s) sans vecteur encore (recherche lexicale seule pour "
        "eux) : « egide index --wait » les complète.",
        "{n} visible passage(s) without a vector yet (lexical search only for them): "
        "'egide index --wait' completes them.",
    ),
    "search.more": (
        "+{n} autre(s) passage(s) (--all-passages)",
        "+{n} more passage(s) (--all-passages)",
    ),
    "col.rank": ("#", "#"),
    "col.score": ("score", "score"),
    "col.label": ("marquage", "marking"),
    "col.doc": ("document", "document"),
    "col.grade": ("cote", "grade"),
    "col.passage": ("passage", "passage"),
    "stats.title": ("Ce que vous pouvez voir", "What you may see"),
    "stats.documents": ("documents", "documents"),
    "stats.chunks": ("passages", "passages"),
    "index.done": (
        "{n} vecteur(s) calculé(s) ; {missing} restant(s).",
        "{n} vector(s) computed; {missing} left.",
    ),
    "demo.stream": (
        "Flux de messages ALBÂTRE — {user} : {messages} message(s) visibles, {alerts} alerte(s) "
        "({priorities}) ; {withheld} au-dessus de son habilitation, {refused} refusé(s).",
        "ALBÂTRE message stream — {user}: {messages} visible message(s), {alerts} alert(s) "
        "({priorities}); {withheld} above their clearance, {refused} refused.",
    ),
    "demo.title": ("Démonstration Égide — scénario « {name} »", "Égide demo — scenario '{name}'"),
    "demo.store": ("Magasin de démonstration : {path}", "Demo store: {path}"),
    "demo.users": ("Utilisateurs : {users}", "Users: {users}"),
    "demo.batch": (
        "Lot « {path} » ({label}, cote {grade}) : {ingested} ingéré(s), "
        "{duplicates} doublon(s), {failed} échec(s)",
        "Batch '{path}' ({label}, grade {grade}): {ingested} ingested, "
        "{duplicates} duplicate(s), {failed} failure(s)",
    ),
    "demo.query": ("Requête : « {query} »", "Query: '{query}'"),
    "demo.sees": (
        "{user} ({clearance}) — 10 premiers passages par marquage : {labels} ; les meilleurs :",
        "{user} ({clearance}) — top 10 passages by marking: {labels}; the best:",
    ),
    "demo.flags": (
        "Contenu suspect signalé à l'ingestion :",
        "Suspicious content flagged at ingest:",
    ),
    "demo.stats": (
        "{user} : {documents} documents, {chunks} passages visibles — {by_label}",
        "{user}: {documents} documents, {chunks} passages visible — {by_label}",
    ),
    "demo.next": ("À essayer ensuite :", "Try next:"),
    "audit.verified": (
        "Journal intègre : {records} enregistrements, racine {root}, {checkpoints} point(s) "
        "de contrôle vérifié(s).",
        "Audit log intact: {records} records, root {root}, {checkpoints} checkpoint(s) checked.",
    ),
    "audit.broken": (
        "Journal ALTÉRÉ ({records} enregistrements lisibles) :",
        "Audit log TAMPERED WITH ({records} readable records):",
    ),
    "audit.checkpoint": (
        "Point de contrôle signé : taille {size}, racine {root} → {path}",
        "Signed checkpoint: size {size}, root {root} → {path}",
    ),
    "decision.saved": (
        "Dossier {id}, version {version} ({label}) : {change}.",
        "File {id}, version {version} ({label}): {change}.",
    ),
    "decision.none": ("Aucun dossier de décision visible pour vous.", "No decision file visible."),
    "decision.decided": ("décidé", "decided"),
    "decision.open": ("en cours", "open"),
    "decision.exported": ("Exporté : {what}", "Exported: {what}"),
    "decision.watch": (
        "{rules} règle(s) → {rules_path} ; {needs} besoin(s) → {needs_path}. "
        "« egide watch SOURCE --rules {rules_path} » les surveille.",
        "{rules} rule(s) → {rules_path}; {needs} requirement(s) → {needs_path}. "
        "'egide watch SOURCE --rules {rules_path}' watches them.",
    ),
    "decision.no_alert": (
        "Aucun élément nouveau sur les présuppositions.",
        "Nothing new bears on the assumptions.",
    ),
    "decision.checked": (
        "Citations vérifiées : {verified} / {total} ; {problems} problème(s).",
        "Citations verified: {verified} / {total}; {problems} problem(s).",
    ),
    "demo.decision": (
        "Dossier de décision {file} ({label}) — ACH : {ach} ; comparaison ({method}) : "
        "{ranking} ; proposition d'état-major : {recommended} ; décision du chef : {choice} "
        "({by}, journal n° {seq}).",
        "Decision file {file} ({label}) — ACH: {ach}; comparison ({method}): {ranking}; "
        "staff recommendation: {recommended}; commander's decision: {choice} ({by}, audit "
        "record {seq}).",
    ),
    "demo.indicators": (
        "Indicateurs du dossier sur le flux ({n} alerte(s)) :",
        "The file's indicators on the stream ({n} alert(s)):",
    ),
    "demo.fiche": (
        "Fiche d'aide à la décision : {pdf} (citations vérifiées {verified} / {total}).",
        "Decision aid sheet: {pdf} (citations verified {verified} / {total}).",
    ),
    "doc.field": ("{name} : {value}", "{name}: {value}"),
    "doc.id": ("Identifiant", "Id"),
    "doc.label": ("Marquage", "Label"),
    "doc.marking": ("Marquage d'origine", "Original marking"),
    "doc.grade": ("Cotation", "Grade"),
    "doc.status": ("État", "Status"),
    "doc.status.live": ("en service", "live"),
    "doc.status.retracted": ("retiré le {at}", "retracted on {at}"),
    "doc.source": ("Source", "Source"),
    "doc.path": ("Fichier", "File"),
    "doc.date": ("Date du document", "Document date"),
    "doc.language": ("Langue", "Language"),
    "doc.ingested": ("Ingéré", "Ingested"),
    "doc.correction": (
        "Correction du {at} par {actor} → {to} — motif : {reason}",
        "Correction on {at} by {actor} → {to} — reason: {reason}",
    ),
    "doc.findings": ("Contenu caché signalé : {kinds}", "Hidden content flagged: {kinds}"),
    "doc.text": ("Texte", "Text"),
    "doc.entities": ("Entités", "Entities"),
    "doc.dates": ("Dates", "Dates"),
    "doc.coordinates": ("Coordonnées", "Coordinates"),
    "doc.reclassified": (
        "{id} reclassifié : {old} → {new}.",
        "{id} reclassified: {old} → {new}.",
    ),
    "doc.retracted": (
        "{id} retiré : hors de la recherche, des statistiques et des nouveaux produits ; conservé "
        "pour l'audit.",
        "{id} retracted: out of search, statistics and new products; kept for audit.",
    ),
    "doc.no_products": ("Aucun produit ne le cite.", "No product cites it."),
    "doc.product_flagged": ("Produit signalé : {id} ({label})", "Product flagged: {id} ({label})"),
    "doc.product_remarked": (
        "Produit signalé et remarqué : {id} → {label}",
        "Product flagged and re-marked: {id} → {label}",
    ),
    "error.internal": (
        "[E-INTERNAL] Erreur interne inattendue : {detail} — signalez-la avec la commande lancée",
        "[E-INTERNAL] Unexpected internal error: {detail} — report it with the command you ran",
    ),
}


def t(key: str, lang: str = "fr", **params: Any) -> str:
    fr, en = _TEXTS[key]
    return (fr if lang == "fr" else en).format(**params)
