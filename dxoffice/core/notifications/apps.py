from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "dxoffice.core.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from dxoffice.core.notifications.plugin import MODULE
        from dxoffice.core.registry import register

        register(MODULE)
