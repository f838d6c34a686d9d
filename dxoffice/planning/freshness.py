"""The register's shared figures stay fresh (core.cache): every committed write to planning's records,
or to the units they are read through, gives the "planning" topic a new version, so a leader's next page
computes afresh. A person's scope is part of every cache key, so role grants need no watch. Writes that
bypass model signals (the Excel import's bulk path) call `register_changed()` themselves."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from dxoffice.core.cache import data_changed

TOPIC = "planning"
_WATCHED_CORE = {"orgunit"}


def register_changed() -> None:
    data_changed(TOPIC)


def _on_write(sender: Any, **kwargs: Any) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return
    if meta.app_label == "planning" or (meta.app_label == "core" and meta.model_name in _WATCHED_CORE):
        register_changed()


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"planning.freshness.{id(signal)}")
