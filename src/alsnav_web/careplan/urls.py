"""Care-plan pages: a record's plan (and its reminder settings) and the clinic list."""

from django.urls import path

from alsnav_web.careplan import views

app_name = "careplan"
urlpatterns = [
    path("patients/<uuid:public_id>/care-plan/", views.care_plan_page, name="plan"),
    path("patients/<uuid:public_id>/care-plan/reminders/", views.reminders_update, name="reminders"),
    path("clinic/", views.clinic_list, name="clinic"),
]
