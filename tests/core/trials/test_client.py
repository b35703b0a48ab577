"""The live-API client against a local http.server serving recorded-shape pages (never the real
service): paging with pageToken, retries on 429/503 honouring Retry-After, giving up clearly."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from alsnav.cli import main
from alsnav.trials.client import USER_AGENT, CtgovClient, FetchError
from tests.core.trials.helpers import FIXTURES

STUDIES = json.loads((FIXTURES / "als-trials-sample.json").read_text(encoding="utf-8"))["studies"]
PAGES = {
    None: {"studies": STUDIES[:4], "nextPageToken": "tok2"},
    "tok2": {"studies": STUDIES[4:]},
}


class Server:
    def __init__(self) -> None:
        self.script: list[tuple[int, dict[str, str]]] = []  # failures to answer before the pages
        self.requests: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                query = parse_qs(urlparse(self.path).query)
                server.requests.append({"query": query, "agent": self.headers.get("User-Agent")})
                if server.script:
                    status, headers = server.script.pop(0)
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    return
                token = query.get("pageToken", [None])[0]
                body = json.dumps(PAGES[token]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api/v2/studies"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


def client(server: Server, waits: list[float], retries: int = 3) -> CtgovClient:
    return CtgovClient(base_url=server.url, timeout=5, retries=retries, sleep=waits.append)


def test_pages_are_followed_with_page_token(server: Server) -> None:
    studies = client(server, []).fetch(condition="amyotrophic lateral sclerosis", statuses=["RECRUITING"])
    assert len(studies) == 7
    first, second = server.requests
    assert first["query"]["query.cond"] == ["amyotrophic lateral sclerosis"]
    assert first["query"]["filter.overallStatus"] == ["RECRUITING"]
    assert "pageToken" not in first["query"]
    assert second["query"]["pageToken"] == ["tok2"]
    assert first["agent"] == USER_AGENT and "ALS-Navigator" in USER_AGENT


def test_429_and_503_are_retried_honouring_retry_after(server: Server) -> None:
    server.script = [(429, {"Retry-After": "2"}), (503, {})]
    waits: list[float] = []
    studies = client(server, waits).fetch(condition="als")
    assert len(studies) == 7
    assert waits == [2.0, 2.0]  # Retry-After 2 s, then backoff 1 × 2^1


def test_gives_up_with_a_clear_error(server: Server) -> None:
    server.script = [(503, {})] * 3
    waits: list[float] = []
    with pytest.raises(FetchError, match=r"gave up after 3 attempts; last answer: HTTP 503"):
        client(server, waits, retries=2).fetch(condition="als")
    assert waits == [1.0, 2.0]


def test_a_client_error_is_not_retried(server: Server) -> None:
    server.script = [(400, {})]
    with pytest.raises(FetchError, match="HTTP 400"):
        client(server, []).fetch(condition="als")
    assert len(server.requests) == 1


def test_fetch_command_stores_the_studies(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = io.StringIO()
    code = main(["trials", "fetch", "--base-url", server.url, "--store", str(tmp_path), "--json"], out=out)
    assert code == 0
    assert json.loads(out.getvalue())["created"] == 7
    assert server.requests[0]["query"]["filter.overallStatus"] == ["RECRUITING|NOT_YET_RECRUITING"]
    assert len(list(tmp_path.glob("NCT*.json"))) == 7
