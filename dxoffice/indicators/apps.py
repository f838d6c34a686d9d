from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "dxoffice.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from dxoffice.core.registry import register
        from dxoffice.core.signals import data_source_changed
        from dxoffice.indicators.plugin import MODULE
        from dxoffice.indicators.services.sources import on_data_source_changed

        register(MODULE)
        data_source_changed.connect(on_data_source_changed, dispatch_uid="indicators.data_source_changed")
