"""Demo data of the surveys app (``kezek demo``)."""

from __future__ import annotations

import random


def load(*, rng: random.Random) -> None:
    """Create the demo data unless it exists already."""
