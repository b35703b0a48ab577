from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "alsnav_web.core"
    label = "core"
    verbose_name = "ALS Navigator core"

    def ready(self) -> None:
        from alsnav_web.core import pagecache

        pagecache.connect_signals()
