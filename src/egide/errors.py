"""One error tree. Every error has a code, an exit code, an HTTP status and a bilingual text.

The CLI renders ``[E-CODE] what happened — how to fix``; the API (later) returns
``{"error": {"code", "message", "hint"}}`` from the same object.
"""

from __future__ import annotations

from typing import Any, ClassVar


class EgideError(Exception):
    """Base of every error Égide raises on purpose."""

    code: ClassVar[str] = "E-EGIDE"
    exit_code: ClassVar[int] = 1
    http_status: ClassVar[int] = 500
    what: ClassVar[tuple[str, str]] = ("Erreur : {detail}", "Error: {detail}")
    fix: ClassVar[tuple[str, str]] = (
        "consultez la documentation (README)",
        "see the documentation (README)",
    )

    def __init__(self, detail: str | Bilingual = "", **params: Any) -> None:
        self.params: dict[str, Any] = {"detail": detail, **params}
        super().__init__(self.message("en"))

    def _fmt(self, pair: tuple[str, str], lang: str) -> str:
        template = pair[0] if lang == "fr" else pair[1]
        params = {k: _pick(v, lang) for k, v in self.params.items()}
        try:
            return template.format(**params)
        except (KeyError, IndexError):
            return template

    def message(self, lang: str = "fr") -> str:
        return self._fmt(self.what, lang)

    def hint(self, lang: str = "fr") -> str:
        return self._fmt(self.fix, lang)

    def render(self, lang: str = "fr") -> str:
        return f"[{self.code}] {self.message(lang)} — {self.hint(lang)}"

    def to_dict(self, lang: str = "fr") -> dict[str, str]:
        return {"code": self.code, "message": self.message(lang), "hint": self.hint(lang)}


def _pick(value: Any, lang: str) -> Any:
    """A parameter may be bilingual: ``("texte", "text")`` renders in the asked language."""
    if isinstance(value, Bilingual):
        return value.fr if lang == "fr" else value.en
    return value


class Bilingual:
    """A short bilingual text used as an error parameter."""

    __slots__ = ("en", "fr")

    def __init__(self, fr: str, en: str) -> None:
        self.fr, self.en = fr, en

    def __str__(self) -> str:
        return self.fr


# --- configuration and store -------------------------------------------------------------


class ConfigError(EgideError):
    code = "E-CONFIG"
    exit_code = 2
    what = ("Configuration invalide : {detail}", "Invalid configuration: {detail}")
    fix = (
        "corrigez egide.toml ou les variables EGIDE_* (voir README, « Configuration »)",
        "fix egide.toml or the EGIDE_* variables (see README, 'Configuration')",
    )


class StreamError(EgideError):
    code = "E-STREAM"
    exit_code = 5
    what = ("Flux de messages interrompu : {detail}", "Message stream failed: {detail}")
    fix = (
        "vérifiez la source (courtier, fichier) puis relancez : la lecture reprend au "
        "dernier point de reprise",
        "check the source (broker, file) and run again: reading resumes at the last checkpoint",
    )


class TriageModelError(EgideError):
    code = "E-TRIAGE-MODEL"
    exit_code = 2
    what = ("Modèle de tri : {detail}", "Triage model: {detail}")
    fix = (
        "vérifiez les exemples (colonnes --text-field, --label-field) ou le nom du modèle "
        "(egide triage list)",
        "check the examples (--text-field, --label-field columns) or the model's name "
        "(egide triage list)",
    )


class RulesError(EgideError):
    code = "E-RULES"
    exit_code = 2
    what = ("Fichier de règles invalide : {detail}", "Invalid rules file: {detail}")
    fix = (
        "corrigez la ligne indiquée du fichier de règles (format : README, « Surveillance »)",
        "fix the line named in the rules file (format: README, 'Watch')",
    )


class InputFileError(EgideError):
    code = "E-INPUT"
    exit_code = 2
    what = ("Entrée illisible : {detail}", "Unreadable input: {detail}")
    fix = ("vérifiez le chemin et les droits du fichier", "check the file's path and permissions")


class StoreMissingError(EgideError):
    code = "E-STORE-MISSING"
    exit_code = 2
    what = ("Aucun magasin Égide dans {path}", "No Égide store in {path}")
    fix = (
        "créez-le avec « egide init » ou indiquez --store / EGIDE_HOME",
        "create it with 'egide init' or pass --store / EGIDE_HOME",
    )


