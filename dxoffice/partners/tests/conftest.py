"""What the partners tests share: an agreement between the province and the technology partner."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from dxoffice.partners.tests.factories import AgreementFactory


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def agreement(world, today):
    signed = today - timedelta(days=200)
    return AgreementFactory(
        owner_unit=world.province, parties=[world.partner_org], signed_on=signed, valid_from=signed
    )
