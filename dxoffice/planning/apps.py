from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "dxoffice.planning"
    label = "planning"
    verbose_name = _("Program register")

    def ready(self) -> None:
        from dxoffice.core.registry import register
        from dxoffice.planning import freshness
        from dxoffice.planning.notify import connect_receivers
        from dxoffice.planning.plugin import MODULE

        register(MODULE)
        connect_receivers()
        freshness.connect()
