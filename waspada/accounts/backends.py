"""Signing in: Django's model backend, loading the signed-in user with their organisation
(every page's access checks read it; one query fewer on each request)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("organisation")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
