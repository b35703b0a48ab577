"""Two app servers on one database behave as one site (the "stateless app servers" of docs/deploy.md).

Two gunicorn processes, each with its own memory, share one SQLite database and its database cache:
a person who signs in on one is signed in on the other, and a comment posted through one shows on
the other's kept public page within about a second.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
PASSWORD = "a long walk by the river"

SETUP = f"""
import django
django.setup()
from django.contrib.auth import get_user_model
get_user_model().objects.create_user(username="pat", password={PASSWORD!r})
"""


ON_SQLITE = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="runs its own SQLite site"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/about/", timeout=2):
                return
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)
    raise AssertionError(f"the app server on port {port} did not start")


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[tuple[int, int]]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "DJANGO_SECRET_KEY": "two-app-servers-test-key",
    }
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    run = {"env": env, "cwd": ROOT, "capture_output": True, "text": True, "check": True}
    for command in (["migrate", "--noinput", "-v0"], ["createcachetable"], ["load_content"]):
        subprocess.run([sys.executable, "manage.py", *command], **run)
    subprocess.run([sys.executable, "-c", SETUP], **run)
    ports = (_free_port(), _free_port())
    servers = [
        subprocess.Popen(
            [str(BIN / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "-w", "1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port in ports:
            _wait_until_up(port)
        yield ports
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)


class Browser:
    """One person's cookies, used against either server."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, port: int, path: str) -> str:
        with self.opener.open(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return str(response.read().decode())

    def sign_in(self, port: int) -> None:
        form = self.get(port, "/accounts/sign-in/")
        token = _field(form, "csrfmiddlewaretoken")
        fields = {"csrfmiddlewaretoken": token, "username": "pat", "password": PASSWORD}
        self.post(port, "/accounts/sign-in/", fields)

    def post(self, port: int, path: str, fields: dict[str, str]) -> str:
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", data=data, headers={"Referer": f"http://127.0.0.1:{port}{path}"}
        )
        with self.opener.open(request, timeout=10) as response:
            return str(response.read().decode())


def _field(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"no {name} field"
    return found.group(1)


@ON_SQLITE
def test_a_person_signed_in_on_one_server_is_signed_in_on_the_other(two_servers: tuple[int, int]) -> None:
    first, second = two_servers
    person = Browser()
    person.sign_in(first)
    assert "Signed in as <bdi>pat</bdi>" in person.get(second, "/patients/")
    assert "Signed in as <bdi>pat</bdi>" in person.get(first, "/treatments/riluzole/")


@ON_SQLITE
def test_a_comment_posted_through_one_server_shows_on_the_other_within_about_a_second(
    two_servers: tuple[int, int],
) -> None:
    first, second = two_servers
    visitor = Browser()
    # The second server now keeps the page as it was before the comment.
    assert "I take it at bedtime." not in visitor.get(second, "/treatments/riluzole/")

    person = Browser()
    person.sign_in(first)
    page = person.get(first, "/treatments/riluzole/")
    person.post(
        first,
        "/community/treatments/riluzole/comments/",
        {
            "csrfmiddlewaretoken": _field(page, "csrfmiddlewaretoken"),
            "form_token": _field(page, "form_token"),
            "body": "I take it at bedtime.",
            "leave_this_empty": "",
        },
    )
    posted = time.monotonic()
    while "I take it at bedtime." not in Browser().get(second, "/treatments/riluzole/"):
        assert time.monotonic() - posted < 5, "the other server still shows the page kept before the comment"
        time.sleep(0.1)
    assert time.monotonic() - posted < 2.5
