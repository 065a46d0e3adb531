"""No egress: inside an Égide process, name lookups and connections to the outside fail at
once with E-EGRESS; loopback and endpoints named in settings still work."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from egide.app import App
from egide.errors import ConfigError, EgressError
from egide.security import egress
from egide.settings import load_settings

PROBE = r"""
import json, socket, sys
from pathlib import Path
from egide.app import App
from egide.settings import load_settings
app = App(load_settings(home=Path(sys.argv[1]), network={"allow": [sys.argv[2]]}))
out = {}
def attempt(name, fn):
    try:
        fn()
        out[name] = "ok"
    except OSError as exc:
        out[name] = getattr(exc, "code", type(exc).__name__)
attempt("dns", lambda: socket.getaddrinfo("example.org", 443))
attempt("dns_legacy", lambda: socket.gethostbyname("example.org"))
attempt("tcp", lambda: socket.create_connection(("1.1.1.1", 443), timeout=3))
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
attempt("udp", lambda: udp.sendto(b"x", ("8.8.8.8", 53)))
attempt("udp_sendmsg", lambda: udp.sendmsg([b"x"], [], 0, ("192.0.2.1", 9)))
attempt("connect_ex", lambda: socket.socket().connect_ex(("192.0.2.1", 9)))
attempt("reverse_dns", lambda: socket.gethostbyaddr("192.0.2.1"))
attempt("name_info", lambda: socket.getnameinfo(("192.0.2.1", 80), 0))
import _socket
raw = _socket.socket(_socket.AF_INET, _socket.SOCK_DGRAM)
attempt("raw_sendto", lambda: raw.sendto(b"x", ("192.0.2.1", 9)))
attempt("raw_connect", lambda: _socket.socket().connect(("192.0.2.1", 9)))
attempt("raw_dns", lambda: _socket.getaddrinfo("example.org", 443))
host, port = sys.argv[3].rsplit(":", 1)
attempt("loopback", lambda: socket.create_connection((host, int(port)), timeout=3).close())
attempt("raw_loopback", lambda: _socket.socket().connect((host, int(port))))
print(json.dumps(out))
"""


@pytest.fixture
def server() -> Iterator[int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    port = sock.getsockname()[1]

    def serve() -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield port
    sock.close()


def test_an_egide_process_cannot_reach_outside(tmp_path: Path, server: int) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path), "llm.internal:8080", f"127.0.0.1:{server}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {
        "dns": "E-EGRESS",
        "dns_legacy": "E-EGRESS",
        "tcp": "E-EGRESS",
        "udp": "E-EGRESS",
        "udp_sendmsg": "E-EGRESS",
        "connect_ex": "E-EGRESS",
        "reverse_dns": "E-EGRESS",
        "name_info": "E-EGRESS",
        "raw_sendto": "E-EGRESS",
        "raw_connect": "E-EGRESS",
        "raw_dns": "E-EGRESS",
        "loopback": "ok",
        "raw_loopback": "ok",
    }


def test_allowed_endpoints_pass_the_guard(tmp_path: Path) -> None:
    try:
        App(load_settings(home=tmp_path, network={"allow": ["192.0.2.10:8000"]}))
        guard = egress.installed()
        assert guard is not None
        assert guard.allows("192.0.2.10", 8000)
        assert not guard.allows("192.0.2.10", 8001)
        assert not guard.allows("192.0.2.11", 8000)
        with socket.socket() as sock:
            sock.settimeout(0.2)
            with pytest.raises(OSError) as info:
                sock.connect(("192.0.2.10", 8000))  # TEST-NET: passes the guard, goes nowhere
            assert not isinstance(info.value, EgressError)
            with pytest.raises(EgressError):
                sock.connect(("192.0.2.10", 8001))
    finally:
        App(load_settings(home=tmp_path))  # back to the default guard


def test_refusals_are_audited(store: App) -> None:
    with pytest.raises(EgressError):
        socket.getaddrinfo("exfil.example", 443)
    store.close()
    rows = store.db.execute("SELECT record FROM audit WHERE action = 'egress.denied'").fetchall()
    assert rows and "exfil.example" in rows[-1][0]


def test_an_allowed_name_opens_its_port_only(tmp_path: Path) -> None:
    """Resolving an allowed name, by any port or service name, allows its addresses on the
    allowed port and on no other."""

    def fake_getaddrinfo(host: str, port: object, *args: object) -> list[tuple]:
        number = 80 if port == "http" else int(port or 0)  # type: ignore[call-overload]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.0.2.7", number))]

    App(load_settings(home=tmp_path, network={"allow": ["llm.interne:8080"]}))
    guard = egress.installed()
    assert guard is not None
    real = egress._ORIGINAL["socket"]["getaddrinfo"]
    egress._ORIGINAL["socket"]["getaddrinfo"] = fake_getaddrinfo
    try:
        egress.install(guard)
        for port in ("http", None, 8080):
            socket.getaddrinfo("llm.interne", port)
        with pytest.raises(EgressError):
            socket.getaddrinfo("llm.interne", 22)
        assert guard.allows("192.0.2.7", 8080)
        assert not guard.allows("192.0.2.7", 80) and not guard.allows("192.0.2.7", 0)
        with socket.socket() as sock, pytest.raises(EgressError):
            sock.connect(("192.0.2.7", 80))
    finally:
        egress._ORIGINAL["socket"]["getaddrinfo"] = real
        App(load_settings(home=tmp_path))  # back to the default guard


def test_an_allow_entry_without_port_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        egress.EgressGuard(["llm.interne"])
