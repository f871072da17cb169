"""Registering and revoking API clients (the administrator's, in the admin site), and what a
request with a client's token does to it."""

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import Operation, record
from accounts.models import ROLE_ORGANISATION_KINDS, Membership, User

from .models import CLIENT_ROLES, ApiClient

TOKEN_START = "jsp_"
# The last-used time is written at most this often, not on every request.
TOUCH_EVERY = datetime.timedelta(minutes=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_client_check(*, organisation, role, scopes, expires_at) -> None:
    """What a client must be: a role a client may act as, held in this kind of organisation, with
    scopes that role may be given, and an expiry in the future."""
    if role not in CLIENT_ROLES:
        raise ValidationError({"role": _("An API client cannot act as this role.")})
    if organisation.kind not in ROLE_ORGANISATION_KINDS[role]:
        raise ValidationError({"role": _("This role cannot be held in this kind of organisation.")})
    if not scopes:
        raise ValidationError({"scopes": _("Choose at least one scope.")})
    if not set(scopes) <= CLIENT_ROLES[role]:
        raise ValidationError({"scopes": _("A client acting as this role cannot be given these scopes.")})
    if expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})


@transaction.atomic
def api_client_create(*, name, organisation, role, scopes, expires_at, actor) -> tuple[ApiClient, str]:
    """A new client and its token, which is returned here and never stored: only its hash is."""
    api_client_check(organisation=organisation, role=role, scopes=scopes, expires_at=expires_at)
    prefix = secrets.token_hex(4)
    token = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    user = User.objects.create_user(email=f"api-{prefix}@api.invalid", full_name=f"API: {name}"[:200],
                                    is_active=False)
    Membership.objects.create(user=user, role=role, organisation=organisation)
    client = ApiClient.objects.create(
        name=name, organisation=organisation, role=role, scopes=sorted(scopes), user=user,
        token_prefix=f"{TOKEN_START}{prefix}", token_hash=token_hash(token), expires_at=expires_at, created_by=actor)
    record(actor, Operation.API_CLIENT_CREATE, client,
           {"organisation": organisation.pk, "role": role, "scopes": client.scopes, "expires_at": expires_at.isoformat()})
    return client, token


def api_client_revoke(*, client, actor) -> ApiClient:
    """The token stops working at once; the client stays, for the audit log."""
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
        record(actor, Operation.API_CLIENT_REVOKE, client)
    return client


def api_client_touch(*, client) -> None:
    """Remember when the client last called, at most once a minute."""
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > TOUCH_EVERY:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
