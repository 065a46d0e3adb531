"""The service under load, beside in-process search in the same run.

A real ``egide serve`` (a separate process, TLS with client certificates, an encrypted
store) over ``n`` chunks; clients in threads of this process, each with its own keep-alive
connection, run the same questions. Also: ``egide search`` through the service beside the
local command (wall time of the whole process), alert delivery from a watcher's batch to
the board's event stream at a steady message rate, and the service's memory.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import ssl
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from bench.search_bench import fill
from bench.stats import percentile, summary_ms
from egide.app import App
from egide.security.principals import Authority, make_user
from egide.service.pki import DevCA
from egide.settings import load_settings
from egide.store import sealing, users
from egide.store.db import DB_NAME, transaction

USER = "bench.dr"
RULES = "version: 1\nrules:\n  - id: R-BANC\n    priority: URGENT\n    when:\n      any: [alerte]\n"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _rss_mb(pid: int) -> tuple[float, float]:
    """(resident, peak resident) of a process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


class _Service:
    """``egide serve`` on an encrypted copy of ``plain`` (a store folder)."""

    def __init__(self, plain: Path, work: Path) -> None:
        self.work = work
        home = work / "store"
        home.mkdir(mode=0o700, parents=True)
        key_file = work / "secrets" / "store.key"
        sealing.encrypt_copy(plain / DB_NAME, home / DB_NAME, sealing.create_key(key_file))
        for extra in plain.iterdir():
            if extra.is_file() and not extra.name.startswith(DB_NAME):
                shutil.copy2(extra, home / extra.name)
        self.ca = DevCA(work / "pki")
        server = self.ca.server()
        client = self.ca.client(USER)
        self.cert = (str(client.cert), str(client.key))
        self.port = _free_port()
        config = work / "service.toml"
        config.write_text(
            f'home = "{home}"\n[store]\nkey_file = "{key_file}"\n'
            f'[audit]\nwitness = "{work / "witness.jsonl"}"\n'
            f"[service]\nport = {self.port}\nthreads = 8\n"
            f'tls_cert = "{server.cert}"\ntls_key = "{server.key}"\n'
            f'client_ca = "{self.ca.cert_path}"\n'
            '[[service.terminals]]\nname = "banc"\nnetworks = ["127.0.0.0/8"]\n'
        )
        self.config = config
        self.url = f"https://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("EGIDE_")}
        # the service's own log (an internal error's trace) is kept beside its store
        self.log = (work / "service.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "egide", "serve", "--config", str(config)],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 600
        with self.client() as probe:
            while True:
                try:
                    if probe.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("egide serve did not start")
                time.sleep(0.5)

    def context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=str(self.ca.cert_path))
        context.load_cert_chain(*self.cert)
        return context

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url + "/api/v1", verify=self.context(), timeout=120)

    def client_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("EGIDE_")}
        env.update(
            {
                "EGIDE_URL": self.url,
                "EGIDE_CLIENT__CERT": self.cert[0],
                "EGIDE_CLIENT__KEY": self.cert[1],
                "EGIDE_CLIENT__CA": str(self.ca.cert_path),
            }
        )
        return env

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()


def _concurrent(service: _Service, queries: list[str], clients: int, per_client: int) -> Any:
    timings: list[float] = []
    lock = threading.Lock()

    def worker(offset: int) -> None:
        with service.client() as client:
            client.get("/search", params={"q": queries[offset % len(queries)], "limit": 10})
            for i in range(per_client):
                q = queries[(offset * per_client + i) % len(queries)]
                t = time.perf_counter()
                r = client.get("/search", params={"q": q, "limit": 10})
                elapsed = time.perf_counter() - t
                r.raise_for_status()
                with lock:
                    timings.append(elapsed)

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, range(clients)))
    wall = time.perf_counter() - start
    return {**summary_ms(timings), "queries_per_s": round(len(timings) / wall, 1)}


