from django.urls import path

from kezek.people import views

app_name = "people"
urlpatterns = [
    path("", views.staff_list, name="staff-list"),
    path("new/", views.staff_new, name="staff-new"),
    path("import/", views.staff_import, name="staff-import"),
    path("export.<str:file_format>", views.staff_export, name="staff-export"),
    path("<int:member_id>/", views.staff_detail, name="staff-detail"),
    path("<int:member_id>/edit/", views.staff_edit, name="staff-edit"),
    path("<int:member_id>/status/", views.status_change, name="status-change"),
    path("<int:member_id>/acd-logins/", views.acd_assign, name="acd-assign"),
    path("<int:member_id>/skills/", views.skill_set, name="skill-set"),
    path("<int:member_id>/absences/", views.absence_new, name="absence-new"),
    path("acd-logins/<int:acd_login_id>/release/", views.acd_release, name="acd-release"),
    path("skills/<int:skill_id>/remove/", views.skill_remove, name="skill-remove"),
    path("absences/<int:absence_id>/remove/", views.absence_delete, name="absence-remove"),
]
