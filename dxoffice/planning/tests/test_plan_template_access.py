"""The plan template lists the program's objectives, directives, units and partners: it is given
only to those who may import plans."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("planning:plan_template")


@pytest.mark.parametrize("who", ["partner", "outsider", "focal_a", "viewer"])
def test_people_who_do_not_plan_get_no_template(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(URL).status_code == 403


def test_a_planner_gets_the_template(client, world):
    client.force_login(world.coordinator)
    answer = client.get(URL)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
