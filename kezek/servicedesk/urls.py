from django.urls import path

from kezek.servicedesk import views, views_kb

app_name = "servicedesk"
urlpatterns = [
    path("", views.portal, name="portal"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/<int:service_id>/new/", views.request_new, name="request-new"),
    path("requests/", views.my_requests, name="my-requests"),
    path("requests/<int:request_id>/", views.request_detail, name="request-detail"),
    path("requests/<int:request_id>/reply/", views.request_reply, name="request-reply"),
    path("requests/<int:request_id>/state/", views.request_transition, name="request-transition"),
    path("requests/<int:request_id>/assign/", views.request_assign, name="request-assign"),
    path("requests/<int:request_id>/rate/", views.request_rate, name="request-rate"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("queue/", views.queue, name="queue"),
    path("queue/bulk/", views.queue_bulk, name="queue-bulk"),
    path("confidential/", views.confidential, name="confidential"),
    path("approvals/", views.approval_list, name="approvals"),
    path("approvals/<int:approval_id>/decide/", views.approval_decide, name="approval-decide"),
    path("agents/", views.agents, name="agents"),
    path("sla-report/", views.sla_report, name="sla-report"),
    path("kb/", views.kb_search, name="kb"),
    path("kb/suggest/", views.kb_suggest, name="kb-suggest"),
    path("kb/<int:article_id>/", views.kb_article, name="kb-article"),
    path("kb/<int:article_id>/feedback/", views.kb_feedback, name="kb-feedback"),
    path("kb/<int:article_id>/deflect/", views.kb_deflect, name="kb-deflect"),
    path("kb/manage/", views_kb.kb_manage, name="kb-manage"),
    path("kb/manage/new/", views_kb.kb_article_new, name="kb-new"),
    path("kb/manage/<int:article_id>/", views_kb.kb_article_edit, name="kb-edit"),
    path("kb/manage/<int:article_id>/history/", views_kb.kb_article_history, name="kb-history"),
]
