from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "dxoffice.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from dxoffice.core.registry import register
        from dxoffice.meetings.plugin import MODULE

        register(MODULE)
