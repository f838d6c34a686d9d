from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "dxoffice.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from dxoffice.core.registry import register
        from dxoffice.meetings.frozen import on_minutes_approved
        from dxoffice.meetings.plugin import MODULE
        from dxoffice.meetings.signals import minutes_approved

        register(MODULE)
        minutes_approved.connect(on_minutes_approved, dispatch_uid="meetings.freeze_minutes")
