"""Benchmark: every public page type beside a bare Django page, on one gunicorn, in one run.

Run: ``.venv/bin/python benchmarks/bench_http_pages.py [--duration 10] [--connections 8] [--workers 2]``

A page's requests per second mean little alone (the machine may be busy); its ratio to a bare
Django view served by the same gunicorn, with the same middleware, measured right before it in the
same run, is what the targets are about. The bare view renders a small template at ``/__bare__/``
(added only in this benchmark's URL configuration).

What it does, all on 127.0.0.1 and cleaned up afterwards: a throwaway SQLite database with the
content loaded and production-like settings; gunicorn with ``--workers`` sync workers; for the bare
page and then the page, for each page type in turn, ``--duration`` seconds of load from
``--connections`` connections (wrk when installed, otherwise a small Python load generator); then
a table of requests per second, the ratio to the bare page measured just before, p50 and p99.

Public pages are served to visitors who are not signed in (wrk sends no cookies), so they come
from the kept rendered pages (alsnav_web.core.pagecache) after the first request per worker.

Targets (issue "Production"): every public page at least 50% of the bare page's requests per
second, and p99 under 100 ms at 8 connections on 2 cores.
"""

from __future__ import annotations

import argparse
import http.client
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import local_site
from bench_http_search import (
    HOST,
    SETTINGS,
    free_port,
    run_python,
    run_wrk,
    wait_until_up,
)

TARGET_RATIO = 0.5
BARE = "/__bare__/"
TARGET_P99_MS = 100.0

BARE_URLS = """\
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as site

_PAGE = engines["django"].from_string(
    "<!doctype html><html lang=en><head><title>{{ title }}</title></head>"
    "<body><main><h1>{{ title }}</h1><p>{{ text }}</p></main></body></html>"
)


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_PAGE.render({"title": "Bare page", "text": "A small template."}, request))


urlpatterns = [path("__bare__/", bare), *site]
"""

#: (name, path) of every public page type; a path answering other than 200 is reported and skipped.
PAGES: list[tuple[str, str]] = [
    ("home", "/"),
    ("treatment list", "/treatments/"),
    ("treatment page", "/treatments/riluzole/"),
    ("symptom index", "/symptoms/"),
    ("search", "/search/?q=drooling"),
    ("urgent help", "/urgent/"),
    ("glossary", "/glossary/"),
    ("trial list", "/trials/"),
    ("API entry", "/api/treatments/riluzole"),
    ("API search", "/api/search?q=stiff%20legs"),
]


def status_of(port: int, path: str) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--duration", type=int, default=5, help="seconds of load per page and per bare run (default 5)"
    )
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--tool", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    tool = args.tool if args.tool != "auto" else ("wrk" if shutil.which("wrk") else "python")
    folder = Path(tempfile.mkdtemp(prefix="alsnav-bench-pages-"))
    server: subprocess.Popen[bytes] | None = None
    rows: list[tuple[str, str, float, float, float, float, int]] = []
    try:
        settings = SETTINGS.format(secret=secrets.token_urlsafe(40), database=str(folder / "bench.sqlite3"))
        env = local_site.prepare(
            folder, settings + 'ROOT_URLCONF = "bare_urls"\n', {"bare_urls.py": BARE_URLS}
        )
        port = free_port()
        server = local_site.start_gunicorn(env, HOST, port, args.workers)
        wait_until_up(port)
        run = run_wrk if tool == "wrk" else run_python
        print(
            f"gunicorn: {args.workers} sync workers; load: {tool}, {args.connections} connections, "
            f"{args.duration} s per page",
            flush=True,
        )
        for _ in range(20):
            status_of(port, BARE)
        for name, path in PAGES:
            status = status_of(port, path)
            if status != 200:
                print(f"{name:<18} {path}: answers {status}, skipped", flush=True)
                continue
            for _ in range(20):  # warm every worker
                status_of(port, path)
            # The bare page is measured right before each page, so a busy moment of the machine
            # weighs on both sides of the ratio alike.
            bare_rps, _, _, _ = run(port, [BARE], args.duration, args.connections, folder)
            rps, p50, p99, bad = run(port, [path], args.duration, args.connections, folder)
            rows.append((name, path, bare_rps, rps, p50, p99, bad))
            print(
                f"{name:<18} {rps:8.1f} req/s (bare {bare_rps:8.1f})  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms",
                flush=True,
            )
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(folder, ignore_errors=True)

    missed = []
    print(f"\n{'page':<18} {'req/s':>8} {'bare':>8} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}")
    for name, _path, bare_rps, rps, p50, p99, bad in rows:
        ratio = rps / bare_rps if bare_rps else 0.0
        print(f"{name:<18} {rps:8.1f} {bare_rps:8.1f} {ratio:6.2f} {p50:7.1f} {p99:7.1f} {bad:6d}")
        if ratio < TARGET_RATIO or p99 >= TARGET_P99_MS or bad:
            missed.append(name)
    print(
        f"targets: ratio >= {TARGET_RATIO:g} and p99 < {TARGET_P99_MS:g} ms: "
        + ("all met" if not missed else "MISSED by " + ", ".join(missed))
    )
    return 1 if missed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
