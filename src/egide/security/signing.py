"""Ed25519 signing key for audit checkpoints and model manifests.

The private key is a PEM file created once (mode 0600) at ``egide init``; its path is a
setting. Signatures are over canonical JSON; verification needs only the public key.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from egide.errors import SigningKeyError
from egide.i18n import Msg


def key_id(public: bytes) -> str:
    return hashlib.sha256(public).hexdigest()[:16]


@dataclass(frozen=True)
class Signer:
    _key: Ed25519PrivateKey

    @property
    def public(self) -> bytes:
        return self._key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    @property
    def key_id(self) -> str:
        return key_id(self.public)

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)

    def secret(self) -> bytes:
        """The raw private key, from which other keys of the service are derived."""
        return self._key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )


def create_key(path: Path) -> Signer:
    """Write a new private key readable by its owner only; never overwrite one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise SigningKeyError(Msg("{path} existe déjà", path=path)) from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    return Signer(key)


def load_key(path: Path) -> Signer:
    """Load the private key; refuse one that others may read."""
    try:
        mode = path.stat().st_mode
        data = path.read_bytes()
    except OSError as exc:
        raise SigningKeyError(
            Msg("{path} illisible ({strerror})", path=path, strerror=exc.strerror)
        ) from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SigningKeyError(
            Msg("{path} est lisible par d'autres (mode {value})", path=path, value=oct(mode & 511))
        )
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise SigningKeyError(
            Msg("{path} n'est pas une clé valide", path=path)
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(Msg("{path} n'est pas une clé Ed25519", path=path))
    return Signer(key)


def verify(public: bytes, message: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True
