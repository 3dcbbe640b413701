# Three parts of the portal were built side by side (investment content, media and access
# statistics, review through the workflow with scheduling); this joins their migrations.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_investment"),
        ("portal", "0004_media_stats"),
        ("portal", "0004_review_schedule"),
    ]

    operations = []
