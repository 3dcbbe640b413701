"""GIN index on the articles' full-text column, on PostgreSQL only.

The demo runs on SQLite, which has no GIN indexes; there the search falls back to a LIKE query on
`search_text`. Keeping the index out of Meta.indexes lets one model serve both databases.
"""

from django.db import migrations

INDEX = "portal_article_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON portal_article USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_site_structure")]

    operations = [migrations.RunPython(create_index, drop_index)]
