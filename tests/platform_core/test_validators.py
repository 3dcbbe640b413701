import pytest
from django.core.exceptions import ValidationError

from platform_core.validators import validate_mobile, validate_resident_id, validate_uscc

# Published sample numbers: the GB 11643 example and real USCCs of public bodies.
GOOD_IDS = ["11010519491231002X", "430124199003071232"]
BAD_IDS = ["110105194912310021", "11010519491231002", "1101051949123100XX", "110105194913310023"]
GOOD_USCC = ["91350100M000100Y43", "91110000802100433B", "91440300708461136T"]
BAD_USCC = ["91350100M000100Y44", "9135010OM000100Y43", "91350100M000100Y4"]


@pytest.mark.parametrize("value", GOOD_IDS)
def test_resident_id_accepts_valid(value):
    validate_resident_id(value)
    validate_resident_id(value.lower())  # people type a lower-case x


@pytest.mark.parametrize("value", BAD_IDS)
def test_resident_id_rejects_invalid(value):
    with pytest.raises(ValidationError):
        validate_resident_id(value)


@pytest.mark.parametrize("value", GOOD_USCC)
def test_uscc_accepts_valid(value):
    validate_uscc(value)


@pytest.mark.parametrize("value", BAD_USCC)
def test_uscc_rejects_invalid(value):
    with pytest.raises(ValidationError):
        validate_uscc(value)


@pytest.mark.parametrize(
    "value,ok",
    [
        ("13800138000", True),
        ("12800138000", False),
        ("1380013800", False),
        ("+8613800138000", False),
    ],
)
def test_mobile(value, ok):
    if ok:
        validate_mobile(value)
    else:
        with pytest.raises(ValidationError):
            validate_mobile(value)
