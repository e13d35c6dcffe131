"""API endpoints of the wfm app."""

from ninja import Router

router = Router(tags=["wfm"])
