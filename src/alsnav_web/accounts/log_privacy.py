"""Keep personal data out of the logs that django-axes writes.

Axes logs each failed sign-in with the user name, the network address and the browser. We keep its
lockout but replace those details with "[client details withheld]" before any handler sees them.
(A settings-level ``AXES_CLIENT_STR_CALLABLE`` would do the same; this filter needs no settings change.)
"""

from __future__ import annotations

import logging
import re

AXES_LOGGERS = (
    "axes.apps",
    "axes.attempts",
    "axes.handlers.cache",
    "axes.handlers.database",
    "axes.handlers.proxy",
    "axes.helpers",
    "axes.middleware",
    "axes.signals",
    "axes.utils",
)
_CLIENT_DETAILS = re.compile(r"\b(?:username|ip_address|user_agent)\b")
WITHHELD = "[client details withheld]"


class WithholdClientDetails(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                WITHHELD if isinstance(a, str) and _CLIENT_DETAILS.search(a) else a for a in record.args
            )
        if isinstance(record.msg, str) and _CLIENT_DETAILS.search(record.msg):
            record.msg, record.args = WITHHELD, ()
        return True


def install() -> None:
    withhold = WithholdClientDetails()
    for name in AXES_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, WithholdClientDetails) for f in logger.filters):
            logger.addFilter(withhold)
