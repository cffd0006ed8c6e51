"""Django permissions that follow from the Waspada role (for the admin site).

Users with the admin role join the "Administrator" group, which holds every model
permission of the project's apps except reading reporters' identities: that stays an
explicit, separately granted permission.
"""

from django.contrib.auth.models import Group, Permission

ADMIN_GROUP = "Administrator"
ADMIN_APPS = ("accounts", "areas", "ops", "otp_totp", "django_tasks_db")
EXPLICIT_ONLY = {"read_reporter_identity"}


def admin_group() -> Group:
    group, _ = Group.objects.get_or_create(name=ADMIN_GROUP)
    return group


def sync_admin_group(**kwargs) -> None:
    """post_migrate: give the Administrator group the permissions of the project's apps."""
    perms = Permission.objects.filter(content_type__app_label__in=ADMIN_APPS).exclude(
        codename__in=EXPLICIT_ONLY
    )
    admin_group().permissions.set(perms)
