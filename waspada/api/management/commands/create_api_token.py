from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from waspada.api.models import ApiToken


class Command(BaseCommand):
    help = "Create an API token for a user and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="what the token is for")

    def handle(self, username, name, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as e:
            raise CommandError(f"no user {username!r}") from e
        _token, raw = ApiToken.issue(user, name)
        self.stdout.write(raw)
