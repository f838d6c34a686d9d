"""Local enterprises, their DX-maturity self-assessments, the solutions catalogue, support cases
and the province's priority list."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import Archivable, AuditTrail
from dxoffice.core.text import fold, nfc


class PrioritySector(models.TextChoices):
    """The agreement's priority sectors for enterprise support."""

    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    AGRICULTURE = "agriculture", _("Agriculture")
    ENVIRONMENT = "environment", _("Environment")
    TOURISM = "tourism", _("Tourism")
    OTHER = "other", _("Other sectors")


class EnterpriseSize(models.TextChoices):
    """The legal SME classes (Decree 80/2021/ND-CP), and larger enterprises."""

    MICRO = "micro", _("Micro enterprise")
    SMALL = "small", _("Small enterprise")
    MEDIUM = "medium", _("Medium enterprise")
    LARGE = "large", _("Large enterprise")


class EnterpriseStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class Enterprise(Archivable):
    """An enterprise that registered on the public form. It counts only once the DX office verified it."""

    name = models.CharField(_("enterprise name"), max_length=255)
    tax_code = models.CharField(_("tax code"), max_length=14, unique=True)
    sector = models.CharField(_("sector"), max_length=20, choices=PrioritySector.choices)
    size = models.CharField(_("size"), max_length=10, choices=EnterpriseSize.choices)
    commune = models.ForeignKey(
        "core.OrgUnit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    on_digital_platform = models.BooleanField(_("uses a digital platform"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=EnterpriseStatus.choices, default=EnterpriseStatus.PENDING
    )
    status_reason = models.CharField(_("reason"), max_length=400, blank=True)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now, editable=False)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprise",
        editable=False,
    )
    search_text = models.CharField(max_length=400, editable=False, blank=True)
    history = AuditTrail(excluded_fields=["search_text"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        indexes = [models.Index(fields=["status", "sector"], name="partners_enterprise_status")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = nfc(self.name)
        self.search_text = fold(f"{self.tax_code} {self.name}")[:400]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class MaturityAssessment(Archivable):
    """One year's DX-maturity self-assessment: the answers (0–4 per question), the score (0–100) and
    the level (1–5) derived from them by `partners.maturity`."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("year"))
    answers = models.JSONField(_("answers"), default=dict)
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1, default=Decimal(0))
    level = models.PositiveSmallIntegerField(_("maturity level"), default=1)
    history = AuditTrail()

    class Meta:
        ordering = ["enterprise", "-year"]
        verbose_name = _("maturity assessment")
        verbose_name_plural = _("maturity assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                condition=models.Q(archived_at__isnull=True),
                name="partners_unique_assessment_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.year}"


class SupportNeed(models.TextChoices):
    E_INVOICE = "e_invoice", _("E-invoices")
    E_COMMERCE = "e_commerce", _("E-commerce")
    CASHLESS = "cashless", _("Cashless payment")
    MARKETING = "marketing", _("Digital marketing")
    MANAGEMENT = "management", _("Management software")
    SECURITY = "security", _("Cybersecurity")
    OTHER = "other", _("Other")


class Solution(Archivable):
    """A solution of the catalogue: what it does, for which sector and need, who provides it."""

    name = models.CharField(_("name"), max_length=200)
    provider = models.ForeignKey(
        "core.OrgUnit", verbose_name=_("provider"), on_delete=models.PROTECT, related_name="+"
    )
    sector = models.CharField(_("sector"), max_length=20, choices=PrioritySector.choices)
    need = models.CharField(_("need"), max_length=20, choices=SupportNeed.choices)
    price_min = models.DecimalField(
        _("lowest price (VND)"), max_digits=18, decimal_places=0, validators=[MinValueValidator(0)]
    )
    price_max = models.DecimalField(
        _("highest price (VND)"), max_digits=18, decimal_places=0, validators=[MinValueValidator(0)]
    )
    references = models.TextField(_("references"), blank=True, max_length=2000)
    history = AuditTrail()

    class Meta:
        ordering = ["sector", "name"]
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")

    def __str__(self) -> str:
        return self.name


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    TRIAGED = "triaged", _("Triaged")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    DECLINED = "declined", _("Declined")


OPEN_CASE_STATUSES = (CaseStatus.NEW, CaseStatus.TRIAGED, CaseStatus.IN_PROGRESS)


class SupportCase(Archivable):
    """An enterprise's request for help, from triage to closure."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="cases"
    )
    sector = models.CharField(_("sector"), max_length=20, choices=PrioritySector.choices)
    need = models.CharField(_("need"), max_length=20, choices=SupportNeed.choices)
    description = models.TextField(_("what is needed"), max_length=4000)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW)
    partner = models.ForeignKey(
        "core.OrgUnit",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    solution = models.ForeignKey(
        Solution,
        verbose_name=_("solution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_on = models.DateField(_("opened on"))
    due_date = models.DateField(_("answer due by"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=400, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    history = AuditTrail()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("support case")
        verbose_name_plural = _("support cases")
        indexes = [models.Index(fields=["status", "closed_on"], name="partners_case_status_closed")]

    def __str__(self) -> str:
        return f"#{self.pk} · {self.enterprise}"


class CaseNote(Archivable):
    case = models.ForeignKey(SupportCase, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField(_("note"), max_length=4000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now, editable=False)
    history = AuditTrail()

    class Meta:
        ordering = ["written_at", "pk"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return self.text[:60]


class PriorityListing(Archivable):
    """An enterprise on the province's priority list for a regional program, with the rule that put it there."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="listings")
    program = models.CharField(_("program"), max_length=200)
    rule = models.CharField(_("rule"), max_length=400)
    listed_on = models.DateField(_("listed on"))
    history = AuditTrail()

    class Meta:
        ordering = ["program", "enterprise__name"]
        verbose_name = _("priority listing")
        verbose_name_plural = _("priority listings")

    def __str__(self) -> str:
        return f"{self.program} · {self.enterprise}"
