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
    # --- web pages -----------------------------------------------------------------------
    "web.skip": ("Aller au contenu", "Skip to content"),
    "web.marking": ("Marquage de la page", "Page marking"),
    "web.draft": ("PROJET — NON VALIDÉ", "DRAFT — NOT VALIDATED"),
    "web.nav": ("Navigation principale", "Main navigation"),
    "web.nav.search": ("Recherche", "Search"),
    "web.nav.timeline": ("Chronologie", "Timeline"),
    "web.nav.map": ("Carte", "Map"),
    "web.nav.products": ("Fiches", "Briefs"),
    "web.nav.review": ("Relecture", "Review"),
    "web.nav.alerts": ("Alertes", "Alerts"),
    "web.nav.audit": ("Journal d'audit", "Audit log"),
    "web.nav.users": ("Utilisateurs", "Users"),
    "web.lang": ("English", "Français"),
    "web.logout": ("Se déconnecter", "Log out"),
    "web.who": ("{user} — {terminal}", "{user} — {terminal}"),
    "web.error": ("Erreur", "Error"),
    "web.login.title": ("Connexion", "Log in"),
    "web.login.cert": ("Certificat présenté : {cn}", "Certificate presented: {cn}"),
    "web.login.with_cert": ("Se connecter avec le certificat", "Log in with the certificate"),
    "web.login.no_cert": (
        "Aucun certificat client présenté : connectez-vous avec votre mot de passe.",
        "No client certificate presented: log in with your password.",
    ),
    "web.login.user": ("Identifiant", "User name"),
    "web.login.password": ("Mot de passe", "Password"),
    "web.login.submit": ("Se connecter", "Log in"),
    "web.search.title": ("Recherche", "Search"),
    "web.search.query": ("Question", "Query"),
    "web.search.submit": ("Rechercher", "Search"),
    "web.search.filters": ("Filtres", "Filters"),
    "web.search.label": ("Marquage au plus", "Marking at most"),
    "web.search.any": ("(tous)", "(any)"),
    "web.search.grade": ("Cotation au moins (ex. B2)", "Grade at least (e.g. B2)"),
    "web.search.since": ("Depuis (AAAA-MM-JJ)", "Since (YYYY-MM-DD)"),
    "web.search.until": ("Jusqu'au (AAAA-MM-JJ)", "Until (YYYY-MM-DD)"),
    "web.search.source": ("Source", "Source"),
    "web.search.lang": ("Langue", "Language"),
    "web.search.none": ("Aucun résultat.", "No results."),
    "web.search.prefer_graded": (
        "Sources les mieux cotées d'abord",
        "Better-graded sources first",
    ),
    "web.search.all_passages": ("Tous les passages", "Every passage"),
    "web.search.count_passages": ("{n} passage(s)", "{n} passage(s)"),
    "web.search.expansions": ("Termes ajoutés : {terms}", "Terms added: {terms}"),
    "web.search.more": (
        "+{n} autre(s) passage(s) dans ce document",
        "+{n} more passage(s) in this document",
    ),
    "web.search.count": ("{n} document(s)", "{n} document(s)"),
    "web.search.missing": (
        "{n} passage(s) encore sans vecteur : recherche lexicale pour eux.",
        "{n} passage(s) still without a vector: lexical search for them.",
    ),
    "web.doc.grade": ("Cotation", "Grade"),
    "web.doc.marking": ("Marquage d'origine", "Original marking"),
    "web.doc.corrections": ("Corrections", "Corrections"),
    "web.doc.flagged": (
        "signalée : un document cité a été corrigé",
        "flagged: a cited document was corrected",
    ),
    "web.doc.correct": ("Corriger le document", "Correct the document"),
    "web.doc.reclassify": ("Reclassifier", "Reclassify"),
    "web.doc.new_label": ("Nouveau marquage", "New marking"),
    "web.doc.retract": ("Retirer", "Retract"),
    "web.doc.provenance": ("Provenance", "Provenance"),
    "web.doc.path": ("Fichier", "File"),
    "web.doc.source": ("Source", "Source"),
    "web.doc.date": ("Date du document", "Document date"),
    "web.doc.language": ("Langue", "Language"),
    "web.doc.ingested": ("Ingéré le", "Ingested on"),
    "web.doc.by": ("par", "by"),
    "web.doc.sha": ("Empreinte SHA-256", "SHA-256"),
    "web.doc.text": ("Texte intégral", "Full text"),
    "web.doc.legend": (
        "Surlignés : entités, dates, coordonnées.",
        "Highlighted: entities, dates, coordinates.",
    ),
    "web.doc.entities": ("Entités", "Entities"),
    "web.doc.dates": ("Dates", "Dates"),
    "web.doc.coordinates": ("Coordonnées", "Coordinates"),
    "web.doc.products": ("Fiches qui le citent", "Briefs citing it"),
    "web.doc.findings": ("Contenu caché signalé", "Hidden content reported"),
    "web.none": ("Aucun.", "None."),
    "web.products.title": ("Fiches de synthèse", "Intelligence briefs"),
    "web.products.new": ("Nouvelle fiche", "New brief"),
    "web.products.question": ("Objet (question)", "Subject (question)"),
    "web.products.recipients": ("Destinataires (un par ligne)", "Recipients (one per line)"),
    "web.products.references": ("Références (une par ligne)", "References (one per line)"),
    "web.products.engine": ("Moteur", "Engine"),
    "web.products.create": ("Rédiger le projet", "Draft the brief"),
    "web.products.status": ("Statut", "Status"),
    "web.products.requester": ("Demandeur", "Requester"),
    "web.products.created": ("Créée le", "Created"),
    "web.products.none": ("Aucune fiche.", "No brief."),
    "web.status.draft": ("projet", "draft"),
    "web.status.validated": ("validée", "validated"),
    "web.status.rejected": ("rejetée", "rejected"),
    "web.product.key_points": ("Ce qu'il faut retenir", "Key points"),
    "web.product.facts": ("Faits", "Facts"),
    "web.product.contradictions": ("Contradictions et incertitudes", "Contradictions"),
    "web.product.assessment": ("Appréciation", "Assessment"),
    "web.product.indicators": ("Indicateurs à surveiller", "Indicators to watch"),
    "web.product.gaps": ("Lacunes — besoins en renseignement", "Gaps — requirements"),
    "web.product.timeline": ("Chronologie", "Timeline"),
    "web.product.sources": ("Sources", "Sources"),
    "web.product.dtg": ("Groupe date-heure", "Date-time group"),
    "web.product.to": ("Destinataires", "Recipients"),
    "web.product.subject": ("Objet", "Subject"),
    "web.product.export": ("Exporter en PDF", "Export as PDF"),
    "web.product.export_md": ("Markdown", "Markdown"),
    "web.product.decided": (
        "{status} par {by} le {at} : {reason}",
        "{status} by {by} on {at}: {reason}",
    ),
    "web.product.origin": (
        "Produit généré par Égide (assistance IA) — à valider par un analyste",
        "Produced by Égide (AI assistance) — to be validated by an analyst",
    ),
    "web.review.title": ("Relecture des projets", "Review queue"),
    "web.review.reason": ("Justification", "Justification"),
    "web.review.validate": ("Valider", "Validate"),
    "web.review.reject": ("Rejeter", "Reject"),
    "web.review.versions": ("Versions sur le même objet", "Versions on the same subject"),
    "web.review.compare": ("Comparer", "Compare"),
    "web.review.empty": ("Aucun projet à relire.", "No draft to review."),
    "web.review.side": ("Versions côte à côte", "Versions side by side"),
    "web.alerts.title": ("Alertes en direct", "Live alerts"),
    "web.alerts.priority": ("Priorité", "Priority"),
    "web.alerts.all": ("toutes", "all"),
    "web.alerts.filter": ("Filtrer", "Filter"),
    "web.alerts.ack": ("Accuser réception", "Acknowledge"),
    "web.alerts.acked": ("Vu le {at}", "Seen on {at}"),
    "web.alerts.why": ("Pourquoi", "Why"),
    "web.alerts.live": ("Flux en direct : connecté.", "Live stream: connected."),
    "web.alerts.none": ("Aucune alerte.", "No alert."),
    "web.alerts.notice": (
        "Une alerte notifie ; elle ne déclenche aucune action.",
        "An alert notifies; it triggers no action.",
    ),
    "web.audit.title": ("Journal d'audit", "Audit log"),
    "web.audit.verify": ("Vérifier la chaîne", "Verify the chain"),
    "web.audit.ok": (
        "Chaîne intègre : {records} enregistrement(s).",
        "Chain intact: {records} record(s).",
    ),
    "web.audit.bad": ("Chaîne rompue : {problems}", "Chain broken: {problems}"),
    "web.audit.since": ("Depuis (n° ou date)", "Since (number or date)"),
    "web.audit.show": ("Afficher", "Show"),
    "web.users.title": ("Utilisateurs", "Users"),
    "web.users.add": ("Ajouter un utilisateur", "Add a user"),
    "web.users.name": ("Nom", "Name"),
    "web.users.clearance": ("Habilitation", "Clearance"),
    "web.users.nationality": ("Nationalité", "Nationality"),
    "web.users.compartments": (
        "Compartiments (séparés par des virgules)",
        "Compartments (comma-separated)",
    ),
    "web.users.roles": ("Rôles", "Roles"),
    "web.users.added": ("Utilisateur {name} ajouté.", "User {name} added."),
    "web.timeline.title": ("Chronologie des événements datés", "Timeline of dated events"),
    "web.timeline.none": ("Aucun événement daté.", "No dated event."),
    "web.map.title": ("Carte des coordonnées", "Map of coordinates"),
    "web.map.none": ("Aucune coordonnée.", "No coordinates."),
    "web.map.caption": (
        "Fond hors ligne : graticule en degrés (projection équirectangulaire), échelle en km.",
        "Offline basemap: graticule in degrees (equirectangular projection), scale in km.",
    ),
    "web.map.decimal": ("Décimal", "Decimal"),
    "web.map.mgrs": ("MGRS", "MGRS"),
    "web.document": ("Document", "Document"),
    "web.label": ("Marquage", "Marking"),
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
