"""The analyst's pages in a real browser (Debian's Chromium through Playwright), against a
real ``egide serve`` on the demo store (a separate process, TLS, encrypted store).

* time to first paint and to interactive of the search page and the alert board, from
  the browser's own performance timings (first contentful paint; DOMContentLoaded end,
  when the deferred scripts have bound their handlers; for the board, also the moment its
  event stream is open), cold (a fresh browser context) and warm (cached assets);
* the weight of every page: the document and every asset it loads (limit 300 KB);
* alert delivery from ``egide watch`` (a client of the service, following a file written
  at a steady rate) to the row on the board, p50/p99, from the line written to the row
  inserted (both clocks are this machine's wall clock).
"""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from bench.stats import percentile, summary_ms
from egide.service.demo import Login, prepare
from egide.settings import load_settings

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LIMIT_KB = 300
QUERY = "/search?q=pont+de+Sarvik"
RULES = "rules:\n  - id: R-BANC\n    priority: FLASH\n    when:\n      any: [alerte]\n"
TIMINGS = """async () => {
  // paint entries are recorded once a frame is drawn: wait for the next one
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  const nav = performance.getEntriesByType('navigation')[0];
  const paint = performance.getEntriesByType('paint');
  const fcp = paint.find((p) => p.name === 'first-contentful-paint');
  const fp = paint.find((p) => p.name === 'first-paint');
  return {
    first_paint: fp ? fp.startTime : null,
    first_contentful_paint: fcp ? fcp.startTime : null,
    dom_interactive: nav.domInteractive,
    interactive: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
  };
}"""
WEIGHT = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const items = [{name: location.pathname, bytes: nav.decodedBodySize}];
  for (const r of performance.getEntriesByType('resource')) {
    items.push({name: new URL(r.name).pathname, bytes: r.decodedBodySize});
  }
  return items;
}"""
RECEIVED = """() => Array.from(document.querySelectorAll('tr.alert-row[data-received]')).map(
  (row) => [(row.textContent.match(/banc-\\d+-\\d+/) || [''])[0],
            Number(row.getAttribute('data-received'))])"""


class _Demo:
    """``egide serve`` over the demo folder (store, PKI, logins) made by ``prepare``."""

    def __init__(self, work: Path) -> None:
        port = _free_port()
        t0 = time.perf_counter()
        self.settings, logins = prepare(load_settings(home=work / "unused"), work / "demo", port)
        self.build_s = time.perf_counter() - t0
        self.logins: dict[str, Login] = {x.user: x for x in logins}
        self.url = f"https://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("EGIDE_")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "egide", "serve", "--config", str(work / "demo" / "egide.toml")],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 300
        while True:
            try:
                if self.api("analyste.s").get("/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("egide serve did not start")
            time.sleep(0.5)

    def api(self, user: str) -> httpx.Client:
        login = self.logins[user]
        context = ssl.create_default_context(cafile=str(self.settings.service.client_ca))
        context.load_cert_chain(login.cert, login.key)
        return httpx.Client(base_url=self.url + "/api/v1", verify=context, timeout=120)

    def client_env(self, user: str, home: Path) -> dict[str, str]:
        login = self.logins[user]
        env = {k: v for k, v in os.environ.items() if not k.startswith("EGIDE_")}
        env.update({
            "EGIDE_URL": self.url,
            "EGIDE_CLIENT__CERT": login.cert,
            "EGIDE_CLIENT__KEY": login.key,
            "EGIDE_CLIENT__CA": str(self.settings.service.client_ca),
            "EGIDE_HOME": str(home),
        })
        return env

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _login(browser: Any, demo: _Demo, user: str) -> Any:
    """A fresh browser context (empty cache) with an open password session."""
    context = browser.new_context(
        ignore_https_errors=True, locale="fr-FR", viewport={"width": 1280, "height": 800}
    )
    page = context.new_page()
    page.goto(demo.url + "/login")
    page.fill("#user", user)
    page.fill("#password", demo.logins[user].password)
    page.click("#login-password")
    page.wait_for_url("**/search")
    return context, page


def _timings(browser: Any, demo: _Demo, path: str, runs: int, live: bool) -> dict[str, Any]:
    """Cold: each run in a fresh context (its first visit of ``path``); warm: a reload."""
    cold: dict[str, list[float]] = {}
    warm: dict[str, list[float]] = {}
    for _ in range(runs):
        context, page = _login(browser, demo, "analyste.s")
        try:
            for into in (cold, warm):
                page.goto(demo.url + path)
                page.wait_for_load_state("load")
                marks = page.evaluate(TIMINGS)
                if live:
                    page.wait_for_selector("#board[data-live='1']")
                    marks["live"] = page.evaluate("performance.now()")
                for key, value in marks.items():
                    if value is not None:
                        into.setdefault(key, []).append(value / 1000)
        finally:
            context.close()
    return {
        "cold": {k: summary_ms(v) for k, v in cold.items()},
        "warm": {k: summary_ms(v) for k, v in warm.items()},
    }


def _weights(browser: Any, demo: _Demo, paths: dict[str, tuple[str, str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, (user, path) in paths.items():
        context, page = _login(browser, demo, user)
        try:
            page.goto(demo.url + path)
            page.wait_for_load_state("load")
            items = page.evaluate(WEIGHT)
        finally:
            context.close()
        total = sum(int(i["bytes"]) for i in items)
        out[name] = {
            "path": path,
            "kb": round(total / 1024, 1),
            "requests": len(items),
            "within_limit": total <= LIMIT_KB * 1024,
        }
    return out


def _alert_delivery(
    browser: Any, demo: _Demo, work: Path, rate: int, seconds: float,
    trace: dict[str, Any] | None = None,
) -> dict[str, Any]:
    total = int(rate * seconds)
    name = f"banc-web-{os.getpid()}-{int(time.time())}"  # a watcher with no checkpoint yet
    feed = work / f"{name}.jsonl"
    feed.write_text("")
    rules = work / "rules.yaml"
    rules.write_text(RULES)
    context, page = _login(browser, demo, "analyste.dr")
    watcher: subprocess.Popen[bytes] | None = None
    on_stream: dict[str, float] = {}  # the API's event stream, beside the board
    listener = threading.Thread(target=_listen, args=(demo, on_stream), daemon=True)
    listener.start()
    try:
        page.goto(demo.url + "/alerts?priority=FLASH")
        page.wait_for_selector("#board[data-live='1']")
        watcher = subprocess.Popen(
            [sys.executable, "-m", "egide", "watch", f"tail:{feed}", "--rules", str(rules),
             "--label", "DR", "--name", name, "--json"],
            env=demo.client_env("analyste.s", work / "client"),
            cwd=work,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        with feed.open("a", encoding="utf-8") as fh:
            # the watcher's start-up (imports, checkpoint) is not delivery: wait for a
            # first alert to reach the board before the timed messages
            fh.write(json.dumps({"id": "banc-0-0", "text": "alerte de mise en route"}) + "\n")
            fh.flush()
            page.locator("tr.alert-row", has_text="mise en route").wait_for(timeout=300_000)
        sent: dict[str, float] = {}
        start = time.perf_counter()
        with feed.open("a", encoding="utf-8") as fh:
            for i in range(total):
                time.sleep(max(0.0, start + i / rate - time.perf_counter()))
                ident = f"banc-{os.getpid()}-{i}"
                fh.write(json.dumps({"id": ident, "text": f"alerte numéro {i}"}) + "\n")
                fh.flush()
                sent[ident] = time.time()
        offered = total / (time.perf_counter() - start)
        deadline = time.monotonic() + 60
        received: dict[str, float] = {}
        while time.monotonic() < deadline:
            received = {k: v / 1000 for k, v in page.evaluate(RECEIVED) if k in sent}
            if len(received) >= total:
                break
            time.sleep(0.5)
    finally:
        if watcher is not None:
            watcher.terminate()
            watcher.wait(timeout=60)
        context.close()
    if trace is not None:
        trace.update({"sent": sent, "received": received})
    latencies = [received[k] - sent[k] for k in sent if k in received]
    streamed = [on_stream[k] - sent[k] for k in sent if k in on_stream]
    return {
        "api_stream_p50_ms": round(percentile(streamed, 50) * 1000, 1),
        "api_stream_p99_ms": round(percentile(streamed, 99) * 1000, 1),
        "rate_per_s": rate,
        "offered_per_s": round(offered, 1),
        "messages": total,
        "delivered": len(latencies),
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1) if latencies else float("nan"),
    }


def _listen(demo: _Demo, arrivals: dict[str, float]) -> None:
    """Note when each alert reaches ``/api/v1/alerts/stream`` (until the service stops)."""
    try:
        with demo.api("analyste.dr") as api, api.stream(
            "GET", "/alerts/stream", timeout=None
        ) as stream:
            for line in stream.iter_lines():
                if line.startswith("data:"):
                    body = json.loads(line[5:]).get("body", {})
                    arrivals[str(body.get("id"))] = time.time()
    except httpx.HTTPError:
        return


def _screenshots(browser: Any, demo: _Demo, folder: Path) -> list[str]:
    """The README's pictures: the Secret analyst's search, and the board after the run."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for name, user, path in (
        ("web-recherche.png", "analyste.s", QUERY),
        ("web-alertes.png", "analyste.dr", "/alerts"),
    ):
        context, page = _login(browser, demo, user)
        try:
            page.goto(demo.url + path)
            page.wait_for_load_state("load")
            page.screenshot(path=str(folder / name))
            made.append(str(folder / name))
        finally:
            context.close()
    return made


