"""Load the national administrative divisions (platform_core/data/divisions.json.gz)."""

from django.db import migrations


def load(apps, schema_editor):
    from platform_core.services.divisions import divisions_load

    divisions_load(model=apps.get_model("platform_core", "Division"))


class Migration(migrations.Migration):
    dependencies = [("platform_core", "0014_divisions")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
