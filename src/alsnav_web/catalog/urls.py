from django.urls import path

from alsnav_web.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.home, name="home"),
    path("treatments/", views.treatment_list, name="treatment_list"),
    path("treatments/<str:treatment_id>/", views.treatment_detail, name="treatment_detail"),
    path("symptoms/", views.symptom_index, name="symptom_index"),
    path("symptoms/<slug:slug>/", views.symptom_detail, name="symptom_detail"),
    path("about/", views.about, name="about"),
    path("urgent/", views.urgent_help, name="urgent_help"),
    path("glossary/", views.glossary, name="glossary"),
]
