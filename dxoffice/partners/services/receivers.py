"""What the partners module does when planning announces a change to a task that carries a commitment."""

from __future__ import annotations

from typing import Any

from dxoffice.core.services import save_audited
from dxoffice.partners.models import Commitment, CommitmentStatus

STARTED_TASK_STATUSES = {"in_progress", "completed"}


def start_commitment_with_its_task(sender: type, task: Any, by: Any, **kwargs: Any) -> None:
    """A commitment not yet started is in progress once one of its tasks is under way or done."""
    if task.origin != "partners.commitment" or not task.origin_id:
        return
    if task.status not in STARTED_TASK_STATUSES:
        return
    commitment = Commitment.objects.filter(pk=task.origin_id, status=CommitmentStatus.NOT_STARTED).first()
    if commitment is None:
        return
    commitment.status = CommitmentStatus.IN_PROGRESS
    save_audited(commitment, by=by, event="commitment.started_by_task", reason=str(task.code))


def connect_receivers() -> None:
    from dxoffice.planning.signals import task_completed, task_status_changed

    task_status_changed.connect(start_commitment_with_its_task, dispatch_uid="partners.commitment_started")
    task_completed.connect(start_commitment_with_its_task, dispatch_uid="partners.commitment_started_done")
