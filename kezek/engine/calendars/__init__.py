"""Business calendars and SLA arithmetic.

``BusinessCalendar`` holds working windows per weekday in an IANA time zone, with holidays, and
adds or measures working time exactly across DST changes. The ``sla_*`` functions run SLA clocks
with pauses on top of it. See ``docs/calendars.md``.
"""

from kezek.engine.calendars.business import MAX_SEARCH_DAYS, BusinessCalendar
from kezek.engine.calendars.sla import (
    Pause,
    SlaState,
    SlaStatus,
    sla_deadline,
    sla_elapsed,
    sla_status,
)

__all__ = [
    "MAX_SEARCH_DAYS",
    "BusinessCalendar",
    "Pause",
    "SlaState",
    "SlaStatus",
    "sla_deadline",
    "sla_elapsed",
    "sla_status",
]