class StoreVersionError(EgideError):
    code = "E-STORE-VERSION"
    exit_code = 2
    what = (
        "Le magasin est au schéma {found}, plus récent que cette version d'Égide ({known})",
        "The store is at schema {found}, newer than this Égide ({known})",
    )
    fix = ("mettez Égide à jour", "upgrade Égide")


class StoreCorruptError(EgideError):
    code = "E-STORE-CORRUPT"
    exit_code = 2
    what = ("Magasin illisible : {detail}", "Unreadable store: {detail}")
    fix = (
        "vérifiez le fichier egide.db ou restaurez une sauvegarde",
        "check egide.db or restore a backup",
    )


class StoreKeyError(EgideError):
    code = "E-STORE-KEY"
    exit_code = 2
    what = (
        "Magasin chiffré : clé absente ou fausse ({detail})",
        "Encrypted store: missing or wrong key ({detail})",
    )
    fix = (
        "indiquez le fichier de clé du service (store.key_file) ; seul le compte du service "
        "doit pouvoir le lire",
        "give the service's key file (store.key_file); only the service account may read it",
    )


class StorePermissionError(EgideError):
    code = "E-STORE-PERMS"
    exit_code = 2
    what = ("Magasin mal protégé : {detail}", "Store not protected: {detail}")
    fix = (
        "le dossier doit être en 0700 et ses fichiers en 0600, propriété du compte du "
        "service (chmod 700 DOSSIER ; chmod 600 DOSSIER/*)",
        "the folder must be 0700 and its files 0600, owned by the service account "
        "(chmod 700 DIR; chmod 600 DIR/*)",
    )


class RegistryIntegrityError(EgideError):
    code = "E-REGISTRY-TAMPER"
    exit_code = 7
    http_status = 500
    what = (
        "Registre altéré hors d'Égide : {detail}",
        "Registry altered outside Égide: {detail}",
    )
    fix = (
        "prévenez l'officier de sécurité ; « egide doctor » liste les lignes en cause",
        "alert the security officer; 'egide doctor' lists the rows concerned",
    )


# --- labels and grades -------------------------------------------------------------------


class LabelError(EgideError):
    code = "E-LABEL"
    exit_code = 2
    http_status = 400
    what = ("Marquage refusé « {marking} » : {detail}", "Marking refused '{marking}': {detail}")
    fix = (
        "donnez un marquage reconnu, p. ex. NP, DIFFUSION RESTREINTE, SECRET, "
        "SECRET – SPÉCIAL FRANCE, NATO SECRET",
        "give a recognised marking, e.g. NP, DIFFUSION RESTREINTE, SECRET, "
        "SECRET – SPÉCIAL FRANCE, NATO SECRET",
    )


class LabelEmptyError(LabelError):
    code = "E-LABEL-EMPTY"
    what = ("Marquage absent ou vide", "Missing or empty marking")


class LabelCharsError(LabelError):
    code = "E-LABEL-CHARS"
    what = (
        "Marquage refusé : caractère suspect {char} (contrôle, chasse nulle ou homoglyphe)",
        "Marking refused: suspicious character {char} (control, zero-width or homoglyph)",
    )
    fix = (
        "retapez le marquage en caractères latins simples",
        "retype the marking in plain Latin characters",
    )


class GradeError(EgideError):
    code = "E-GRADE"
    exit_code = 2
    http_status = 400
    what = ("Cotation invalide « {grade} »", "Invalid grade '{grade}'")
    fix = (
        "utilisez le code de l'Amirauté : une lettre A–F et un chiffre 1–6 (p. ex. B2)",
        "use the Admiralty code: a letter A–F and a digit 1–6 (e.g. B2)",
    )


# --- identity and access -----------------------------------------------------------------


class IdentityError(EgideError):
    code = "E-IDENTITY"
    exit_code = 4
    http_status = 401
    what = (
        "Identité inconnue : « {login} » n'est pas un utilisateur enregistré",
        "Unknown identity: '{login}' is not a registered user",
    )
    fix = (
        "demandez à un administrateur « egide user add » (accès refusé par défaut)",
        "ask an administrator to run 'egide user add' (access is denied by default)",
    )


class AccessDeniedError(EgideError):
    code = "E-ACCESS-DENIED"
    exit_code = 4
    http_status = 403
    what = ("Accès refusé : {detail}", "Access denied: {detail}")
    fix = (
        "demandez l'habilitation ou le rôle nécessaire à un administrateur",
        "ask an administrator for the required clearance or role",
    )