def _cli_wall(env: dict[str, str], query: str, runs: int) -> dict[str, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "egide", "search", query, "--json"],
            env=env,
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - t)
    return {"p50_s": round(percentile(times, 50), 3), "max_s": round(max(times), 3)}


def _alert_delivery(service: _Service, rate: int, seconds: float) -> dict[str, Any]:
    """Send ``rate`` messages a second (batches every 100 ms) through a watcher; measure
    from each batch's send to its alerts' arrival on the board's event stream."""
    sent: dict[str, float] = {}
    received: dict[str, float] = {}
    ready = threading.Event()
    done = threading.Event()
    total = int(rate * seconds)

    def listen() -> None:
        with service.client() as client, client.stream(
            "GET", "/alerts/stream", timeout=None
        ) as stream:
            for line in stream.iter_lines():
                ready.set()
                if line.startswith("data:"):
                    body = json.loads(line[5:])["body"]
                    received[body["id"]] = time.perf_counter()
                    if len(received) >= total:
                        break
        done.set()

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    ready.wait(30)
    per_batch = max(1, rate // 10)
    with service.client() as client:
        session = client.post("/session", json={})
        client.headers["X-CSRF-Token"] = session.json()["csrf"]
        start = time.perf_counter()
        for n in range(0, total, per_batch):
            target = start + n / rate
            time.sleep(max(0.0, target - time.perf_counter()))
            records = []
            ids = []
            for i in range(n, min(n + per_batch, total)):
                ident = f"banc-{os.getpid()}-{i}"
                ids.append(ident)
                line = json.dumps({"id": ident, "text": f"alerte numéro {i}", "label": "NP"})
                records.append({"data": base64.b64encode(line.encode()).decode(), "where": ""})
            stamp = time.perf_counter()
            for ident in ids:
                sent[ident] = stamp
            client.post("/watch/banc/batch", json={"records": records, "rules": RULES})
    done.wait(30)
    latencies = [received[k] - sent[k] for k in sent if k in received]
    return {
        "rate_per_s": rate,
        "messages": total,
        "delivered": len(latencies),
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
    }


def run(texts: list[str], queries: list[str], work: Path, per_client: int = 20) -> dict[str, Any]:
    plain = work / "plain"
    settings = load_settings(home=plain)
    with App(settings) as app:
        app.init_store(dev=True)
        t0 = time.perf_counter()
        fill(app, texts)
        with transaction(app.db):
            users.add(app.db, make_user("bench.s", "S", "FRA"), app.seal)
        build_s = time.perf_counter() - t0
        dr = Authority.of(make_user(USER, "DR", "FRA"))
        searcher = app.searcher
        searcher.search(queries[0], dr, 10)
        local = []
        for q in queries:
            t = time.perf_counter()
            searcher.search(q, dr, 10)
            local.append(time.perf_counter() - t)
    service = _Service(plain, work / "service")
    try:
        rest_rss, _ = _rss_mb(service.process.pid)
        out: dict[str, Any] = {
            "chunks": len(texts),
            "store_build_seconds": round(build_s, 1),
            "in_process": summary_ms(local),
            "service": {
                str(n): _concurrent(service, queries, n, per_client) for n in (1, 8, 32)
            },
        }
        local_env = {k: v for k, v in os.environ.items() if not k.startswith("EGIDE_")}
        local_env.update({"EGIDE_HOME": str(plain), "EGIDE_USER": USER})
        out["cli_wall"] = {
            "through_service": _cli_wall(service.client_env(), queries[1], 5),
            "local": _cli_wall(local_env, queries[1], 5),
        }
        out["alerts"] = _alert_delivery(service, 100, 10.0)
        now_rss, peak_rss = _rss_mb(service.process.pid)
        out["service_memory_mb"] = {
            "at_rest": round(rest_rss, 1),
            "after_load": round(now_rss, 1),
            "peak": round(peak_rss, 1),
        }
    finally:
        service.stop()
    return out
