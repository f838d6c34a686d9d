"""The meetings API under the property-based fuzzer (dxoffice/core/tests/api_fuzz.py), as the
secretary of a running meeting: schema-valid requests are refused only by the rules the schema
cannot express."""

from __future__ import annotations

import pytest

from dxoffice.core.tests.api_fuzz import fuzz, module_paths
from dxoffice.meetings import services
from dxoffice.meetings.tests.factories import running_meeting

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# 400: a business rule (dates, options, the poll's state); 409: a state that does not allow the step;
# 422: an id or code that names nothing the caller may use.
RULES: dict[str, dict[int, set[str]]] = {
    "meeting_create": {400: {"ends_at", "online_link", "__all__"}, 422: {"unit", "chair"}},
    "poll_create": {400: {"options", "max_choices", "deadline", "item", "__all__"}, 422: {"item"}},
    "vote_cast": {400: {"choice"}, 422: {"participant"}},
    "participant_add": {400: {"user", "guest_name", "guest_email", "role", "__all__"}, 422: {"user"}},
    "participant_update": {
        400: {"role", "guest_name", "guest_email", "guest_organisation", "absence_reason", "__all__"}
    },
    "item_add": {400: {"title", "__all__"}},
    "item_update": {400: {"title", "__all__"}},
    "item_reorder": {400: {"order"}},
    "document_add": {400: {"file", "title", "__all__"}, 413: {"file"}, 422: {"item"}},
    "document_version_add": {400: {"file", "__all__"}, 413: {"file"}},
    "document_update": {400: {"title", "item", "__all__"}, 422: {"item"}},
    "conclusion_add": {400: {"text", "item", "__all__"}, 422: {"item"}},
    "conclusion_update": {400: {"text", "item", "__all__"}, 422: {"item"}},
    "follow_up_create": {
        400: {"title", "plan", "pillar", "lead_unit", "due_date", "coordinating_units", "__all__"},
        422: {"plan", "pillar", "lead_unit", "coordinating_units"},
    },
}


@pytest.fixture
def meeting(world):
    meeting, _rows = running_meeting(world, [world.focal_a])
    item = services.item_save(by=world.coordinator, meeting=meeting, title="Nội dung")
    services.conclusion_save(by=world.coordinator, meeting=meeting, item=item, text="Kết luận")
    poll = services.poll_create(by=world.coordinator, meeting=meeting, question="Thông qua?")
    services.poll_open(by=world.coordinator, poll=poll)
    return world


def test_the_meetings_api_under_the_fuzzer(meeting, monkeypatch):
    figures = fuzz(
        user=meeting.coordinator, rules=RULES, monkeypatch=monkeypatch, include=module_paths("meetings")
    )
    assert figures.operations and not figures.failures, "\n\n".join(sorted(set(figures.failures)))
