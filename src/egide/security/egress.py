"""The network guard: inside an Égide process, connections go to loopback and to the
endpoints named in ``network.allow``, nowhere else. A refused connection fails at once
with ``E-EGRESS`` — no DNS lookup, no connection attempt, no datagram sent.

An endpoint is a host **and** a port (``llm.interne:8080``): the addresses a name resolves
to are allowed on that port only. The guard wraps name resolution (forward and reverse)
and every way a socket reaches an address (``connect``, ``connect_ex``, ``sendto``,
``sendmsg``), both in the ``socket`` module and at the ``_socket`` level beneath it, which
every Python network library uses. It is installed by ``App`` at start, never at import.
"""

from __future__ import annotations

import _socket
import ipaddress
import socket
from collections.abc import Callable
from typing import Any

from egide.errors import ConfigError, EgressError

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
_RESOLVERS = ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "getnameinfo")
_METHODS = ("connect", "connect_ex", "sendto", "sendmsg")
_INET = (socket.AF_INET, socket.AF_INET6)
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
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(f"network.allow : « {text} » n'est pas HÔTE:PORT / is not HOST:PORT")
    return host.strip("[]").lower(), int(port)


def _port(port: Any) -> int | None:
    """A numeric port, or ``None`` (absent, or a service name)."""
    if isinstance(port, bytes):
        port = port.decode("ascii", "replace")
    if isinstance(port, int) and not isinstance(port, bool):
        return port
    return int(port) if isinstance(port, str) and port.isdigit() else None


class EgressGuard:
    """Decides and enforces; ``on_deny(host, port)`` is told of every refusal."""

    def __init__(self, allow: list[str], on_deny: Callable[[str, int | None], None] | None = None):
        self.allowed = {parse_endpoint(e) for e in allow}
        self.allowed_hosts = {h for h, _ in self.allowed}
        self.resolved: set[tuple[str, int]] = set()  # addresses of allowed names, on their ports
        self.on_deny = on_deny
        self.denied = 0

    def allows(self, host: str, port: int | None) -> bool:
        """``port=None``: a name lookup, allowed for the hosts of allowed endpoints."""
        host = host.lower()
        if _is_loopback(host):
            return True
        if port is None:
            return host in self.allowed_hosts or any(h == host for h, _ in self.resolved)
        return (host, port) in self.allowed or (host, port) in self.resolved

    def refuse(self, host: str, port: int | None) -> EgressError:
        self.denied += 1
        if self.on_deny is not None:
            self.on_deny(host, port)
        return EgressError(f"{host}:{port}" if port is not None else host)

    def _learn(self, name: str, addresses: list[str]) -> None:
        """The addresses of an allowed name, allowed on that name's ports only."""
        ports = [p for h, p in self.allowed if h == name.lower()]
        self.resolved.update((str(a).lower(), p) for a in addresses for p in ports)

    # --- name resolution --------------------------------------------------------------

    def resolver(self, name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        return getattr(self, f"_{name}")(original)  # type: ignore[no-any-return]

    def _getaddrinfo(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
            if host is None:  # the local host's own addresses (bind)
                return original(host, port, *args, **kwargs)
            name = host.decode() if isinstance(host, bytes) else str(host)
            num = _port(port)
            if not self.allows(name, num):
                raise self.refuse(name, num)
            infos = original(host, port, *args, **kwargs)
            if not _is_loopback(name):
                self._learn(name, [info[4][0] for info in infos])
            return infos

        return getaddrinfo

    def _gethostbyname(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def gethostbyname(host: str) -> str:
            if not self.allows(host, None):
                raise self.refuse(host, None)
            address = str(original(host))
            self._learn(host, [address])
            return address

        return gethostbyname

    def _gethostbyname_ex(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def gethostbyname_ex(host: str) -> Any:
            if not self.allows(host, None):
                raise self.refuse(host, None)
            found = original(host)
            self._learn(host, list(found[2]))
            return found

        return gethostbyname_ex

    def _gethostbyaddr(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def gethostbyaddr(host: str) -> Any:
            if not self.allows(host, None):
                raise self.refuse(host, None)
            return original(host)

        return gethostbyaddr

    def _getnameinfo(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def getnameinfo(sockaddr: Any, flags: int) -> Any:
            host = str(sockaddr[0])
            numeric = flags & socket.NI_NUMERICHOST
            if not (numeric or self.allows(host, None)):
                raise self.refuse(host, None)
            return original(sockaddr, flags)

        return getnameinfo

    # --- sockets ----------------------------------------------------------------------

    def check_address(self, sock: Any, address: Any) -> None:
        if sock.family not in _INET or address is None:
            return  # Unix sockets and the like stay on the machine
        host, port = str(address[0]), int(address[1])
        if not self.allows(host, port):
            raise self.refuse(host, port)

    def methods(self, originals: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
        connect, connect_ex = originals["connect"], originals["connect_ex"]
        sendto, sendmsg = originals["sendto"], originals["sendmsg"]

        def guarded_connect(sock: Any, address: Any) -> None:
            self.check_address(sock, address)
            connect(sock, address)

        def guarded_connect_ex(sock: Any, address: Any) -> int:
            self.check_address(sock, address)
            return int(connect_ex(sock, address))

        def guarded_sendto(sock: Any, data: Any, *args: Any) -> int:
            self.check_address(sock, args[-1] if args else None)
            return int(sendto(sock, data, *args))

        def guarded_sendmsg(sock: Any, buffers: Any, *args: Any) -> int:
            self.check_address(sock, args[2] if len(args) > 2 else None)
            return int(sendmsg(sock, buffers, *args))

        return {
            "connect": guarded_connect,
            "connect_ex": guarded_connect_ex,
            "sendto": guarded_sendto,
            "sendmsg": guarded_sendmsg,
        }


def install(guard: EgressGuard) -> None:
    """Route the ``socket`` and ``_socket`` modules through ``guard`` (idempotent; the
    last guard wins)."""
    if not _ORIGINAL:
        _ORIGINAL["socket"] = {n: getattr(socket, n) for n in _RESOLVERS}
        _ORIGINAL["_socket"] = {n: getattr(_socket, n) for n in _RESOLVERS}
        _ORIGINAL["methods"] = {n: getattr(_socket.socket, n) for n in _METHODS}
        _ORIGINAL["class"] = _socket.socket
    for module, key in ((socket, "socket"), (_socket, "_socket")):
        for name, function in _ORIGINAL[key].items():
            setattr(module, name, guard.resolver(name, function))
    methods = guard.methods(_ORIGINAL["methods"])
    for name, function in methods.items():
        setattr(socket.socket, name, function)
    # a socket made from ``_socket`` directly is guarded too
    guarded = type("socket", (_ORIGINAL["class"],), dict(methods))
    _socket.socket = _socket.SocketType = guarded  # type: ignore[misc,assignment]
    _ORIGINAL["guard"] = guard


def installed() -> EgressGuard | None:
    guard = _ORIGINAL.get("guard")
    return guard if isinstance(guard, EgressGuard) else None


def uninstall() -> None:
    """Restore the socket modules (tests only)."""
    if not _ORIGINAL:
        return
    for module, key in ((socket, "socket"), (_socket, "_socket")):
        for name, function in _ORIGINAL[key].items():
            setattr(module, name, function)
    for name in _METHODS:
        delattr(socket.socket, name)
    _socket.socket = _socket.SocketType = _ORIGINAL["class"]  # type: ignore[misc]
    _ORIGINAL.clear()
