"""One error tree. Every error has a code, an exit code, an HTTP status and a text in the
interface's languages (French in the code, others from the catalogues).

The CLI renders ``[E-CODE] what happened — how to fix``; the API (later) returns
``{"error": {"code", "message", "hint"}}`` from the same object.
"""

from __future__ import annotations

from typing import Any, ClassVar

from egide.i18n import N_, Msg, gettext_, t


class EgideError(Exception):
    """Base of every error Égide raises on purpose. ``what`` and ``fix`` are French texts
    (the msgids of the catalogue), translated when the error is shown."""

    code: ClassVar[str] = "E-EGIDE"
    exit_code: ClassVar[int] = 1
    http_status: ClassVar[int] = 500
    what: ClassVar[str] = N_("Erreur : {detail}")
    fix: ClassVar[str] = N_("consultez la documentation (README)")

    def __init__(self, detail: str | Msg = "", **params: Any) -> None:
        self.params: dict[str, Any] = {"detail": detail, **params}
        super().__init__(self.message("en"))

    def _fmt(self, template: str, lang: str) -> str:
        try:
            return t(template, lang, **self.params)
        except (KeyError, IndexError, ValueError):
            return gettext_(template, lang)

    def message(self, lang: str = "fr") -> str:
        return self._fmt(self.what, lang)

    def hint(self, lang: str = "fr") -> str:
        return self._fmt(self.fix, lang)

    def render(self, lang: str = "fr") -> str:
        return f"[{self.code}] {self.message(lang)} — {self.hint(lang)}"

    def to_dict(self, lang: str = "fr") -> dict[str, str]:
        return {"code": self.code, "message": self.message(lang), "hint": self.hint(lang)}


# --- configuration and store -------------------------------------------------------------


class ConfigError(EgideError):
    code = "E-CONFIG"
    exit_code = 2
    what = N_("Configuration invalide : {detail}")
    fix = N_("corrigez egide.toml ou les variables EGIDE_* (voir README, « Configuration »)")


class UsageError(EgideError):
    code = "E-USAGE"
    exit_code = 2
    http_status = 400
    what = N_("Commande mal formée : {detail}")
    fix = N_("voir « {command} --help »")


class StreamError(EgideError):
    code = "E-STREAM"
    exit_code = 5
    what = N_("Flux de messages interrompu : {detail}")
    fix = N_(
        "vérifiez la source (courtier, fichier) puis relancez : la lecture reprend au dernier "
        "point de reprise"
    )


class TriageModelError(EgideError):
    code = "E-TRIAGE-MODEL"
    exit_code = 2
    what = N_("Modèle de tri : {detail}")
    fix = N_(
        "vérifiez les exemples (colonnes --text-field, --label-field) ou le nom du modèle "
        "(egide triage list)"
    )


class RulesError(EgideError):
    code = "E-RULES"
    exit_code = 2
    what = N_("Fichier de règles invalide : {detail}")
    fix = N_("corrigez la ligne indiquée du fichier de règles (format : README, « Surveillance »)")


class InputFileError(EgideError):
    code = "E-INPUT"
    exit_code = 2
    what = N_("Entrée illisible : {detail}")
    fix = N_("vérifiez le chemin et les droits du fichier")


class StoreMissingError(EgideError):
    code = "E-STORE-MISSING"
    exit_code = 2
    what = N_("Aucun magasin Égide dans {path}")
    fix = N_("créez-le avec « egide init » ou indiquez --store / EGIDE_HOME")


class StoreVersionError(EgideError):
    code = "E-STORE-VERSION"
    exit_code = 2
    what = N_("Le magasin est au schéma {found}, plus récent que cette version d'Égide ({known})")
    fix = N_("mettez Égide à jour")


class StoreCorruptError(EgideError):
    code = "E-STORE-CORRUPT"
    exit_code = 2
    what = N_("Magasin illisible : {detail}")
    fix = N_("vérifiez le fichier egide.db ou restaurez une sauvegarde")


