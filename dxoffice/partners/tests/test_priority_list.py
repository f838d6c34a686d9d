"""The province's priority list: the DX office puts verified enterprises on a regional program's
list with the rule that puts them there, and takes them off with a reason; both audited, nothing
deleted."""

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from dxoffice.core.exceptions import StateConflict
from dxoffice.partners import services
from dxoffice.partners.models import PriorityListing
from dxoffice.partners.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

PROGRAM = "Chương trình hỗ trợ DNNVV vùng ĐBSCL"


@pytest.fixture
def enterprise(world):
    return EnterpriseFactory(commune=world.commune_a, name="Công ty TNHH Tôm sạch")


def test_the_dx_office_adds_an_enterprise_with_its_rule(client, world, enterprise, today):
    client.force_login(world.coordinator)
    assert 'data-testid="priority-form"' in client.get("/partners/priority/").content.decode()
    rule = "DN nhỏ lĩnh vực nông nghiệp, mức trưởng thành từ 2"
    response = client.post(
        "/partners/priority/", {"enterprise": enterprise.pk, "program": PROGRAM, "rule": rule}
    )
    assert response.status_code == 302
    listing = PriorityListing.objects.get()
    assert (listing.enterprise, listing.program, listing.rule, listing.listed_on) == (
        enterprise,
        PROGRAM,
        rule,
        today,
    )
    entry = listing.history.first()
    assert (entry.history_event, entry.history_change_reason, entry.history_user) == (
        "enterprise.prioritised",
        rule,
        world.coordinator,
    )
    page = client.get("/partners/priority/").content.decode()
    assert f'data-testid="listing-{listing.pk}"' in page and rule in page


def test_twice_on_one_program_or_without_a_rule_is_refused(client, world, enterprise):
    services.priority_list_add(by=world.coordinator, enterprise=enterprise, program=PROGRAM, rule="Quy tắc")
    with pytest.raises(StateConflict):
        services.priority_list_add(
            by=world.coordinator, enterprise=enterprise, program=PROGRAM.upper(), rule="Khác"
        )
    with pytest.raises(ValidationError) as refused:
        services.priority_list_add(by=world.coordinator, enterprise=enterprise, program="Khác", rule=" ")
    assert "rule" in refused.value.message_dict
    client.force_login(world.coordinator)
    page = client.post(
        "/partners/priority/", {"enterprise": enterprise.pk, "program": PROGRAM, "rule": "Lần hai"}
    ).content.decode()
    assert 'data-testid="error-program"' in page and PriorityListing.objects.count() == 1
    pending = EnterpriseFactory(commune=world.commune_a, status="pending")
    with pytest.raises(StateConflict):
        services.priority_list_add(by=world.coordinator, enterprise=pending, program=PROGRAM, rule="x")


def test_taking_an_enterprise_off_keeps_the_reason_and_the_record(client, world, enterprise):
    listing = services.priority_list_add(
        by=world.coordinator, enterprise=enterprise, program=PROGRAM, rule="Quy tắc"
    )
    client.force_login(world.coordinator)
    missing = client.post(f"/partners/priority/{listing.pk}/remove/", {"reason": ""}, follow=True)
    assert PriorityListing.objects.filter(pk=listing.pk).exists() and "alert" in missing.content.decode()
    client.post(f"/partners/priority/{listing.pk}/remove/", {"reason": "Đã tốt nghiệp chương trình"})
    assert not PriorityListing.objects.filter(pk=listing.pk).exists()
    kept = PriorityListing.all_objects.get(pk=listing.pk)
    assert kept.archived_at is not None
    entry = kept.history.first()
    assert (entry.history_event, entry.history_change_reason) == (
        "enterprise.unprioritised",
        "Đã tốt nghiệp chương trình",
    )
    page = client.get("/partners/priority/").content.decode()
    assert 'data-testid="removed"' in page and "Đã tốt nghiệp chương trình" in page
    assert client.get(f"/history/partners.prioritylisting/{listing.pk}/").status_code == 200
    # taken off, it may be listed again
    services.priority_list_add(by=world.coordinator, enterprise=enterprise, program=PROGRAM, rule="Lại")


def test_who_reads_and_who_keeps_the_list(client, world, enterprise):
    listing = services.priority_list_add(
        by=world.coordinator, enterprise=enterprise, program=PROGRAM, rule="Quy tắc"
    )
    client.force_login(world.focal_a)  # its commune's enterprises: reads the list, keeps nothing
    page = client.get("/partners/priority/").content.decode()
    assert f'data-testid="listing-{listing.pk}"' in page and 'data-testid="priority-form"' not in page
    assert f'data-testid="remove-{listing.pk}"' not in page
    assert client.post("/partners/priority/", {"enterprise": enterprise.pk}).status_code == 403
    assert client.post(f"/partners/priority/{listing.pk}/remove/", {"reason": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.priority_list_remove(by=world.focal_a, listing=listing, reason="x")
    client.force_login(world.focal_b)  # another commune: sees nothing of it
    assert f'data-testid="listing-{listing.pk}"' not in client.get("/partners/priority/").content.decode()
    assert client.post(f"/partners/priority/{listing.pk}/remove/", {"reason": "x"}).status_code == 404


def test_the_list_downloads_as_xlsx(client, world, enterprise):
    services.priority_list_add(by=world.coordinator, enterprise=enterprise, program=PROGRAM, rule="=1+1")
    client.force_login(world.coordinator)
    sheet = load_workbook(BytesIO(client.get("/partners/priority/?format=xlsx").content)).active
    row = next(sheet.iter_rows(min_row=2, values_only=True))
    assert row[:3] == (PROGRAM, enterprise.name, enterprise.tax_code)
    assert sheet.cell(row=2, column=5).data_type == "s"  # a formula-like rule stays text
