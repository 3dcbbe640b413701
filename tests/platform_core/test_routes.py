"""Fixed routes: conditions, next step, versioning, publish validation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from platform_core.constants import RoleCode
from platform_core.models import ProcessVersion, StepDefinition, Transition, VersionStatus
from platform_core.routes.conditions import (
    ConditionError,
    evaluate,
    from_expression,
    to_expression,
)
from platform_core.routes.spec import RouteSpec, StepSpec, TransitionSpec, validate
from platform_core.selectors import routes as selectors
from platform_core.selectors.routes import next_step
from platform_core.services import routes as services
from tests.factories import role, staff_with_role
from tests.platform_core.routes_sample import build_route


@pytest.fixture
def designer(gov):
    return staff_with_role(RoleCode.SYSTEM_ADMIN, gov)


# --- Conditions (pure) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "data", "expected"),
    [
        ({}, {}, True),
        ({"field": "amount", "op": "eq", "value": 100}, {"amount": 100}, True),
        ({"field": "amount", "op": "eq", "value": 100}, {"amount": "100"}, True),
        ({"field": "amount", "op": "eq", "value": 100}, {"amount": "100.0"}, True),
        ({"field": "kind", "op": "eq", "value": "个人"}, {"kind": "个人"}, True),
        ({"field": "kind", "op": "eq", "value": "个人"}, {"kind": "企业"}, False),
        ({"field": "kind", "op": "ne", "value": "个人"}, {"kind": "企业"}, True),
        ({"field": "kind", "op": "ne", "value": "个人"}, {}, False),  # missing never matches
        ({"field": "amount", "op": "gt", "value": 100}, {"amount": "120"}, True),
        ({"field": "amount", "op": "gt", "value": 100}, {"amount": 100}, False),
        ({"field": "amount", "op": "gte", "value": 100}, {"amount": 100}, True),
        ({"field": "amount", "op": "lt", "value": 100}, {"amount": 99.5}, True),
        ({"field": "amount", "op": "lte", "value": 100}, {"amount": 101}, False),
        ({"field": "amount", "op": "gt", "value": 100}, {"amount": "很多"}, False),
        ({"field": "amount", "op": "gt", "value": 100}, {"amount": None}, False),
        ({"field": "town", "op": "in", "value": ["城关镇", "塔峰镇"]}, {"town": "塔峰镇"}, True),
        ({"field": "town", "op": "in", "value": ["城关镇"]}, {"town": "太平圩"}, False),
        ({"field": "materials", "op": "contains", "value": "图纸"}, {"materials": ["图纸"]}, True),
        ({"field": "materials", "op": "contains", "value": "图纸"}, {"materials": []}, False),
        ({"field": "remark", "op": "contains", "value": "加急"}, {"remark": "请加急办理"}, True),
        (
            {"field": "applicant.type", "op": "eq", "value": "legal"},
            {"applicant": {"type": "legal"}},
            True,
        ),
    ],
)
def test_evaluate_table(condition, data, expected):
    assert evaluate(condition, data) is expected


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"field": "amount", "op": "between", "value": 1}, "不支持的比较方式"),
        ({"field": "1amount", "op": "eq", "value": 1}, "字段名"),
        ({"field": "amount", "op": "gt", "value": "多"}, "须是数字"),
        ({"field": "town", "op": "in", "value": "城关镇"}, "列表"),
        ({"field": "amount", "op": "eq"}, "缺少比较值"),
    ],
)
def test_bad_conditions_are_refused_in_chinese(condition, message):
    with pytest.raises(ConditionError, match=message):
        evaluate(condition, {})


def test_expression_round_trip():
    for condition in (
        {"field": "amount", "op": "gt", "value": 100},
        {"field": "kind", "op": "eq", "value": "个人"},
        {"field": "town", "op": "in", "value": ["城关镇", "塔峰镇"]},
        {"field": "materials", "op": "contains", "value": "图纸"},
    ):
        text = to_expression(condition)
        assert text.startswith("${") and text.endswith("}")
        assert from_expression(text) == condition
    assert to_expression({"field": "amount", "op": "gt", "value": 100}) == "${amount > 100}"


def _spec(steps, transitions):
    return RouteSpec.build(
        code="t",
        name="测试",
        steps=[
            StepSpec(key=k, name=k, order=i, role_code="review_clerk") for i, k in enumerate(steps)
        ],
        transitions=[
            TransitionSpec(*t) if len(t) < 3 else TransitionSpec(t[0], t[1], t[2], *t[3:])
            for t in transitions
        ],
    )


def test_next_step_tries_conditions_by_priority_then_default():
    spec = _spec(
        ["a", "b", "c", "d"],
        [
            ("a", "d", {}),
            ("a", "c", {"field": "amount", "op": "gt", "value": 10}, 20),
            ("a", "b", {"field": "amount", "op": "gt", "value": 100}, 10),
            ("b", None, {}),
            ("c", None, {}),
            ("d", None, {}),
        ],
    )
    assert next_step(spec, "a", {"amount": 500}) == "b"  # both match: priority 10 wins
    assert next_step(spec, "a", {"amount": 50}) == "c"
    assert next_step(spec, "a", {"amount": 5}) == "d"  # default
    assert next_step(spec, "a", {}) == "d"
    assert next_step(spec, "b", {}) is None  # the end
    with pytest.raises(ConditionError, match="没有步骤"):
        next_step(spec, "zzz", {})


def test_validate_reports_missing_default_unreachable_and_dead_end():
    spec = _spec(
        ["a", "b", "c", "d"],
        [
            ("a", "b", {"field": "x", "op": "eq", "value": 1}),
            ("b", "b", {}),
            ("c", None, {}),
        ],
    )
    errors = validate(spec)
    assert "步骤“a”没有默认去向（不满足任何条件时的下一步）。" in errors
    assert "步骤“d”没有默认去向（不满足任何条件时的下一步）。" in errors
    assert "步骤“c”从开始步骤无法到达。" in errors
    assert "步骤“b”之后无法到达流程结束。" in errors
    assert validate(_spec([], [])) == ["流程至少需要一个步骤。"]


# --- Versions (database) --------------------------------------------------------------------------


def test_build_and_publish_then_next_step_on_stored_version(designer, dept_b):
    definition, draft = build_route(designer, dept_b)
    services.version_publish(version=draft, by=designer)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED and draft.published_by == designer
    assert selectors.version_for_new_case("license") == draft
    assert next_step(draft, "review", {"amount": "300"}) == "joint"
    assert next_step(draft, "review", {"amount": "30"}) == "decide"
    assert next_step(draft, "decide", {"result": "退回"}) == "review"
    assert next_step(draft, "decide", {"result": "准予许可"}) is None


def test_published_version_refuses_edits(designer, dept_b):
    _definition, draft = build_route(designer, dept_b)
    services.version_publish(version=draft, by=designer)
    step = draft.steps.get(key="review")
    message = "第 1 版已发布或停用，不能修改"
    with pytest.raises(ValidationError, match=message):
        services.step_update(step=step, by=designer, name="改名")
    with pytest.raises(ValidationError, match=message):
        services.step_add(version=draft, by=designer, key="x", name="x", role=step.role)
    with pytest.raises(ValidationError, match=message):
        services.step_remove(step=step, by=designer)
    with pytest.raises(ValidationError, match=message):
        services.transition_remove(transition=draft.transitions.first(), by=designer)
    with pytest.raises(ValidationError, match=message):
        services.version_publish(version=draft, by=designer)
    step.refresh_from_db()
    assert step.name == "审查"


def test_new_draft_copies_and_v2_leaves_v1_intact(designer, dept_b):
    definition, v1 = build_route(designer, dept_b)
    services.version_publish(version=v1, by=designer)
    before = selectors.version_spec(v1)
    step_ids = set(v1.steps.values_list("id", flat=True))

    v2 = services.version_draft_from_published(definition=definition, by=designer)
    assert v2.number == 2 and v2.status == VersionStatus.DRAFT
    spec2 = selectors.version_spec(v2)
    assert spec2.steps == before.steps and spec2.transitions == before.transitions
    with pytest.raises(ValidationError, match="已有草稿"):
        services.version_draft_from_published(definition=definition, by=designer)

    services.step_update(
        step=v2.steps.get(key="review"), by=designer, name="实质审查", time_limit_days=8
    )
    services.step_remove(step=v2.steps.get(key="joint"), by=designer)
    services.version_publish(version=v2, by=designer)

    v1.refresh_from_db()
    assert v1.status == VersionStatus.RETIRED
    assert selectors.version_spec(v1).steps == before.steps  # a running v1 case sees no change
    assert set(v1.steps.values_list("id", flat=True)) == step_ids
    assert next_step(v1, "review", {"amount": 500}) == "joint"
    assert next_step(v2, "review", {"amount": 500}) == "decide"
    assert selectors.version_for_new_case("license") == v2


def test_publish_refuses_invalid_graph_with_chinese_messages(designer, dept_b):
    definition = services.definition_create(code="bad", name="残缺流程", by=designer)
    draft = definition.versions.get()
    with pytest.raises(ValidationError) as info:
        services.version_publish(version=draft, by=designer)
    assert info.value.messages == ["流程至少需要一个步骤。"]
    a = services.step_add(
        version=draft, by=designer, key="a", name="甲", role=role(RoleCode.REVIEW_CLERK)
    )
    services.step_add(
        version=draft, by=designer, key="b", name="乙", role=role(RoleCode.REVIEW_CLERK)
    )
    services.transition_add(
        version=draft,
        source=a,
        target=None,
        by=designer,
        condition={"field": "x", "op": "eq", "value": 1},
    )
    with pytest.raises(ValidationError) as info:
        services.version_publish(version=draft, by=designer)
    assert "步骤“甲”没有默认去向（不满足任何条件时的下一步）。" in info.value.messages
    assert "步骤“乙”从开始步骤无法到达。" in info.value.messages
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_step_and_transition_rules(designer, dept_b):
    definition = services.definition_create(code="rules", name="规则", by=designer)
    draft = definition.versions.get()
    clerk = role(RoleCode.REVIEW_CLERK)
    a = services.step_add(version=draft, by=designer, key="a", name="甲", role=clerk)
    with pytest.raises(ValidationError, match="已有标识"):
        services.step_add(version=draft, by=designer, key="a", name="重复", role=clerk)
    with pytest.raises(ValidationError, match="指定单位"):
        services.step_add(
            version=draft, by=designer, key="f", name="固定", role=clerk, unit_scope="fixed_unit"
        )
    services.transition_add(version=draft, source=a, target=None, by=designer)
    with pytest.raises(ValidationError, match="已有默认去向"):
        services.transition_add(version=draft, source=a, target=None, by=designer)
    with pytest.raises(ValidationError, match="不支持的比较方式"):
        services.transition_add(
            version=draft,
            source=a,
            target=None,
            by=designer,
            condition={"field": "x", "op": "like", "value": 1},
        )
    # The database holds the line too: one default per step.
    with pytest.raises(IntegrityError), transaction.atomic():
        Transition.objects.create(version=draft, source=a, target=None, condition={})
    # Only one draft per definition, also in the database.
    with pytest.raises(IntegrityError), transaction.atomic():
        ProcessVersion.objects.create(definition=definition, number=9)


def test_reorder_changes_the_start_step(designer, dept_b):
    _definition, draft = build_route(designer, dept_b)
    services.step_reorder(version=draft, keys=["review", "accept", "joint", "decide"], by=designer)
    assert selectors.version_spec(draft).start.key == "review"
    services.step_move(
        step=StepDefinition.objects.get(version=draft, key="review"), offset=1, by=designer
    )
    assert selectors.version_spec(draft).start.key == "accept"
    with pytest.raises(ValidationError, match="全部步骤"):
        services.step_reorder(version=draft, keys=["review"], by=designer)


def test_services_require_the_design_permission(gov, dept_a):
    clerk = staff_with_role(RoleCode.REVIEW_CLERK, dept_a)
    with pytest.raises(PermissionDenied):
        services.definition_create(code="x", name="x", by=clerk)


@pytest.mark.django_db
def test_graph_of_a_finished_case_marks_the_way_out(designer, dept_b):
    from platform_core.routes.graph import render_svg

    _definition, draft = build_route(designer, fixed_unit=dept_b)
    spec = selectors.version_spec(draft)
    path = ["accept", "review", "decide"]
    running = render_svg(spec, visited=path)
    finished = render_svg(spec, visited=path, finished=True)
    walked = 'class="edge visited"'
    assert finished.count(walked) > running.count(walked)
