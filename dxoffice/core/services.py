"""Writes of core records. Each service checks permission, validates, saves and leaves an audit
record (through the model's history, attributed to `by`) inside one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dxoffice.core.models import ApiToken, Attachment, OrgUnit, RoleGrant, User
from dxoffice.core.permissions import Action, forget_scope, require
from dxoffice.core.uploads import content_matches_suffix

M = TypeVar("M", bound=models.Model)

TOKEN_DEFAULT_DAYS = 90  # a token nobody asked to keep longer stops working after a quarter
TOKEN_MAX_DAYS = 366
TOKEN_LIFETIME_CHOICES = (30, 90, 180, 365)  # days, as the tokens page offers them


def token_lifetime_days(value: str | None) -> int:
    """The lifetime chosen on the tokens page; nothing chosen is the default."""
    if value in (None, ""):
        return TOKEN_DEFAULT_DAYS
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = 0
    if days not in TOKEN_LIFETIME_CHOICES:
        raise ValidationError({"expires_in": _("Choose how long the token lasts.")})
    return days


ALLOWED_UPLOAD_SUFFIXES = {
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".ppt",
    ".pptx",
    ".odt",
    ".ods",
    ".odp",
    ".txt",
    ".csv",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".zip",
    ".rar",
    ".7z",
}


def save_audited(obj: M, *, by: User, event: str = "", reason: str = "") -> M:
    """Validate and save `obj`; its history record names `by`, the event code (registered by the
    module, e.g. "task.status_changed") and the person's own reason, kept apart."""
    _require_actor(by)
    obj.full_clean()
    obj._history_user = by  # type: ignore[attr-defined]
    obj._history_event = event  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]
    obj.save()
    return obj


REASON_MAX_LENGTH = 2000


def archive(obj: M, *, by: User, reason: str = "", event: str = "record.archived") -> M:
    """Archive instead of deleting; the history keeps who did it and why."""
    _require_actor(by)
    if len(reason or "") > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Keep the reason under %(limit)s characters.") % {"limit": REASON_MAX_LENGTH}}
        )
    if getattr(obj, "archived_at", None) is None:
        obj.archived_at = timezone.now()  # type: ignore[attr-defined]
        obj._history_user = by  # type: ignore[attr-defined]
        obj._history_event = event  # type: ignore[attr-defined]
        obj._change_reason = reason  # type: ignore[attr-defined]
        obj.save()
    return obj


def _require_actor(by: User | None) -> None:
    """Every write names who made it; background work acts as the system actor (core.actors)."""
    if by is None or not getattr(by, "pk", None):
        raise ValueError("a write needs an actor: pass by=<user> or by=system_actor()")


@transaction.atomic
def unit_create(*, by: User, parent: OrgUnit | None, **fields: Any) -> OrgUnit:
    require(by, Action.ADMINISTER, parent) if parent else _require_global_admin(by)
    unit = OrgUnit(parent=parent, **fields)
    return save_audited(unit, by=by, event="unit.created")


@transaction.atomic
def unit_update(*, by: User, unit: OrgUnit, **fields: Any) -> OrgUnit:
    require(by, Action.ADMINISTER, unit)
    for name, value in fields.items():
        setattr(unit, name, value)
    return save_audited(unit, by=by, event="unit.changed")


def _require_global_admin(user: User) -> None:
    if not user.is_superuser:
        raise PermissionDenied


@transaction.atomic
def role_grant(*, by: User, user: User, unit: OrgUnit, role: str) -> RoleGrant:
    require(by, Action.ADMINISTER, unit)
    grant = RoleGrant.objects.filter(user=user, unit=unit, role=role).first()
    if grant is None:
        grant = save_audited(RoleGrant(user=user, unit=unit, role=role), by=by, event="role.granted")
    forget_scope(user)
    return grant


@transaction.atomic
def role_revoke(*, by: User, grant: RoleGrant) -> RoleGrant:
    require(by, Action.ADMINISTER, grant.unit)
    forget_scope(grant.user)
    return archive(grant, by=by, event="role.revoked")