class StoreKeyError(EgideError):
    code = "E-STORE-KEY"
    exit_code = 2
    what = N_("Magasin chiffré : clé absente ou fausse ({detail})")
    fix = N_(
        "indiquez le fichier de clé du service (store.key_file) ; seul le compte du service "
        "doit pouvoir le lire"
    )


class StorePermissionError(EgideError):
    code = "E-STORE-PERMS"
    exit_code = 2
    what = N_("Magasin mal protégé : {detail}")
    fix = N_(
        "le dossier doit être en 0700 et ses fichiers en 0600, propriété du compte du service "
        "(chmod 700 DOSSIER ; chmod 600 DOSSIER/*)"
    )


class RegistryIntegrityError(EgideError):
    code = "E-REGISTRY-TAMPER"
    exit_code = 7
    http_status = 500
    what = N_("Registre altéré hors d'Égide : {detail}")
    fix = N_("prévenez l'officier de sécurité ; « egide doctor » liste les lignes en cause")


# --- labels and grades -------------------------------------------------------------------


class LabelError(EgideError):
    code = "E-LABEL"
    exit_code = 2
    http_status = 400
    what = N_("Marquage refusé « {marking} » : {detail}")
    fix = N_(
        "donnez un marquage reconnu, p. ex. NP, DIFFUSION RESTREINTE, SECRET, SECRET – SPÉCIAL "
        "FRANCE, NATO SECRET"
    )


class LabelEmptyError(LabelError):
    code = "E-LABEL-EMPTY"
    what = N_("Marquage absent ou vide")


class LabelCharsError(LabelError):
    code = "E-LABEL-CHARS"
    what = N_("Marquage refusé : caractère suspect {char} (contrôle, chasse nulle ou homoglyphe)")
    fix = N_("retapez le marquage en caractères latins simples")


class GradeError(EgideError):
    code = "E-GRADE"
    exit_code = 2
    http_status = 400
    what = N_("Cotation invalide « {grade} »")
    fix = N_("utilisez le code de l'Amirauté : une lettre A–F et un chiffre 1–6 (p. ex. B2)")


# --- identity and access -----------------------------------------------------------------


class IdentityError(EgideError):
    code = "E-IDENTITY"
    exit_code = 4
    http_status = 401
    what = N_("Identité inconnue : « {login} » n'est pas un utilisateur enregistré")
    fix = N_("demandez à un administrateur « egide user add » (accès refusé par défaut)")


class AccessDeniedError(EgideError):
    code = "E-ACCESS-DENIED"
    exit_code = 4
    http_status = 403
    what = N_("Accès refusé : {detail}")
    fix = N_("demandez l'habilitation ou le rôle nécessaire à un administrateur")


class UserError(EgideError):
    code = "E-USER"
    exit_code = 2
    http_status = 400
    what = N_("Utilisateur invalide : {detail}")
    fix = N_("voir « egide user add --help »")


# --- ingest ------------------------------------------------------------------------------


class IngestError(EgideError):
    code = "E-INGEST"
    exit_code = 3
    http_status = 422
    what = N_("Fichier non ingéré : {detail}")


class NotFoundError(IngestError):
    code = "E-INGEST-NOTFOUND"
    what = N_("Chemin introuvable : {detail}")
    fix = N_("vérifiez le chemin")


class FormatError(IngestError):
    code = "E-INGEST-FORMAT"
    what = N_("Format non pris en charge : {detail}")
    fix = N_("convertissez en txt, md, html, pdf, docx, eml, mbox, json, jsonl, png, jpeg ou tiff")


class EmptyError(IngestError):
    code = "E-INGEST-EMPTY"
    what = N_("Document vide : {detail}")
    fix = N_("vérifiez le fichier source")


class TooLargeError(IngestError):
    code = "E-INGEST-TOOLARGE"
    what = N_("Fichier trop volumineux : {detail}")
    fix = N_("découpez-le ou augmentez ingest.max_file_mb")


