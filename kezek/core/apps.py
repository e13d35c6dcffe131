from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kezek.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from kezek.config import production  # noqa: F401  (registers the deploy checks)
        from kezek.core import navigation, rules  # noqa: F401  (rules registers the access rules)

        navigation.register(_("Administration"), "admin:index", "admin")
