"""Jobs that run on a clock (SLA sweeps, reminders), enqueued by ``kezek periodic``.

Each app registers its periodic tasks in ``AppConfig.ready``; one ``kezek
periodic`` process enqueues them when due and the workers run them, so a slow
sweep never delays the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django_tasks.base import Task


@dataclass(frozen=True, slots=True)
class PeriodicTask:
    task: Task[..., Any]
    every_seconds: int


_REGISTRY: list[PeriodicTask] = []


def every(seconds: int, task: Task[..., Any]) -> None:
    """Run ``task`` (which takes no arguments) every ``seconds``."""
    _REGISTRY.append(PeriodicTask(task=task, every_seconds=seconds))


def periodic_tasks() -> list[PeriodicTask]:
    return list(_REGISTRY)


def due(last_run: dict[str, float], now: float) -> list[PeriodicTask]:
    """The tasks whose period has passed since they last ran (all of them at first)."""
    return [
        entry
        for entry in _REGISTRY
        if now - last_run.get(entry.task.module_path, float("-inf")) >= entry.every_seconds
    ]