class SpecialFileError(IngestError):
    code = "E-INGEST-SPECIAL"
    what = N_("Fichier spécial jamais ouvert ({kind}) : {detail}")
    fix = N_("seuls les fichiers ordinaires sont ingérés ; copiez le contenu dans un fichier")


class SymlinkError(IngestError):
    code = "E-INGEST-SYMLINK"
    what = N_("Lien symbolique {why} : {detail}")
    fix = N_("donnez la cible, ou --follow-symlinks (liens qui restent dans le dossier donné)")


class ArchiveError(IngestError):
    code = "E-INGEST-ARCHIVE"
    what = N_("Contenu compressé hors limites : {detail}")
    fix = N_("vérifiez le fichier, ou augmentez ingest.max_unpacked_mb et ingest.max_unpack_ratio")


class BannerError(IngestError):
    code = "E-INGEST-BANNER"
    what = N_(
        "Le document se marque lui-même « {banner} » ({where}), ce que le marquage déclaré « "
        "{declared} » ne couvre pas : {detail}"
    )
    fix = N_("un humain décide : un --label qui couvre ce bandeau, ou un document corrigé")


class InternalIngestError(IngestError):
    code = "E-INGEST-INTERNAL"
    what = N_("Erreur interne sur ce fichier seul : {detail}")
    fix = N_("les autres fichiers sont ingérés ; signalez ce fichier")


class BinaryError(IngestError):
    code = "E-INGEST-BINARY"
    what = N_("Contenu binaire dans un fichier texte : {detail}")
    fix = N_("vérifiez l'extension du fichier ou convertissez-le en texte")


class CorruptError(IngestError):
    code = "E-INGEST-CORRUPT"
    what = N_("Fichier illisible ou corrompu : {detail}")
    fix = N_("ouvrez-le avec son application pour le réparer, ou réexportez-le")


class ScanTooLargeError(IngestError):
    code = "E-INGEST-PIXELS"
    what = N_("Image trop grande : {detail}")
    fix = N_(
        "réduisez sa résolution ou son nombre de pages, ou relevez ingest.ocr.max_pixels / "
        "ingest.ocr.max_pages"
    )


class OcrUnavailableError(IngestError):
    code = "E-OCR-MISSING"
    what = N_("Reconnaissance de caractères indisponible : {detail}")
    fix = N_("installez Tesseract et ses langues : {install} (ou réglez ingest.ocr.tesseract)")


class OcrTimeoutError(IngestError):
    code = "E-OCR-TIMEOUT"
    what = N_("Reconnaissance de caractères trop longue : {detail}")
    fix = N_("relevez ingest.ocr.page_timeout_s ou découpez le document")


class OcrFailedError(IngestError):
    code = "E-OCR-FAILED"
    what = N_("Tesseract a échoué : {detail}")
    fix = N_(
        "vérifiez l'image (ouvrez-la, réexportez-la) et l'installation de Tesseract (tesseract "
        "--list-langs)"
    )


class RecordError(IngestError):
    code = "E-INGEST-RECORD"
    what = N_("Enregistrement invalide : {detail}")
    fix = N_(
        "chaque enregistrement est un objet JSON avec un champ « text » non vide et, s'il en a "
        "un, un « label » valide"
    )


# --- search and models -------------------------------------------------------------------


class QueryError(EgideError):
    code = "E-QUERY"
    exit_code = 2
    http_status = 400
    what = N_("Requête invalide : {detail}")
    fix = N_("donnez au moins un mot")


class FilterError(QueryError):
    code = "E-FILTER"
    what = N_("Filtre de recherche invalide : {detail}")
    fix = N_("voir « egide search --help »")


class BatchInputError(QueryError):
    code = "E-BATCH-INPUT"
    what = N_("Ligne {line} du fichier de requêtes invalide : {detail}")
    fix = N_('une ligne par requête : {{"id": "...", "query": "..."}}')


class EmbedderError(EgideError):
    code = "E-EMBED"
    exit_code = 5
    what = N_("Le modèle d'encodage a échoué : {detail}")
    fix = N_("relancez « egide index » ; la recherche lexicale reste disponible")


