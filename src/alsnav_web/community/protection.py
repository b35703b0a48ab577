"""Spam and abuse defences that need no CAPTCHA (which many disabled people cannot solve).

- a honeypot field that people never see or reach, and bots fill in;
- a signed token put in the form when it is shown: a post without one (a script that never loaded
  the form) or with a forged one is refused, and each token works for one post only (a script
  cannot load the form once and post many times). There is no minimum time: people who paste text
  from a communication aid post within a second or two, and must not be taken for robots. A token
  lasts a week, far longer than anyone keeps a form open; a refused form comes back with the text
  kept and a fresh token, so sending it again is one click;
- per-address and per-account rate limits kept in Django's cache, which say when to try again;
- a limit on links per comment, and duplicate detection (see ``services.py``).

Addresses are never stored: cache keys carry a keyed hash of the address, which expires with the
rate-limit window.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from alsnav.errors import AlsnavError

HONEYPOT_FIELD = "leave_this_empty"
FORM_TOKEN_FIELD = "form_token"  # noqa: S105 - a field name, not a secret
_TOKEN_SALT = "alsnav.community.form-shown"  # noqa: S105 - a signing namespace, not a secret
# How long a shown form can still be sent, and how long a used token is remembered.
FORM_TOKEN_MAX_AGE_SECONDS = 7 * 24 * 60 * 60


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` actions in ``window_seconds`` for one key (an address or an account)."""

    scope: str
    limit: int
    window_seconds: int


# Limits chosen to stop floods while leaving room for an active, genuine conversation.
COMMENT_LIMIT_PER_ADDRESS = RateLimit("comment-address", 5, 10 * 60)
COMMENT_LIMIT_PER_ACCOUNT = RateLimit("comment-account", 10, 60 * 60)
REPORT_LIMIT_PER_ADDRESS = RateLimit("report-address", 10, 60 * 60)
REPORT_LIMIT_PER_ACCOUNT = RateLimit("report-account", 10, 60 * 60)
FEEDBACK_LIMIT_PER_ADDRESS = RateLimit("feedback-address", 30, 60 * 60)
QUESTION_LIMIT_PER_ADDRESS = RateLimit("question-address", 5, 60 * 60)
EXPERIENCE_LIMIT_PER_ACCOUNT = RateLimit("experience-account", 20, 60 * 60)


class CommunityError(AlsnavError):
    """A post the community layer refuses; the message is written for the person who posted."""


class RateLimited(CommunityError):
    def __init__(self, message: str, *, retry_after_seconds: int, retry_at: datetime) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds
        self.retry_at = retry_at


class TooFast(CommunityError):
    """The form came back sooner than a person could have filled it in (or without its token)."""


class LooksAutomated(CommunityError):
    """The honeypot was filled in."""


class DuplicatePost(CommunityError):
    pass


def min_seconds_to_post() -> float:
    """No minimum unless an operator sets ``COMMUNITY_MIN_SECONDS_TO_POST`` (not advised: it refuses
    people who paste what they wrote in a communication aid)."""
    return float(getattr(settings, "COMMUNITY_MIN_SECONDS_TO_POST", 0))


def form_token_issue(*, shown_at: float | None = None) -> str:
    """A signed, single-use token saying when the form was shown; it goes in a hidden field."""
    shown = time.time() if shown_at is None else shown_at
    return signing.dumps({"shown": shown, "id": secrets.token_urlsafe(12)}, salt=_TOKEN_SALT, compress=False)


class TokenUsed(TooFast):
    """The form's token was already used for a post (the same form sent twice, or a script)."""


