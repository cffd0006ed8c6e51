from django.db import migrations

from waspada.events.search import install, uninstall


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
