from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "alsnav_web.accounts"
    label = "accounts"