@transaction.atomic
def token_create(
    *, user: User, name: str, expires_at: datetime | None = None, never_expires: bool = False
) -> tuple[ApiToken, str]:
    """Create an API token for `user`, who makes it for themself (the actor of the audit record).
    The raw value is returned once and never stored. Without `expires_at` it expires after
    TOKEN_DEFAULT_DAYS; a token that never expires has to be asked for (`never_expires`)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    if expires_at is None and not never_expires:
        expires_at = timezone.now() + timedelta(days=TOKEN_DEFAULT_DAYS)
    if expires_at is not None and timezone.is_naive(expires_at):
        expires_at = timezone.make_aware(expires_at)
    if expires_at is not None and expires_at - timezone.now() > timedelta(days=TOKEN_MAX_DAYS):
        raise ValidationError(
            {"expires_at": _("A token lasts at most %(days)s days.") % {"days": TOKEN_MAX_DAYS}}
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry date must be in the future.")})
    raw, prefix, key_hash = ApiToken.generate()
    token = ApiToken(user=user, name=name[:100], prefix=prefix, key_hash=key_hash, expires_at=expires_at)
    return save_audited(token, by=user, event="token.created"), raw


@transaction.atomic
def token_revoke(*, by: User, token: ApiToken) -> ApiToken:
    """Revoke one of `by`'s own tokens; it is kept, revoked, for the record."""
    if token.user_id != by.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        save_audited(token, by=by, event="token.revoked")
    return token


def tokens_revoke_all(*, user: User, by: User, reason: str = "") -> int:
    """Revoke every token of `user` still in use (a password change, a deactivation); returns how
    many. Each revocation is audited with `by` as its actor."""
    revoked = 0
    for token in ApiToken.objects.usable().filter(user=user):
        token.revoked_at = timezone.now()
        save_audited(token, by=by, event="token.revoked", reason=reason)
        revoked += 1
    return revoked


def validate_upload(upload: File, field: str = "file") -> None:
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in ALLOWED_UPLOAD_SUFFIXES:
        raise ValidationError(
            {field: _("Files of type “%(suffix)s” are not accepted.") % {"suffix": suffix or "?"}}
        )
    if upload.size > settings.DXOFFICE_MAX_UPLOAD_BYTES:
        limit = settings.DXOFFICE_MAX_UPLOAD_BYTES // (1024 * 1024)
        raise ValidationError({field: _("The file is larger than %(limit)s MB.") % {"limit": limit}})
    if upload.size == 0:
        raise ValidationError({field: _("The file is empty.")})
    if not content_matches_suffix(upload, suffix):
        raise ValidationError(
            {
                field: _("The content of “%(name)s” is not a %(suffix)s file.")
                % {"name": Path(upload.name or "").name, "suffix": suffix}
            }
        )


def attachment_add(*, by: User, target: models.Model, upload: File, description: str = "") -> Attachment:
    """Store an uploaded file against `target`. Callers check permission on the target first."""
    validate_upload(upload)  # refuses a file without a name (no accepted suffix)
    file_name = Path(upload.name or "").name
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        original_name=file_name[:255],
        size=upload.size,
        description=(description or "")[:255],
        uploaded_by=by,
    )
    attachment.file.save(file_name, upload, save=False)
    attachment._history_user = by  # type: ignore[attr-defined]
    attachment._history_event = "file.attached"  # type: ignore[attr-defined]
    attachment.save()
    return attachment


def attachments_by_target(model: type[models.Model], ids: Iterable[int]) -> dict[int, list[Attachment]]:
    """Attachments of many records of one model, in one query: {record id: [attachments]}."""
    grouped: dict[int, list[Attachment]] = {}
    rows = Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=list(ids)
    )
    for attachment in rows.select_related("uploaded_by"):
        grouped.setdefault(attachment.object_id, []).append(attachment)
    return grouped


def attachments_of(target: models.Model) -> QuerySet[Attachment]:
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).select_related("uploaded_by")
