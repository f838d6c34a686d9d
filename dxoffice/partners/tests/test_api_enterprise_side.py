"""The enterprise's side of the API: its own profile, requests, self-assessment and ratings, and
never another enterprise's data."""

import pytest

from dxoffice.partners import services
from dxoffice.partners.maturity import QUESTIONS
from dxoffice.partners.tests.factories import CaseFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


def verified_enterprise(world, commune, **fields):
    enterprise = EnterpriseFactory(commune=commune, status="pending", **fields)
    return services.enterprise_verify(by=world.coordinator, enterprise=enterprise)


@pytest.fixture
def mine(world):
    return verified_enterprise(world, world.commune_a, name="Công ty TNHH Tôm sạch")


@pytest.fixture
def theirs(world):
    return verified_enterprise(world, world.commune_b, name="Hợp tác xã Lúa gạo")


@pytest.fixture
def api(client, mine):
    client.force_login(mine.account)
    return client


def test_the_enterprise_reads_its_own_profile_and_no_one_elses(api, mine, theirs):
    me = api.get("/api/v1/partners/me/enterprise").json()
    assert (me["id"], me["tax_code"], me["status"], me["account"]) == (
        mine.pk,
        mine.tax_code,
        "verified",
        mine.account.username,
    )
    assert api.get(f"/api/v1/partners/enterprises/{mine.pk}").json()["name"] == mine.name
    assert api.get(f"/api/v1/partners/enterprises/{theirs.pk}").status_code == 404
    assert [e["id"] for e in api.get("/api/v1/partners/enterprises").json()["items"]] == [mine.pk]


def test_a_staff_account_has_no_enterprise_of_its_own(client, world):
    client.force_login(world.coordinator)
    assert client.get("/api/v1/partners/me/enterprise").status_code == 404


def test_the_enterprise_updates_its_profile(api, world, mine, theirs):
    url = f"/api/v1/partners/enterprises/{mine.pk}"
    changed = api.patch(
        url,
        {"contact_email": "moi@tomsach.example", "size": "medium", "on_digital_platform": True},
        content_type=JSON,
    )
    assert changed.status_code == 200
    assert (changed.json()["contact_email"], changed.json()["size"]) == ("moi@tomsach.example", "medium")
    mine.refresh_from_db()
    mine.account.refresh_from_db()
    assert mine.account.email == "moi@tomsach.example"  # the password reset goes there
    assert mine.history.first().history_event == "enterprise.profile_changed"
    bad = api.patch(url, {"contact_email": "not-an-address"}, content_type=JSON)
    assert bad.status_code == 400 and "contact_email" in bad.json()["errors"]
    assert api.patch(url, {"name": "Tên khác"}, content_type=JSON).status_code == 422
    assert api.patch(url, {"contact_name": None}, content_type=JSON).status_code == 422
    other = f"/api/v1/partners/enterprises/{theirs.pk}"
    assert api.patch(other, {"contact_phone": "0"}, content_type=JSON).status_code == 404
    api.force_login(world.focal_a)  # sees its commune's enterprises, may not change them
    assert api.patch(url, {"contact_phone": "0"}, content_type=JSON).status_code == 403


def test_the_enterprise_asks_for_help_and_follows_its_requests(api, world, mine, theirs):
    created = api.post(
        f"/api/v1/partners/enterprises/{mine.pk}/cases",
        {"need": "e_commerce", "description": "Cần mở gian hàng trên sàn thương mại điện tử"},
        content_type=JSON,
    )
    assert created.status_code == 201
    case = created.json()
    assert (case["status"], case["sector"], case["notes"]) == ("new", mine.sector, [])
    other = CaseFactory(enterprise=theirs)
    assert [c["id"] for c in api.get("/api/v1/partners/cases").json()["items"]] == [case["id"]]
    assert api.get(f"/api/v1/partners/cases/{other.pk}").status_code == 404
    assert (
        api.post(
            f"/api/v1/partners/enterprises/{theirs.pk}/cases",
            {"need": "other", "description": "x"},
            content_type=JSON,
        ).status_code
        == 404
    )
    blank = api.post(
        f"/api/v1/partners/enterprises/{mine.pk}/cases",
        {"need": "other", "description": " "},
        content_type=JSON,
    )
    assert blank.status_code == 422 and "description" in blank.json()["errors"]

    record = mine.cases.get()
    record = services.case_triage(
        by=world.coordinator, case=record, partner=world.partner_org, due_date=record.opened_on
    )
    services.case_note_add(by=world.partner, case=record, text="Sẽ liên hệ trong tuần")
    followed = api.get(f"/api/v1/partners/cases/{record.pk}").json()
    assert followed["status"] == "triaged" and followed["partner"] == world.partner_org.name
    assert [n["text"] for n in followed["notes"]] == ["Sẽ liên hệ trong tuần"]


def test_a_rejected_enterprise_asks_nothing(client, world):
    rejected = EnterpriseFactory(commune=world.commune_a, status="pending")
    services.enterprise_reject(by=world.coordinator, enterprise=rejected, reason="Không có trụ sở")
    client.force_login(world.coordinator)
    refused = client.post(
        f"/api/v1/partners/enterprises/{rejected.pk}/cases",
        {"need": "other", "description": "x"},
        content_type=JSON,
    )
    assert refused.status_code == 409


