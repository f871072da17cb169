"""Single sign-on through OpenID Connect, one provider per organisation (or several), configured
in the admin (accounts/oidc_models.py) and driven by mozilla-django-oidc: its request view and
backend are given each provider's settings from the provider's discovery document instead of
from settings.py.

The flow: the login page's e-mail step finds the provider the address's domain routes to
(`provider_for_email`), `authorization_redirect` sends the browser there with state, nonce and
PKCE kept in the session, and `flow_finish` takes the code back, exchanges it, checks the
id_token's RS256 signature against the provider's JWKS, its issuer, audience, expiry and nonce,
and hands the claims to a resolver: `staff_resolve` here, the participant's e-identification in
jobbspar/portal/eid.py. A refusal is an exception with a message for the person and a reason for
the audit log.

Users are matched by a stored (provider, subject) link, else by a verified e-mail address in one
of the provider's domains. Nobody gets a membership the administrator did not give, except by a
group rule of that provider granting a role in one of that provider's organisations."""

import hashlib
import logging
from urllib.parse import urlsplit

import jwt
import requests
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from . import audit
from .audit import Security
from .models import ExternalIdentity, IdentityProvider, Membership, email_key

log = logging.getLogger("jobbspar.security")

DISCOVERY_SECONDS = 3600
TIMEOUT_SECONDS = 10
SIGNING_ALGORITHMS = ["RS256"]
# The provider whose flow is under way in this session, between the redirect and the callback.
FLOW_PROVIDER = "oidc_provider_id"
# Set when a user logged in through an identity provider (its id): the provider did the strong
# authentication, so the local second factor is not asked for (the TOTP check reads `via_sso`).
SSO_SESSION_KEY = "sso_provider_id"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
NEXT_KEY = "oidc_login_next"  # where mozilla-django-oidc keeps the page to come back to


class Refused(Exception):
    """A login through a provider that is not let in: `message` for the person, `reason` for the log."""

    def __init__(self, reason: str, message: str, provider=None, **detail):
        super().__init__(reason)
        self.reason, self.message, self.provider, self.detail = reason, message, provider, detail


def via_sso(request) -> bool:
    """Did this session's user log in through an identity provider?"""
    return bool(request.session.get(SSO_SESSION_KEY))


def _issuer(value: str) -> str:
    return (value or "").rstrip("/")


