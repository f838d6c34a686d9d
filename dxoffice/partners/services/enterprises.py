"""Writes of enterprises: registration on the public form, verification by the DX office, the
yearly maturity self-assessment and the priority list."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import LOCAL_KINDS, User
from dxoffice.core.permissions import Action, require
from dxoffice.core.services import archive, save_audited
from dxoffice.core.text import nfc
from dxoffice.partners.figures import SME_SIZES
from dxoffice.partners.maturity import clean_answers, score_answers
from dxoffice.partners.models import Enterprise, EnterpriseStatus, MaturityAssessment, PriorityListing
from dxoffice.partners.permissions import may_verify
from dxoffice.partners.services.common import (
    ENTERPRISES_SUPPORTED,
    SMES_SUPPORTED_SHARE,
    announce,
    local_today,
    unit_and_ancestors,
)
from dxoffice.partners.taxcode import normalise_tax_code

REGISTRATION_FIELDS = {
    "name",
    "sector",
    "size",
    "commune",
    "address",
    "contact_name",
    "contact_email",
    "contact_phone",
    "on_digital_platform",
}


def duplicate_message(tax_code: str) -> str:
    return _(
        "An enterprise with the tax code %(code)s is already registered. If it is yours, contact the DX office."
    ) % {"code": tax_code}


def clean_tax_code(raw: str) -> str:
    """The canonical tax code, refused when it is malformed or already registered."""
    try:
        code = normalise_tax_code(raw)
    except ValidationError as error:
        raise ValidationError({"tax_code": error.messages}) from error
    if Enterprise.all_objects.filter(tax_code=code).exists():
        raise ValidationError({"tax_code": duplicate_message(code)})
    return code


@transaction.atomic
def enterprise_register(*, by: User, tax_code: str, **fields: Any) -> Enterprise:
    """An enterprise registers itself on the public form (`by` is the system actor there): it waits
    for the DX office to verify it before it counts anywhere."""
    unknown = set(fields) - REGISTRATION_FIELDS
    if unknown:
        raise TypeError(f"unknown enterprise fields: {sorted(unknown)}")
    enterprise = Enterprise(tax_code=clean_tax_code(tax_code), status=EnterpriseStatus.PENDING, **fields)
    commune = fields.get("commune")
    if commune is not None and commune.kind not in LOCAL_KINDS:
        raise ValidationError({"commune": _("Choose a commune, ward or special zone.")})
    try:
        with transaction.atomic():
            return save_audited(enterprise, by=by, event="enterprise.registered")
    except IntegrityError as error:  # registered at the same moment by another request
        raise ValidationError({"tax_code": duplicate_message(enterprise.tax_code)}) from error


def _decide(by: User, enterprise: Enterprise) -> Enterprise:
    require(by, Action.PLAN, enterprise.commune)
    locked = Enterprise.objects.select_for_update(of=("self",)).get(pk=enterprise.pk)
    if locked.status != EnterpriseStatus.PENDING:
        raise StateConflict({"status": _("This enterprise has already been decided on.")})
    return locked


def account_username(enterprise: Enterprise) -> str:
    return "dn" + enterprise.tax_code.replace("-", "")


@transaction.atomic
def enterprise_verify(*, by: User, enterprise: Enterprise) -> Enterprise:
    """The DX office checked the registration: the enterprise counts from now on, and it gets its
    own account (no usable password until the DX office issues one: `enterprise_password_issue`)."""
    locked = _decide(by, enterprise)
    locked.status = EnterpriseStatus.VERIFIED
    locked.verified_on = local_today()
    if locked.account_id is None:
        username = account_username(locked)
        if User.objects.filter(username=username).exists():
            raise StateConflict(
                {"account": _("An account named %(name)s already exists.") % {"name": username}}
            )
        account = User(
            username=username,
            full_name=locked.name[:150],
            email=locked.contact_email,
            phone=locked.contact_phone,
            language="vi",
        )
        account.set_unusable_password()
        locked.account = save_audited(account, by=by, event="enterprise.account_created")
    save_audited(locked, by=by, event="enterprise.verified")
    resolved = locked.cases.filter(status="resolved").values_list("closed_on", flat=True)
    announce(ENTERPRISES_SUPPORTED, [locked.commune_id], list(resolved))
    if locked.size in SME_SIZES:
        units = unit_and_ancestors(locked.commune.path)
        announce(SMES_SUPPORTED_SHARE, units, [locked.verified_on], cumulative=True)
    return locked


@transaction.atomic
def enterprise_password_issue(*, by: User, enterprise: Enterprise) -> str:
    """A new temporary password for the enterprise's account, shown once to the DX office to hand
    over; only its hash is kept."""
    require(by, Action.PLAN, enterprise.commune)
    if enterprise.account is None:
        raise StateConflict({"account": _("The enterprise has an account once it is verified.")})
    password = secrets.token_urlsafe(9)
    account = enterprise.account
    account.set_password(password)
    account._history_user = by  # type: ignore[attr-defined]
    account._history_event = "enterprise.password_issued"  # type: ignore[attr-defined]
    account.save(update_fields=["password"])
    return password


@transaction.atomic
def enterprise_reject(*, by: User, enterprise: Enterprise, reason: str) -> Enterprise:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    locked = _decide(by, enterprise)
    locked.status = EnterpriseStatus.REJECTED
    locked.status_reason = reason.strip()
    return save_audited(locked, by=by, event="enterprise.rejected", reason=reason.strip())


def is_account_of(user: User, enterprise: Enterprise) -> bool:
    return bool(enterprise.account_id) and enterprise.account_id == getattr(user, "pk", None)


def may_assess(user: User, enterprise: Enterprise) -> bool:
    """The enterprise itself, once verified, or the DX office entering its answers."""
    return is_account_of(user, enterprise) or may_verify(user, enterprise)


@transaction.atomic
def assessment_save(
    *, by: User, enterprise: Enterprise, year: int, answers: Mapping[str, object]
) -> MaturityAssessment:
    """The year's self-assessment, scored; a second one in the same year replaces the answers."""
    if not is_account_of(by, enterprise):
        require(by, Action.PLAN, enterprise.commune)
    if enterprise.status != EnterpriseStatus.VERIFIED:
        raise StateConflict({"enterprise": _("An enterprise is assessed once it is verified.")})
    today = local_today()
    if not 2000 <= year <= today.year:
        raise ValidationError({"year": _("The year must be between 2000 and this year.")})
    cleaned = clean_answers(answers)
    result = score_answers(cleaned)
    assessment = MaturityAssessment.objects.filter(enterprise=enterprise, year=year).first()
    assessment = assessment or MaturityAssessment(enterprise=enterprise, year=year)
    assessment.answers = cleaned
    assessment.score = result.score
    assessment.level = result.level
    return save_audited(assessment, by=by, event="enterprise.assessed")