def test_the_enterprise_rates_its_resolved_case_once(api, world, mine, theirs):
    case = CaseFactory(enterprise=mine, partner=world.partner_org, status="in_progress")
    url = f"/api/v1/partners/cases/{case.pk}/rating"
    assert api.post(url, {"satisfaction": 5}, content_type=JSON).status_code == 409  # not resolved yet
    services.case_resolve(by=world.partner, case=case, note="Đã lắp đặt phần mềm")
    assert api.post(url, {"satisfaction": 6}, content_type=JSON).status_code == 422
    rated = api.post(url, {"satisfaction": 4}, content_type=JSON)
    assert rated.status_code == 200 and rated.json()["satisfaction"] == 4
    assert api.post(url, {"satisfaction": 5}, content_type=JSON).status_code == 409  # once
    case.refresh_from_db()
    assert case.satisfaction == 4 and case.history.first().history_event == "case.rated"
    other = CaseFactory(enterprise=theirs, status="resolved", closed_on=case.opened_on)
    assert (
        api.post(
            f"/api/v1/partners/cases/{other.pk}/rating", {"satisfaction": 1}, content_type=JSON
        ).status_code
        == 404
    )
    api.force_login(world.focal_a)  # sees the commune's cases, works on none
    assert api.post(url, {"satisfaction": 1}, content_type=JSON).status_code == 403


def test_the_enterprise_submits_its_self_assessment(api, world, mine, theirs, today):
    questions = api.get("/api/v1/partners/maturity/questions").json()
    assert len(questions) == 15 and {q["code"] for q in questions} == {q.code for q in QUESTIONS}
    url = f"/api/v1/partners/enterprises/{mine.pk}/assessments"
    answers = {q["code"]: 2 for q in questions}
    first = api.post(url, {"answers": answers}, content_type=JSON)
    assert first.status_code == 201
    assert (first.json()["year"], first.json()["score"], first.json()["level"]) == (today.year, "50.0", 3)
    again = api.post(url, {"answers": answers | {"s1": 4}}, content_type=JSON)
    assert again.status_code == 200 and mine.assessments.count() == 1
    missing = api.post(url, {"answers": {k: v for k, v in answers.items() if k != "d2"}}, content_type=JSON)
    assert missing.status_code == 400 and "answers.d2" in missing.json()["errors"]
    unknown = api.post(url, {"answers": answers | {"zz": 1}}, content_type=JSON)
    assert unknown.status_code == 400 and "answers" in unknown.json()["errors"]
    assert api.post(url, {"answers": answers | {"s1": 5}}, content_type=JSON).status_code == 422
    future = api.post(url, {"year": today.year + 1, "answers": answers}, content_type=JSON)
    assert future.status_code == 400 and "year" in future.json()["errors"]
    other = f"/api/v1/partners/enterprises/{theirs.pk}/assessments"
    assert api.post(other, {"answers": answers}, content_type=JSON).status_code == 404
    assert api.get(other).status_code == 404


def test_the_assessments_show_the_change_against_the_year_before(api, world, mine, today):
    services.assessment_save(
        by=world.coordinator, enterprise=mine, year=today.year - 1, answers={q.code: 1 for q in QUESTIONS}
    )
    api.post(
        f"/api/v1/partners/enterprises/{mine.pk}/assessments",
        {"answers": {q.code: 3 for q in QUESTIONS}},
        content_type=JSON,
    )
    latest, before = api.get(f"/api/v1/partners/enterprises/{mine.pk}/assessments").json()
    assert (latest["year"], latest["score"], latest["change"]) == (today.year, "75.0", "50.0")
    assert before["change"] is None
    strategy = next(d for d in latest["dimensions"] if d["dimension"] == "strategy")
    assert (strategy["previous"], strategy["change"]) == ("25.0", "50.0")


def test_who_may_submit_an_assessment(client, world, mine):
    url = f"/api/v1/partners/enterprises/{mine.pk}/assessments"
    body = {"answers": {q.code: 1 for q in QUESTIONS}}
    client.force_login(world.focal_a)  # reads it, may not answer for it
    assert client.get(url).status_code == 200
    assert client.post(url, body, content_type=JSON).status_code == 403
    pending = EnterpriseFactory(commune=world.commune_a, status="pending")
    client.force_login(world.coordinator)
    refused = client.post(f"/api/v1/partners/enterprises/{pending.pk}/assessments", body, content_type=JSON)
    assert refused.status_code == 409


def test_the_schema_documents_the_enterprise_operations_and_their_errors(client, world):
    schema = client.get("/api/v1/openapi.json").json()
    operations = {
        op["operationId"]: op
        for path in schema["paths"].values()
        for op in path.values()
        if "operationId" in op
    }
    expected = {
        "my_enterprise": {"200", "401", "404"},
        "enterprise_get": {"200", "401", "404", "422"},
        "enterprise_update": {"200", "400", "401", "403", "404", "422"},
        "case_open": {"201", "400", "401", "403", "404", "409", "422"},
        "case_get": {"200", "401", "404", "422"},
        "case_rate": {"200", "400", "401", "403", "404", "409", "422"},
        "maturity_questions": {"200", "401"},
        "assessment_list": {"200", "401", "404", "422"},
        "assessment_submit": {"200", "201", "400", "401", "403", "404", "409", "422"},
    }
    for name, statuses in expected.items():
        assert set(operations[name]["responses"]) - {"503"} == statuses, name