class UserError(EgideError):
    code = "E-USER"
    exit_code = 2
    http_status = 400
    what = ("Utilisateur invalide : {detail}", "Invalid user: {detail}")
    fix = ("voir « egide user add --help »", "see 'egide user add --help'")


# --- ingest ------------------------------------------------------------------------------


class IngestError(EgideError):
    code = "E-INGEST"
    exit_code = 3
    http_status = 422
    what = ("Fichier non ingéré : {detail}", "File not ingested: {detail}")


class NotFoundError(IngestError):
    code = "E-INGEST-NOTFOUND"
    what = ("Chemin introuvable : {detail}", "Path not found: {detail}")
    fix = ("vérifiez le chemin", "check the path")


class FormatError(IngestError):
    code = "E-INGEST-FORMAT"
    what = ("Format non pris en charge : {detail}", "Unsupported format: {detail}")
    fix = (
        "convertissez en txt, md, html, pdf, docx, eml, mbox, json, jsonl, png, jpeg ou tiff",
        "convert to txt, md, html, pdf, docx, eml, mbox, json, jsonl, png, jpeg or tiff",
    )


class EmptyError(IngestError):
    code = "E-INGEST-EMPTY"
    what = ("Document vide : {detail}", "Empty document: {detail}")
    fix = ("vérifiez le fichier source", "check the source file")


class TooLargeError(IngestError):
    code = "E-INGEST-TOOLARGE"
    what = (
        "Fichier trop volumineux : {detail}",
        "File too large: {detail}",
    )
    fix = (
        "découpez-le ou augmentez ingest.max_file_mb",
        "split it or raise ingest.max_file_mb",
    )


class SpecialFileError(IngestError):
    code = "E-INGEST-SPECIAL"
    what = (
        "Fichier spécial jamais ouvert ({kind}) : {detail}",
        "Special file never opened ({kind}): {detail}",
    )
    fix = (
        "seuls les fichiers ordinaires sont ingérés ; copiez le contenu dans un fichier",
        "only regular files are ingested; copy the content into a file",
    )


class SymlinkError(IngestError):
    code = "E-INGEST-SYMLINK"
    what = ("Lien symbolique {why} : {detail}", "Symbolic link {why}: {detail}")
    fix = (
        "donnez la cible, ou --follow-symlinks (liens qui restent dans le dossier donné)",
        "give the target, or --follow-symlinks (links that stay inside the given folder)",
    )


class ArchiveError(IngestError):
    code = "E-INGEST-ARCHIVE"
    what = (
        "Contenu compressé hors limites : {detail}",
        "Compressed content beyond limits: {detail}",
    )
    fix = (
        "vérifiez le fichier, ou augmentez ingest.max_unpacked_mb et ingest.max_unpack_ratio",
        "check the file, or raise ingest.max_unpacked_mb and ingest.max_unpack_ratio",
    )


class BannerError(IngestError):
    code = "E-INGEST-BANNER"
    what = (
        "Le document se marque lui-même « {banner} » ({where}), ce que le marquage déclaré "
        "« {declared} » ne couvre pas : {detail}",
        "The document marks itself '{banner}' ({where}), which the declared marking "
        "'{declared}' does not cover: {detail}",
    )
    fix = (
        "un humain décide : un --label qui couvre ce bandeau, ou un document corrigé",
        "a human decides: a --label that covers this banner, or a corrected document",
    )


class InternalIngestError(IngestError):
    code = "E-INGEST-INTERNAL"
    what = (
        "Erreur interne sur ce fichier seul : {detail}",
        "Internal error on this file: {detail}",
    )
    fix = (
        "les autres fichiers sont ingérés ; signalez ce fichier",
        "the other files are ingested; report this file",
    )


class BinaryError(IngestError):
    code = "E-INGEST-BINARY"
    what = (
        "Contenu binaire dans un fichier texte : {detail}",
        "Binary content in a text file: {detail}",
    )
    fix = (
        "vérifiez l'extension du fichier ou convertissez-le en texte",
        "check the file extension or convert it to text",
    )


class CorruptError(IngestError):
    code = "E-INGEST-CORRUPT"
    what = ("Fichier illisible ou corrompu : {detail}", "Unreadable or corrupt file: {detail}")
    fix = (
        "ouvrez-le avec son application pour le réparer, ou réexportez-le",
        "open it in its application to repair it, or export it again",
    )


