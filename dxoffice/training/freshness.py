"""The coverage figures stay fresh (core.cache): every committed write to a record they are read from
(learners, completions, certificates, the catalogue and its requirements, classes and enrolments, and
the units) gives the "training.coverage" topic a new version at once and again after commit, so the
next coverage page computes afresh and a completion shows at once. The reader's scope, the unit, the
year, the day and the language are parts of every key."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from dxoffice.core.cache import data_changed

TOPIC = "training.coverage"
_WATCHED = {
    "training": {
        "learner",
        "completion",
        "certificate",
        "course",
        "requirement",
        "courseclass",
        "enrolment",
    },
    "core": {"orgunit"},
}


def coverage_changed() -> None:
    data_changed(TOPIC)


def _on_write(sender: Any, **kwargs: Any) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.model_name in _WATCHED.get(meta.app_label, ()):
        coverage_changed()


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_on_write, dispatch_uid=f"training.freshness.{id(signal)}")
