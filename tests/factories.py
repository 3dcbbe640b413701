"""factory_boy factories shared by every app's tests. Fixed seed: runs are repeatable."""

import datetime

import factory
import factory.random
from django.utils import timezone

from platform_core.constants import PersonType, RoleCode, UnitKind, UserKind
from platform_core.models import CitizenProfile, OrgUnit, Post, Role, User
from platform_core.validators import resident_id_check_char, uscc_check_char

factory.random.reseed_random(20261125)

DEFAULT_PASSWORD = "Test@2026pass"


def make_resident_id(n: int, birth: datetime.date = datetime.date(1985, 6, 15)) -> str:
    first17 = f"430100{birth:%Y%m%d}{n % 1000:03d}"
    return first17 + resident_id_check_char(first17)


def make_uscc(n: int) -> str:
    first17 = f"91430100MA{n:07d}"[:17]
    return first17 + uscc_check_char(first17)


def root_unit() -> OrgUnit:
    root = OrgUnit.objects.get_root_nodes().filter(code="gov").first()
    if root is None:
        root = OrgUnit.objects.add_root(
            {"name": "蓝山县人民政府", "code": "gov", "kind": UnitKind.GOVERNMENT}
        )
    return root


class OrgUnitFactory(factory.django.DjangoModelFactory):
    """Creates a unit under `parent` (default: a department under the government root)."""

    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"测试局{n}")
    code = factory.Sequence(lambda n: f"unit{n}")
    kind = UnitKind.DEPARTMENT

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        parent = parent or root_unit()
        return OrgUnit.objects.add_child(parent, kwargs)


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    name = factory.Sequence(lambda n: f"工作人员{n}")
    kind = UserKind.STAFF
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    password_changed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            self.save()
            # set_password + save records the history row; keep the "changed" time fresh.


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"c_138{n:08d}")
    name = factory.Sequence(lambda n: f"市民{n}")
    kind = UserKind.CITIZEN
    mobile = factory.Sequence(lambda n: f"138{n:08d}")
    profile = factory.RelatedFactory(
        "tests.factories.CitizenProfileFactory", factory_related_name="user"
    )


class CitizenProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CitizenProfile

    person_type = PersonType.NATURAL
    name = factory.SelfAttribute("user.name")
    id_number = factory.Sequence(make_resident_id)


def role(code: RoleCode) -> Role:
    return Role.objects.get(code=code)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    user = factory.SubFactory(StaffFactory)
    unit = factory.SubFactory(OrgUnitFactory)
    role = factory.LazyFunction(lambda: role(RoleCode.REVIEW_CLERK))


def staff_with_role(code: RoleCode, unit: OrgUnit, **kwargs) -> User:
    user = StaffFactory(**kwargs)
    PostFactory(user=user, unit=unit, role=role(code))
    return user