class ScanTooLargeError(IngestError):
    code = "E-INGEST-PIXELS"
    what = ("Image trop grande : {detail}", "Image too large: {detail}")
    fix = (
        "réduisez sa résolution ou son nombre de pages, ou relevez ingest.ocr.max_pixels / "
        "ingest.ocr.max_pages",
        "lower its resolution or page count, or raise ingest.ocr.max_pixels / ingest.ocr.max_pages",
    )


class OcrUnavailableError(IngestError):
    code = "E-OCR-MISSING"
    what = (
        "Reconnaissance de caractères indisponible : {detail}",
        "Character recognition unavailable: {detail}",
    )
    fix = (
        "installez Tesseract et ses langues : {install} (ou réglez ingest.ocr.tesseract)",
        "install Tesseract and its languages: {install} (or set ingest.ocr.tesseract)",
    )


class OcrTimeoutError(IngestError):
    code = "E-OCR-TIMEOUT"
    what = (
        "Reconnaissance de caractères trop longue : {detail}",
        "Character recognition too slow: {detail}",
    )
    fix = (
        "relevez ingest.ocr.page_timeout_s ou découpez le document",
        "raise ingest.ocr.page_timeout_s or split the document",
    )


class OcrFailedError(IngestError):
    code = "E-OCR-FAILED"
    what = ("Tesseract a échoué : {detail}", "Tesseract failed: {detail}")
    fix = (
        "vérifiez l'image (ouvrez-la, réexportez-la) et l'installation de Tesseract "
        "(tesseract --list-langs)",
        "check the image (open it, export it again) and the Tesseract install "
        "(tesseract --list-langs)",
    )


class RecordError(IngestError):
    code = "E-INGEST-RECORD"
    what = ("Enregistrement invalide : {detail}", "Invalid record: {detail}")
    fix = (
        "chaque enregistrement est un objet JSON avec un champ « text » non vide "
        "et, s'il en a un, un « label » valide",
        "each record is a JSON object with a non-empty 'text' field "
        "and, if present, a valid 'label'",
    )


# --- search and models -------------------------------------------------------------------


class QueryError(EgideError):
    code = "E-QUERY"
    exit_code = 2
    http_status = 400
    what = ("Requête invalide : {detail}", "Invalid query: {detail}")
    fix = ("donnez au moins un mot", "give at least one word")


class FilterError(QueryError):
    code = "E-FILTER"
    what = ("Filtre de recherche invalide : {detail}", "Invalid search filter: {detail}")
    fix = ("voir « egide search --help »", "see 'egide search --help'")


class BatchInputError(QueryError):
    code = "E-BATCH-INPUT"
    what = (
        "Ligne {line} du fichier de requêtes invalide : {detail}",
        "Query file line {line} invalid: {detail}",
    )
    fix = (
        'une ligne par requête : {{"id": "...", "query": "..."}}',
        'one line per query: {{"id": "...", "query": "..."}}',
    )


class EmbedderError(EgideError):
    code = "E-EMBED"
    exit_code = 5
    what = ("Le modèle d'encodage a échoué : {detail}", "The embedding model failed: {detail}")
    fix = (
        "relancez « egide index » ; la recherche lexicale reste disponible",
        "run 'egide index' again; lexical search still works",
    )


class DependencyError(EgideError):
    code = "E-DEPENDENCY"
    exit_code = 5
    what = ("Composant absent : {detail}", "Missing component: {detail}")
    fix = ("installez-le : {install}", "install it: {install}")


class AuditError(EgideError):
    code = "E-AUDIT"
    exit_code = 6
    what = (
        "Journal d'audit impossible à écrire, action refusée : {detail}",
        "Audit log could not be written, action refused: {detail}",
    )
    fix = (
        "vérifiez le disque et les droits du magasin",
        "check the disk and the store's permissions",
    )


class SigningKeyError(EgideError):
    code = "E-KEY"
    exit_code = 6
    what = ("Clé de signature inutilisable : {detail}", "Unusable signing key: {detail}")
    fix = (
        "vérifiez audit.key_path et ses droits (0600) ; la clé est créée par « egide init »",
        "check audit.key_path and its mode (0600); 'egide init' creates the key",
    )


