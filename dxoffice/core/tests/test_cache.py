"""Shared figures: computed once per data version and parts, fresh as soon as a write commits."""

import pytest
from django.core.cache import cache
from django.db import transaction

from dxoffice.core.cache import cached, data_changed, data_version


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def counter():
    calls = []

    def compute():
        calls.append(1)
        return {"tasks": len(calls)}

    return calls, compute


def test_the_same_parts_are_computed_once():
    calls, compute = counter()

    assert cached("topic", ("leader", "2026"), compute) == {"tasks": 1}
    assert cached("topic", ("leader", "2026"), compute) == {"tasks": 1}
    assert cached("topic", ("leader", "2027"), compute) == {"tasks": 2}  # other parts, other figures
    assert len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_a_write_is_read_afresh_inside_its_transaction_and_again_after_it_commits():
    calls, compute = counter()
    cached("topic", ("x",), compute)

    with transaction.atomic():
        data_changed("topic")
        assert cached("topic", ("x",), compute) == {"tasks": 2}  # the writer reads its own write
        during = data_version("topic")

    assert data_version("topic") != during  # what another request computed meanwhile is not reused
    assert cached("topic", ("x",), compute) == {"tasks": 3}


def test_topics_are_apart_and_a_lost_version_starts_afresh():
    calls, compute = counter()
    cached("a", ("x",), compute)
    cached("b", ("x",), compute)
    assert len(calls) == 2

    cache.clear()  # the cache restarted: nothing stale can be read back
    cached("a", ("x",), compute)
    assert len(calls) == 3
