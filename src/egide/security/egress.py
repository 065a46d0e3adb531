"""The network guard: inside an Égide process, connections go to loopback and to the
endpoints named in ``network.allow``, nowhere else. A refused connection fails at once
with ``E-EGRESS`` — no DNS lookup, no connection attempt.

The guard wraps the ``socket`` module's name resolution and connection functions, which
every Python network library uses. It is installed by ``App`` at start, never at import.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any

from egide.errors import EgressError

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
_ORIGINAL: dict[str, Any] = {}


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def parse_endpoint(text: str) -> tuple[str, int]:
    host, sep, port = text.strip().rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ValueError(f"endpoint '{text}' is not host:port")
    return host.strip("[]").lower(), int(port)


class EgressGuard:
    """Decides and enforces; ``on_deny(host, port)`` is told of every refusal."""

    def __init__(self, allow: list[str], on_deny: Callable[[str, int | None], None] | None = None):
        self.allowed = {parse_endpoint(e) for e in allow}
        self.allowed_hosts = {h for h, _ in self.allowed}
        self.resolved: set[tuple[str, int]] = set()
        self.on_deny = on_deny
        self.denied = 0

    def allows(self, host: str, port: int | None) -> bool:
        host = host.lower()
        if _is_loopback(host):
            return True
        if port is None:
            return host in self.allowed_hosts
        return (host, port) in self.allowed or (host, port) in self.resolved

    def refuse(self, host: str, port: int | None) -> EgressError:
        self.denied += 1
        if self.on_deny is not None:
            self.on_deny(host, port)
        return EgressError(f"{host}:{port}" if port is not None else host)

    # --- wrappers ---------------------------------------------------------------------

    def getaddrinfo(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        num = int(port) if isinstance(port, int | str) and str(port).isdigit() else None
        if (
            name is None
            or self.allows(str(name), num)
            or (num is None and str(name).lower() in self.allowed_hosts)
        ):
            infos = _ORIGINAL["getaddrinfo"](host, port, *args, **kwargs)
            if name is not None and not _is_loopback(str(name)):
                for info in infos:
                    self.resolved.add((str(info[4][0]).lower(), int(info[4][1])))
            return infos
        raise self.refuse(str(name), num)

    def gethostbyname(self, host: str) -> str:
        if self.allows(host, None):
            return str(_ORIGINAL["gethostbyname"](host))
        raise self.refuse(host, None)

    def gethostbyname_ex(self, host: str) -> Any:
        if self.allows(host, None):
            return _ORIGINAL["gethostbyname_ex"](host)
        raise self.refuse(host, None)

    def check_address(self, sock: socket.socket, address: Any) -> None:
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return  # Unix sockets and the like stay on the machine
        host, port = str(address[0]), int(address[1])
        if not self.allows(host, port):
            raise self.refuse(host, port)


def install(guard: EgressGuard) -> None:
    """Route the socket module through ``guard`` (idempotent; the last guard wins)."""
    if not _ORIGINAL:
        _ORIGINAL.update(
            getaddrinfo=socket.getaddrinfo,
            gethostbyname=socket.gethostbyname,
            gethostbyname_ex=socket.gethostbyname_ex,
            connect=socket.socket.connect,
            connect_ex=socket.socket.connect_ex,
            sendto=socket.socket.sendto,
        )
    original_connect = _ORIGINAL["connect"]
    original_connect_ex = _ORIGINAL["connect_ex"]
    original_sendto = _ORIGINAL["sendto"]

    def connect(sock: socket.socket, address: Any) -> None:
        guard.check_address(sock, address)
        original_connect(sock, address)

    def connect_ex(sock: socket.socket, address: Any) -> int:
        guard.check_address(sock, address)
        return int(original_connect_ex(sock, address))

    def sendto(sock: socket.socket, data: Any, *args: Any) -> int:
        guard.check_address(sock, args[-1])
        return int(original_sendto(sock, data, *args))

    patches: dict[str, Any] = {"connect": connect, "connect_ex": connect_ex, "sendto": sendto}
    for name, function in patches.items():
        setattr(socket.socket, name, function)
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        setattr(socket, name, getattr(guard, name))
    _ORIGINAL["guard"] = guard


def installed() -> EgressGuard | None:
    guard = _ORIGINAL.get("guard")
    return guard if isinstance(guard, EgressGuard) else None


def uninstall() -> None:
    """Restore the socket module (tests only)."""
    if not _ORIGINAL:
        return
    for name in ("connect", "connect_ex", "sendto"):
        setattr(socket.socket, name, _ORIGINAL[name])
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        setattr(socket, name, _ORIGINAL[name])
    _ORIGINAL.clear()
