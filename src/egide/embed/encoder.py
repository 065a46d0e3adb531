"""multilingual-e5-small's 12-layer encoder in torch, on a converted model: matrices in the
compute type (bf16 where the processor multiplies it natively, else fp32), the residual
stream, norms and pooling in fp32. torch is imported only when an encoder is built."""

from __future__ import annotations

from typing import Any

from egide.embed.convert import Converted
from egide.embed.e5file import Q4, QK


class Encoder:
    """``encoder(ids, mask)`` → mean-pooled fp32 vectors, one per row of padded ``ids``."""

    def __init__(self, model: Converted, dtype: str) -> None:
        import torch

        self.torch = torch
        cfg = model.config
        self.hidden, self.heads, self.layers = cfg["hidden"], cfg["heads"], cfg["layers"]
        self.eps = float(cfg["eps"])
        self.dtype = torch.bfloat16 if dtype == "bf16" else torch.float32
        a = {name: torch.from_numpy(array) for name, array in model.arrays.items()}

        def dense(name: str) -> Any:
            return torch.from_numpy(
                Q4(model.arrays[f"{name}.q"], model.arrays[f"{name}.d"]).dense()
            )

        h = self.hidden
        self.word_q, self.word_d = a["emb.word.q"], a["emb.word.d"].float()
        self.pos = a["emb.pos"].reshape(-1, h)
        self.type0 = a["emb.type"].reshape(-1, h)[0]
        self.eln = (a["emb.ln.w"], a["emb.ln.b"])
        self.blocks = []
        for i in range(self.layers):
            p = f"l{i}."
            qkv_w = torch.cat([dense(p + "q.w"), dense(p + "k.w"), dense(p + "v.w")])
            qkv_b = torch.cat([a[p + "q.b"], a[p + "k.b"], a[p + "v.b"]])
            self.blocks.append(
                {
                    "qkv": (qkv_w.to(self.dtype), qkv_b.to(self.dtype)),
                    "ao": (dense(p + "ao.w").to(self.dtype), a[p + "ao.b"].to(self.dtype)),
                    "fi": (dense(p + "fi.w").to(self.dtype), a[p + "fi.b"].to(self.dtype)),
                    "fo": (dense(p + "fo.w").to(self.dtype), a[p + "fo.b"].to(self.dtype)),
                    "aln": (a[p + "aln.w"], a[p + "aln.b"]),
                    "oln": (a[p + "oln.w"], a[p + "oln.b"]),
                }
            )

    def _embed(self, ids: Any) -> Any:
        b, t = ids.shape
        q = self.word_q[ids].reshape(b, t, -1, QK).float()
        words = (q * self.word_d[ids][..., None]).reshape(b, t, self.hidden)
        return words + self.pos[:t][None] + self.type0

    def __call__(self, ids: Any, mask: Any) -> Any:
        torch = self.torch
        f = torch.nn.functional
        h, heads = self.hidden, self.heads
        b, t = ids.shape
        x = f.layer_norm(self._embed(ids), (h,), *self.eln, self.eps)
        bias = torch.zeros((b, 1, 1, t), dtype=self.dtype)
        bias.masked_fill_(~mask[:, None, None, :], float("-inf"))
        for blk in self.blocks:
            qkv = f.linear(x.to(self.dtype), *blk["qkv"]).view(b, t, 3, heads, h // heads)
            q, k, v = qkv.permute(2, 0, 3, 1, 4).unbind(0)
            ctx = f.scaled_dot_product_attention(q, k, v, attn_mask=bias)
            attn = f.linear(ctx.transpose(1, 2).reshape(b, t, h), *blk["ao"])
            x = f.layer_norm(x + attn.float(), (h,), *blk["aln"], self.eps)
            mid = f.gelu(f.linear(x.to(self.dtype), *blk["fi"]))
            out = f.linear(mid, *blk["fo"])
            x = f.layer_norm(x + out.float(), (h,), *blk["oln"], self.eps)
        m = mask[..., None].float()
        return (x * m).sum(1) / m.sum(1)
