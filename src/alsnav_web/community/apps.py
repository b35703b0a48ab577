from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "alsnav_web.community"
    label = "community"
