"""JSON API routes of the community app (mounted by alsnav_web.api.api)."""

from ninja import Router

router = Router(tags=["community"])
