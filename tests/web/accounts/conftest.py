"""Account tests share the community tests' fixtures: a clean cache (rate limits, lockouts) and
the live site with the posting minimum lifted for Playwright."""

from tests.web.community.conftest import fresh_cache, site

__all__ = ["fresh_cache", "site"]
