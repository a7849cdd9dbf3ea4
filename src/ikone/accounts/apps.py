from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ikone.accounts"
    label = "accounts"
    verbose_name = "Konten"

    def ready(self) -> None:
        from ikone.accounts import audit  # noqa: F401  (connects the login record)
