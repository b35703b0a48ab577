from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "alsnav_web.catalog"
    label = "catalog"
    verbose_name = "Treatment knowledge base"
