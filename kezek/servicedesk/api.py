"""API endpoints of the servicedesk app."""

from ninja import Router

router = Router(tags=["servicedesk"])
