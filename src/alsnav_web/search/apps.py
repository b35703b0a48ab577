from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "alsnav_web.search"
    label = "search"
