"""``kezek demo``: load realistic, seeded demo data for every module (idempotent)."""

from __future__ import annotations

import random
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from kezek.accounts import demo as accounts_demo
from kezek.servicedesk import demo as servicedesk_demo
from kezek.surveys import demo as surveys_demo
from kezek.wfm import demo as wfm_demo

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
        rng = random.Random(DEMO_SEED)
        # One transaction: a failed demo load leaves the database as it was.
        with transaction.atomic():
            logins = accounts_demo.load(rng=rng)
            # Each module's demo data, in the order the modules depend on each other;
            # each loader is idempotent and draws from its own seeded generator.
            for module in (wfm_demo, servicedesk_demo, surveys_demo):
                module.load(rng=random.Random(f"{DEMO_SEED}-{module.__name__}"))
        if options["quiet_logins"]:
            return
        self.stdout.write(
            _("Demo logins (password: %(password)s):") % {"password": accounts_demo.DEMO_PASSWORD}
        )
        for login in logins:
            self.stdout.write(f"  {login.username:<18} {login.role:<16} {login.organisation}")
