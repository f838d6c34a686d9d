"""The self-assessment screen: the enterprise answers it each year, the DX office reads it (and
enters answers it received), the change against the year before is shown; the year's list of
assessments with its .xlsx."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from dxoffice.partners import services
from dxoffice.partners.maturity import QUESTIONS
from dxoffice.partners.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def all_at(value: int) -> dict[str, int]:
    return {q.code: value for q in QUESTIONS}


@pytest.fixture
def verified(world):
    enterprise = EnterpriseFactory(commune=world.commune_a, status="pending")
    return services.enterprise_verify(by=world.coordinator, enterprise=enterprise)


def test_the_enterprise_answers_this_year_and_sees_the_change(client, world, verified, today):
    services.assessment_save(
        by=world.coordinator, enterprise=verified, year=today.year - 1, answers=all_at(1)
    )
    client.force_login(verified.account)
    url = f"/partners/enterprises/{verified.pk}/assessment/"
    form = client.get(url).content.decode()
    assert 'data-testid="assess-form"' in form
    assert f'<option value="{today.year - 1}"' not in form  # the enterprise answers for this year only
    response = client.post(url, {"year": today.year, **all_at(3)})
    assert response.url == f"{url}?year={today.year}#result"
    assessment = verified.assessments.get(year=today.year)
    assert (str(assessment.score), assessment.level) == ("75.0", 4)
    page = client.get(response.url).content.decode()
    assert 'data-testid="change"' in page and "+50,0" in page  # 25.0 last year, 75.0 now
    refused = client.post(url, {"year": today.year - 1, **all_at(0)})
    assert refused.status_code == 200 and 'data-testid="form-errors"' in refused.content.decode()
    assert verified.assessments.get(year=today.year - 1).score == 25


def test_the_dx_office_reads_it_and_enters_an_earlier_year(client, world, verified, today):
    client.force_login(world.coordinator)
    url = f"/partners/enterprises/{verified.pk}/assessment/"
    client.post(url, {"year": today.year - 1, **all_at(2)})
    assert verified.assessments.get(year=today.year - 1).score == 50
    client.force_login(world.focal_a)  # sees the commune's enterprises: reads, no form
    page = client.get(f"{url}?year={today.year - 1}").content.decode()
    assert 'data-testid="dimensions"' in page and 'data-testid="assess-form"' not in page
    assert client.post(url, {"year": today.year, **all_at(4)}).status_code == 403
    client.force_login(world.partner)
    assert client.get(url).status_code == 404


def test_another_enterprise_sees_nothing(client, world, verified):
    stranger = services.enterprise_verify(
        by=world.coordinator, enterprise=EnterpriseFactory(commune=world.commune_b, status="pending")
    )
    client.force_login(stranger.account)
    assert client.get(f"/partners/enterprises/{verified.pk}/assessment/").status_code == 404


def test_the_years_list_shows_the_change_and_downloads(client, world, verified, today):
    other = EnterpriseFactory(commune=world.commune_b, name="Hợp tác xã Lúa gạo")
    services.assessment_save(
        by=world.coordinator, enterprise=verified, year=today.year - 1, answers=all_at(1)
    )
    services.assessment_save(by=world.coordinator, enterprise=verified, year=today.year, answers=all_at(2))
    client.force_login(world.coordinator)
    page = client.get("/partners/maturity/").content.decode()
    assert f'data-testid="row-{verified.pk}"' in page and f'data-testid="row-{other.pk}"' in page
    assert "+25,0" in page
    workbook = load_workbook(BytesIO(client.get("/partners/maturity/?format=xlsx").content))
    rows = list(workbook.active.iter_rows(min_row=2, values_only=True))
    first = next(row for row in rows if row[0] == verified.name)
    assert [float(first[3]), first[4], float(first[5]), float(first[6])] == [50.0, 3, 25.0, 25.0]
    client.force_login(world.focal_b)  # its own commune only
    page = client.get("/partners/maturity/").content.decode()
    assert f'data-testid="row-{verified.pk}"' not in page and f'data-testid="row-{other.pk}"' in page
