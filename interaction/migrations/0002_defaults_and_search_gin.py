"""Default time limits per kind and for 信访 cases (editable afterwards), and a GIN index on the
knowledge base's full-text column (PostgreSQL only, as disclosure 0002)."""

from django.db import migrations

INDEX = "interaction_knowledge_search_gin"
LIMITS = {"consultation": 5, "complaint": 15, "suggestion": 15, "efficiency": 10, "mayor": 15}


def forwards(apps, schema_editor):
    KindPolicy = apps.get_model("interaction", "KindPolicy")
    PetitionPolicy = apps.get_model("interaction", "PetitionPolicy")
    for kind, days in LIMITS.items():
        KindPolicy.objects.get_or_create(kind=kind, defaults={"limit_days": days})
    if not PetitionPolicy.objects.exists():
        PetitionPolicy.objects.create(accept_days=15, handle_days=60, max_extension_days=30)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON interaction_knowledgeentry "
            "USING gin (search_vector)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("interaction", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
