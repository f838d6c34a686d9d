"""Writes of certificates after their issue: revocation with a reason, recertification."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import User
from dxoffice.core.permissions import Action, can
from dxoffice.core.services import save_audited
from dxoffice.training import timeutil
from dxoffice.training.models import Certificate, Completion, CompletionSource
from dxoffice.training.services.completion import announce_figures, certificate_issue, completion_record


def manages_certificate(user: User, certificate: Certificate) -> bool:
    return can(user, Action.PLAN, certificate.completion.course.owner_unit) or can(
        user, Action.REPORT, certificate.issuer
    )


@transaction.atomic
def certificate_revoke(*, by: User, certificate: Certificate, reason: str) -> Certificate:
    """Revoke with a reason: the public page says so at once, and the completion stops counting."""
    if not manages_certificate(by, certificate):
        raise PermissionDenied
    if certificate.is_revoked:
        raise StateConflict(_("This certificate is already revoked."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for revoking the certificate.")})
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = reason[:500]
    save_audited(certificate, by=by, event="training.certificate_revoked", reason=reason)
    completion = certificate.completion
    announce_figures(
        units=[completion.learner.unit],
        providers=[completion.provider] if completion.provider else [],
        days=[completion.completed_on],
    )
    return certificate


@transaction.atomic
def recertify(*, by: User, certificate: Certificate) -> Certificate:
    """A new completion dated today and its certificate, linked to the one it replaces (an expiring
    course taken again, its refresher passed)."""
    if not manages_certificate(by, certificate):
        raise PermissionDenied
    if certificate.is_revoked:
        raise StateConflict(_("A revoked certificate cannot be renewed."))
    if hasattr(certificate, "replaced_by"):
        raise StateConflict(_("This certificate has already been renewed."))
    old: Completion = certificate.completion
    completion = completion_record(
        by=by,
        learner=old.learner,
        course=old.course,
        completed_on=timeutil.local_today(),
        source=old.source if old.source != CompletionSource.CLASS else CompletionSource.EXTERNAL,
        provider=old.provider,
        external_provider=old.external_provider,
        issue_certificate=False,
        event="training.recertified",
    )
    return certificate_issue(by=by, completion=completion, replaces=certificate)
