"""``kezek sla_sweep``: send due SLA warnings and escalate due breaches, once.

Run it from cron (or a systemd timer) every minute; it reads only the indexed alarm columns.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from kezek.servicedesk.services.sla import sla_sweep


class Command(BaseCommand):
    help = _("Send due SLA warnings and escalate due breaches of service-desk requests.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            help=_("Sweep as of this aware ISO moment (e.g. 2026-03-02T12:00:00+05:00)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["now"]:
            try:
                now = datetime.fromisoformat(options["now"])
            except ValueError:
                now = None  # type: ignore[assignment]
            if now is None or now.tzinfo is None:
                raise CommandError(
                    _("--now must be an ISO moment with a UTC offset, got %(value)s")
                    % {"value": options["now"]},
                    returncode=2,
                )
        result = sla_sweep(now=now)
        self.stdout.write(
            _("SLA sweep: %(warned)s warnings, %(breached)s breaches, %(escalated)s reassigned.")
            % {"warned": result.warned, "breached": result.breached, "escalated": result.escalated}
        )
