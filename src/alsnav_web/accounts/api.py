"""JSON API routes of the accounts app (mounted by alsnav_web.api.api)."""

from ninja import Router

router = Router(tags=["accounts"])
