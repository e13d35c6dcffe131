"""The demo's steps: each app registers the loader of its demo data in its ``ready()``.

``kezek demo`` lives in core, below every app, so it cannot import their loaders; they
come to it. Steps run in the order the apps are installed, which is the order of the
layers (people and organisations first, then what builds on them).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol


class DemoLogin(Protocol):
    """A login the demo prints for a newcomer."""

    @property
    def username(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def organisation(self) -> str: ...


@dataclass(frozen=True, slots=True)
class DemoStep:
    """One app's demo loader; ``name`` also seeds its random generator."""

    name: str
    load: Callable[..., Sequence[DemoLogin] | None]
    password: str = ""


_STEPS: list[DemoStep] = []


def register(
    name: str, load: Callable[..., Sequence[DemoLogin] | None], password: str = ""
) -> None:
    """Add ``load(rng=...)`` to the demo (once per name, however often an app's ``ready()``
    runs); a step that returns logins names their password."""
    if all(step.name != name for step in _STEPS):
        _STEPS.append(DemoStep(name, load, password))


def steps() -> list[DemoStep]:
    return list(_STEPS)


def generator_for(step: DemoStep, seed: int) -> random.Random:
    """The first step (the people) draws from the seed itself, every later one from its own
    stream, so adding an app's demo never changes the data of the others."""
    return random.Random(seed) if step is _STEPS[0] else random.Random(f"{seed}-{step.name}")
