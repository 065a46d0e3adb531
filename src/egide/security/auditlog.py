"""The audit log as a verifiable structure: hash chain plus RFC 6962 Merkle tree,
checkpoints signed with Ed25519, inclusion and consistency proofs.

A checkpoint states (store, size, root) under the store's signing key. It is written to a
file for safekeeping elsewhere and also recorded in the log itself, so that ``verify``
detects edits, deletions, reordering (chain), and truncation, rollback and forks
(checkpoints).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from egide.errors import AuditIntegrityError, CheckpointError
from egide.i18n import N_, Msg
from egide.security import merkle, signing
from egide.security.signing import Signer
from egide.store import audit

CHECKPOINT_TYPE = "egide.audit.checkpoint.v1"


def _signed_part(cp: dict[str, Any]) -> bytes:
    body = {k: cp[k] for k in ("type", "store", "size", "root", "time", "key_id")}
    return audit.canonical_json(body).encode("utf-8")


def make_checkpoint(conn: sqlite3.Connection, signer: Signer, store_id: str) -> dict[str, Any]:
    """Sign the current tree head. Call inside a transaction: the checkpoint is also
    appended to the log (it covers the records before its own)."""
    scan = audit.scan(conn)
    if not scan.ok:
        raise AuditIntegrityError(_broken(scan.first_bad, scan.reason))
    cp: dict[str, Any] = {
        "type": CHECKPOINT_TYPE,
        "store": store_id,
        "size": scan.records,
        "root": merkle.root(scan.leaves).hex(),
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "key_id": signer.key_id,
    }
    cp["signature"] = signer.sign(_signed_part(cp)).hex()
    cp["public_key"] = signer.public.hex()
    return cp


def parse_checkpoint(text: str) -> dict[str, Any]:
    try:
        cp = json.loads(text)
        assert isinstance(cp, dict) and cp.get("type") == CHECKPOINT_TYPE
        int(cp["size"]), bytes.fromhex(cp["root"]), bytes.fromhex(cp["signature"])
        str(cp["store"]), str(cp["time"]), str(cp["key_id"])
    except (ValueError, KeyError, TypeError, AssertionError):
        raise CheckpointError(
            Msg("fichier illisible ou incomplet")
        ) from None
    return cp


def check_signature(cp: dict[str, Any], public: bytes, store_id: str) -> None:
    if cp["store"] != store_id:
        raise CheckpointError(Msg("il provient d'un autre magasin"))
    if cp["key_id"] != signing.key_id(public) or not signing.verify(
        public, _signed_part(cp), bytes.fromhex(cp["signature"])
    ):
        raise CheckpointError(
            Msg("signature invalide ou clé étrangère")
        )


# Why the chain breaks at a record (store.audit.scan), as the reader is told.
_REASONS = {
    "sequence gap": N_("trou dans la numérotation"),
    "broken link": N_("chaînage rompu"),
    "hash mismatch": N_("empreinte fausse"),
    "seq mismatch": N_("numéro différent de celui de l'enregistrement"),
    "columns differ from the record": N_("colonnes différentes de l'enregistrement"),
}


def _broken(seq: int | None, reason: str) -> Msg:
    why = Msg(_REASONS.get(reason, reason))
    return Msg("enregistrement n° {seq} : {reason}", seq=seq, reason=why)


@dataclass
class Verification:
    ok: bool
    records: int
    root: str
    checkpoints: int = 0
    first_bad: int | None = None
    problems: list[Msg] = field(default_factory=list)

    def to_dict(self, lang: str = "fr") -> dict[str, Any]:
        return {
            "ok": self.ok,
            "records": self.records,
            "root": self.root,
            "checkpoints_checked": self.checkpoints,
            "first_bad": self.first_bad,
            "problems": [p.render(lang) for p in self.problems],
        }


def verify(
    conn: sqlite3.Connection,
    public: bytes,
    store_id: str,
    external: list[dict[str, Any]] | None = None,
) -> Verification:
    """Check the chain, every checkpoint recorded in the log and every given one."""
    scan = audit.scan(conn)
    out = Verification(scan.ok, scan.records, merkle.root(scan.leaves).hex())
    if not scan.ok:
        out.first_bad = scan.first_bad
        out.problems.append(_broken(scan.first_bad, scan.reason))
    heads: dict[int, str] = {}
    recorded = [
        ({"type": CHECKPOINT_TYPE, "store": store_id, **c}, Msg("n° {seq}", seq=c["seq"]))
        for c in scan.checkpoints
    ]
    given = [(cp, Msg("fichier")) for cp in external or []]
    for cp, origin in recorded + given:
        out.checkpoints += 1
        try:
            check_signature(cp, public, store_id)
        except CheckpointError as exc:
            detail = exc.params["detail"]
            out.problems.append(
                Msg("point de contrôle ({origin}) : {detail}", origin=origin, detail=detail)
            )
            continue
        size, root = int(cp["size"]), str(cp["root"])
        if heads.setdefault(size, root) != root:
            out.problems.append(
                Msg("fourche : deux racines signées pour la taille {size}", size=size)
            )
        if size > scan.records:
            out.problems.append(
                Msg(
                    "journal plus court que le point de contrôle ({records} < {size}) : "
                    "troncature ou retour en arrière",
                    records=scan.records,
                    size=size,
                )
            )
        elif merkle.root(scan.leaves[:size]).hex() != root:
            out.problems.append(
                Msg(
                    "la racine des {size} premiers enregistrements diffère du point de contrôle",
                    size=size,
                )
            )
    out.ok = not out.problems
    return out


def inclusion(conn: sqlite3.Connection, seq: int, size: int | None = None) -> dict[str, Any]:
    """Proof that record ``seq`` (1-based) is in the tree of ``size`` records."""
    leaves = audit.scan(conn).leaves
    size = len(leaves) if size is None else size
    proof = merkle.inclusion_proof(leaves, seq - 1, size)
    root = merkle.root(leaves[:size])
    return {
        "seq": seq,
        "size": size,
        "leaf": leaves[seq - 1].hex(),
        "root": root.hex(),
        "proof": [h.hex() for h in proof],
        "verified": merkle.verify_inclusion(leaves[seq - 1], seq - 1, size, proof, root),
    }


def consistency(conn: sqlite3.Connection, old: int, new: int | None = None) -> dict[str, Any]:
    """Proof that the first ``old`` records are unchanged in the tree of ``new``."""
    leaves = audit.scan(conn).leaves
    new = len(leaves) if new is None else new
    proof = merkle.consistency_proof(leaves, old, new)
    old_root, new_root = merkle.root(leaves[:old]), merkle.root(leaves[:new])
    return {
        "old": old,
        "new": new,
        "old_root": old_root.hex(),
        "new_root": new_root.hex(),
        "proof": [h.hex() for h in proof],
        "verified": merkle.verify_consistency(old, new, old_root, new_root, proof),
    }
