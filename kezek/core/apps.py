from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kezek.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from kezek.core import (  # noqa: F401  (rules registers the access rules)
            deploy,
            navigation,
            rules,
        )

        navigation.register(_("Administration"), "admin:index", "admin")
