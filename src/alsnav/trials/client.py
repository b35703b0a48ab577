"""A small client for the ClinicalTrials.gov API v2 (``GET /api/v2/studies``), for deployments
with internet access. Standard library only (``urllib``).

* Paging: follows ``nextPageToken`` (sent back as ``pageToken``) until there is none, or
  ``max_pages`` pages were read.
* Politeness: a descriptive ``User-Agent``, a timeout on every request, and retries with
  exponential backoff on HTTP 429 and 5xx and on network errors; a ``Retry-After`` header
  (seconds or an HTTP date) is honoured, capped at ``max_wait`` seconds.
* Giving up: after ``retries`` retries a :class:`FetchError` says what failed and where.

The tests run it only against a local ``http.server`` serving recorded-shape pages, never the
real service. Nothing here runs at import time.
"""

from __future__ import annotations

import email.utils
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from alsnav import __version__
from alsnav.errors import AlsnavError, InputError
from alsnav.trials.ctgov import Study, parse_document

BASE_URL = "https://clinicaltrials.gov/api/v2/studies"
USER_AGENT = f"ALS-Navigator/{__version__} (open-source ALS trial finder; +https://github.com/als-navigator)"


class FetchError(AlsnavError):
    """The registry could not be reached or kept refusing; the message says which and where."""


@dataclass
class CtgovClient:
    base_url: str = BASE_URL
    timeout: float = 30.0
    retries: int = 4
    backoff: float = 1.0
    max_wait: float = 60.0
    user_agent: str = USER_AGENT
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def _wait(self, attempt: int, retry_after: str | None) -> float:
        if retry_after:
            value = retry_after.strip()
            if value.isdigit():
                return min(float(value), self.max_wait)
            parsed = email.utils.parsedate_to_datetime(value) if value else None
            if parsed is not None:
                return max(0.0, min(parsed.timestamp() - time.time(), self.max_wait))
        return float(min(self.backoff * (2**attempt), self.max_wait))

    def get_json(self, params: dict[str, str]) -> dict[str, Any]:
        """One page, with retries (see the module docstring)."""
        url = f"{self.base_url}?{urllib.parse.urlencode(params)}"
        request = urllib.request.Request(  # noqa: S310 - the operator sets the https address
            url, headers={"User-Agent": self.user_agent, "Accept": "application/json"}
        )
        last = ""
        for attempt in range(self.retries + 1):
            retry_after = None
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - https/http URL set by the operator
                    body = response.read()
                try:
                    data = json.loads(body)
                except json.JSONDecodeError as exc:
                    raise FetchError(
                        f"{url}: the registry answered with something that is not JSON ({exc.msg})"
                    ) from None
                if not isinstance(data, dict):
                    raise FetchError(f"{url}: expected a JSON object with 'studies'")
                return data
            except urllib.error.HTTPError as exc:
                if exc.code != 429 and exc.code < 500:
                    raise FetchError(
                        f"{url}: the registry refused the request (HTTP {exc.code} {exc.reason})"
                    ) from None
                last = f"HTTP {exc.code}"
                retry_after = exc.headers.get("Retry-After") if exc.headers else None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                last = f"network error ({getattr(exc, 'reason', exc)})"
            if attempt < self.retries:
                self.sleep(self._wait(attempt, retry_after))
        raise FetchError(f"{url}: gave up after {self.retries + 1} attempts; last answer: {last}")

    def pages(
        self,
        *,
        condition: str,
        statuses: Sequence[str] = (),
        page_size: int = 100,
        max_pages: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        params = {"format": "json", "query.cond": condition, "pageSize": str(page_size)}
        if statuses:
            params["filter.overallStatus"] = "|".join(statuses)  # the API's pipe-delimited list
        token: str | None = None
        count = 0
        while True:
            if token:
                params["pageToken"] = token
            page = self.get_json(params)
            yield page
            count += 1
            token = page.get("nextPageToken")
            if not token or (max_pages is not None and count >= max_pages):
                return

    def fetch(
        self,
        *,
        condition: str,
        statuses: Sequence[str] = (),
        page_size: int = 100,
        max_pages: int | None = None,
    ) -> list[Study]:
        """Every study on every page, parsed (a malformed page is an :class:`InputError`)."""
        studies: list[Study] = []
        for number, page in enumerate(
            self.pages(condition=condition, statuses=statuses, page_size=page_size, max_pages=max_pages),
            start=1,
        ):
            try:
                studies.extend(
                    parse_document({"studies": page.get("studies", [])}, f"{self.base_url} page {number}")
                )
            except InputError:
                raise
        return studies
