"""Signals of the platform itself, which any module may send or receive."""

from django.dispatch import Signal

# A module's published figures changed (core.registry.DataSource). Sent after commit with
# `code` (the source's code), `unit_ids` (the units whose figures changed) and `periods` (period codes).
data_source_changed = Signal()
