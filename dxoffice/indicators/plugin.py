"""The indicators module's entries in the module registry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dxoffice.core.registry import Module

MODULE = Module(name="indicators", label=_("Indicators"))
