"""Local development: `make run`. Never use in production."""

from __future__ import annotations

import secrets
import sys

from .base import *  # noqa: F403
from .base import SECRET_KEY as _ENV_SECRET

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
if not _ENV_SECRET:
    # No secret in the environment: a fresh random key for this process (sessions end on restart).
    SECRET_KEY = secrets.token_urlsafe(50)
    print("DJANGO_SECRET_KEY is not set; using a random key for this run.", file=sys.stderr)
