"""Benchmark: the /search/ page over HTTP under a bounded local load.

Run: ``.venv/bin/python benchmarks/bench_http_search.py [--duration 30] [--connections 32] [--workers 2]``

What it does, all on 127.0.0.1 and all cleaned up afterwards:

1. makes a throwaway SQLite database in a temporary folder, migrates it and loads the content
   (production-like settings: ``DEBUG = False``, no debug toolbar, static files from WhiteNoise);
2. starts gunicorn (``--workers`` sync workers, default 2) on a free local port;
3. sends ``GET /search/?q=...`` with the lay queries of ``eval/search-queries.yaml`` in turn, from
   ``--connections`` concurrent connections for ``--duration`` seconds, with ``wrk`` when it is
   installed, otherwise with a small Python load generator (threads; it stops by itself);
4. prints requests per second, latency p50/p99 and any non-200 answers; stops gunicorn.

Targets: at least 300 requests per second and p99 under 100 ms on 2 cores.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
import local_site

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
TARGET_RPS = 300.0
TARGET_P99_MS = 100.0

SETTINGS = """\
from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES

SECRET_KEY = {secret!r}
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
DATABASES["default"]["NAME"] = {database!r}
STORAGES = {{
    "default": {{"BACKEND": "django.core.files.storage.FileSystemStorage"}},
    "staticfiles": {{"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
}}
LOGGING = {{"version": 1, "disable_existing_loggers": True, "root": {{"level": "ERROR"}}}}
"""

WRK_SCRIPT = """\
local paths = {{{paths}}}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def load_queries() -> list[str]:
    sys.path.insert(0, str(ROOT / "src"))
    from alsnav.search.evaluate import load_eval_set

    return [q.q for q in load_eval_set(ROOT / "eval" / "search-queries.yaml").queries]


def wait_until_up(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/search/?q=warm")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer on {HOST}:{port} within {timeout:.0f} s")


def run_wrk(
    port: int, paths: list[str], duration: int, connections: int, folder: Path
) -> tuple[float, float, float, int]:
    script = folder / "paths.lua"
    script.write_text(WRK_SCRIPT.format(paths=", ".join(f'"{p}"' for p in paths)))
    done = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "5s",
            "--latency",
            "-s",
            str(script),
            f"http://{HOST}:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
    )
    output = done.stdout
    if os.environ.get("BENCH_VERBOSE"):
        print(output)

    def milliseconds(label: str) -> float:
        found = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if not found:
            raise SystemExit(f"could not read the {label}th percentile from wrk:\n{output}")
        value, unit = float(found.group(1)), found.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    bad = int(errors.group(1)) if errors else 0
    if socket_errors:
        bad += sum(int(n) for n in socket_errors.groups())
    return rps, milliseconds("50"), milliseconds("99"), bad


def run_python(
    port: int, paths: list[str], duration: int, connections: int
) -> tuple[float, float, float, int]:
    """A bounded load generator: ``connections`` threads, each one request at a time, for ``duration`` s."""
    stop_at = time.monotonic() + duration
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()

    def client(offset: int) -> None:
        mine: list[float] = []
        bad = 0
        counter = offset
        while time.monotonic() < stop_at:
            counter += 1
            start = time.perf_counter()
            try:
                connection = http.client.HTTPConnection(HOST, port, timeout=5)
                connection.request("GET", paths[counter % len(paths)])
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status != 200:
                    bad += 1
            except OSError:
                bad += 1
            mine.append((time.perf_counter() - start) * 1000)
        with lock:
            latencies.extend(mine)
            failures[0] += bad

    threads = [threading.Thread(target=client, args=(n * 7,)) for n in range(connections)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] if ordered else 0.0
    return len(latencies) / elapsed, statistics.median(ordered) if ordered else 0.0, p99, failures[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds of load (default 30)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections (default 32)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument(
        "--worker-class",
        default="sync",
        choices=["sync", "gthread"],
        help="gunicorn worker class (default sync)",
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per worker with gthread (default 1)")
    parser.add_argument("--tool", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--baseline",
        metavar="PATH",
        help="also load PATH (e.g. /about/) the same way, to see what the site's plain pages cost here",
    )
    args = parser.parse_args(argv)

    queries = load_queries()
    paths = [f"/search/?q={quote(q)}" for q in queries]
    tool = args.tool if args.tool != "auto" else ("wrk" if shutil.which("wrk") else "python")
    folder = Path(tempfile.mkdtemp(prefix="alsnav-bench-"))
    server: subprocess.Popen[bytes] | None = None
    try:
        settings = SETTINGS.format(secret=secrets.token_urlsafe(40), database=str(folder / "bench.sqlite3"))
        env = local_site.prepare(folder, settings)
        port = free_port()
        server = local_site.start_gunicorn(
            env,
            HOST,
            port,
            args.workers,
            *("--worker-class", args.worker_class, "--threads", str(args.threads), "--backlog", "2048"),
        )
        wait_until_up(port)
        for path in paths[:50]:  # warm both workers' caches (catalogue and search index)
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", path)
            connection.getresponse().read()
        print(
            f"gunicorn: {args.workers} {args.worker_class} workers on {HOST}:{port}; load: {tool}, "
            f"{args.connections} connections, {args.duration} s, {len(paths)} different queries",
            flush=True,
        )
        run = run_wrk if tool == "wrk" else run_python
        if args.baseline:
            base = run(port, [args.baseline], args.duration, args.connections, folder)
            rate, median, tail = base[:3]
            print(f"baseline {args.baseline}: {rate:.1f} requests/s, p50 {median:.1f} ms, p99 {tail:.1f} ms")
        rps, p50, p99, bad = run(port, paths, args.duration, args.connections, folder)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(folder, ignore_errors=True)

    met = rps >= TARGET_RPS and p99 < TARGET_P99_MS and bad == 0
    print(f"requests/s   {rps:8.1f}   (target >= {TARGET_RPS:g})")
    print(f"latency p50  {p50:8.1f} ms")
    print(f"latency p99  {p99:8.1f} ms (target < {TARGET_P99_MS:g} ms)")
    print(f"errors       {bad:8d}")
    print("targets met" if met else "target MISSED")
    return 0 if met or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
