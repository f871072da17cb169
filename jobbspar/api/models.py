"""API clients: a token per client, stored as its SHA-256 hash (the token itself is shown once,
when the administrator registers the client). Imported by `jobbspar.models`, so the model is the
jobbspar app's."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role


class Scope(models.TextChoices):
    TRACKS_READ = "tracks:read", _("Read tracks, their interventions and recruitment activities")
    KPIS_READ = "kpis:read", _("Read key figures per agreement and municipality")
    PARTICIPANTS_READ = "participants:read", _("Read participants and their candidacies")
    NOMINATIONS_WRITE = "nominations:write", _("Nominate participants to recruiting tracks")


# The roles a client may act as, and the scopes each may be given: people's data and nominations
# only for the officers who work with them, as on the pages (accounts.personal_data).
CLIENT_ROLES = {
    Role.MUNICIPALITY_OFFICER: set(Scope.values),
    Role.AF_OFFICER: set(Scope.values),
    Role.EMPLOYER_REPRESENTATIVE: {Scope.TRACKS_READ},
}


class ApiClient(models.Model):
    """A system of an organisation that calls the API, acting as `user`: a service user that holds
    one membership (the client's organisation and role) and can never log in (inactive, no
    password), so it is never sent mail, given tasks or offered as anyone's colleague."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="api_clients",
                                     verbose_name=_("organisation"))
    role = models.CharField(_("acts as role"), max_length=30,
                            choices=[(role.value, role.label) for role in CLIENT_ROLES])
    scopes = models.JSONField(_("scopes"), default=list)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client",
                                editable=False, verbose_name=_("service user"))
    token_prefix = models.CharField(_("token prefix"), max_length=20, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name=_("registered by"))

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["organisation__name", "name"]

    def __str__(self):
        return f"{self.name} ({self.token_prefix})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
