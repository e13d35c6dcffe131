from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kezek.people"
    verbose_name = _("Contact-centre staff")

    def ready(self) -> None:
        from kezek.core import navigation
        from kezek.people import rules  # noqa: F401  (registers the access rules)

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
