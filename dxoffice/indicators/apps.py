from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "dxoffice.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from dxoffice.core.registry import register
        from dxoffice.indicators.plugin import MODULE

        register(MODULE)
