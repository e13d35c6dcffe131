from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WfmConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kezek.wfm"
    verbose_name = _("Workforce management")

    def ready(self) -> None:
        from kezek.core import demo as core_demo
        from kezek.core import navigation
        from kezek.wfm import (
            demo,
            rules,  # noqa: F401  (registers the access rules)
        )

        core_demo.register(demo.__name__, demo.load)

        navigation.register(
            _("Queues"),
            "wfm:queue-list",
            "planner",
            "centre_manager",
            "vendor_manager",
            "supervisor",
            "quality_analyst",
        )
        navigation.register(
            _("Staffing calculator"),
            "wfm:staffing",
            "planner",
            "centre_manager",
            "vendor_manager",
            "supervisor",
        )
        navigation.register(_("Shift templates"), "wfm:shift-template-list", capability="may_plan")
