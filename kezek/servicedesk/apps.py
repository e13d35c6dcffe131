from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicedeskConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kezek.servicedesk"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from kezek.servicedesk import rules  # noqa: F401  (registers the access rules)
