"""Whose name a person's document goes out under: the issuing body of the unit their scope covers,
with the place, the signature block and the superiors a report is sent to.

A People's Committee (province, commune, ward, special zone) issues in its own name ("Ủy ban nhân
dân tỉnh Cà Mau", symbol UBND, "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"); a department or agency under its
governing body's line ("ỦY BAN NHÂN DÂN TỈNH CÀ MAU / SỞ KHOA HỌC VÀ CÔNG NGHỆ"); a partner in its own
name. Call inside the document's language (`translation.override`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from dxoffice.core.documents.labels import is_vietnamese, lower_first
from dxoffice.core.documents.model import IssuingBody, Signature
from dxoffice.core.models import LOCAL_KINDS, OrgUnit, UnitKind, User
from dxoffice.core.permissions import Action, scope_paths

COMMITTEE_KINDS = {UnitKind.PROVINCE, *LOCAL_KINDS}
# The kinds of territory a unit's Vietnamese name starts with, and how a document in another
# language names the territory: "Tỉnh Cà Mau" -> "Cà Mau Province".
TERRITORIES = (
    ("Tỉnh ", pgettext_lazy("territory", "%(place)s Province")),
    ("Thành phố ", pgettext_lazy("territory", "%(place)s City")),
    ("Xã ", pgettext_lazy("territory", "%(place)s Commune")),
    ("Phường ", pgettext_lazy("territory", "%(place)s Ward")),
    ("Đặc khu ", pgettext_lazy("territory", "%(place)s Special Zone")),
)


@dataclass(frozen=True)
class Issuer:
    unit: OrgUnit | None
    body: IssuingBody
    place: str
    signature: Signature
    superiors: list[str] = field(default_factory=list)  # to whom a report goes, for "Nơi nhận"


def _split_kind(name: str) -> tuple[Promise | None, str]:
    """ "Tỉnh Cà Mau" -> (the phrase for a province, "Cà Mau"); (None, name) without a known kind."""
    for prefix, phrase in TERRITORIES:
        if name[: len(prefix)].casefold() == prefix.casefold():
            return phrase, name[len(prefix) :].strip()
    return None, name


def territory(name: str) -> str:
    """A unit's name as it follows "People's Committee of", in the active language. Names are
    Vietnamese, so a Vietnamese document keeps the name, in lower case first ("tỉnh Cà Mau"); another
    language puts its own word for the kind after the place ("Cà Mau Province")."""
    if is_vietnamese(translation.get_language() or "vi"):
        return lower_first(name)
    phrase, place = _split_kind(name)
    return str(phrase) % {"place": place} if phrase is not None else name


def place_of(unit: OrgUnit) -> str:
    """The place name a document is dated at: the unit's short name, or its name without the kind
    ("Tỉnh Cà Mau" -> "Cà Mau")."""
    return unit.short_name or _split_kind(unit.name)[1]


def body_name(unit: OrgUnit) -> str:
    if unit.kind in COMMITTEE_KINDS:
        return _("People's Committee of %(unit)s") % {"unit": territory(unit.name)}
    return unit.name


def body_heading(unit: OrgUnit) -> str:
    """The name as the masthead writes it: a People's Committee on two lines, the body above its
    territory ("ỦY BAN NHÂN DÂN / TỈNH CÀ MAU", "PEOPLE'S COMMITTEE OF / CÀ MAU PROVINCE")."""
    name = body_name(unit)
    place = territory(unit.name)
    if unit.kind in COMMITTEE_KINDS and name.endswith(" " + place):
        return name[: -len(place) - 1] + "\n" + place
    return name


def _committee_above(unit: OrgUnit) -> OrgUnit | None:
    """The nearest People's Committee above a department or agency (its place and its superior)."""
    ancestors = OrgUnit.objects.filter(pk__in=unit.ancestor_ids()[:-1], kind__in=COMMITTEE_KINDS)
    nearest: OrgUnit | None = ancestors.order_by("-depth").first()
    return nearest


def _common_ancestor(units: list[OrgUnit]) -> OrgUnit | None:
    chains = [unit.ancestor_ids() for unit in units]
    shared: list[int] = []
    for ids in zip(*chains, strict=False):
        if len(set(ids)) != 1:
            break
        shared.append(ids[0])
    common: OrgUnit | None = OrgUnit.objects.filter(pk=shared[-1]).first() if shared else None
    return common


def issuing_unit(user: User, fallback: OrgUnit | None) -> OrgUnit | None:
    """The unit whose work the person's view covers: the one unit of their scope, else the common
    ancestor of several, else their own unit; the whole province (`fallback`) for a superuser."""
    paths = scope_paths(user, Action.VIEW)
    if paths is None:
        return fallback
    units: list[OrgUnit] = list(OrgUnit.objects.filter(path__in=paths).order_by("depth", "path"))
    if len(units) == 1:
        return units[0]
    if units:
        common = _common_ancestor(units)
        if common is not None:
            return common
    own: OrgUnit | None = user.unit if user.unit_id else None
    return own or fallback


def issuer_of(user: User, fallback: OrgUnit | None) -> Issuer:
    unit = issuing_unit(user, fallback)
    if unit is None:
        return Issuer(None, IssuingBody(""), "", Signature())
    archive = _("Archive: VT.")
    if unit.kind in COMMITTEE_KINDS:
        parent = _committee_above(unit) if unit.kind != UnitKind.PROVINCE else None
        superior = body_name(parent) if parent else _("Ministry of Science and Technology")
        return Issuer(
            unit,
            IssuingBody(body_name(unit), abbreviation=_("PC"), heading=body_heading(unit)),
            place_of(unit),
            Signature(_("ON BEHALF OF THE PEOPLE'S COMMITTEE"), _("CHAIRMAN")),
            [_("%(body)s (for reporting);") % {"body": superior}, archive],
        )
    if unit.is_government:
        committee = _committee_above(unit)
        parent_line = body_heading(unit.parent) if unit.parent else ""
        position = _("DIRECTOR") if unit.kind == UnitKind.DEPARTMENT else _("HEAD OF UNIT")
        superiors = [_("%(body)s (for reporting);") % {"body": body_name(committee)}] if committee else []
        return Issuer(
            unit,
            IssuingBody(unit.name, parent=parent_line, abbreviation=unit.code),
            place_of(committee) if committee else place_of(unit),
            Signature(position=position),
            [*superiors, archive],
        )
    superiors = [_("%(body)s (for reporting);") % {"body": body_name(fallback)}] if fallback else []
    return Issuer(
        unit,
        IssuingBody(unit.name, abbreviation=unit.code),
        place_of(fallback) if fallback else place_of(unit),
        Signature(position=_("REPRESENTATIVE")),
        [*superiors, archive],
    )
