from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kezek.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from kezek.accounts import (
            demo,
            rules,  # noqa: F401  (registers the access rules)
        )
        from kezek.accounts.services import api_token_user
        from kezek.core import api, navigation
        from kezek.core import demo as core_demo

        core_demo.register(demo.__name__, demo.load, password=demo.DEMO_PASSWORD)

        api.register_token_resolver(api_token_user)

        navigation.register(
            _("People"),
            "accounts:people-list",
            "manager",
            "agent",
            "team_leader",
            "supervisor",
            "quality_analyst",
            "planner",
            "vendor_manager",
            "centre_manager",
        )
        navigation.register(
            _("Organisations"),
            "accounts:organisation-list",
            "vendor_manager",
            "centre_manager",
            "planner",
            "quality_analyst",
            "supervisor",
        )
