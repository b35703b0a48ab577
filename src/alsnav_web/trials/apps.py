from django.apps import AppConfig


class TrialsConfig(AppConfig):
    name = "alsnav_web.trials"
    label = "trials"
    verbose_name = "Clinical trials"