def run(work: Path, runs: int = 10, rate: int = 100, seconds: float = 10.0,
        shots: Path | None = None) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    demo = _Demo(work)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                out: dict[str, Any] = {
                    "demo_build_seconds": round(demo.build_s, 1),
                    "search": _timings(browser, demo, QUERY, runs, live=False),
                    "alerts": _timings(browser, demo, "/alerts", runs, live=True),
                    "weight": _weights(browser, demo, _pages(demo)),
                    "limit_kb": LIMIT_KB,
                }
                out["delivery"] = _alert_delivery(browser, demo, work, rate, seconds)
                if shots is not None:
                    out["screenshots"] = _screenshots(browser, demo, shots)
            finally:
                browser.close()
    finally:
        demo.stop()
    return out


def _pages(demo: _Demo) -> dict[str, tuple[str, str]]:
    """Every page, as a user who may open it (a document and a brief found first)."""
    with demo.api("analyste.s") as api:
        session = api.post("/session", json={})
        session.raise_for_status()
        api.headers["X-CSRF-Token"] = session.json()["csrf"]
        found = api.get("/search", params={"q": "pont de Sarvik"})
        found.raise_for_status()
        hits = found.json()["results"]
        brief = api.post(
            "/briefs", json={"question": "qui a détruit le pont de Sarvik", "engine": "extractive"}
        )
        brief.raise_for_status()
    document = hits[0]["document"]["id"]
    uid = brief.json()["id"]
    pages = {
        "login": ("analyste.s", "/login"),
        "search": ("analyste.s", QUERY),
        "document": ("analyste.s", f"/documents/{document}"),
        "timeline": ("analyste.s", "/timeline"),
        "map": ("analyste.s", "/map"),
        "products": ("analyste.s", "/products"),
        "review": ("validateur.s", "/review"),
        "alerts": ("analyste.s", "/alerts"),
        "audit": ("officier.securite", "/audit"),
        "users": ("admin.demo", "/users"),
        "brief": ("analyste.s", f"/products/{uid}"),
        "review_one": ("validateur.s", f"/review/{uid}"),
    }
    return pages


