"""API endpoints of the surveys app."""

from ninja import Router

router = Router(tags=["surveys"])
