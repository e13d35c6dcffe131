"""What the service desk tells the apps above it, which it may not import.

An app that needs to act on a desk event (surveys offers its transactional survey when a
request is resolved) connects a receiver in its ``ready()``; the desk knows none of them.
"""

from __future__ import annotations

from django.dispatch import Signal

request_resolved = Signal()
"""A request was resolved, inside the transaction that resolves it (a receiver's writes and
queued mail stand or fall with the resolution). Sent with ``sender=Request`` and the keyword
arguments ``request``; ``label``, how the request may be named to its requester (a
confidential case by its number only); and ``now``, when it was resolved."""
