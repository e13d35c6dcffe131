from django.urls import path

from kezek.servicedesk.views import approvals, kb, kb_editing, queue, requests

app_name = "servicedesk"
urlpatterns = [
    path("", requests.portal, name="portal"),
    path("catalogue/", requests.catalogue, name="catalogue"),
    path("catalogue/<int:service_id>/new/", requests.request_new, name="request-new"),
    path("requests/", requests.my_requests, name="my-requests"),
    path("requests/<int:request_id>/", requests.request_detail, name="request-detail"),
    path("requests/<int:request_id>/reply/", requests.request_reply, name="request-reply"),
    path(
        "requests/<int:request_id>/state/", requests.request_transition, name="request-transition"
    ),
    path("requests/<int:request_id>/assign/", requests.request_assign, name="request-assign"),
    path("requests/<int:request_id>/rate/", requests.request_rate, name="request-rate"),
    path("attachments/<int:attachment_id>/", requests.attachment_download, name="attachment"),
    path("queue/", queue.queue, name="queue"),
    path("queue/bulk/", queue.queue_bulk, name="queue-bulk"),
    path("confidential/", queue.confidential, name="confidential"),
    path("approvals/", approvals.approval_list, name="approvals"),
    path("approvals/<int:approval_id>/decide/", approvals.approval_decide, name="approval-decide"),
    path("agents/", queue.agents, name="agents"),
    path("sla-report/", queue.sla_report, name="sla-report"),
    path("kb/", kb.kb_search, name="kb"),
    path("kb/suggest/", kb.kb_suggest, name="kb-suggest"),
    path("kb/<int:article_id>/", kb.kb_article, name="kb-article"),
    path("kb/<int:article_id>/feedback/", kb.kb_feedback, name="kb-feedback"),
    path("kb/<int:article_id>/deflect/", kb.kb_deflect, name="kb-deflect"),
    path("kb/manage/", kb_editing.kb_manage, name="kb-manage"),
    path("kb/manage/new/", kb_editing.kb_article_new, name="kb-new"),
    path("kb/manage/<int:article_id>/", kb_editing.kb_article_edit, name="kb-edit"),
    path("kb/manage/<int:article_id>/history/", kb_editing.kb_article_history, name="kb-history"),
]