def form_token_check(token: str | None, *, now: float | None = None) -> None:
    """Raise TooFast if the token is missing, forged, too old (or younger than an optional minimum),
    and TokenUsed if it was already used: each token is good for one post.

    Used tokens are remembered in the shared cache for as long as a token is valid; ``cache.add``
    only succeeds for the first process to record a token, so two posts racing with the same token
    cannot both pass.
    """
    try:
        payload = signing.loads(token or "", salt=_TOKEN_SALT, max_age=FORM_TOKEN_MAX_AGE_SECONDS)
        shown = float(payload["shown"])
        token_id = str(payload["id"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise TooFast(
            "We could not check this form. Please look over what you wrote and send it again."
        ) from exc
    elapsed = (time.time() if now is None else now) - shown
    if min_seconds_to_post() > 0 and elapsed < min_seconds_to_post():
        raise TooFast(
            "That was quicker than we expect from a person, so we have not sent it yet. "
            "Please look over what you wrote and send it again."
        )
    if not cache.add(f"alsnav:form-token-used:{token_id}", True, timeout=FORM_TOKEN_MAX_AGE_SECONDS):
        raise TokenUsed(
            "This form was already sent once, so we have not sent it again. "
            "If you meant to post it again, please look over what you wrote and send it now."
        )


def honeypot_check(value: str | None) -> None:
    if value:
        raise LooksAutomated("automated post")


def client_address(request: HttpRequest) -> str:
    """The address as the server sees it (behind a proxy, the proxy must set REMOTE_ADDR)."""
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def keyed_hash(value: str) -> str:
    """A keyed hash for cache keys, so an address or account id is never written out in plain."""
    key = f"alsnav.community.{settings.SECRET_KEY}".encode()
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def address_key(request: HttpRequest) -> str:
    return "addr:" + keyed_hash(client_address(request))


def account_key(user_id: int) -> str:
    return "acct:" + keyed_hash(str(user_id))


def _cache_key(limit: RateLimit, key: str) -> str:
    return f"alsnav:ratelimit:{limit.scope}:{key}"


def wait_phrase(seconds: int) -> str:
    """'in 45 seconds', 'in about 7 minutes', 'in about 2 hours' - plain words, rounded up."""
    if seconds < 60:
        return f"in {max(seconds, 1)} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    if minutes < 90:
        return f"in about {minutes} minute{'s' if minutes != 1 else ''}"
    hours = -(-minutes // 60)
    return f"in about {hours} hours"


def rate_limit_check(limit: RateLimit, key: str, *, action: str, now: float | None = None) -> None:
    """Raise RateLimited, saying when to try again, if ``key`` has used up ``limit``."""
    now = time.time() if now is None else now
    stamps = [t for t in cache.get(_cache_key(limit, key), []) if t > now - limit.window_seconds]
    if len(stamps) < limit.limit:
        return
    retry_after = max(1, int(stamps[0] + limit.window_seconds - now + 0.999))
    retry_at = timezone.now() + timedelta(seconds=retry_after)
    window_minutes = limit.window_seconds // 60
    raise RateLimited(
        f"To keep the site safe from spam, we allow {limit.limit} {action} in {window_minutes} minutes. "
        f"You can try again {wait_phrase(retry_after)} (at {retry_at:%H:%M} UTC). "
        "What you wrote is still here.",
        retry_after_seconds=retry_after,
        retry_at=retry_at,
    )


def quota_take(limit: RateLimit, key: str) -> bool:
    """Count one action against ``limit`` for ``key``; False once the window's quota is used up.

    A fixed window kept as one counter in the shared cache: ``cache.add`` starts the window (only
    the first process to get there succeeds) and ``cache.incr`` counts, so every worker sees the
    same count (atomic on Redis; on the database cache, a near-simultaneous pair may both pass).
    For limits where nothing is said back to the person (such as password-reset e-mails).
    """
    cache_key = f"alsnav:quota:{limit.scope}:{key}"
    cache.add(cache_key, 0, timeout=limit.window_seconds)
    try:
        used = int(cache.incr(cache_key))
    except ValueError:  # the window ended between add and incr: start a new one
        cache.add(cache_key, 1, timeout=limit.window_seconds)
        used = 1
    return used <= limit.limit


def rate_limit_record(limit: RateLimit, key: str, *, now: float | None = None) -> None:
    now = time.time() if now is None else now
    cache_key = _cache_key(limit, key)
    stamps = [t for t in cache.get(cache_key, []) if t > now - limit.window_seconds]
    stamps.append(now)
    cache.set(cache_key, stamps[-limit.limit :], timeout=limit.window_seconds)


_LINK = re.compile(r"(?:https?://|www\.|mailto:)", re.IGNORECASE)


def count_links(text: str) -> int:
    """Links a comment carries: Markdown links and bare addresses alike."""
    return len(_LINK.findall(text))


def fingerprint(text: str) -> str:
    """Hash of the text with case, accents' forms, punctuation spacing and whitespace normalised."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    normal = re.sub(r"\s+", " ", normal).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def seen_recently(key: str, digest: str) -> bool:
    return bool(cache.get(f"alsnav:dup:{key}:{digest}"))


def remember_post(key: str, digest: str, *, seconds: int = 24 * 60 * 60) -> None:
    cache.set(f"alsnav:dup:{key}:{digest}", True, timeout=seconds)
