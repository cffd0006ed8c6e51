from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Organisations, users and who may see what (policy, audit log, sign-in, 2FA)."""

    name = "waspada.accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401
        from .roles import sync_admin_group

        post_migrate.connect(sync_admin_group, sender=self)