@transaction.atomic
def priority_list_add(
    *, by: User, enterprise: Enterprise, program: str, rule: str, listed_on: date | None = None
) -> PriorityListing:
    """Put a verified enterprise on the province's priority list of a regional program, with the
    rule that puts it there (the reason, kept on the listing and in its history)."""
    require(by, Action.PLAN, enterprise.commune)
    if enterprise.status != EnterpriseStatus.VERIFIED:
        raise StateConflict({"enterprise": _("Only a verified enterprise can be put on the priority list.")})
    program, rule = nfc((program or "").strip()), nfc((rule or "").strip())
    if not program:
        raise ValidationError({"program": _("Name the program.")})
    if not rule:
        raise ValidationError({"rule": _("Give the rule that puts the enterprise on the list.")})
    today = local_today()
    listed_on = listed_on or today
    if listed_on > today:
        raise ValidationError({"listed_on": _("The listing date cannot be in the future.")})
    Enterprise.objects.select_for_update(of=("self",)).filter(pk=enterprise.pk).first()
    listed = PriorityListing.objects.filter(enterprise=enterprise).values_list("program", flat=True)
    if program.casefold() in {name.casefold() for name in listed}:
        raise StateConflict(
            {
                "program": _("%(name)s is already on the priority list of %(program)s.")
                % {"name": enterprise.name, "program": program}
            }
        )
    listing = PriorityListing(enterprise=enterprise, program=program, rule=rule, listed_on=listed_on)
    return save_audited(listing, by=by, event="enterprise.prioritised", reason=rule)


@transaction.atomic
def priority_list_remove(*, by: User, listing: PriorityListing, reason: str) -> PriorityListing:
    """Take an enterprise off a priority list: archived with the reason, never deleted."""
    require(by, Action.PLAN, listing.enterprise.commune)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    locked = PriorityListing.objects.select_for_update(of=("self",)).filter(pk=listing.pk).first()
    if locked is None:
        raise StateConflict({"listing": _("This enterprise is no longer on that list.")})
    return archive(locked, by=by, reason=reason, event="enterprise.unprioritised")


PROFILE_FIELDS = {
    "address",
    "contact_name",
    "contact_email",
    "contact_phone",
    "size",
    "on_digital_platform",
}


@transaction.atomic
def enterprise_profile_update(*, by: User, enterprise: Enterprise, **fields: Any) -> Enterprise:
    """The enterprise keeps its own contacts, address, size and whether it uses a digital
    platform (or the DX office does for it). Its name, tax code, sector and commune are the DX
    office's to correct. The account's e-mail follows the contact e-mail (password reset uses it)."""
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    if not is_account_of(by, enterprise):
        require(by, Action.PLAN, enterprise.commune)
    locked = (
        Enterprise.objects.select_for_update(of=("self",)).select_related("commune").get(pk=enterprise.pk)
    )
    size_before = locked.size
    for name, value in fields.items():
        setattr(locked, name, nfc(value.strip()) if isinstance(value, str) else value)
    save_audited(locked, by=by, event="enterprise.profile_changed")
    account = locked.account
    if account is not None and account.email != locked.contact_email:
        account.email = locked.contact_email
        save_audited(account, by=by, event="enterprise.profile_changed")
    if locked.status == EnterpriseStatus.VERIFIED and size_before != locked.size:
        since = locked.verified_on or local_today()
        announce(SMES_SUPPORTED_SHARE, unit_and_ancestors(locked.commune.path), [since], cumulative=True)
    return locked
