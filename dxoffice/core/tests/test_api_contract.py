"""The API's contract itself: short stable operation ids, one tag per resource, every error an
operation can give documented with the one error envelope, and the response check that every API
test runs through (api_contract.py) really catching an undocumented answer."""

import json
import re

import pytest
from django.test import Client

from dxoffice.api import ERROR_DESCRIPTIONS
from dxoffice.core.tests.api_client import ApiClient
from dxoffice.core.tests.api_contract import Contract, ContractViolation, check_response, contract
from dxoffice.planning.schemas import SortKey
from dxoffice.planning.selectors import SORTS

pytestmark = pytest.mark.django_db

ERROR_REF = "#/components/schemas/ApiError"


def operations():
    schema = contract().schema
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield method.upper(), path, operation


def test_operation_ids_are_short_unique_and_tagged_once():
    ids = []
    for method, path, operation in operations():
        op_id = operation["operationId"]
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", op_id) and len(op_id) <= 30, (method, path, op_id)
        assert len(operation.get("tags", [])) == 1, (method, path)
        ids.append(op_id)
    assert len(ids) == len(set(ids))
    for expected in ("task_list", "task_get", "task_create", "task_update", "task_status_change"):
        assert expected in ids
    assert {"report_submit", "report_accept", "token_create", "unit_list", "budget_summary"} <= set(ids)


def test_every_operation_documents_the_errors_it_can_give():
    for method, path, operation in operations():
        responses = {int(code): answer for code, answer in operation["responses"].items()}
        where = (method, path)
        if operation.get("security"):
            assert 401 in responses, where
        if operation.get("parameters") or operation.get("requestBody"):
            assert 422 in responses, where
        if "{" in path:
            assert 404 in responses, where
        if method in ("POST", "PATCH", "DELETE") and operation.get("security"):
            assert 403 in responses, where  # the session's CSRF check, at least
        for code, answer in responses.items():
            if code >= 400:
                schema = answer["content"]["application/json"]["schema"]
                assert schema == {"$ref": ERROR_REF}, (where, code)
                assert answer["description"] == ERROR_DESCRIPTIONS[code]


def test_bodies_refuse_unknown_fields():
    for method, path, operation in operations():
        content = operation.get("requestBody", {}).get("content", {})
        if "application/json" in content:
            schema = content["application/json"]["schema"]
            refs = [schema.get("$ref")] + [option.get("$ref") for option in schema.get("anyOf", [])]
            ref = next(ref for ref in refs if ref).rsplit("/", 1)[1]
            body = contract().schema["components"]["schemas"][ref]
            assert body.get("additionalProperties") is False, (method, path)


def test_the_sort_choices_are_the_registers():
    assert set(SortKey.__args__) == set(SORTS)


def test_the_schema_lists_the_registered_origins():
    task_in = contract().schema["components"]["schemas"]["TaskIn"]
    description = task_in["properties"]["origin"]["description"]
    assert "`plan`" in description and "`direction`" in description


# The error envelope --------------------------------------------------------------------------


def test_unparsable_and_misshapen_bodies_are_422_with_field_messages(world):
    client = ApiClient(world.coordinator, bearer=True)
    broken = client.client.post(
        "/api/v1/tasks", b'{"code": ', content_type="application/json", headers=client.headers
    )
    assert broken.status_code == 422
    assert broken.json()["errors"] == {"__all__": ["The request body is not valid JSON."]}
    not_utf8 = client.client.post(
        "/api/v1/tasks", b"\xff\xfe", content_type="application/json", headers=client.headers
    )
    assert not_utf8.status_code == 422
    no_boundary = client.client.post(
        "/api/v1/tasks/1/attachments", b"x", content_type="multipart/form-data", headers=client.headers
    )
    assert no_boundary.status_code == 422 and no_boundary.json()["errors"]["__all__"]
    a_list = client.post("/tasks", [1, 2])
    assert a_list.status_code == 422 and a_list.json()["errors"]
    extra = client.post("/tasks", {"plan": "KH-2026", "colour": "red"})
    assert extra.status_code == 422 and "colour" in extra.json()["errors"]
    text_for_number = client.post("/tasks/1/reports", {"period": "2026", "percent_complete": "40"})
    assert text_for_number.status_code == 422 and "percent_complete" in text_for_number.json()["errors"]
    yes_for_true = client.post("/tasks/1/reports", {"period": "2026", "percent_complete": 4, "submit": "yes"})
    assert yes_for_true.status_code == 422 and "submit" in yes_for_true.json()["errors"]


def test_every_error_has_the_same_shape(world):
    anonymous = ApiClient().get("/tasks")
    focal = ApiClient(world.focal_a, bearer=True)
    answers = [
        anonymous,
        focal.post(
            "/directives",
            {
                "number": "1",
                "title": "t",
                "kind": "plan",
                "level": "ministry",
                "issuer": "x",
                "issued_on": "2026-01-01",
            },
        ),
        focal.get("/tasks/999999"),
        focal.get("/tasks", {"page": 0}),
        focal.get("/units", {"parent": "NOPE"}),
    ]
    assert [answer.status_code for answer in answers] == [401, 403, 404, 422, 422]
    for answer in answers:
        body = answer.json()
        assert set(body) == {"detail", "errors"} and isinstance(body["detail"], str) and body["detail"]


def test_ids_beyond_what_the_database_holds_are_422_not_500(world):
    client = ApiClient(world.coordinator, bearer=True)
    assert client.get(f"/tasks/{2**63}").status_code == 422
    assert client.get("/tasks/0").status_code == 422
    assert client.get(f"/tasks/{2**63 - 1}").status_code == 404


# The response check --------------------------------------------------------------------------

TINY = {
    "paths": {
        "/api/v1/things/{thing_id}": {
            "get": {
                "operationId": "thing_get",
                "responses": {
                    "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/T"}}}},
                    "404": {"content": {"application/json": {"schema": {"type": "object"}}}},
                },
            }
        },
        "/api/v1/things/special": {"get": {"operationId": "thing_special", "responses": {"200": {}}}},
    },
    "components": {
        "schemas": {"T": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}}
    },
}


def test_the_check_finds_undocumented_codes_and_bodies_off_schema():
    tiny = Contract(json.loads(json.dumps(TINY)))
    ok = tiny.problems("GET", "/api/v1/things/7", 200, "application/json", b'{"id": 7}')
    assert ok == []
    assert "does not document" in tiny.problems("GET", "/api/v1/things/7", 409, "application/json", b"{}")[0]
    assert (
        "does not match"
        in tiny.problems("GET", "/api/v1/things/7", 200, "application/json", b'{"id": "7"}')[0]
    )
    assert "not JSON" in tiny.problems("GET", "/api/v1/things/7", 200, "text/html", b"<p>")[0]
    # A literal path wins over a parameter; paths outside the API are not checked.
    assert tiny.operation("GET", "/api/v1/things/special")["operationId"] == "thing_special"
    assert tiny.problems("GET", "/elsewhere", 500, "text/html", b"") == []


def test_the_suites_client_fails_a_test_on_an_undocumented_answer(world, monkeypatch):
    operation = contract().operation("GET", "/api/v1/auth/me")
    monkeypatch.setitem(operation, "responses", {"200": operation["responses"]["200"]})
    with pytest.raises(ContractViolation, match="me_get"):
        ApiClient().get("/auth/me")  # a 401, which the operation no longer documents
    response = Client().get("/api/v1/openapi.json")
    check_response(response)  # the schema itself is no operation: not checked
