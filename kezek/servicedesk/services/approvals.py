"""Manager approvals with a simple electronic signature, chained and verifiable.

``content_hash = SHA-256(canonical JSON of the approved request content)``;
``signature = SHA-256(canonical JSON of {content_hash, approver, decided_at, decision, comment,
sequence, previous})`` where ``previous`` is the signature of the approval decided just before
(``sequence - 1``) anywhere in the desk. Changing the request afterwards breaks its content hash;
changing an approval row breaks its signature; deleting or reordering one breaks the chain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kezek.accounts.models import Membership, User
from kezek.core.policy import rows
from kezek.servicedesk.choices import ApprovalState, EventKind, State
from kezek.servicedesk.models import Approval, Request, RequestEvent
from kezek.servicedesk.services.assignment import load_track
from kezek.servicedesk.services.notifications import notify
from kezek.servicedesk.services.opening import request_open


def canonical_json(value: Any) -> bytes:
    """Deterministic JSON: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256(value: Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def approval_content(request: Request) -> dict[str, Any]:
    """What the approver approves: the request as the requester sent it."""
    return {
        "request": request.pk,
        "service": request.service.code,
        "organisation": request.organisation_id,
        "requester": request.requester_id,
        "subject": request.subject_id,
        "title": request.title,
        "description": request.description,
        "form_data": request.form_data,
    }


def signature_of(approval: Approval) -> str:
    """The signature the approval's stored fields produce."""
    decided = approval.decided_at.astimezone(UTC).isoformat() if approval.decided_at else ""
    return sha256(
        {
            "content_hash": approval.content_hash,
            "approver": approval.approver_id,
            "decided_at": decided,
            "decision": approval.state,
            "comment": approval.comment,
            "sequence": approval.sequence,
            "previous": approval.previous_signature,
        }
    )


def approver_for(*, request: Request) -> User | None:
    """The leader of a team the subject (else the requester) belongs to, in the same company."""
    for person_id in (request.subject_id, request.requester_id):
        membership = (
            Membership.objects.filter(
                user_id=person_id,
                team__leader__isnull=False,
                team__organisation_id=request.organisation_id,
            )
            .exclude(team__leader_id=person_id)
            .select_related("team__leader")
            .first()
        )
        if membership is not None and membership.team is not None:
            return membership.team.leader
    return None


def approval_request(*, request: Request, approver: User) -> Approval:
    approval = Approval(request=request, approver=approver)
    approval.full_clean()
    approval.save()
    return approval


def approval_decide(
    *, actor: User, approval_id: int, approve: bool, comment: str = "", now: datetime
) -> Approval:
    """Approve or reject a pending approval of ``actor``'s and sign the decision."""
    for _attempt in range(3):
        try:
            return _decide(actor, approval_id, approve, comment, now)
        except IntegrityError:  # another decision took the same place in the chain: retry
            continue
    raise ValidationError(_("The approval could not be recorded; try again."))


@transaction.atomic
def _decide(actor: User, approval_id: int, approve: bool, comment: str, now: datetime) -> Approval:
    approval = rows(actor, Approval, "change").filter(pk=approval_id).first()
    if approval is None:
        raise ValidationError({"approval": _("This approval is not waiting for you.")})
    request = (
        Request.objects.select_for_update(of=("self",))
        .select_related("service", "group")
        .get(pk=approval.request_id)
    )
    last = Approval.objects.filter(sequence__isnull=False).order_by("-sequence").first()
    approval.state = ApprovalState.APPROVED if approve else ApprovalState.REJECTED
    approval.comment = comment.strip()
    approval.decided_at = now
    approval.sequence = (last.sequence or 0) + 1 if last else 1
    approval.previous_signature = last.signature if last else ""
    approval.content_hash = sha256(approval_content(request))
    approval.signature = signature_of(approval)
    approval.full_clean()
    approval.save()
    RequestEvent.objects.create(
        request=request,
        kind=EventKind.APPROVAL,
        actor=actor,
        created_at=now,
        data={"decision": approval.state, "signature": approval.signature},
    )
    if approve:
        request_open(request=request, now=now)
    else:
        load_track(request=request, assignee_id=request.assignee_id, state=State.CANCELLED)
        request.state = State.CANCELLED
        request.save()
    notify(
        kind="approval_decided",
        request=request,
        recipients=[request.requester],
        context={"approval": approval},
    )
    return approval


@dataclass(frozen=True, slots=True)
class SignatureCheck:
    """Result of checking one decided approval."""

    approval_id: int
    content_ok: bool
    signature_ok: bool
    chain_ok: bool

    @property
    def ok(self) -> bool:
        return self.content_ok and self.signature_ok and self.chain_ok


def approval_verify(
    approval: Approval, *, previous: Approval | bool | None = True
) -> SignatureCheck:
    """Check one approval against its request, its own fields and its predecessor.

    ``previous=True`` looks the predecessor up; pass the predecessor (or ``None`` for the first)
    when checking a whole chain in order.
    """
    request = Request.objects.select_related("service").get(pk=approval.request_id)
    if previous is True:
        previous = (
            Approval.objects.filter(sequence=(approval.sequence or 0) - 1).first()
            if (approval.sequence or 0) > 1
            else None
        )
    expected_previous = previous.signature if isinstance(previous, Approval) else ""
    chain_ok = approval.previous_signature == expected_previous and (
        (approval.sequence == 1 and previous is None)
        or (isinstance(previous, Approval) and previous.sequence == (approval.sequence or 0) - 1)
    )
    return SignatureCheck(
        approval_id=approval.pk,
        content_ok=approval.content_hash == sha256(approval_content(request)),
        signature_ok=approval.signature == signature_of(approval),
        chain_ok=chain_ok,
    )


def approval_chain_verify() -> list[SignatureCheck]:
    """Every decided approval checked in chain order; ``all(c.ok for c in result)`` if intact."""
    checks = []
    previous: Approval | None = None
    for approval in Approval.objects.filter(sequence__isnull=False).order_by("sequence"):
        checks.append(approval_verify(approval, previous=previous))
        previous = approval
    return checks
