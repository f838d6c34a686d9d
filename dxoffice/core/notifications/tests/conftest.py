"""Fixtures of the notification tests: three kinds of their own (one per default e-mail choice),
outward messages recorded instead of sent, and a few people of a small tree."""

from dataclasses import dataclass

import pytest

from dxoffice.core.actors import system_actor
from dxoffice.core.models import OrgUnit, Role, UnitKind, User
from dxoffice.core.notifications.channels import RecordingChannel
from dxoffice.core.registry import NotificationKind, registry
from dxoffice.core.tests.factories import OrgUnitFactory, UserFactory, user_with_role

KINDS = [
    NotificationKind("test.urgent", "Urgent things", default_email="immediate"),
    NotificationKind("test.daily", "Daily things", default_email="digest"),
    NotificationKind("test.quiet", "Quiet things", default_email="off"),
]


@pytest.fixture(autouse=True)
def test_kinds(monkeypatch):
    for kind in KINDS:
        monkeypatch.setitem(registry._notifications, kind.code, kind)
    return KINDS


@pytest.fixture(autouse=True)
def recorded(settings):
    """What outward channels would send; e-mail is replaced by the recording adapter."""
    settings.DXOFFICE_NOTIFICATION_CHANNELS = ["dxoffice.core.notifications.channels.RecordingChannel"]
    settings.SITE_URL = "https://dx.example/"
    RecordingChannel.clear()
    yield RecordingChannel.sent
    RecordingChannel.clear()


@dataclass
class People:
    province: OrgUnit
    commune: OrgUnit
    actor: User
    anna: User  # reads English
    binh: User  # reads Vietnamese
    system: User


@pytest.fixture
def people(db) -> People:
    province = OrgUnitFactory(code="P", kind=UnitKind.PROVINCE)
    commune = OrgUnitFactory(code="C", kind=UnitKind.COMMUNE, parent=province)
    return People(
        province=province,
        commune=commune,
        actor=user_with_role(Role.COORDINATOR, province, username="actor"),
        anna=user_with_role(Role.FOCAL, commune, username="anna", language="en"),
        binh=user_with_role(Role.FOCAL, commune, username="binh", language="vi"),
        system=system_actor(),
    )


@pytest.fixture
def someone(db) -> User:
    return UserFactory(username="someone", language="en")
