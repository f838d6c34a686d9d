from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "dxoffice.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from dxoffice.core.registry import register
        from dxoffice.training import freshness
        from dxoffice.training.plugin import MODULE

        register(MODULE)
        freshness.connect()
