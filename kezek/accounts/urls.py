from django.urls import path

from kezek.accounts import views

app_name = "accounts"
urlpatterns = [
    path("people/", views.people_list, name="people-list"),
    path("people/<int:person_id>/", views.person_detail, name="person-detail"),
    path("organisations/", views.organisation_list, name="organisation-list"),
]
