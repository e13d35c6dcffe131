from django.urls import path

from kezek.wfm.views import forecasts, queues, schedules, staffing

app_name = "wfm"
urlpatterns = [
    path("staffing/", staffing.staffing_calculator, name="staffing"),
    path("queues/", queues.queue_list, name="queue-list"),
    path("queues/new/", queues.queue_new, name="queue-new"),
    path("queues/<int:queue_id>/", queues.queue_detail, name="queue-detail"),
    path("queues/<int:queue_id>/settings/", queues.queue_edit, name="queue-edit"),
    path("queues/<int:queue_id>/import/", queues.history_import, name="history-import"),
    path("queues/<int:queue_id>/forecast/", forecasts.forecast_new, name="forecast-new"),
    path("queues/<int:queue_id>/special-days/", forecasts.special_day_new, name="special-day-new"),
    path(
        "queues/<int:queue_id>/special-days/paste/",
        forecasts.special_days_paste,
        name="special-days-paste",
    ),
    path(
        "queues/<int:queue_id>/special-days/<str:day>/delete/",
        forecasts.special_day_delete,
        name="special-day-delete",
    ),
    path("forecasts/<int:forecast_id>/", forecasts.forecast_detail, name="forecast-detail"),
    path(
        "forecasts/<int:forecast_id>/publish/", forecasts.forecast_publish, name="forecast-publish"
    ),
    path(
        "forecasts/<int:forecast_id>/change-day/",
        forecasts.forecast_day_change,
        name="forecast-day-change",
    ),
    path(
        "forecasts/<int:forecast_id>/export.<str:file_format>",
        forecasts.forecast_export,
        name="forecast-export",
    ),
    path(
        "intervals/<int:interval_id>/override/",
        forecasts.forecast_override,
        name="forecast-override",
    ),
    path("shift-templates/", schedules.shift_template_list, name="shift-template-list"),
    path("plans/<int:plan_id>/", schedules.plan_detail, name="plan-detail"),
    path("plans/<int:plan_id>/schedule/", schedules.schedule_start, name="schedule-start"),
    path("schedules/<int:schedule_id>/", schedules.schedule_detail, name="schedule-detail"),
    path(
        "schedules/<int:schedule_id>/export.xlsx", schedules.schedule_export, name="schedule-export"
    ),
]
