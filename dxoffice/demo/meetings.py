"""The meetings module's part of the Cà Mau demo."""

from __future__ import annotations

from dxoffice.demo.state import Demo


def build(demo: Demo) -> None:
    """Add the meetings module's demo records (called by the loader after the register is built)."""
