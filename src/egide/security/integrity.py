"""Integrity of the registry: users, tokens and store flags carry an HMAC made with a key
derived from the service's signing key, so that an edit made behind Égide's back (with
``sqlite3``, say) is detected by ``egide doctor`` and refused at use."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from egide.errors import RegistryIntegrityError
from egide.i18n import Msg

_INFO = b"egide registry integrity v1"


@dataclass(frozen=True)
class Seal:
    """Makes and checks the MAC of a registry row (``kind`` names the table)."""

    _key: bytes

    @classmethod
    def derive(cls, secret: bytes) -> Seal:
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(secret)
        return cls(key)

    def mac(self, kind: str, fields: Mapping[str, Any]) -> str:
        body = json.dumps(
            {"kind": kind, **fields}, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        return hmac.new(self._key, body.encode("utf-8"), hashlib.sha256).hexdigest()

    def valid(self, kind: str, fields: Mapping[str, Any], mac: str | None) -> bool:
        return mac is not None and hmac.compare_digest(self.mac(kind, fields), mac)

    def check(self, kind: str, ident: str, fields: Mapping[str, Any], mac: str | None) -> None:
        if not self.valid(kind, fields, mac):
            raise RegistryIntegrityError(Msg("{kind} « {ident} »", kind=kind, ident=ident))

    def keyed_hash(self, text: str) -> str:
        """An HMAC of ``text`` (queries in the audit log: not guessable by hashing
        candidate queries without the key)."""
        return hmac.new(self._key, b"query\n" + text.encode("utf-8"), hashlib.sha256).hexdigest()
