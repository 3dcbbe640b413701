"""A sample licensing route used by the route tests (built through the services)."""

from platform_core.constants import RoleCode
from platform_core.services import routes as services
from tests.factories import role


def build_route(by, fixed_unit, code="license"):
    """受理 → 审查 →（金额 > 100）会签 → 决定 → 结束；决定可退回审查。"""
    definition = services.definition_create(
        code=code, name="建设许可审批", description="示例固定流程", by=by
    )
    draft = definition.versions.get()
    add = services.step_add
    accept = add(
        version=draft, by=by, key="accept", name="窗口受理", role=role(RoleCode.WINDOW_CLERK)
    )
    review = add(
        version=draft,
        by=by,
        key="review",
        name="审查",
        role=role(RoleCode.REVIEW_CLERK),
        time_limit_days=5,
        form_code="license_review",
    )
    joint = add(
        version=draft,
        by=by,
        key="joint",
        name="部门会签",
        role=role(RoleCode.SECTION_HEAD),
        unit_scope="fixed_unit",
        unit=fixed_unit,
        time_limit_days=3,
        countersign="all",
    )
    decide = add(
        version=draft,
        by=by,
        key="decide",
        name="领导决定",
        role=role(RoleCode.LEADER),
        unit_scope="parent_unit",
        time_limit_days=2,
        countersign="any",
    )
    link = services.transition_add
    link(version=draft, source=accept, target=review, by=by)
    link(
        version=draft,
        source=review,
        target=joint,
        by=by,
        condition={"field": "amount", "op": "gt", "value": 100},
        priority=10,
        label="金额较大",
    )
    link(version=draft, source=review, target=decide, by=by)
    link(version=draft, source=joint, target=decide, by=by)
    link(version=draft, source=decide, target=None, by=by)
    link(
        version=draft,
        source=decide,
        target=review,
        by=by,
        condition={"field": "result", "op": "eq", "value": "退回"},
        priority=10,
    )
    return definition, draft
