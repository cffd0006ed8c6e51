from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Organisations, users and who may see what (policy, audit log, sign-in, 2FA)."""

    name = "waspada.accounts"
    verbose_name = "Accounts"

    def ready(self):
        from . import signals  # noqa: F401
