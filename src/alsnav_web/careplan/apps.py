from django.apps import AppConfig


class CareplanConfig(AppConfig):
    name = "alsnav_web.careplan"
    label = "careplan"
    verbose_name = "Care plan"
    default_auto_field = "django.db.models.BigAutoField"
