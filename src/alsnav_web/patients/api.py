"""JSON API routes of the patients app (mounted by alsnav_web.api.api)."""

from ninja import Router

router = Router(tags=["patients"])
