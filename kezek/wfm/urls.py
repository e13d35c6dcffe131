from django.urls import path

from kezek.wfm.views import queues, staffing

app_name = "wfm"
urlpatterns = [
    path("staffing/", staffing.staffing_calculator, name="staffing"),
    path("queues/", queues.queue_list, name="queue-list"),
    path("queues/<int:queue_id>/", queues.queue_detail, name="queue-detail"),
    path("queues/<int:queue_id>/import/", queues.history_import, name="history-import"),
]
