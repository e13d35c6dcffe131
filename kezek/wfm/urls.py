from django.urls import path

from kezek.wfm.views import staffing

app_name = "wfm"
urlpatterns = [
    path("staffing/", staffing.staffing_calculator, name="staffing"),
]
