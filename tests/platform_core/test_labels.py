"""Every model and field of the project's apps has a Chinese name: the change history, the admin
and the audit pages show them (an unnamed field once showed as "index serial")."""

import re

from django.apps import apps

OURS = {"platform_core", "portal", "disclosure", "oa", "interaction", "approval"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_field_we_define_has_a_chinese_verbose_name():
    missing = []
    for model in apps.get_models():
        if model._meta.app_label not in OURS or model.__name__.startswith("Historical"):
            continue
        if not CJK.search(str(model._meta.verbose_name)):
            missing.append(f"{model._meta.label} (the model)")
        for field in model._meta.get_fields():
            if not getattr(field, "concrete", False) or field.auto_created:
                continue
            if field.model._meta.app_label not in OURS:  # viewflow's Process columns
                continue
            if not CJK.search(str(field.verbose_name)):
                missing.append(f"{model._meta.label}.{field.name}")
    assert missing == []
