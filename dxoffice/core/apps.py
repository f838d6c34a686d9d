from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dxoffice.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from simple_history.signals import pre_create_historical_record

        from dxoffice.core import accounts
        from dxoffice.core.audit import stamp_event
        from dxoffice.core.plugin import MODULE
        from dxoffice.core.registry import register

        pre_create_historical_record.connect(stamp_event, dispatch_uid="dxoffice.core.stamp_event")
        register(MODULE)
        accounts.connect()
