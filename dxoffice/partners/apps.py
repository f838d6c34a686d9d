from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "dxoffice.partners"
    label = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from dxoffice.core.registry import register
        from dxoffice.partners.plugin import MODULE
        from dxoffice.partners.services.receivers import connect_receivers

        register(MODULE)
        connect_receivers()
