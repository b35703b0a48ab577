from django.apps import AppConfig


class CareplanConfig(AppConfig):
    name = "alsnav_web.careplan"
    label = "careplan"
    verbose_name = "Care plan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alsnav_web.careplan import signals

        signals.connect()
