"""Partners (a profile on a partner unit of the tree, with its contacts), agreements, their amendments, each party's
commitments and the periodic reviews of an agreement."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import PARTNER_KINDS, Archivable, AuditTrail, bounded_text
from dxoffice.core.text import fold, nfc


class SchoolLevel(models.TextChoices):
    PRIMARY = "primary", _("Primary school")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
    MULTI_LEVEL = "multi_level", _("Multi-level school")
    VOCATIONAL = "vocational", _("Vocational institution")
    UNIVERSITY = "university", _("University")


class PartnerProfile(Archivable):
    """What the partners module knows of a partner unit of the tree (its contacts): one per unit."""

    unit = models.OneToOneField(
        "core.OrgUnit", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="partner_profile"
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    school_level = models.CharField(_("school level"), max_length=20, choices=SchoolLevel.choices, blank=True)
    history = AuditTrail()

    class Meta:
        verbose_name = _("partner profile")
        verbose_name_plural = _("partner profiles")

    def __str__(self) -> str:
        return str(self.unit)

    def clean(self) -> None:
        if self.unit_id and self.unit.kind not in PARTNER_KINDS:
            raise ValidationError({"unit": _("Only a partner unit has a partner profile.")})


class PartnerContact(Archivable):
    """A person to call at a partner: name, position, e-mail, phone. Retired (archived), never deleted,
    when they leave; the history keeps who retired them and why."""

    profile = models.ForeignKey(
        PartnerProfile, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    note = bounded_text(_("note"), 1000, blank=True)
    history = AuditTrail()

    class Meta:
        ordering = ["profile", "name", "pk"]
        verbose_name = _("partner contact")
        verbose_name_plural = _("partner contacts")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = nfc(self.name)
        self.position = nfc(self.position)
        self.note = nfc(self.note)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Agreement(Archivable):
    """A cooperation agreement: its number, parties, dates and scope. The owner unit is the
    government party that keeps it (the province); its planners manage it."""

    number = models.CharField(_("number"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    owner_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="+"
    )
    parties = models.ManyToManyField("core.OrgUnit", verbose_name=_("parties"), related_name="agreements")
    signed_on = models.DateField(_("signed on"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    scope = models.TextField(_("scope"), blank=True, max_length=8000)
    search_text = models.CharField(max_length=500, editable=False, blank=True)
    history = AuditTrail(m2m_fields=[parties], excluded_fields=["search_text"])

    class Meta:
        ordering = ["-signed_on", "number"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"{self.number} · {self.title}"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.owner_unit_id and not self.owner_unit.is_government:
            errors["owner_unit"] = _("The owner unit must be a government unit.")
        if self.valid_from and self.signed_on and self.valid_from < self.signed_on:
            errors["valid_from"] = _("An agreement cannot take effect before it is signed.")
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end of validity is before its start.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args: object, **kwargs: object) -> None:
        self.title = nfc(self.title)
        self.scope = nfc(self.scope)
        self.search_text = fold(f"{self.number} {self.title}")[:500]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Amendment(Archivable):
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="amendments")
    number = models.CharField(_("number"), max_length=60)
    signed_on = models.DateField(_("signed on"))
    summary = models.TextField(_("summary"), max_length=4000)
    history = AuditTrail()

    class Meta:
        ordering = ["signed_on", "pk"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def __str__(self) -> str:
        return self.number


class CommitmentArea(models.TextChoices):
    PLANNING = "planning", _("Plans and resolutions")
    INFRASTRUCTURE = "infrastructure", _("Digital infrastructure and security")
    TECHNOLOGY = "technology", _("Technology transfer and platforms")
    TRAINING = "training", _("Training")
    ENTERPRISES = "enterprises", _("Enterprise support")
    EDUCATION = "education", _("Schools and vocational institutions")
    FUNDING = "funding", _("Funding and priority")
    OTHER = "other", _("Other")


class CommitmentStatus(models.TextChoices):
    """What a person records. "Late" is never recorded: it is derived from the due date."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    AT_RISK = "at_risk", _("At risk")
    MET = "met", _("Met")
    DROPPED = "dropped", _("Dropped")


class CommitmentState(models.TextChoices):
    """How a commitment stands today: its recorded status, with "late" past the due date."""

    MET = "met", _("Met")
    LATE = "late", _("Late")
    AT_RISK = "at_risk", _("At risk")
    IN_PROGRESS = "in_progress", _("In progress")
    NOT_STARTED = "not_started", _("Not started")
    DROPPED = "dropped", _("Dropped")


class Commitment(Archivable):
    """What one party undertook under an agreement, how its completion is measured, and by when."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="commitments"
    )
    party = models.ForeignKey(
        "core.OrgUnit", verbose_name=_("party"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("code"), max_length=20)
    area = models.CharField(_("area"), max_length=20, choices=CommitmentArea.choices, default="other")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    measure = models.CharField(_("measure of completion"), max_length=400)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.NOT_STARTED
    )
    status_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    met_on = models.DateField(_("met on"), null=True, blank=True)
    history = AuditTrail()

    class Meta:
        ordering = ["agreement", "code"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "code"], name="partners_unique_commitment_code")
        ]
        indexes = [models.Index(fields=["party", "due_date"], name="partners_commitment_party_due")]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.title = nfc(self.title)
        self.description = nfc(self.description)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class AgreementReview(Archivable):
    """The periodic (quarterly) review of an agreement: notes and a decision per commitment."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="reviews")
    period = models.CharField(_("period"), max_length=8)
    held_on = models.DateField(_("held on"))
    notes = models.TextField(_("notes"), blank=True, max_length=8000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = AuditTrail()

    class Meta:
        ordering = ["-period"]
        verbose_name = _("agreement review")
        verbose_name_plural = _("agreement reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "period"],
                condition=models.Q(archived_at__isnull=True),
                name="partners_unique_review_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement.number} · {self.period}"


class ReviewDecisionKind(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    MET = "met", _("Confirmed met")
    EXTEND = "extend", _("New due date")
    DROP = "drop", _("Dropped")


class ReviewDecision(Archivable):
    review = models.ForeignKey(AgreementReview, on_delete=models.PROTECT, related_name="decisions")
    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="decisions")
    decision = models.CharField(_("decision"), max_length=20, choices=ReviewDecisionKind.choices)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    new_due_date = models.DateField(_("new due date"), null=True, blank=True)
    history = AuditTrail()

    class Meta:
        ordering = ["review", "commitment__code"]
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        constraints = [
            models.UniqueConstraint(fields=["review", "commitment"], name="partners_unique_review_decision")
        ]

    def __str__(self) -> str:
        return f"{self.review} · {self.commitment.code}"
