from django.contrib import admin
from django.urls import include, path

from kezek.accounts.api import router as accounts_router
from kezek.core import views as core_views
from kezek.core.api import api
from kezek.people.api import router as people_router
from kezek.servicedesk.api import router as servicedesk_router
from kezek.surveys.api import router as surveys_router
from kezek.wfm.api import router as wfm_router

api.add_router("/", accounts_router)
api.add_router("/servicedesk", servicedesk_router)
api.add_router("/surveys", surveys_router)
api.add_router("/wfm", wfm_router)
api.add_router("/", people_router)

urlpatterns = [
    path("", core_views.home, name="home"),
    path("jobs/<int:job_id>/", core_views.job_detail, name="job-detail"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("kezek.accounts.urls")),
    path("desk/", include("kezek.servicedesk.urls")),
    path("surveys/", include("kezek.surveys.urls")),
    path("wfm/", include("kezek.wfm.urls")),
    path("staff/", include("kezek.people.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
