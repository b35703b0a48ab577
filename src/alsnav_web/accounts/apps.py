from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "alsnav_web.accounts"
    label = "accounts"

    def ready(self) -> None:
        from alsnav_web.accounts.log_privacy import install

        install()
