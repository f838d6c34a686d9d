"""Core records every module stands on: units, people, roles, tokens and files."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dxoffice.core.text import fold, nfc


def bounded_text(verbose_name: Any, max_length: int, **kwargs: Any) -> models.TextField:
    """A free-text field with a length every write path holds: the form's textarea, the API's
    schema and full_clean (which a TextField's max_length alone does not enforce)."""
    return models.TextField(
        verbose_name, max_length=max_length, validators=[MaxLengthValidator(max_length)], **kwargs
    )


class ArchivableQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


_ArchivableManager = models.Manager.from_queryset(ArchivableQuerySet)


class ActiveManager(_ArchivableManager):
    """Default manager: archived rows are out of sight; `all_objects` still sees them."""

    def get_queryset(self):
        return super().get_queryset().filter(archived_at__isnull=True)


class Archivable(models.Model):
    """Nothing is hard-deleted: rows are archived, and their history keeps who did it."""

    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)

    objects = ActiveManager()
    all_objects = ArchivableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class AuditEventFields(models.Model):
    """What every history table keeps beside simple-history's own columns: the event code
    ("task.status_changed"), apart from the person's own reason (history_change_reason), so the
    trail can be queried and is shown in the reader's language."""

    history_event = models.CharField(max_length=60, blank=True, default="", db_index=True)

    class Meta:
        abstract = True


class AuditTrail(HistoricalRecords):
    """simple-history's HistoricalRecords with the event code column; every domain model uses it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("bases", [AuditEventFields])
        super().__init__(*args, **kwargs)


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    SPECIAL_ZONE = "special_zone", _("Special zone")
    DEPARTMENT = "department", _("Department")
    AGENCY = "agency", _("Agency")
    TECH_PARTNER = "tech_partner", _("Technology partner")
    ENTERPRISE = "enterprise", _("Enterprise")
    SCHOOL = "school", _("School")
    UNIVERSITY = "university", _("University")


GOVERNMENT_KINDS = {
    UnitKind.PROVINCE,
    UnitKind.COMMUNE,
    UnitKind.WARD,
    UnitKind.SPECIAL_ZONE,
    UnitKind.DEPARTMENT,
    UnitKind.AGENCY,
}
LOCAL_KINDS = {UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE}
PARTNER_KINDS = {UnitKind.TECH_PARTNER, UnitKind.ENTERPRISE, UnitKind.SCHOOL, UnitKind.UNIVERSITY}

unit_code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9._-]{0,39}$",
    _("Use 1–40 capital letters, digits, dots, dashes or underscores."),
)


class OrgUnit(Archivable):
    """An organisation unit. Units form a tree held as a materialised path of ids ("/1/7/42/"),
    so a subtree is one indexed prefix query at any scale. Partners are roots of their own."""

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[unit_code_validator])
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    email = models.EmailField(_("e-mail"), blank=True)
    search_text = models.CharField(max_length=400, editable=False, blank=True)
    history = AuditTrail(excluded_fields=["path", "depth", "search_text"])

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        indexes = [models.Index(fields=["kind"], name="core_unit_kind")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.short_name = nfc(self.short_name)
        self.search_text = fold(f"{self.code} {self.name} {self.short_name}")
        super().save(*args, **kwargs)
        self._refresh_path()

    def clean(self) -> None:
        """A unit moves under any unit but itself or one of its own descendants (that would cut
        its subtree off the tree and corrupt every path below it)."""
        super().clean()
        parent = self.parent
        if parent is None or self.pk is None:
            return
        if parent.pk == self.pk:
            raise ValidationError({"parent": _("A unit cannot be its own parent.")})
        own_path = OrgUnit.all_objects.filter(pk=self.pk).values_list("path", flat=True).first() or ""
        parent_path = OrgUnit.all_objects.filter(pk=parent.pk).values_list("path", flat=True).first() or ""
        if own_path and parent_path.startswith(own_path):
            raise ValidationError({"parent": _("A unit cannot move under one of its own sub-units.")})

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def is_government(self) -> bool:
        return self.kind in GOVERNMENT_KINDS

    @property
    def is_partner(self) -> bool:
        return self.kind in PARTNER_KINDS

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def _refresh_path(self) -> None:
        parent = self.parent
        parent_path = parent.path if parent is not None else "/"
        new_path = f"{parent_path}{self.pk}/"
        if new_path == self.path:
            return
        old_path = self.path
        depth = new_path.count("/") - 2
        OrgUnit.all_objects.filter(pk=self.pk).update(path=new_path, depth=depth)
        if old_path:
            # Moving a unit moves its subtree.
            for child in OrgUnit.all_objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                child_path = new_path + child.path[len(old_path) :]
                OrgUnit.all_objects.filter(pk=child.pk).update(
                    path=child_path, depth=child_path.count("/") - 2
                )
        self.path, self.depth = new_path, depth


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    LEADER = "leader", _("Leader")
    COORDINATOR = "coordinator", _("Coordinator")
    FOCAL = "focal", _("Focal point")
    VIEWER = "viewer", _("Viewer")


class DxUserManager(UserManager["User"]):
    pass


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="vi")
    history = AuditTrail(excluded_fields=["password", "last_login"])

    objects: ClassVar[DxUserManager] = DxUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)


class RoleGrant(Archivable):
    """A role held on a unit; it covers the unit's whole subtree."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="grants")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="grants")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    history = AuditTrail()

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=models.Q(archived_at__isnull=True),
                name="core_unique_active_grant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit.code}"


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A bearer token for the API. Only its hash is stored; the raw value is shown once."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Creation and revocation are audited; the hash, a secret's stand-in, stays out of the trail.
    history = AuditTrail(excluded_fields=["key_hash"])

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        """Neither revoked nor expired: what `ApiToken.objects.usable()` selects."""
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())

    @staticmethod
    def generate() -> tuple[str, str, str]:
        raw = "dxo_" + secrets.token_urlsafe(32)
        return raw, raw[:12], _hash_token(raw)

    @classmethod
    def find_usable(cls, raw: str) -> ApiToken | None:
        return cls.objects.usable().select_related("user").filter(key_hash=_hash_token(raw)).first()


def attachment_path(instance: Attachment, filename: str) -> str:
    stamp = timezone.now()
    return f"files/{stamp:%Y/%m}/{secrets.token_hex(8)}/{filename}"


class Attachment(Archivable):
    """A file attached to any record (evidence, documents). Stored through Django storage."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    description = models.CharField(_("description"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    history = AuditTrail()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [models.Index(fields=["content_type", "object_id"], name="core_attachment_target")]

    def __str__(self) -> str:
        return self.original_name
