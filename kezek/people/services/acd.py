"""Phone-system (ACD) login ids: at any moment one id belongs to at most one person.

The centre is the owner and all its vendors: an id is unique across every organisation.
Periods run from ``valid_from`` up to the day before ``valid_to``; handing an id over
closes its holder's period on the day the new one opens, and both stay in the history.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from kezek.core import policy
from kezek.people.models import AcdLogin, StaffMember


@transaction.atomic
def acd_login_assign(
    *, actor: Any, member: StaffMember, login_id: str, valid_from: date, reassign: bool = False
) -> AcdLogin:
    """Give ``member`` the id from ``valid_from`` on.

    Refused while someone else holds it then, naming the holder when ``actor`` may see
    them; with ``reassign`` an open period that ``actor`` may change is closed instead.
    """
    login_id = login_id.strip()
    if valid_from < member.hire_date:
        raise ValidationError(
            {
                "valid_from": _("The id cannot be theirs before the hire date, %(date)s.")
                % {"date": member.hire_date.isoformat()}
            }
        )
    # Lock the id's periods: two assignments at once would both find it free.
    periods = list(
        AcdLogin.objects.select_for_update()
        .filter(login_id=login_id)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=valid_from))
        .select_related("member__organisation")
        .order_by("valid_from")
    )
    for period in periods:
        if period.member_id == member.pk:
            raise ValidationError({"login_id": _held_already(period)})
        if not (reassign and _may_take_over(actor, period, valid_from)):
            raise ValidationError({"login_id": _in_use(actor, period)})
    for period in periods:
        _close(period, valid_from)
    login = AcdLogin(login_id=login_id, member=member, valid_from=valid_from)
    login.full_clean()
    login.save()
    return login


def _may_take_over(actor: Any, period: AcdLogin, valid_from: date) -> bool:
    """An open period that began before ``valid_from``, of a person ``actor`` keeps."""
    return (
        period.valid_to is None
        and period.valid_from < valid_from
        and policy.may(actor, "change", period.member)
    )


def _held_already(period: AcdLogin) -> str:
    return _("The person holds %(id)s already, from %(date)s.") % {
        "id": period.login_id,
        "date": period.valid_from.isoformat(),
    }


def _in_use(actor: Any, period: AcdLogin) -> str:
    """Who holds the id, only to those who may see them: to others it is merely taken."""
    holder = period.member
    if not policy.may(actor, "view", holder):
        return _("ACD login id %(id)s is already in use.") % {"id": period.login_id}
    values = {
        "id": period.login_id,
        "name": holder,
        "number": holder.staff_number,
        "organisation": holder.organisation,
        "from": period.valid_from.isoformat(),
    }
    if period.valid_to is None:
        return (
            _(
                "ACD login id %(id)s belongs to %(name)s (staff number %(number)s, "
                "%(organisation)s) from %(from)s."
            )
            % values
        )
    return _(
        "ACD login id %(id)s belongs to %(name)s (staff number %(number)s, %(organisation)s) "
        "from %(from)s until %(until)s."
    ) % (values | {"until": period.valid_to.isoformat()})


def _close(period: AcdLogin, valid_to: date) -> None:
    """End an open period on ``valid_to``; one that had not begun yet is taken back whole."""
    if valid_to <= period.valid_from:
        period.delete()
        return
    period.valid_to = valid_to
    period.full_clean()
    period.save()


@transaction.atomic
def acd_login_release(*, login: AcdLogin, valid_to: date) -> None:
    """The id is no longer the person's from ``valid_to`` on (an id not yet theirs: never)."""
    if login.valid_to is not None:
        raise ValidationError(
            _("%(id)s is no longer theirs since %(date)s.")
            % {"id": login.login_id, "date": login.valid_to.isoformat()}
        )
    _close(login, valid_to)


@transaction.atomic
def acd_logins_release_all(*, member: StaffMember, valid_to: date) -> None:
    """Close every open period of ``member`` on ``valid_to`` (the person leaves)."""
    for login in member.acd_logins.select_for_update().filter(valid_to__isnull=True):
        _close(login, valid_to)
