"""Manager approvals: the request waits, the decision is signed (SHA-256, chained), the chain
verifies, and tampering with the request, the approval or the chain is detected."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kezek.accounts.models import User
from kezek.servicedesk.choices import ApprovalState, State
from kezek.servicedesk.models import Approval, Request
from kezek.servicedesk.services.approvals import (
    approval_chain_verify,
    approval_content,
    approval_decide,
    approval_verify,
    sha256,
)
from kezek.servicedesk.tests.factories import Desk, almaty

pytestmark = pytest.mark.django_db


def leave(desk: Desk, requester: User | None = None) -> Request:
    return desk.request(
        requester, service=desk.vacation, title="Leave in July",
        form_data={"period": ["2026-07-01", "2026-07-14"]},
    )  # fmt: skip


def test_a_leave_request_waits_for_the_employees_manager_without_an_sla_clock(desk: Desk) -> None:
    request = leave(desk)

    approval = Approval.objects.get(request=request)
    assert request.state == State.WAITING_APPROVAL
    assert approval.approver == desk.manager
    assert request.sla_started_at is None
    assert request.sla_next_breach_at is None


def test_approving_signs_the_decision_and_opens_the_request(desk: Desk) -> None:
    request = leave(desk)
    approval = Approval.objects.get(request=request)

    signed = approval_decide(
        actor=desk.manager, approval_id=approval.pk, approve=True, now=almaty(2, 15)
    )

    request.refresh_from_db()
    assert request.state == State.NEW
    # The clock starts at the approval: Mon 15-18, Tue 8 h, Wed 09-13 and 14-15 -> Wed 15:00.
    assert request.resolution_due_at == almaty(4, 15)
    assert signed.state == ApprovalState.APPROVED
    assert signed.sequence == 1
    assert signed.previous_signature == ""
    assert signed.content_hash == sha256(approval_content(request))
    assert len(signed.signature) == 64
    assert approval_verify(signed).ok


def test_rejecting_cancels_the_request(desk: Desk) -> None:
    request = leave(desk)

    approval_decide(
        actor=desk.manager,
        approval_id=request.approvals.get().pk,
        approve=False,
        comment="Busy season",
        now=almaty(2, 15),
    )

    request.refresh_from_db()
    assert request.state == State.CANCELLED


def test_signatures_are_chained(desk: Desk) -> None:
    first, second = leave(desk), leave(desk, desk.colleague)
    a = approval_decide(
        actor=desk.manager, approval_id=first.approvals.get().pk, approve=True, now=almaty(2, 15)
    )
    b = approval_decide(
        actor=desk.manager, approval_id=second.approvals.get().pk, approve=True, now=almaty(2, 16)
    )

    assert (b.sequence, b.previous_signature) == (2, a.signature)
    assert [check.ok for check in approval_chain_verify()] == [True, True]


def test_editing_the_approved_request_is_detected(desk: Desk) -> None:
    request = leave(desk)
    approval = approval_decide(
        actor=desk.manager, approval_id=request.approvals.get().pk, approve=True, now=almaty(2, 15)
    )

    Request.objects.filter(pk=request.pk).update(form_data={"period": ["2026-07-01", "2026-08-30"]})

    check = approval_verify(approval)
    assert not check.content_ok
    assert check.signature_ok
    assert not check.ok


def test_editing_a_decision_is_detected(desk: Desk) -> None:
    request = leave(desk)
    approval = approval_decide(
        actor=desk.manager, approval_id=request.approvals.get().pk, approve=False, now=almaty(2, 15)
    )

    Approval.objects.filter(pk=approval.pk).update(state=ApprovalState.APPROVED)

    assert not approval_verify(Approval.objects.get(pk=approval.pk)).signature_ok


def test_removing_an_approval_from_the_chain_is_detected(desk: Desk) -> None:
    requests = [leave(desk), leave(desk, desk.colleague), leave(desk)]
    for hour, request in enumerate(requests, start=14):
        approval_decide(
            actor=desk.manager,
            approval_id=request.approvals.get().pk,
            approve=True,
            now=almaty(2, hour),
        )

    Approval.objects.filter(sequence=2).delete()

    assert [check.ok for check in approval_chain_verify()] == [True, False]


def test_only_the_named_approver_decides(desk: Desk) -> None:
    request = leave(desk)
    approval = request.approvals.get()

    for outsider in (desk.employee, desk.agent, desk.admin, desk.other_employee):
        with pytest.raises(ValidationError, match="not waiting for you"):
            approval_decide(
                actor=outsider, approval_id=approval.pk, approve=True, now=almaty(2, 15)
            )
    assert Approval.objects.get(pk=approval.pk).state == ApprovalState.PENDING


def test_the_history_shows_the_signature_check(client: object, desk: Desk) -> None:
    request = leave(desk)
    approval = approval_decide(
        actor=desk.manager, approval_id=request.approvals.get().pk, approve=True, now=almaty(2, 15)
    )
    client.force_login(desk.employee)  # type: ignore[attr-defined]

    ok = client.get(f"/desk/requests/{request.pk}/").content.decode()  # type: ignore[attr-defined]
    Approval.objects.filter(pk=approval.pk).update(comment="forged")
    bad = client.get(f"/desk/requests/{request.pk}/").content.decode()  # type: ignore[attr-defined]

    assert "sd-signature-ok" in ok
    assert "sd-signature-bad" not in ok
    assert "sd-signature-bad" in bad
