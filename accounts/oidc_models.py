"""Single sign-on: the OpenID Connect providers the administrator configures, the rules that turn a
provider's group claims into memberships, and the link from a provider's subject to a user.

No secret needs to sit in the database: a provider names the environment variable that holds its
client secret (`client_secret_env`); a secret typed into the admin is used only when none is named."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def split_domains(text: str) -> list[str]:
    """`kommun.se, Stad.se` → ["kommun.se", "stad.se"]: how e-mail domains are written in the admin."""
    return [part.strip().lower().lstrip("@") for part in (text or "").replace(",", " ").split() if part.strip()]


class IdentityProvider(models.Model):
    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("An organisation's own login (staff)")
        E_IDENTIFICATION = "e_identification", _("E-identification (BankID, Freja) for participants")

    name = models.CharField(_("name"), max_length=100, help_text=_("Shown on the login button."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ORGANISATION)
    organisations = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="identity_providers", verbose_name=_("organisations"),
        help_text=_("Whose staff log in here; group rules may grant roles in these organisations only."),
    )
    issuer = models.URLField(_("issuer"), help_text=_("The provider's address; its settings are read from "
                                                      "/.well-known/openid-configuration under it."))
    client_id = models.CharField(_("client id"), max_length=200)
    client_secret_env = models.CharField(
        _("environment variable with the client secret"), max_length=100, blank=True,
        help_text=_("The name of an environment variable of the web servers, e.g. OIDC_SECRET_MALMO."),
    )
    client_secret = models.CharField(
        _("client secret"), max_length=500, blank=True,
        help_text=_("Only if no environment variable is named: then the secret is kept in the database."),
    )
    scopes = models.CharField(_("scopes"), max_length=300, default="openid email profile")
    email_domains = models.TextField(
        _("e-mail domains"), blank=True,
        help_text=_("Users whose address ends in one of these (separated by spaces or commas) are sent here."),
    )
    groups_claim = models.CharField(_("claim with the user's groups"), max_length=100, default="groups")
    enabled = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def domains(self) -> list[str]:
        return split_domains(self.email_domains)

    def secret(self) -> str:
        if self.client_secret_env:
            return os.environ.get(self.client_secret_env, "")
        return self.client_secret

    def clean(self):
        if self.client_secret_env and self.client_secret:
            raise ValidationError({"client_secret": _("Name an environment variable or keep a secret, not both.")})
        if self.kind == self.Kind.E_IDENTIFICATION and self.email_domains:
            raise ValidationError({"email_domains": _("Participants are not routed by e-mail address.")})
        taken = {}
        for other in IdentityProvider.objects.filter(enabled=True).exclude(pk=self.pk):
            taken.update(dict.fromkeys(other.domains, other.name))
        clashes = [domain for domain in self.domains if domain in taken]
        if self.enabled and clashes:
            raise ValidationError({"email_domains": _("%(domain)s already routes to %(provider)s.") % {
                "domain": clashes[0], "provider": taken[clashes[0]]}})


def organisation_roles():
    """The roles held in an organisation (a group rule never grants an operator's or a steering group's)."""
    from .models import ROLE_ORGANISATION_KINDS, Role  # noqa: PLC0415 -- models imports this module

    return [(role.value, role.label) for role in Role if role in ROLE_ORGANISATION_KINDS]


class GroupRoleRule(models.Model):
    """A user whose groups claim holds `group` gets `role` in `organisation` when they log in."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="rules",
                                 verbose_name=_("identity provider"))
    group = models.CharField(_("group in the claim"), max_length=200)
    role = models.CharField(_("role"), max_length=30, choices=organisation_roles)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organisation"))

    class Meta:
        verbose_name = _("group rule")
        verbose_name_plural = _("group rules")
        constraints = [models.UniqueConstraint(fields=["provider", "group", "role", "organisation"],
                                               name="unique_group_role_rule")]

    def __str__(self):
        return f"{self.group} → {self.role}, {self.organisation}"

    def clean(self):
        from .models import ROLE_ORGANISATION_KINDS

        kinds = ROLE_ORGANISATION_KINDS.get(self.role)
        if kinds is None:
            raise ValidationError({"role": _("A group rule may grant a role held in an organisation only.")})
        if self.organisation_id and self.organisation.kind not in kinds:
            raise ValidationError({"organisation": _("This role cannot be held in this kind of organisation.")})
        if self.provider_id and self.organisation_id and not self.provider.organisations.filter(
                pk=self.organisation_id).exists():
            raise ValidationError({"organisation": _("Choose one of the provider's own organisations.")})


class ExternalIdentity(models.Model):
    """The provider's subject (`sub`) for a user, kept at the first login: later logins match it."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="identities")
    subject = models.CharField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities")
    created_at = models.DateTimeField(default=timezone.now)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [models.UniqueConstraint(fields=["provider", "subject"], name="unique_external_subject")]

    def __str__(self):
        return f"{self.provider}: {self.subject}"
