from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kezek.surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from kezek.core import demo as core_demo
        from kezek.core import navigation
        from kezek.servicedesk.signals import request_resolved
        from kezek.surveys import (
            demo,
            rules,  # noqa: F401  (registers the access rules)
        )
        from kezek.surveys.services import survey_offer_on_resolution

        core_demo.register(demo.__name__, demo.load)
        # The desk does not import surveys: it says a request was resolved, surveys offers.
        request_resolved.connect(survey_offer_on_resolution, dispatch_uid=__name__)

        # Employees find their invitations here; managers their company's results;
        # owner staff run campaigns. Vendor staff have no survey pages.
        navigation.register(
            _("Surveys"),
            "surveys:home",
            "employee",
            "manager",
            "centre_manager",
            "quality_analyst",
        )

        from kezek.core import periodic
        from kezek.surveys.tasks import alert_overdue_actions, send_reminders

        periodic.every(24 * 3600, send_reminders)
        periodic.every(24 * 3600, alert_overdue_actions)
