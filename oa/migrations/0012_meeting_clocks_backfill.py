"""Meeting notices sent before 0010 have no case clock for their reply deadline (nor their open
action items): give them one, as `manage.py meeting_clocks_backfill` does.

The service works on the current models and the working-day calendar, so it is called only when
the historical models find something to do: a new database (and every later migration's) never
reaches it."""

from django.db import migrations


def backfill(apps, schema_editor):
    invitee = apps.get_model("oa", "MeetingInvitee")
    action_item = apps.get_model("oa", "ActionItem")
    waiting = invitee.objects.filter(
        clock__isnull=True, replied_at__isnull=True, meeting__status="sent"
    ).exists() or action_item.objects.filter(
        clock__isnull=True, done_at__isnull=True, meeting__status="sent"
    ).exists()
    if not waiting:
        return
    from oa.services.meetings import meeting_clocks_backfill

    meeting_clocks_backfill()


class Migration(migrations.Migration):
    dependencies = [
        ("oa", "0011_archive_permission"),
        ("platform_core", "0019_merge_item_admin_attachments"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
