from django.urls import path

from kezek.surveys.views import answers, campaigns, exports, programme, questionnaires

app_name = "surveys"
urlpatterns = [
    path("", campaigns.home, name="home"),
    path("questionnaires/", questionnaires.version_list, name="version-list"),
    path("questionnaires/<int:version_id>/", questionnaires.version_detail, name="version-detail"),
    path(
        "questionnaires/<int:version_id>/new-version/",
        questionnaires.version_new,
        name="version-new",
    ),
    path(
        "questionnaires/<int:version_id>/publish/",
        questionnaires.version_publish,
        name="version-publish",
    ),
    path(
        "questionnaires/<int:version_id>/questions/<int:question_id>/",
        questionnaires.question_edit,
        name="question-edit",
    ),
    path("campaigns/new/", campaigns.campaign_new, name="campaign-new"),
    path("campaigns/<int:campaign_id>/", campaigns.campaign_detail, name="campaign-detail"),
    path(
        "campaigns/<int:campaign_id>/do/<str:command>/",
        campaigns.campaign_command,
        name="campaign-command",
    ),
    path("campaigns/<int:campaign_id>/results/", campaigns.campaign_results, name="results"),
    path("campaigns/<int:campaign_id>/analysis/", campaigns.campaign_analysis, name="analysis"),
    path("campaigns/<int:campaign_id>/feedback/", programme.feedback_list, name="feedback"),
    path("campaigns/<int:campaign_id>/actions/", programme.action_list, name="actions"),
    path("campaigns/<int:campaign_id>/report/", programme.report, name="report"),
    path("campaigns/<int:campaign_id>/paper/", answers.paper_entry, name="paper"),
    path(
        "campaigns/<int:campaign_id>/export/responses.<str:fmt>",
        exports.responses_export,
        name="export-responses",
    ),
    path(
        "campaigns/<int:campaign_id>/export/report.xlsx",
        exports.report_export,
        name="export-report",
    ),
    path(
        "feedback/<int:feedback_id>/triage/",
        programme.feedback_triage,
        name="feedback-triage",
    ),
    path(
        "feedback/<int:feedback_id>/clarify/",
        programme.feedback_clarify,
        name="feedback-clarify",
    ),
    path("actions/<int:action_id>/", programme.action_update, name="action-update"),
    path(
        "invitations/<int:invitation_id>/answer/",
        answers.invitation_answer,
        name="invitation-answer",
    ),
    path("answer/<str:token>/", answers.answer, name="answer"),
]
