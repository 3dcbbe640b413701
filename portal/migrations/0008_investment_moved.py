"""One consultation for the whole portal: move the 招商引资 online consultations into 政民互动.

Each InvestmentConsultation becomes an interaction Case (kind 咨询, channel 网上, category 招商引资,
source investment with the old ZS reference), waiting for triage; its words, the company, e-mail
and sector are kept (the private ones in the case's event log). The old row stays, with the new
case number. The free-routed workflow case each one started is cancelled and its open tasks are
closed, so that nothing remains in anyone's inbox. Historical models only; no service is called.
"""

import datetime
import secrets

from django.db import migrations, models
from django.utils import timezone

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
CATEGORY = "招商引资"


def _number(Counter, day: datetime.date) -> str:
    counter, _created = Counter.objects.select_for_update().get_or_create(day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{day:%Y%m%d}{counter.last:04d}"


def move(apps, schema_editor):
    Consultation = apps.get_model("portal", "InvestmentConsultation")
    Case = apps.get_model("interaction", "Case")
    CaseEvent = apps.get_model("interaction", "CaseEvent")
    CaseCounter = apps.get_model("interaction", "CaseCounter")
    Category = apps.get_model("interaction", "Category")
    TaskInfo = apps.get_model("platform_core", "TaskInfo")
    RouteProcess = apps.get_model("platform_core", "RouteProcess")
    CaseClock = apps.get_model("platform_core", "CaseClock")
    Process = apps.get_model("viewflow", "Process")
    Task = apps.get_model("viewflow", "Task")

    pending = list(Consultation.objects.filter(case_number="").order_by("created_at", "pk"))
    if not pending:
        return
    category = Category.objects.filter(parent=None, name=CATEGORY).order_by("pk").first()
    if category is None:
        category = Category.objects.create(name=CATEGORY)
    sectors = dict(Consultation._meta.get_field("sector").choices)
    now = timezone.now()
    today = now.astimezone(SHANGHAI).date()
    for old in pending:
        sector = str(sectors.get(old.sector, old.sector))
        number = _number(CaseCounter, old.created_at.astimezone(SHANGHAI).date())
        case = Case.objects.create(
            number=number,
            # The investor never received a query code: nobody can look the case up by code
            # (no hex digest equals this marker); staff answer by phone or e-mail.
            query_code_hash="moved:" + secrets.token_hex(16),
            kind="consultation",
            channel="online",
            category=category,
            title=f"投资咨询（{sector}）"[:100],
            content=old.content,
            name=old.name[:64],
            mobile=old.phone[:20],
            allow_public=False,  # the old form asked no consent to publish
            status="submitted",
            triage_due=today,  # waited long enough already: due for triage now
            received_at=old.created_at,
            source="investment",
            source_ref=old.reference,
            source_title=f"招商引资·{sector}"[:200],
            source_url="/zsyz/",
        )
        CaseEvent.objects.create(
            case=case,
            actor=None,
            action="submit",
            to_status="submitted",
            comment=(
                f"网上；由招商引资在线咨询转入（原咨询编号{old.reference}）；"
                f"单位：{old.company or '—'}；电子邮箱：{old.email or '—'}；意向产业：{sector}"
            ),
            at=old.created_at,
        )
        old.case_number = number
        old.save(update_fields=["case_number"])
        if old.process_id is None:
            continue
        # Close the old workflow case: open inbox rows, viewflow tasks, the process, its clock.
        TaskInfo.objects.filter(process_id=old.process_id, is_open=True).update(
            is_open=False, finished_at=now, outcome="cancelled"
        )
        Task.objects.filter(process_id=old.process_id).exclude(
            status__in=["DONE", "CANCELED"]
        ).update(status="CANCELED", finished=now)
        Process.objects.filter(pk=old.process_id).exclude(status="DONE").update(
            status="CANCELED", finished=now
        )
        clock_id = (
            RouteProcess.objects.filter(pk=old.process_id).values_list("clock_id", flat=True).first()
        )
        if clock_id:
            CaseClock.objects.filter(pk=clock_id, finished_on__isnull=True).update(
                finished_on=today
            )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_sitedef"),
        ("interaction", "0006_consultation"),
        ("platform_core", "0017_merge_synonyms_codetables"),
        ("viewflow", "0015_task_scheduled"),
    ]

    operations = [
        migrations.AddField(
            model_name="investmentconsultation",
            name="case_number",
            field=models.CharField(blank=True, max_length=20, verbose_name="政民互动来件编号"),
        ),
        migrations.RunPython(move, migrations.RunPython.noop),
    ]
