"""The generic flow on viewflow: fixed routes with conditions and countersigns, every task
action, free routing, versions kept by running cases, delegation."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from viewflow.workflow.models import Task

from platform_core.constants import RoleCode
from platform_core.models import CaseEvent, RouteProcess, TaskInfo, TaskOutcome
from platform_core.services import routes as route_services
from platform_core.services import workflow as wf
from tests.factories import role, staff_with_role
from tests.platform_core.routes_sample import build_route


@pytest.fixture
def people(gov, dept_a, dept_b, sysadmin):
    staff = {
        "clerk": staff_with_role(RoleCode.WINDOW_CLERK, dept_a, name="窗口甲"),
        "reviewer": staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="审查乙"),
        "reviewer2": staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="审查丙"),
        "h1": staff_with_role(RoleCode.SECTION_HEAD, dept_b, name="科长一"),
        "h2": staff_with_role(RoleCode.SECTION_HEAD, dept_b, name="科长二"),
        "l1": staff_with_role(RoleCode.LEADER, gov, name="县领导一"),
        "l2": staff_with_role(RoleCode.LEADER, gov, name="县领导二"),
        "outsider": staff_with_role(RoleCode.WINDOW_CLERK, dept_b, name="他局窗口"),
        "sysadmin": sysadmin,
    }
    definition, draft = build_route(sysadmin, fixed_unit=dept_b)
    route_services.version_publish(version=draft, by=sysadmin)
    staff["definition"] = definition
    return staff


def start(people, dept_a, **data):
    return wf.case_start(
        title="某公司建设许可申请",
        subsystem="approval",
        owner_unit=dept_a,
        by=people["clerk"],
        definition_code="license",
        data=data,
    )


def open_tasks(process, step=None):
    rows = TaskInfo.objects.filter(process=process, is_open=True)
    if step:
        rows = rows.filter(step_key=step)
    return list(rows.order_by("owner_id", "pk"))


def task(info):
    return Task.objects.get(pk=info.pk)


def claim_and_complete(user, process, step, **kwargs):
    (info,) = open_tasks(process, step)
    if info.owner_id is None:
        wf.task_claim(task=task(info), user=user)
    return wf.task_complete(task=task(info), user=user, **kwargs)


@pytest.mark.django_db(transaction=True)
def test_fixed_route_with_condition_and_countersigns_runs_to_the_end(people, dept_a):
    process = start(people, dept_a)
    assert process.current_step == "accept"
    (accept,) = open_tasks(process)
    assert accept.owner_id is None and accept.role.code == RoleCode.WINDOW_CLERK
    assert accept.due_date is not None
    claim_and_complete(people["clerk"], process, "accept", comment="材料齐全")
    process = claim_and_complete(people["reviewer"], process, "review", data={"amount": 500})
    assert process.current_step == "joint"  # amount > 100: the countersign step
    joint = open_tasks(process, "joint")
    assert {i.owner_id for i in joint} == {people["h1"].pk, people["h2"].pk}
    wf.task_complete(task=task(joint[0]), user=joint[0].owner, comment="同意")
    assert RouteProcess.objects.get(pk=process.pk).current_step == "joint"  # waits for all
    process = wf.task_complete(task=task(joint[1]), user=joint[1].owner, comment="同意")
    assert process.current_step == "decide"
    decide = open_tasks(process, "decide")
    assert len(decide) == 2  # both county leaders; any one decides
    process = wf.task_complete(
        task=task(decide[0]), user=decide[0].owner, data={"result": "准予"}, comment="准予许可"
    )
    assert process.current_step == ""
    assert process.status == "DONE"
    assert open_tasks(process) == []
    assert TaskInfo.objects.get(pk=decide[1].pk).outcome == TaskOutcome.CANCELLED
    actions = list(CaseEvent.objects.filter(process=process).values_list("action", flat=True))
    assert actions[0] == "start" and actions[-1] == "end"
    assert actions.count("complete") == 5


@pytest.mark.django_db(transaction=True)
def test_small_amount_skips_the_countersign(people, dept_a):
    process = start(people, dept_a)
    claim_and_complete(people["clerk"], process, "accept")
    process = claim_and_complete(people["reviewer"], process, "review", data={"amount": 50})
    assert process.current_step == "decide"


@pytest.mark.django_db(transaction=True)
def test_claim_rules_and_a_second_claim(people, dept_a):
    process = start(people, dept_a)
    (info,) = open_tasks(process)
    with pytest.raises(PermissionDenied):  # a window clerk of another department
        wf.task_claim(task=task(info), user=people["outsider"])
    with pytest.raises(PermissionDenied):  # the wrong role
        wf.task_claim(task=task(info), user=people["reviewer"])
    wf.task_claim(task=task(info), user=people["clerk"])
    other_clerk = staff_with_role(RoleCode.WINDOW_CLERK, dept_a)
    with pytest.raises(wf.TaskStateError):
        wf.task_claim(task=task(info), user=other_clerk)
    with pytest.raises(PermissionDenied):  # only the owner may complete
        wf.task_complete(task=task(info), user=other_clerk)
    wf.task_release(task=task(info), user=people["clerk"])
    wf.task_claim(task=task(info), user=other_clerk)
    wf.task_complete(task=task(info), user=other_clerk)
    with pytest.raises(wf.TaskStateError):  # completing twice: the second sees it closed
        wf.task_complete(task=task(info), user=other_clerk)
    events = CaseEvent.objects.filter(process=process, from_step="accept")
    assert [e.action for e in events] == ["claim", "release", "claim", "complete"]


@pytest.mark.django_db(transaction=True)
def test_transfer_and_add_cohandler(people, dept_a):
    process = start(people, dept_a)
    claim_and_complete(people["clerk"], process, "accept")
    (review,) = open_tasks(process, "review")
    wf.task_claim(task=task(review), user=people["reviewer"])
    wf.task_transfer(
        task=task(review), user=people["reviewer"], to_user=people["reviewer2"], comment="请丙办理"
    )
    review.refresh_from_db()
    assert review.owner == people["reviewer2"]
    with pytest.raises(PermissionDenied):
        wf.task_complete(task=task(review), user=people["reviewer"])
    process = wf.task_add_cohandler(
        task=task(review),
        user=people["reviewer2"],
        cohandler=people["reviewer"],
        comment="请乙复核",
    )
    assert process.current_step == "review"
    (again,) = open_tasks(process, "review")
    assert again.owner == people["reviewer"]
    process = wf.task_complete(task=task(again), user=people["reviewer"], data={"amount": 1})
    assert process.current_step == "decide"


@pytest.mark.django_db(transaction=True)
def test_return_to_an_earlier_step_goes_to_its_handler(people, dept_a):
    process = start(people, dept_a)
    claim_and_complete(people["clerk"], process, "accept")
    process = claim_and_complete(people["reviewer"], process, "review", data={"amount": 500})
    joint = open_tasks(process, "joint")
    with pytest.raises(ValidationError):  # a reason is required
        wf.task_return(task=task(joint[0]), user=joint[0].owner, to_step="review", comment="")
    with pytest.raises(ValidationError):  # never visited
        wf.task_return(task=task(joint[0]), user=joint[0].owner, to_step="decide", comment="x")
    assert [s for s, _ in wf.returnable_steps(process)] == ["review", "accept"]
    process = wf.task_return(
        task=task(joint[0]), user=joint[0].owner, to_step="review", comment="金额依据不足"
    )
    assert process.current_step == "review"
    (review,) = open_tasks(process)
    assert review.owner == people["reviewer"]
    assert TaskInfo.objects.get(pk=joint[1].pk).outcome == TaskOutcome.CANCELLED
    assert TaskInfo.objects.get(pk=joint[0].pk).outcome == TaskOutcome.RETURNED


@pytest.mark.django_db(transaction=True)
def test_withdraw_before_the_next_handler_opens_it(people, dept_a):
    process = start(people, dept_a)
    claim_and_complete(people["clerk"], process, "accept")
    process = claim_and_complete(people["reviewer"], process, "review", data={"amount": 1})
    with pytest.raises(ValidationError):  # not the sender
        wf.case_withdraw(process=process, user=people["clerk"])
    process = wf.case_withdraw(process=process, user=people["reviewer"])
    assert process.current_step == "review"
    (review,) = open_tasks(process)
    assert review.owner == people["reviewer"]
    # Sent again; once a leader opens it, it can no longer be withdrawn.
    process = wf.task_complete(task=task(review), user=people["reviewer"])
    leader_task = open_tasks(process, "decide")[0]
    wf.task_open(task=task(leader_task), user=leader_task.owner)
    with pytest.raises(wf.TaskStateError):
        wf.case_withdraw(process=process, user=people["reviewer"])


@pytest.mark.django_db(transaction=True)
def test_remind_and_comment(people, dept_a):
    from platform_core.models import Notification

    process = start(people, dept_a)
    (info,) = open_tasks(process)
    wf.task_remind(task=task(info), user=people["clerk"], comment="请今天受理")
    assert Notification.objects.filter(
        recipient=people["clerk"], subject__startswith="催办"
    ).exists()
    with pytest.raises(PermissionDenied):
        wf.case_comment(process=process, user=people["outsider"], comment="无权")
    wf.case_comment(process=process, user=people["clerk"], comment="已电话联系申请人")
    assert CaseEvent.objects.filter(process=process, action="comment").count() == 1


@pytest.mark.django_db(transaction=True)
def test_free_routing_goes_to_the_person_chosen_at_each_step(people, dept_a):
    process = wf.case_start(
        title="关于调整值班安排的请示",
        subsystem="oa",
        owner_unit=dept_a,
        by=people["clerk"],
        handlers=[people["reviewer"]],
    )
    (first,) = open_tasks(process)
    assert first.owner == people["reviewer"]
    process = wf.task_complete(
        task=task(first),
        user=people["reviewer"],
        next_handlers=[people["l1"]],
        step_name="领导审批",
    )
    (second,) = open_tasks(process)
    assert second.owner == people["l1"] and second.step_name == "领导审批"
    process = wf.task_complete(task=task(second), user=people["l1"], comment="同意")
    assert process.current_step == "" and process.status == "DONE"


@pytest.mark.django_db(transaction=True)
def test_running_case_keeps_its_version(people, dept_a, sysadmin):
    process = start(people, dept_a)
    claim_and_complete(people["clerk"], process, "accept")
    definition = people["definition"]
    draft = route_services.version_draft_from_published(definition=definition, by=sysadmin)
    joint = draft.steps.get(key="joint")
    route_services.step_update(step=joint, by=sysadmin, name="联合审查")
    route_services.version_publish(version=draft, by=sysadmin)
    process = claim_and_complete(people["reviewer"], process, "review", data={"amount": 500})
    assert open_tasks(process, "joint")[0].step_name == "部门会签"  # still version 1
    new_case = start(people, dept_a)
    assert new_case.version.number == 2


@pytest.mark.django_db(transaction=True)
def test_delegate_handles_the_principals_task(people, dept_a):
    process = start(people, dept_a)
    claim_and_complete(people["clerk"], process, "accept")
    process = claim_and_complete(people["reviewer"], process, "review", data={"amount": 1})
    today = datetime.date.today()
    deputy = staff_with_role(RoleCode.REVIEW_CLERK, dept_a, name="代办人")
    leader_task = open_tasks(process, "decide")[0]
    with pytest.raises(PermissionDenied):
        wf.task_complete(task=task(leader_task), user=deputy)
    with pytest.raises(PermissionDenied):  # only the principal delegates
        wf.delegation_create(
            principal=leader_task.owner,
            delegate=deputy,
            start_date=today,
            end_date=today,
            reason="出差",
            by=deputy,
        )
    wf.delegation_create(
        principal=leader_task.owner,
        delegate=deputy,
        start_date=today,
        end_date=today + datetime.timedelta(days=3),
        reason="出差",
        by=leader_task.owner,
    )
    process = wf.task_complete(task=task(leader_task), user=deputy, data={"result": "准予"})
    assert process.current_step == ""


def test_the_three_administrators_start_no_business_case(gov, dept_a, sysadmin, secadmin):
    """三员分立: their global scope covers units, people and logs, not the units' business; a
    business post of their own still counts."""
    from platform_core.forms.workflow import CaseStartForm
    from platform_core.models import Post, Role

    clerk = staff_with_role(RoleCode.REVIEW_CLERK, dept_a)
    auditor = staff_with_role(RoleCode.AUDIT_ADMIN, gov)
    for admin in (sysadmin, secadmin, auditor):
        with pytest.raises(PermissionDenied):
            wf.case_start(
                title="检查", subsystem="oa", owner_unit=dept_a, by=admin, handlers=[clerk]
            )
        assert list(CaseStartForm(user=admin).fields["owner_unit"].queryset) == []
    Post.objects.create(user=sysadmin, unit=dept_a, role=Role.objects.get(code=RoleCode.LEADER))
    sysadmin = type(sysadmin).objects.get(pk=sysadmin.pk)  # posts are memoised per instance
    wf.case_start(title="兼职", subsystem="oa", owner_unit=dept_a, by=sysadmin, handlers=[clerk])
    assert list(CaseStartForm(user=sysadmin).fields["owner_unit"].queryset) == [dept_a]


@pytest.mark.django_db(transaction=True)
def test_who_may_claim_a_task_may_see_its_case(people, dept_a, dept_b, sysadmin):
    """The task page links to the case: a holder of the step's role in another unit (here a
    reviewer in the other department, for a step fixed there) may open it before claiming."""
    definition = route_services.definition_create(code="hand-off", name="转他局审查", by=sysadmin)
    draft = definition.versions.get()
    step = route_services.step_add(
        version=draft,
        by=sysadmin,
        key="review",
        name="他局审查",
        role=role(RoleCode.REVIEW_CLERK),
        unit_scope="fixed_unit",
        unit=dept_b,
    )
    route_services.transition_add(version=draft, source=step, target=None, by=sysadmin)
    route_services.version_publish(version=draft, by=sysadmin)
    process = wf.case_start(
        title="移交事项",
        subsystem="oa",
        owner_unit=dept_a,
        by=people["clerk"],
        definition_code="hand-off",
    )
    candidate = staff_with_role(RoleCode.REVIEW_CLERK, dept_b, name="他局审查员")
    assert wf.may_view_case(candidate, process)
    assert not wf.may_view_case(people["outsider"], process)  # another role in that unit
    (info,) = open_tasks(process)
    wf.task_claim(task=task(info), user=candidate)
    assert wf.may_view_case(candidate, process)
