"""Accounts: one user table for staff and citizens, kept apart by `kind`."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..constants import PersonType, SmsPurpose, UserKind
from ..validators import validate_mobile, validate_resident_id, validate_uscc


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, username, password=None, **extra):
        if not username:
            raise ValueError("username is required")
        user = self.model(username=username, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, username, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, kind=UserKind.STAFF)
        return self.create_user(username, password, **extra)

    def staff(self):
        return self.filter(kind=UserKind.STAFF)

    def citizens(self):
        return self.filter(kind=UserKind.CITIZEN)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: a civil servant (staff) or a member of the public (citizen).

    Citizens log in with an SMS code and never hold a usable password, `is_staff` or
    `is_superuser`; a database constraint guarantees it, so no code path can open the back office
    or Django admin to a citizen account.
    """

    username = models.CharField(_("用户名"), max_length=64, unique=True)
    name = models.CharField(_("姓名"), max_length=64)
    kind = models.CharField(_("用户类型"), max_length=16, choices=UserKind.choices)
    mobile = models.CharField(
        _("手机号码"), max_length=11, blank=True, validators=[validate_mobile]
    )
    email = models.EmailField(_("电子邮箱"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    is_staff = models.BooleanField(
        _("可进入系统管理后台"),
        default=False,
        help_text=_("仅系统管理员需要进入 Django 管理后台。"),
    )
    date_joined = models.DateTimeField(_("创建时间"), default=timezone.now)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                name="citizen_never_staff",
                condition=Q(kind="staff") | Q(is_staff=False, is_superuser=False),
            ),
            models.UniqueConstraint(
                fields=["kind", "mobile"],
                condition=~Q(mobile=""),
                name="unique_mobile_per_kind",
            ),
        ]
        permissions = [("manage_people", _("可维护人员"))]

    def __str__(self) -> str:
        return f"{self.name}（{self.username}）" if self.name else self.username

    @property
    def is_citizen(self) -> bool:
        return self.kind == UserKind.CITIZEN

    @property
    def is_office_user(self) -> bool:
        """May use the back office (any active staff account)."""
        return self.is_active and self.kind == UserKind.STAFF

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name


class PasswordHistory(models.Model):
    """Hashes of a staff member's recent passwords, so that the last five are not reused."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="password_history", verbose_name=_("用户")
    )
    password = models.CharField(max_length=128, verbose_name=_("密码哈希"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("设置时间"))

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = verbose_name
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d}"


class CitizenProfile(models.Model):
    """The real-name identity behind a citizen account: a natural or a legal person."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="citizen_profile", verbose_name=_("用户")
    )
    person_type = models.CharField(_("主体类型"), max_length=16, choices=PersonType.choices)
    name = models.CharField(_("姓名/单位名称"), max_length=128)
    id_number = models.CharField(
        _("居民身份证号"), max_length=18, blank=True, validators=[validate_resident_id]
    )
    uscc = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc]
    )
    legal_representative = models.CharField(_("法定代表人"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("注册时间"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("公众用户身份")
        verbose_name_plural = _("公众用户身份")
        constraints = [
            models.CheckConstraint(
                name="natural_person_has_id_number",
                condition=~Q(person_type="natural") | ~Q(id_number=""),
            ),
            models.CheckConstraint(
                name="legal_person_has_uscc",
                condition=~Q(person_type="legal") | ~Q(uscc=""),
            ),
            models.UniqueConstraint(
                fields=["id_number"],
                condition=Q(person_type="natural"),
                name="unique_natural_person_id",
            ),
            models.UniqueConstraint(
                fields=["uscc"], condition=Q(person_type="legal"), name="unique_legal_person_uscc"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SmsCode(models.Model):
    """A one-time code sent by SMS. Only its keyed hash is stored."""

    mobile = models.CharField(max_length=11, db_index=True, verbose_name=_("手机号码"))
    purpose = models.CharField(
        max_length=16, choices=SmsPurpose.choices, default=SmsPurpose.LOGIN, verbose_name=_("用途")
    )
    code_hash = models.CharField(max_length=64, verbose_name=_("验证码哈希"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("发送时间"))
    expires_at = models.DateTimeField(
        verbose_name=_("失效时间"),
    )
    used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("使用时间"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("尝试次数"))
    ip_address = models.GenericIPAddressField(null=True, blank=True, verbose_name=_("IP地址"))

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["mobile", "purpose", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.mobile} @ {self.created_at:%Y-%m-%d %H:%M}"
