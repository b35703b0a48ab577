"""Pages of a patient record, under /patients/. Every one needs a signed-in user with access."""

from django.urls import path

from alsnav_web.patients import views

app_name = "patients"
urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.record_start, name="start"),
    path("<uuid:public_id>/", views.dashboard, name="dashboard"),
    path("<uuid:public_id>/progress/", views.progress_page, name="progress"),
    path("<uuid:public_id>/summary/", views.summary, name="summary"),
    path("<uuid:public_id>/entries/", views.entries, name="entries"),
    path("<uuid:public_id>/profile/", views.profile, name="profile"),
    path("<uuid:public_id>/profile/<str:kind>/add/", views.profile_add, name="profile_add"),
    path(
        "<uuid:public_id>/profile/<str:kind>/<int:entry_id>/remove/",
        views.profile_remove,
        name="profile_remove",
    ),
    path("<uuid:public_id>/alsfrs-r/new/", views.assessment_new, name="assessment_new"),
    path("<uuid:public_id>/alsfrs-r/step/", views.assessment_steps, name="assessment_steps"),
    path(
        "<uuid:public_id>/alsfrs-r/<int:assessment_id>/edit/",
        views.assessment_edit,
        name="assessment_edit",
    ),
    path(
        "<uuid:public_id>/alsfrs-r/<int:assessment_id>/delete/",
        views.assessment_delete,
        name="assessment_delete",
    ),
    path("<uuid:public_id>/measurements/new/", views.measurement_new, name="measurement_new"),
    path(
        "<uuid:public_id>/measurements/<int:measurement_id>/delete/",
        views.measurement_delete,
        name="measurement_delete",
    ),
    path("<uuid:public_id>/sharing/", views.sharing, name="sharing"),
    path("<uuid:public_id>/sharing/<int:grant_id>/", views.sharing_change, name="sharing_change"),
    path("<uuid:public_id>/sharing/<int:grant_id>/revoke/", views.sharing_revoke, name="sharing_revoke"),
    path(
        "<uuid:public_id>/sharing/invitations/<int:invitation_id>/cancel/",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<uuid:public_id>/settings/", views.settings_update, name="settings"),
    path("<uuid:public_id>/activity/", views.audit_log, name="audit"),
    path("<uuid:public_id>/data/", views.data_page, name="data"),
    path("<uuid:public_id>/data/record.json", views.export_json, name="export_json"),
    path("<uuid:public_id>/data/fhir.json", views.export_fhir, name="export_fhir"),
    path("<uuid:public_id>/data/all.json", views.download, name="download"),
    path("<uuid:public_id>/data/import/", views.import_record, name="import"),
    path("<uuid:public_id>/delete/", views.delete_record, name="delete"),
]
