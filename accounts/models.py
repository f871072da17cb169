"""The kernel: users, organisations, memberships and roles, local agreements, audit events.

The kernel knows no domain app; employers, participants and tracks point at it.
"""

import unicodedata

import rules
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.se import orgnr


def email_key(value) -> str:
    """The one form of an e-mail address that is stored and compared, everywhere: Unicode NFKC
    (a long ſ becomes s, full-width letters plain ones) and case-folded in Python, so that Python,
    the database and the lockout counter agree on which account an address is. The database
    compares this stored form exactly: no case-insensitive lookup of its own (PostgreSQL's upper()
    folds a dotless ı into I, which Python's lower() does not)."""
    return unicodedata.normalize("NFKC", str(value or "")).strip().casefold()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=email_key(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(**{self.model.USERNAME_FIELD: email_key(username)})


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the admin site"), default=False)
    # A participant's own login (participants/account.py): opens the participant's pages only,
    # never a staff page (accounts/middleware.py), and never with a password.
    is_participant = models.BooleanField(_("participant"), default=False, editable=False)

    class EmailFrequency(models.TextChoices):
        DAILY = "daily", _("A daily digest at 07:00 on working days")
        IMMEDIATE = "immediate", _("At once, one e-mail per reminder")
        OFF = "off", _("No e-mail; I read them here")

    email_frequency = models.CharField(
        _("reminders by e-mail"), max_length=10, choices=EmailFrequency.choices, default=EmailFrequency.DAILY
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def has_perm(self, perm, obj=None):
        """A permission defined with django-rules is decided by its rule alone: being a superuser
        (for the admin site) must not open every track and person to the operator."""
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def clean(self):
        super().clean()
        self.email = email_key(self.email)


class County(models.Model):
    """One of Sweden's 21 counties (län), with its two-digit code."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """One of Sweden's 290 municipalities (kommuner), with its official four-digit code."""

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county"))

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self):
        return self.name


def validate_org_number(value):
    if not orgnr.is_valid(value):
        raise ValidationError(_("Enter a valid Swedish organisation number (NNNNNN-NNNN)."), code="invalid")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        AF_OFFICE = "af_office", _("Arbetsförmedlingen office")
        EMPLOYER = "employer", _("Employer")
        PROVIDER = "provider", _("Education provider")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"), max_length=11, blank=True, validators=[validate_org_number]
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("municipality"),
        help_text=_("For a municipality: which one. For others: where the organisation is."),
    )
    # Switched off when the organisation's staff must log in through its identity provider (accounts/oidc.py).
    password_login = models.BooleanField(
        _("staff may log in with a password"), default=True,
        help_text=_("Switch off when the organisation's own identity provider is the only way in."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(kind="municipality"),
                name="one_organisation_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["org_number"], condition=~Q(org_number=""), name="unique_org_number"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # One canonical form (NNNNNN-NNNN), so uniqueness and look-ups agree.
        if self.org_number and orgnr.is_valid(self.org_number):
            self.org_number = orgnr.format(self.org_number)


class LocalAgreement(models.Model):
    """A municipality and Arbetsförmedlingen agree how they run job tracks together (DUA)."""

    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreements_as_municipality",
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
        verbose_name=_("municipality"),
    )
    af_office = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreements_as_af_office",
        limit_choices_to={"kind": Organisation.Kind.AF_OFFICE},
        verbose_name=_("Arbetsförmedlingen office"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("local agreement")
        verbose_name_plural = _("local agreements")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SteeringGroup(models.Model):
    """The group that oversees the tracks under one local agreement."""

    agreement = models.OneToOneField(
        LocalAgreement, on_delete=models.CASCADE, related_name="steering_group", verbose_name=_("local agreement")
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("steering group")
        verbose_name_plural = _("steering groups")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    MUNICIPALITY_OFFICER = "municipality_officer", _("Municipality officer")
    AF_OFFICER = "af_officer", _("AF officer")
    EMPLOYER_REPRESENTATIVE = "employer_representative", _("Employer representative")
    STEERING_GROUP_MEMBER = "steering_group_member", _("Steering group member")
    PROVIDER = "provider", _("Education provider")
    ADMINISTRATOR = "administrator", _("Administrator")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")


# Roles of the operator's own staff, held in no organisation: the administrator, and the privacy
# officer who reviews the access log, handles subject-access requests and follows retention.
OPERATOR_ROLES = ["administrator", "privacy_officer"]

# Which kinds of organisation a role may be held in.
ROLE_ORGANISATION_KINDS = {
    Role.COORDINATOR: {Organisation.Kind.MUNICIPALITY, Organisation.Kind.AF_OFFICE},
    Role.MUNICIPALITY_OFFICER: {Organisation.Kind.MUNICIPALITY},
    Role.AF_OFFICER: {Organisation.Kind.AF_OFFICE},
    Role.EMPLOYER_REPRESENTATIVE: {Organisation.Kind.EMPLOYER},
    Role.PROVIDER: {Organisation.Kind.PROVIDER},
}


class Membership(models.Model):
    """A user holds a role in an organisation (or, for the steering group, in an agreement's group).

    An administrator or a privacy officer works for the operator and holds no organisation.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    steering_group = models.ForeignKey(
        SteeringGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("steering group"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organisation", "steering_group"],
                name="unique_membership",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=(
                    Q(role="steering_group_member", steering_group__isnull=False, organisation__isnull=True)
                    | Q(role__in=OPERATOR_ROLES, steering_group__isnull=True, organisation__isnull=True)
                    | (
                        ~Q(role__in=["steering_group_member", *OPERATOR_ROLES])
                        & Q(organisation__isnull=False, steering_group__isnull=True)
                    )
                ),
                name="membership_scope_fits_role",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}, {self.place}"

    @property
    def place(self):
        """Where the role is held, for the header: an organisation, a steering group or the operator."""
        if self.steering_group_id:
            return self.steering_group.name
        if self.organisation_id:
            return self.organisation.name
        return _("Jobbspår operator")

    def clean(self):
        kinds = ROLE_ORGANISATION_KINDS.get(self.role)
        if kinds and self.organisation_id and self.organisation.kind not in kinds:
            raise ValidationError(
                {"organisation": _("This role cannot be held in this kind of organisation.")}
            )


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only.")

    def delete(self):
        raise PermissionError("Audit events are append-only.")


class AuditEvent(models.Model):
    """Who read or changed what, and when. Append-only: written by `audit.record`, never edited."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("who")
    )
    action = models.CharField(_("action"), max_length=60, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("kind of object")
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")


class Notification(models.Model):
    """Something a user should know or do, with a link to it. `key` makes each reminder unique
    (rule, object, due date, recipient), so a retry or a second worker never sends it twice."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    rule = models.CharField(_("kind"), max_length=40)
    key = models.CharField(max_length=200, unique=True)
    message = models.CharField(_("message"), max_length=400)
    url = models.CharField(_("link"), max_length=300, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    # An iCalendar file (RFC 5545) sent with the e-mail, for an invitation to a meeting.
    calendar = models.TextField(_("calendar file"), blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.message


from .feeds import CalendarFeed  # noqa: E402,F401 (a model of this app, kept in its own module)
from .oidc_models import ExternalIdentity, GroupRoleRule, IdentityProvider  # noqa: E402,F401 (models of single sign-on)
