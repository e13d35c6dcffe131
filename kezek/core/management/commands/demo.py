"""``kezek demo``: load realistic, seeded demo data for every module (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from kezek.core import demo

DEMO_SEED = 20261126


class Command(BaseCommand):
    help = _(
        "Load demo data: organisations, people, and every module's examples. Safe to run twice."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--quiet-logins", action="store_true", help=_("Do not print the logins.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        printed: list[tuple[str, list[demo.DemoLogin]]] = []
        # One transaction: a failed demo load leaves the database as it was. Each step is
        # idempotent and draws from its own seeded generator (kezek.core.demo).
        with transaction.atomic():
            for step in demo.steps():
                logins = step.load(rng=demo.generator_for(step, DEMO_SEED))
                if logins:
                    printed.append((step.password, list(logins)))
        if options["quiet_logins"]:
            return
        for password, logins in printed:
            self.stdout.write(_("Demo logins (password: %(password)s):") % {"password": password})
            for login in logins:
                self.stdout.write(f"  {login.username:<18} {login.role:<16} {login.organisation}")