def render(w: dict[str, Any]) -> list[str]:
    lines = [
        f"\nPages web — Chromium (Debian) sur egide serve, scénario de démonstration "
        f"(préparé en {w['demo_build_seconds']} s)",
        f"  {'':34} {'1er rendu p50':>13} {'interactif p50':>14} {'p95':>7}",
    ]
    for key, name in (("search", "recherche"), ("alerts", "tableau des alertes")):
        for state, how in (("cold", "à froid"), ("warm", "en cache")):
            x = w[key][state]
            fcp = x.get("first_contentful_paint", {}).get("p50_ms", float("nan"))
            tti = x["interactive"]
            title = f"{name} ({how})"
            live = f"  flux ouvert {x['live']['p50_ms']:.0f} ms" if "live" in x else ""
            lines.append(
                f"  {title:34} {fcp:10.0f} ms {tti['p50_ms']:11.0f} ms {tti['p95_ms']:4.0f} ms"
                + live
            )
    heaviest = max(w["weight"].values(), key=lambda p: p["kb"])
    lines.append(
        "  poids des pages (document + ressources, limite "
        f"{w['limit_kb']} Ko) : "
        + ", ".join(f"{name} {p['kb']:.0f} Ko" for name, p in w["weight"].items())
        + f" — la plus lourde {heaviest['kb']:.0f} Ko"
        + (" ✓" if all(p["within_limit"] for p in w["weight"].values()) else " ✗ LIMITE DÉPASSÉE")
    )
    d = w["delivery"]
    lines.append(
        f"  alertes egide watch → tableau à {d['rate_per_s']} msg/s ({d['offered_per_s']} "
        f"offerts) : p50 {d['p50_ms']} ms, p99 {d['p99_ms']} ms, max {d['max_ms']} ms "
        f"({d['delivered']}/{d['messages']} affichées) ; sur le flux de l'API seul : p50 "
        f"{d['api_stream_p50_ms']} ms, p99 {d['api_stream_p99_ms']} ms"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.web_bench [--shots docs]``: this bench alone."""
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(prog="python -m bench.web_bench")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--shots", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = run(Path(tmp), args.runs, shots=args.shots)
    print(json.dumps(out, ensure_ascii=False) if args.json else "\n".join(render(out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