def discovery(provider) -> dict:
    """The provider's /.well-known/openid-configuration, kept an hour; its issuer must be the one
    configured (else tokens of another issuer could pass as this one's)."""
    key = "oidc:discovery:" + hashlib.sha256(provider.issuer.encode()).hexdigest()
    document = cache.get(key)
    if document is None:
        response = requests.get(_issuer(provider.issuer) + "/.well-known/openid-configuration",
                                timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        document = response.json()
        if _issuer(document.get("issuer")) != _issuer(provider.issuer):
            raise SuspiciousOperation("The discovery document names another issuer.")
        cache.set(key, document, DISCOVERY_SECONDS)
    return document


def provider_origins() -> list[str]:
    """Where the login form may send a browser (CSP form-action): each provider's issuer and, when
    its discovery is already known, its authorization endpoint. Nothing is fetched here."""
    origins = set()
    for provider in IdentityProvider.objects.filter(enabled=True, kind=IdentityProvider.Kind.ORGANISATION):
        for url in (provider.issuer, (cache.get("oidc:discovery:" + hashlib.sha256(
                provider.issuer.encode()).hexdigest()) or {}).get("authorization_endpoint", "")):
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") and parts.netloc:
                origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


def routing_exists() -> bool:
    return IdentityProvider.objects.filter(enabled=True, kind=IdentityProvider.Kind.ORGANISATION).exists()


def provider_for_email(email: str):
    """The enabled staff provider the address's domain routes to, or None (then: a password)."""
    domain = email_key(email).rpartition("@")[2]
    if not domain:
        return None
    for provider in IdentityProvider.objects.filter(enabled=True, kind=IdentityProvider.Kind.ORGANISATION):
        if domain in provider.domains:
            return provider
    return None


def password_login_refused(user) -> bool:
    """A user of an organisation that switched password login off logs in through its provider only."""
    return user.memberships.filter(organisation__password_login=False).exists()


class _ProviderSettings:
    """mozilla-django-oidc reads settings through `get_settings`; these answer from the provider."""

    def provider_settings(self) -> dict:
        return {
            "OIDC_AUTHENTICATION_CALLBACK_URL": self.callback,
            "OIDC_RP_SCOPES": self.provider.scopes,
            "OIDC_USE_NONCE": True,
            "OIDC_USE_PKCE": True,
            "OIDC_TIMEOUT": TIMEOUT_SECONDS,
            "OIDC_ALLOW_UNSECURED_JWT": False,
            "OIDC_STORE_ACCESS_TOKEN": False,
            "OIDC_STORE_ID_TOKEN": False,
            "OIDC_CREATE_USER": False,
            "OIDC_REDIRECT_FIELD_NAME": "next",
        }

    def get_settings(self, attr, *args):
        ours = self.provider_settings()
        return ours[attr] if attr in ours else import_from_settings(attr, *args)


class _RequestView(_ProviderSettings, OIDCAuthenticationRequestView):
    def __init__(self, provider, callback, login_hint=""):
        View.__init__(self)
        self.provider, self.callback, self.login_hint = provider, callback, login_hint
        self.OIDC_OP_AUTH_ENDPOINT = discovery(provider)["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = provider.client_id

    def get_extra_params(self, request):
        return {"login_hint": self.login_hint} if self.login_hint else {}


def authorization_redirect(request, provider, callback: str, login_hint: str = ""):
    """Send the browser to the provider's login, remembering in the session which provider it is."""
    response = _RequestView(provider, callback, login_hint).get(request)
    request.session[FLOW_PROVIDER] = provider.pk
    return response


class ProviderClient(_ProviderSettings, OIDCAuthenticationBackend):
    """The library's code exchange, JWKS look-up and userinfo call, for one provider; the claims go
    to `resolve(provider=, claims=)`, which returns the user or raises Refused."""

    def __init__(self, provider, callback, resolve):
        self.provider, self.callback, self.resolve = provider, callback, resolve
        self.UserModel = get_user_model()
        document = discovery(provider)
        self.issuer = document["issuer"]
        self.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = document.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.secret()
        self.OIDC_RP_SIGN_ALGO = "RS256"
        self.OIDC_RP_IDP_SIGN_KEY = None

    def _verify_jws(self, payload, key):
        # The library leaves audience and issuer unchecked: a token meant for another client, or
        # issued by another provider with the same key, is refused here.
        try:
            return jwt.decode(payload, key, algorithms=SIGNING_ALGORITHMS, audience=self.OIDC_RP_CLIENT_ID,
                              issuer=self.issuer, options={"require": ["exp", "iat", "iss", "aud", "sub"]})
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"id_token refused: {error}") from error

    def get_or_create_user(self, access_token, id_token, payload):
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("The userinfo answer is about another subject.")
            claims.update(userinfo)
        return self.resolve(provider=self.provider, claims=claims)


def flow_finish(request, *, kind: str, callback: str, resolve):
    """The callback: the state must be this session's, the provider the one the flow began with;
    returns (user, provider) or raises Refused."""
    pk = request.session.pop(FLOW_PROVIDER, None)
    provider = IdentityProvider.objects.filter(pk=pk, kind=kind, enabled=True).first() if pk else None
    if provider is None:
        raise Refused("no_flow", _("The login took too long or was started elsewhere. Please try again."))
    states = request.session.get("oidc_states", {})
    entry = states.pop(request.GET.get("state", ""), None)
    request.session.modified = True
    if request.GET.get("error"):
        raise Refused("provider_error", _("The login was cancelled or did not succeed. Please try again."),
                      provider, error=request.GET["error"][:100])
    if entry is None or not request.GET.get("code"):
        raise Refused("state", _("The login took too long or was started elsewhere. Please try again."), provider)
    client = ProviderClient(provider, callback, resolve)
    try:
        user = client.authenticate(request, nonce=entry["nonce"], code_verifier=entry.get("code_verifier"))
    except (SuspiciousOperation, requests.RequestException, jwt.PyJWTError, KeyError, ValueError) as error:
        log.warning("sso token refused provider=%s error=%s", provider.pk, error)
        raise Refused("token", _("The login could not be verified. Please try again."), provider) from error
    if user is None:
        raise Refused("token", _("The login could not be verified. Please try again."), provider)
    return user, provider


def _ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def refusal_record(request, refusal: Refused) -> None:
    audit.record(None, Security.SSO_REFUSED, refusal.provider,
                 {"reason": refusal.reason, "ip": _ip(request), **refusal.detail})
    log.warning("sso refused reason=%s provider=%s", refusal.reason, getattr(refusal.provider, "pk", None))


def sso_session_mark(request, *, user, provider, obj=None) -> None:
    """After login(): the session remembers the provider, the log says who came in through which."""
    request.session[SSO_SESSION_KEY] = provider.pk
    audit.record(user, Security.SSO_LOGIN, obj if obj is not None else user,
                 {"provider": provider.name, "provider_id": provider.pk, "ip": _ip(request)})


def _groups(provider, claims) -> set[str]:
    value = claims.get(provider.groups_claim) or []
    return {value} if isinstance(value, str) else {str(group) for group in value}


def _verified(claims) -> bool:
    return claims.get("email_verified") in (True, "true")


def _matched_user(provider, claims):
    """The user a provider's claims name: by the stored subject, else by a verified address in one
    of the provider's domains (an address of another organisation's domain is not this one's to vouch for)."""
    link = ExternalIdentity.objects.select_related("user").filter(provider=provider, subject=claims["sub"]).first()
    if link is not None:
        return link.user, email_key(claims.get("email")) or link.user.email
    email = email_key(claims.get("email"))
    if not email:
        raise Refused("no_email", _("Your organisation's login did not give your e-mail address. "
                                    "Contact your administrator."), provider)
    if not _verified(claims):
        raise Refused("email_unverified", _("Your organisation's login has not verified your e-mail address, "
                                            "so it cannot be used here. Contact your administrator."),
                      provider, email=email[:200])
    if email.rpartition("@")[2] not in provider.domains:
        raise Refused("foreign_domain", _("Your e-mail address does not belong to this organisation's login."),
                      provider, email=email[:200])
    return get_user_model().objects.filter(email=email).first(), email


@transaction.atomic
def staff_resolve(*, provider, claims):
    """The staff user a provider's claims name, with the memberships its group rules grant. An
    unknown person gets an account only when a rule grants them a role; otherwise they are refused."""
    if not claims.get("sub"):
        raise Refused("no_subject", _("The login could not be verified. Please try again."), provider)
    user, email = _matched_user(provider, claims)
    groups = _groups(provider, claims)
    own_rules = provider.rules.filter(organisation__in=provider.organisations.all()).select_related("organisation")
    rules = [rule for rule in own_rules if rule.group in groups]
    if user is None:
        if not rules:
            raise Refused("unknown_user", _("There is no Jobbspår account for %(email)s. Ask your administrator "
                                            "for one.") % {"email": email}, provider, email=email[:200])
        user = user_create_from_claims(provider=provider, email=email, claims=claims)
    if not user.is_active or user.is_participant:
        raise Refused("inactive", _("This account is inactive. Contact your administrator."), provider,
                      user=user.pk)
    if user.is_staff or user.is_superuser:
        # An organisation's provider never vouches for an account of the admin site (the operator's own).
        raise Refused("admin_account", _("An account that may use the admin site logs in with its password and "
                                         "second factor."), provider, user=user.pk)
    identity_link(provider=provider, user=user, subject=claims["sub"])
    memberships_grant_by_rules(provider=provider, user=user, rules=rules)
    return user


def user_create_from_claims(*, provider, email, claims):
    name = str(claims.get("name") or " ".join(filter(None, [claims.get("given_name"), claims.get("family_name")])))
    user = get_user_model().objects.create_user(email, None, full_name=name[:200] or email)
    audit.record(user, Security.SSO_ACCOUNT_CREATED, user, {"provider": provider.name, "provider_id": provider.pk})
    return user


def identity_link(*, provider, user, subject) -> None:
    ExternalIdentity.objects.update_or_create(provider=provider, subject=subject,
                                              defaults={"user": user, "last_login_at": timezone.now()})


def memberships_grant_by_rules(*, provider, user, rules) -> list:
    """The roles the rules grant and the user does not hold yet; each one audited."""
    granted = []
    for rule in rules:
        membership, created = Membership.objects.get_or_create(user=user, role=rule.role,
                                                               organisation=rule.organisation, steering_group=None)
        if created:
            granted.append(membership)
            audit.record(user, Security.SSO_MEMBERSHIP, membership,
                         {"provider": provider.name, "provider_id": provider.pk, "group": rule.group[:200]})
    return granted
