from django.apps import AppConfig


class CommunityConfig(AppConfig):
    """Community groups and engagement activities with them, and where engagement is missing."""

    name = "waspada.community"
    verbose_name = "Community"
