"""A development PKI for the demonstration service and the tests: a CA, the service's
certificate (loopback names), users' client certificates and a revocation list. A real
deployment uses the organisation's PKI instead; nothing here is used then."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

Key = ec.EllipticCurvePrivateKey


def _key() -> Key:
    return ec.generate_private_key(ec.SECP256R1())


def _name(cn: str, ou: str | None = None) -> x509.Name:
    parts = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Égide (développement)"),
    ]
    if ou:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, ou))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(parts)


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def _pem_key(key: Key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


@dataclass
class Issued:
    cert: Path
    key: Path
    serial: int


class DevCA:
    """A certificate authority kept in ``folder`` (``ca.pem``, ``ca-key.pem``)."""

    def __init__(self, folder: Path, name: str = "Égide dev CA") -> None:
        self.folder = folder
        self.cert_path = folder / "ca.pem"
        key_path = folder / "ca-key.pem"
        if self.cert_path.exists():
            loaded = serialization.load_pem_private_key(key_path.read_bytes(), None)
            assert isinstance(loaded, ec.EllipticCurvePrivateKey)
            self.key = loaded
            self.cert = x509.load_pem_x509_certificate(self.cert_path.read_bytes())
            return
        self.key = _key()
        now = datetime.now(UTC)
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(_name(name))
            .issuer_name(_name(name))
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True, content_commitment=False, key_encipherment=False,
                    data_encipherment=False, key_agreement=False, key_cert_sign=True,
                    crl_sign=True, encipher_only=False, decipher_only=False,
                ),
                critical=True,
            )
            .sign(self.key, hashes.SHA256())
        )
        _write_private(key_path, _pem_key(self.key))
        self.cert_path.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))

    def _issue(
        self,
        stem: str,
        subject: x509.Name,
        san: list[x509.GeneralName],
        usage: x509.ObjectIdentifier,
        days: float,
        start: datetime | None = None,
    ) -> Issued:
        key = _key()
        begin = start or datetime.now(UTC) - timedelta(minutes=5)
        serial = x509.random_serial_number()
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(serial)
            .not_valid_before(begin)
            .not_valid_after(begin + timedelta(days=days))
            .add_extension(x509.SubjectAlternativeName(san), critical=False)
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(self.key, hashes.SHA256())
        )
        out = Issued(self.folder / f"{stem}.pem", self.folder / f"{stem}-key.pem", serial)
        _write_private(out.key, _pem_key(key))
        out.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return out

    def server(self, hosts: tuple[str, ...] = ("localhost", "127.0.0.1")) -> Issued:
        san: list[x509.GeneralName] = []
        for host in hosts:
            try:
                san.append(x509.IPAddress(ipaddress.ip_address(host)))
            except ValueError:
                san.append(x509.DNSName(host))
        return self._issue("service", _name(hosts[0]), san, ExtendedKeyUsageOID.SERVER_AUTH, 825)

    def client(
        self,
        login: str,
        ou: str | None = None,
        days: float = 365,
        start: datetime | None = None,
    ) -> Issued:
        return self._issue(
            f"client-{login}",
            _name(login, ou),
            [x509.RFC822Name(f"{login}@egide.invalid")],
            ExtendedKeyUsageOID.CLIENT_AUTH,
            days,
            start,
        )

    def crl(self, revoked: list[int], path: Path | None = None) -> Path:
        """Write the revocation list (PEM) naming ``revoked`` serial numbers."""
        now = datetime.now(UTC)
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.cert.subject)
            .last_update(now - timedelta(minutes=5))
            .next_update(now + timedelta(days=30))
        )
        for serial in revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(serial)
                .revocation_date(now - timedelta(minutes=1))
                .build()
            )
        crl = builder.sign(self.key, hashes.SHA256())
        target = path or self.folder / "crl.pem"
        target.write_bytes(crl.public_bytes(serialization.Encoding.PEM))
        return target
