from django.urls import path

from kezek.surveys import exports_views, programme_views, views

app_name = "surveys"
urlpatterns = [
    path("", views.home, name="home"),
    path("questionnaires/", views.version_list, name="version-list"),
    path("questionnaires/<int:version_id>/", views.version_detail, name="version-detail"),
    path("questionnaires/<int:version_id>/new-version/", views.version_new, name="version-new"),
    path("questionnaires/<int:version_id>/publish/", views.version_publish, name="version-publish"),
    path(
        "questionnaires/<int:version_id>/questions/<int:question_id>/",
        views.question_edit,
        name="question-edit",
    ),
    path("campaigns/new/", views.campaign_new, name="campaign-new"),
    path("campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign-detail"),
    path(
        "campaigns/<int:campaign_id>/do/<str:command>/",
        views.campaign_command,
        name="campaign-command",
    ),
    path("campaigns/<int:campaign_id>/results/", views.campaign_results, name="results"),
    path("campaigns/<int:campaign_id>/analysis/", views.campaign_analysis, name="analysis"),
    path("campaigns/<int:campaign_id>/feedback/", programme_views.feedback_list, name="feedback"),
    path("campaigns/<int:campaign_id>/actions/", programme_views.action_list, name="actions"),
    path("campaigns/<int:campaign_id>/report/", programme_views.report, name="report"),
    path("campaigns/<int:campaign_id>/paper/", views.paper_entry, name="paper"),
    path(
        "campaigns/<int:campaign_id>/export/responses.<str:fmt>",
        exports_views.responses_export,
        name="export-responses",
    ),
    path(
        "campaigns/<int:campaign_id>/export/report.xlsx",
        exports_views.report_export,
        name="export-report",
    ),
    path(
        "feedback/<int:feedback_id>/triage/",
        programme_views.feedback_triage,
        name="feedback-triage",
    ),
    path(
        "feedback/<int:feedback_id>/clarify/",
        programme_views.feedback_clarify,
        name="feedback-clarify",
    ),
    path("actions/<int:action_id>/", programme_views.action_update, name="action-update"),
    path(
        "invitations/<int:invitation_id>/answer/", views.invitation_answer, name="invitation-answer"
    ),
    path("answer/<str:token>/", views.answer, name="answer"),
]
