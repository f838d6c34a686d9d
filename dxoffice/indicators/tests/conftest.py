import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Service tests read English messages; screens speak the person's language (Vietnamese first)."""
    with translation.override("en"):
        yield
