"""A throwaway copy of the site for HTTP benchmarks: its own SQLite database with the content
loaded, production-like settings, and gunicorn on a free local port (all on 127.0.0.1)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def prepare(folder: Path, settings: str, extra_files: dict[str, str] | None = None) -> dict[str, str]:
    """Write ``bench_settings.py`` (and any extra modules) to ``folder``, migrate, create the cache
    table and load the content. Returns the environment the server runs with."""
    (folder / "bench_settings.py").write_text(settings)
    for name, text in (extra_files or {}).items():
        (folder / name).write_text(text)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)]),
    }
    env.pop("DATABASE_URL", None)
    for command in (["migrate", "--noinput", "-v0"], ["createcachetable"], ["load_content"]):
        manage = [sys.executable, "manage.py", *command]
        subprocess.run(manage, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return env


def start_gunicorn(
    env: dict[str, str], host: str, port: int, workers: int, *extra: str
) -> subprocess.Popen[bytes]:
    """gunicorn serving the site with ``workers`` workers (``extra`` gunicorn options appended)."""
    command = [
        str(BIN / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--keep-alive",
        "5",
        "--log-level",
        "warning",
        *extra,
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env)
