"""Partner profiles and their contacts. A partner is a partner unit of the tree (the technology
partner, an enterprise, a school, a university); the profile adds what this module needs of it,
never a second copy. Kept by the DX office (those who plan for the province); a contact who left
is retired (archived with a reason), never deleted."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import PARTNER_KINDS, OrgUnit, UnitKind, User
from dxoffice.core.services import archive, save_audited
from dxoffice.partners.models import PartnerContact, PartnerProfile
from dxoffice.partners.permissions import may_keep_partners

PROFILE_FIELDS = {"contact_name", "contact_email", "contact_phone", "website", "description", "school_level"}
CONTACT_FIELDS = {"name", "position", "email", "phone", "note"}
SCHOOL_KINDS = {UnitKind.SCHOOL, UnitKind.UNIVERSITY}
PHONE = re.compile(r"\+?[0-9 ().-]+")


def phone_error(phone: str) -> str | None:
    """Why a phone number is not one (digits, spaces, dots, dashes, brackets, a leading +; 8 to 15
    digits), or None."""
    if not phone:
        return None
    digits = sum(ch.isdigit() for ch in phone)
    if not PHONE.fullmatch(phone) or not 8 <= digits <= 15:
        return _("Write a phone number of 8 to 15 digits, e.g. 0290 3831 234.")
    return None


def _clean(fields: dict[str, Any], allowed: set[str], kind: str) -> dict[str, Any]:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown {kind} fields: {sorted(unknown)}")
    return {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}


def _require_keeper(by: User) -> None:
    if not may_keep_partners(by):
        raise PermissionDenied


@transaction.atomic
def partner_profile_save(*, by: User, partner: OrgUnit, **fields: Any) -> PartnerProfile:
    """The profile of a partner unit (made on its first save): the main contact, website,
    description and, for a school or university, its level."""
    _require_keeper(by)
    fields = _clean(fields, PROFILE_FIELDS, "partner profile")
    if partner.kind not in PARTNER_KINDS:
        raise ValidationError({"partner": _("Only a partner unit has a partner profile.")})
    profile = PartnerProfile.all_objects.select_for_update().filter(unit=partner).first()
    created = profile is None
    profile = profile or PartnerProfile(unit=partner)
    profile.archived_at = None
    for name, value in fields.items():
        setattr(profile, name, value)
    if profile.school_level and partner.kind not in SCHOOL_KINDS:
        raise ValidationError({"school_level": _("Only a school or university has a school level.")})
    error = phone_error(profile.contact_phone)
    if error:
        raise ValidationError({"contact_phone": error})
    event = "partner.profile_created" if created else "partner.profile_changed"
    return save_audited(profile, by=by, event=event)


def _profile_of(by: User, partner: OrgUnit) -> PartnerProfile:
    profile = PartnerProfile.all_objects.filter(unit=partner).first()
    if profile is None or profile.archived_at is not None:
        return partner_profile_save(by=by, partner=partner)
    return profile


@transaction.atomic
def partner_contact_save(
    *, by: User, partner: OrgUnit, contact: PartnerContact | None = None, **fields: Any
) -> PartnerContact:
    """Add a contact person to a partner or change one (not a retired one): a name, and an e-mail
    or a phone number to reach them by."""
    _require_keeper(by)
    fields = _clean(fields, CONTACT_FIELDS, "contact")
    if contact is not None:
        contact = PartnerContact.all_objects.select_for_update().select_related("profile").get(pk=contact.pk)
        if contact.profile.unit_id != partner.pk:
            raise ValueError("the contact is another partner's")
        if contact.archived_at is not None:
            raise StateConflict({"name": _("This contact was retired.")})
    else:
        contact = PartnerContact(profile=_profile_of(by, partner))
    for name, value in fields.items():
        setattr(contact, name, value)
    if not contact.email and not contact.phone:
        raise ValidationError({"email": _("Give an e-mail or a phone number to reach them by.")})
    error = phone_error(contact.phone)
    if error:
        raise ValidationError({"phone": error})
    event = "partner.contact_changed" if contact.pk else "partner.contact_added"
    return save_audited(contact, by=by, event=event)


@transaction.atomic
def partner_contact_retire(*, by: User, contact: PartnerContact, reason: str) -> PartnerContact:
    """A contact who left the partner: archived, with the reason in its history."""
    _require_keeper(by)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    locked = PartnerContact.all_objects.select_for_update().get(pk=contact.pk)
    if locked.archived_at is not None:
        raise StateConflict({"reason": _("This contact was retired.")})
    return archive(locked, by=by, reason=reason.strip(), event="partner.contact_retired")
