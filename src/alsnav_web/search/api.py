"""JSON API routes of the search app (mounted by alsnav_web.api.api)."""

from ninja import Router

router = Router(tags=["search"])
