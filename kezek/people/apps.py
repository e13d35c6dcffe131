from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kezek.people"
    verbose_name = _("Contact-centre staff")

    def ready(self) -> None:
        from kezek.core import demo as core_demo
        from kezek.core import navigation
        from kezek.people import (
            demo,
            rules,  # noqa: F401  (registers the access rules)
        )

        core_demo.register(demo.__name__, demo.load)

        navigation.register(
            _("Staff"),
            "people:staff-list",
            "vendor_manager",
            "supervisor",
            "team_leader",
            "agent",
            "centre_manager",
            "planner",
            "quality_analyst",
        )