class AuditIntegrityError(EgideError):
    code = "E-AUDIT-TAMPER"
    exit_code = 7
    what = ("Journal d'audit altéré : {detail}", "Audit log tampered with: {detail}")
    fix = (
        "préservez le magasin en l'état et prévenez l'officier de sécurité",
        "preserve the store as it is and alert the security officer",
    )


class CheckpointError(EgideError):
    code = "E-CHECKPOINT"
    exit_code = 7
    what = ("Point de contrôle refusé : {detail}", "Checkpoint refused: {detail}")
    fix = (
        "utilisez un point de contrôle produit par « egide audit checkpoint » sur ce magasin",
        "use a checkpoint made by 'egide audit checkpoint' on this store",
    )


class EgressError(EgideError, ConnectionRefusedError):
    code = "E-EGRESS"
    exit_code = 8
    what = ("Connexion sortante refusée : {detail}", "Outbound connection refused: {detail}")
    fix = (
        "Égide ne parle qu'au bouclage local et aux points déclarés dans network.allow",
        "Égide only talks to loopback and to the endpoints listed in network.allow",
    )


class ModelError(EgideError):
    code = "E-MODEL"
    exit_code = 9
    what = ("Modèle refusé : {detail}", "Model refused: {detail}")
    fix = (
        "seuls les fichiers GGUF et safetensors enregistrés par « egide model add » et "
        "intacts sont chargés",
        "only intact GGUF and safetensors files registered with 'egide model add' are loaded",
    )


class ProductNotFoundError(EgideError):
    code = "E-PRODUCT-NOTFOUND"
    exit_code = 2
    http_status = 404
    what = ("Produit introuvable : {detail}", "Product not found: {detail}")
    fix = ("voir « egide product list »", "see 'egide product list'")


class ProductStateError(EgideError):
    code = "E-PRODUCT-STATE"
    exit_code = 2
    http_status = 409
    what = ("Action impossible sur ce produit : {detail}", "Action not possible: {detail}")
    fix = (
        "seul un projet peut être validé ou rejeté, avec une justification",
        "only a draft can be validated or rejected, with a justification",
    )


class DocumentNotFoundError(EgideError):
    code = "E-DOC-NOTFOUND"
    exit_code = 2
    http_status = 404
    what = ("Document introuvable : {detail}", "Document not found: {detail}")
    fix = (
        "vérifiez l'identifiant (« id » dans egide search --json) ; un document au-dessus de "
        "votre habilitation n'existe pas pour vous",
        "check the id ('id' in egide search --json); a document above your clearance does "
        "not exist for you",
    )


class DocumentStateError(EgideError):
    code = "E-DOC-STATE"
    exit_code = 2
    http_status = 409
    what = (
        "Correction impossible sur ce document : {detail}",
        "Correction not possible on this document: {detail}",
    )
    fix = (
        "voir « egide document show ID » ; une justification (--reason) est obligatoire",
        "see 'egide document show ID'; a justification (--reason) is required",
    )


class LLMError(EgideError):
    code = "E-LLM"
    exit_code = 5
    what = ("Le modèle de langue a échoué : {detail}", "The language model failed: {detail}")
    fix = (
        "vérifiez llm.url ou llm.model ; le moteur extractif reste disponible "
        "(--engine extractive)",
        "check llm.url or llm.model; the extractive engine still works (--engine extractive)",
    )


# --- decision support --------------------------------------------------------------------


class DecisionNotFoundError(EgideError):
    code = "E-DECISION-NOTFOUND"
    exit_code = 2
    http_status = 404
    what = ("Dossier de décision introuvable : {detail}", "Decision file not found: {detail}")
    fix = ("voir « egide decision list »", "see 'egide decision list'")


class DecisionError(EgideError):
    code = "E-DECISION"
    exit_code = 2
    http_status = 409
    what = ("Dossier de décision refusé : {detail}", "Decision file refused: {detail}")
    fix = (
        "corrigez l'élément indiqué (format : README, « Aide à la décision »)",
        "fix the element named (format: README, 'Decision support')",
    )


class CitationError(EgideError):
    code = "E-CITATION"
    exit_code = 2
    http_status = 422
    what = ("Citation non vérifiée : {detail}", "Citation not verified: {detail}")
    fix = (
        "copiez la citation mot pour mot (12 caractères au moins) depuis un passage que vous "
        "pouvez lire, ou marquez l'élément comme présupposition",
        "copy the quote word for word (12 characters at least) from a passage you may read, "
        "or mark the element as an assumption",
    )