class DependencyError(EgideError):
    code = "E-DEPENDENCY"
    exit_code = 5
    what = N_("Composant absent : {detail}")
    fix = N_("installez-le : {install}")


class AuditError(EgideError):
    code = "E-AUDIT"
    exit_code = 6
    what = N_("Journal d'audit impossible à écrire, action refusée : {detail}")
    fix = N_("vérifiez le disque et les droits du magasin")


class SigningKeyError(EgideError):
    code = "E-KEY"
    exit_code = 6
    what = N_("Clé de signature inutilisable : {detail}")
    fix = N_("vérifiez audit.key_path et ses droits (0600) ; la clé est créée par « egide init »")


class AuditIntegrityError(EgideError):
    code = "E-AUDIT-TAMPER"
    exit_code = 7
    what = N_("Journal d'audit altéré : {detail}")
    fix = N_("préservez le magasin en l'état et prévenez l'officier de sécurité")


class CheckpointError(EgideError):
    code = "E-CHECKPOINT"
    exit_code = 7
    what = N_("Point de contrôle refusé : {detail}")
    fix = N_("utilisez un point de contrôle produit par « egide audit checkpoint » sur ce magasin")


class EgressError(EgideError, ConnectionRefusedError):
    code = "E-EGRESS"
    exit_code = 8
    what = N_("Connexion sortante refusée : {detail}")
    fix = N_("Égide ne parle qu'au bouclage local et aux points déclarés dans network.allow")


class ModelError(EgideError):
    code = "E-MODEL"
    exit_code = 9
    what = N_("Modèle refusé : {detail}")
    fix = N_(
        "seuls les fichiers GGUF et safetensors enregistrés par « egide model add » et intacts "
        "sont chargés"
    )


class ProductNotFoundError(EgideError):
    code = "E-PRODUCT-NOTFOUND"
    exit_code = 2
    http_status = 404
    what = N_("Produit introuvable : {detail}")
    fix = N_("voir « egide product list »")


class ProductStateError(EgideError):
    code = "E-PRODUCT-STATE"
    exit_code = 2
    http_status = 409
    what = N_("Action impossible sur ce produit : {detail}")
    fix = N_("seul un projet peut être validé ou rejeté, avec une justification")


class DocumentNotFoundError(EgideError):
    code = "E-DOC-NOTFOUND"
    exit_code = 2
    http_status = 404
    what = N_("Document introuvable : {detail}")
    fix = N_(
        "vérifiez l'identifiant (« id » dans egide search --json) ; un document au-dessus de "
        "votre habilitation n'existe pas pour vous"
    )


class DocumentStateError(EgideError):
    code = "E-DOC-STATE"
    exit_code = 2
    http_status = 409
    what = N_("Correction impossible sur ce document : {detail}")
    fix = N_("voir « egide document show ID » ; une justification (--reason) est obligatoire")


class LLMError(EgideError):
    code = "E-LLM"
    exit_code = 5
    what = N_("Le modèle de langue a échoué : {detail}")
    fix = N_(
        "vérifiez llm.url ou llm.model ; le moteur extractif reste disponible (--engine "
        "extractive)"
    )


# --- decision support --------------------------------------------------------------------


class DecisionNotFoundError(EgideError):
    code = "E-DECISION-NOTFOUND"
    exit_code = 2
    http_status = 404
    what = N_("Dossier de décision introuvable : {detail}")
    fix = N_("voir « egide decision list »")


class DecisionError(EgideError):
    code = "E-DECISION"
    exit_code = 2
    http_status = 409
    what = N_("Dossier de décision refusé : {detail}")
    fix = N_("corrigez l'élément indiqué (format : README, « Aide à la décision »)")


class CitationError(EgideError):
    code = "E-CITATION"
    exit_code = 2
    http_status = 422
    what = N_("Citation non vérifiée : {detail}")
    fix = N_(
        "copiez la citation mot pour mot (12 caractères au moins) depuis un passage que vous "
        "pouvez lire, ou marquez l'élément comme présupposition"
    )

