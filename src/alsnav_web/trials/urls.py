"""Clinical-trial finder pages, under /trials/."""

from django.urls import path

from alsnav_web.trials import views

app_name = "trials"
urlpatterns = [
    path("", views.trial_list, name="list"),
    path("record/<uuid:public_id>/", views.record_trials, name="record"),
    path("<str:nct_id>/", views.trial_detail, name="detail"),
    path("<str:nct_id>/eligibility/", views.trial_eligibility, name="eligibility"),
]
