"""Certificates: the PDF with its code and QR link, the public check (valid, revoked, expired,
forged), revocation with a reason, recertification linked to the old certificate."""

from datetime import date

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dxoffice.core.exceptions import StateConflict
from dxoffice.training import services
from dxoffice.training.certificate_pdf import certificate_html, verification_url
from dxoffice.training.models import Certificate, CompletionSource
from dxoffice.training.tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(world, catalogue):
    learner = LearnerFactory(unit=world.commune_a, full_name="Nguyễn Văn An")
    completion = services.completion_record(
        by=world.admin,
        learner=learner,
        course=catalogue.basic,
        completed_on=date(2026, 10, 1),
        source=CompletionSource.EXTERNAL,
    )
    return completion.certificate


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _verify(client, code):
    return client.get(reverse("training:verify"), {"code": code})


def test_the_public_page_shows_only_initials_for_a_valid_code(client, certificate):
    page = _verify(client, certificate.code).content.decode()
    assert 'data-status="valid"' in page
    assert "N. V. A." in page and "Nguyễn Văn An" not in page
    assert certificate.completion.course.title in page


def test_codes_are_read_without_dashes_or_case(client, certificate):
    assert (
        'data-status="valid"' in _verify(client, certificate.code.replace("-", "").lower()).content.decode()
    )


def test_a_forged_code_says_so(client, certificate):
    assert 'data-status="unknown"' in _verify(client, "ABCD-EFGH-JKLM").content.decode()
    assert 'data-status="unknown"' in _verify(client, "<script>").content.decode()


def test_a_revoked_certificate_says_so_and_needs_a_reason(client, world, certificate):
    with pytest.raises(ValidationError):
        services.certificate_revoke(by=world.admin, certificate=certificate, reason=" ")
    with pytest.raises(PermissionDenied):
        services.certificate_revoke(by=world.focal_a, certificate=certificate, reason="x")
    services.certificate_revoke(by=world.admin, certificate=certificate, reason="Cấp nhầm")
    assert 'data-status="revoked"' in _verify(client, certificate.code).content.decode()
    with pytest.raises(StateConflict):
        services.certificate_revoke(by=world.admin, certificate=certificate, reason="again")


def test_an_expiring_certificate_is_renewed_with_a_link_to_the_old(client, world, catalogue):
    catalogue.basic.certificate_months = 1
    catalogue.basic.save()
    learner = LearnerFactory(unit=world.commune_a)
    old = services.completion_record(
        by=world.admin,
        learner=learner,
        course=catalogue.basic,
        completed_on=date(2026, 9, 1),
        source=CompletionSource.EXTERNAL,
    ).certificate
    assert old.expires_on == date(2026, 10, 1)
    assert 'data-status="expired"' in _verify(client, old.code).content.decode()
    new = services.recertify(by=world.admin, certificate=old)
    assert (
        new.replaces == old and new.issued_on == date(2026, 11, 10) and new.expires_on == date(2026, 12, 10)
    )
    with pytest.raises(StateConflict):
        services.recertify(by=world.admin, certificate=Certificate.objects.get(pk=old.pk))


def test_the_pdf_carries_name_course_hours_code_and_the_qr_link(world, certificate):
    html = certificate_html(certificate)
    assert "Nguyễn Văn An" in html and certificate.code in html and "<svg" in html
    assert verification_url(certificate).endswith(f"/training/verify/?code={certificate.code}")


def test_the_holder_downloads_the_pdf_and_others_get_a_404(client, world, certificate):
    from io import BytesIO

    import pypdf

    client.force_login(world.focal_a)  # the focal point of the holder's unit
    response = client.get(reverse("training:certificate_pdf", args=[certificate.code]))
    assert response["Content-Type"] == "application/pdf"
    text = pypdf.PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert certificate.code in text
    client.force_login(world.focal_b)
    assert client.get(reverse("training:certificate_pdf", args=[certificate.code])).status_code == 404


def test_the_certificate_page_revokes_with_a_reason(client, world, certificate):
    url = reverse("training:certificate_detail", args=[certificate.code])
    client.force_login(world.focal_a)
    page = client.get(url).content.decode()
    assert "Nguyễn Văn An" in page and 'name="revoke"' not in page  # sees it, may not revoke
    client.force_login(world.admin)
    client.post(url, {"reason": "", "revoke": "1"})
    assert not Certificate.objects.get(pk=certificate.pk).is_revoked
    client.post(url, {"reason": "Cấp nhầm người", "revoke": "1"})
    assert Certificate.objects.get(pk=certificate.pk).revoke_reason == "Cấp nhầm người"
    client.force_login(world.focal_b)
    assert client.get(url).status_code == 404


def test_a_course_taken_again_after_expiry_links_the_new_certificate_to_the_old(world, catalogue):
    catalogue.basic.certificate_months = 1
    catalogue.basic.save()
    learner = LearnerFactory(unit=world.commune_a)
    old = services.completion_record(
        by=world.admin,
        learner=learner,
        course=catalogue.basic,
        completed_on=date(2026, 9, 1),
        source=CompletionSource.EXTERNAL,
    ).certificate
    assert old.expires_on == date(2026, 10, 1)
    new = services.completion_record(
        by=world.admin,
        learner=learner,
        course=catalogue.basic,
        completed_on=date(2026, 11, 10),
        source=CompletionSource.EXTERNAL,
    ).certificate
    assert new.replaces == old
    assert Certificate.objects.get(pk=old.pk).replaced_by == new
    other = services.completion_record(
        by=world.admin,
        learner=LearnerFactory(unit=world.commune_a),
        course=catalogue.basic,
        completed_on=date(2026, 11, 10),
        source=CompletionSource.EXTERNAL,
    ).certificate
    assert other.replaces is None
