from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicedeskConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kezek.servicedesk"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from kezek.core import demo as core_demo
        from kezek.core import navigation
        from kezek.servicedesk import (
            demo,
            rules,  # noqa: F401  (registers the access rules)
        )

        core_demo.register(demo.__name__, demo.load)

        navigation.register(_("My requests"), "servicedesk:my-requests", "employee", "manager")
        navigation.register(_("Service catalogue"), "servicedesk:catalogue", "employee", "manager")
        navigation.register(_("Approvals"), "servicedesk:approvals", "manager")
        navigation.register(_("FAQ"), "servicedesk:kb", "employee", "manager", "agent")
        navigation.register(
            _("Service desk queue"), "servicedesk:queue", capability="may_work_desk"
        )
        navigation.register(_("FAQ articles"), "servicedesk:kb-manage", capability="may_manage_kb")

        from kezek.core import periodic
        from kezek.servicedesk.tasks import auto_close_task, sla_sweep_task

        periodic.every(300, sla_sweep_task)  # warnings and breaches within five minutes
        periodic.every(3600, auto_close_task)
