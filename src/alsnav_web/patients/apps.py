from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "alsnav_web.patients"
    label = "patients"
