from django.conf import settings
from django.db import models


class Visit(models.Model):
    """When a user last opened a summary page ("since your last visit")."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    page = models.CharField(max_length=30)
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="visit_once")]

    def __str__(self):
        return f"{self.user_id} {self.page} {self.at:%Y-%m-%d %H:%M}"
